"""Fixtures shared by the Django layers: articles written by us, in the shapes editors paste."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture
def messy_paste() -> str:
    return fixture_text("harbour-talks-paste.txt")


@pytest.fixture
def quiet_paste() -> str:
    return fixture_text("quiet-article.txt")


@pytest.fixture
def enriched_article(messy_paste, django_capture_on_commit_callbacks):
    """The messy paste saved as an article and enriched in this process (no worker)."""
    from newsroom.models import Article
    from tests.factories import enrich_now

    with django_capture_on_commit_callbacks(execute=False):
        article = Article.objects.create(headline="Harbour talks", text=messy_paste)
    enrich_now(article)
    return article


# Users with the permissions the admin and the API distinguish (the Django layers only: the
# factories import the models, which the pipeline's tests never load).

@pytest.fixture
def editor(django_user_model):
    from tests.factories import user_with

    return user_with(django_user_model, "editor", "view_article", "add_article", "change_article", "delete_article")


@pytest.fixture
def viewer(django_user_model):
    from tests.factories import user_with

    return user_with(django_user_model, "viewer", "view_article")


@pytest.fixture
def reader(django_user_model):
    from tests.factories import user_with

    return user_with(django_user_model, "reader")


@pytest.fixture
def editor_client(editor):
    from tests.factories import client_for

    return client_for(editor)


# CI runs property tests with a fixed seed so a green build stays green; locally they explore.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
