"""Fixtures shared by the Django layers: articles written by us, in the shapes editors paste."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings
from enrichment.jobs.running import run_one
from enrichment.articles import article_hash

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

    with django_capture_on_commit_callbacks(execute=False):
        article = Article.objects.create(headline="Harbour talks", text=messy_paste)
    run_one(article.pk, article_hash(article))
    return article


# CI runs property tests with a fixed seed so a green build stays green; locally they explore.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
