"""Fixtures of the admin tests."""
from __future__ import annotations

import pytest


@pytest.fixture
def article(enriched_article):
    """The messy paste, saved and enriched: what most sidebar tests act on."""
    return enriched_article
