"""What NER reads: repaired encodings, datelines in title case (offsets kept). No model."""
from __future__ import annotations

import pytest

from enrichment.pipeline.entities.normalize import recase_dateline, repair


@pytest.mark.parametrize("broken, fixed", [
    ("the jetty.\u00ac\u2020 AFP said", "the jetty.\u00a0 AFP said"),
    ("Fran\u00c3\u00a7oise Dubois", "Françoise Dubois"),
    ("\u00e2\u20ac\u0153Hold on,\u00e2\u20ac\u009d she said", "“Hold on,” she said"),
    ("“Curly” quotes — and dashes stay", "“Curly” quotes — and dashes stay"),
])
def test_repair(broken, fixed):
    assert repair(broken) == fixed


@pytest.mark.parametrize("paragraph, expected", [
    ("HARWICK - State officials said", "Harwick - State officials said"),
    ("PORT ELLIS (AP) — The ferry", "Port Ellis (AP) — The ferry"),
    ("DUNMORE, Pa. — A school", "Dunmore, Pa. — A school"),
    ("NATO said on Monday", "NATO said on Monday"),
    ("US officials - said", "US officials - said"),
    ("The council — led by HARWICK", "The council — led by HARWICK"),
])
def test_recase_dateline(paragraph, expected):
    out = recase_dateline(paragraph)
    assert out == expected and len(out) == len(paragraph)
