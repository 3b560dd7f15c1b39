"""Fixtures shared by the Django layers: articles written by us, in the shapes editors paste."""
from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture
def messy_paste() -> str:
    return fixture_text("harbour-talks-paste.txt")


@pytest.fixture
def quiet_paste() -> str:
    return fixture_text("quiet-article.txt")
