"""Articles the API tests read: one published and enriched, one unpublished draft."""
from __future__ import annotations

import pytest

from tests.factories import make_article


@pytest.fixture
def enriched(messy_paste, django_capture_on_commit_callbacks):
    return make_article(text=messy_paste, enrich=True, capture=django_capture_on_commit_callbacks)


@pytest.fixture
def draft(quiet_paste, django_capture_on_commit_callbacks):
    return make_article(text=quiet_paste, headline="Library draft", published=False, enrich=True,
                        capture=django_capture_on_commit_callbacks)
