"""A paragraph longer than spaCy's max_length is read in windows: no E088, offsets intact."""
from __future__ import annotations

import pytest
import spacy

from enrichment.pipeline.enrich import enrich, windows
from enrichment.pipeline.types import Rules

RULES = Rules(types={"Harbor Union": "ORG"})
SENTENCES = [
    "The ferry left the northern quay before dawn with a full load of timber and grain.",
    "Workers of the Harbor Union said the new berths would need another survey of the seabed.",
    "A spokesman for the port authority declined to say when the dredging would begin.",
    "Fishermen complained that the night traffic had scared the shoals away from the bay.",
]


def one_line(n: int) -> str:
    return " ".join(SENTENCES[i % len(SENTENCES)] for i in range(n))


@pytest.mark.parametrize("limit", [200, 333, 1000])
def test_windows_cover_the_text_within_the_limit_cutting_after_sentences(limit):
    text = one_line(60)
    pieces = list(windows(text, limit))
    assert "".join(p for p, _ in pieces) == text
    assert all(len(p) <= limit and text[s:s + len(p)] == p for p, s in pieces)
    assert all(p.endswith(". ") for p, _ in pieces[:-1])  # never inside a sentence when one ends nearby
    assert all(p.endswith(" ") for p, _ in list(windows(text, 50))[:-1])  # shorter than a sentence: at a space
    assert list(windows("x" * 10, 4)) == [("xxxx", 0), ("xxxx", 4), ("xx", 8)]  # no space: a hard cut


def test_a_paragraph_over_max_length_is_enriched_with_every_mention_at_its_place():
    nlp = spacy.blank("en")
    nlp.max_length = 2_000  # stands for spaCy's 1,000,000 against MAX_CHARS' 2,000,000
    text = one_line(400)  # one line of about 34,000 characters: one paragraph
    assert len(text) > 10 * nlp.max_length
    result = enrich(text, nlp=nlp, rules=RULES)
    [union] = [e for e in result.entities if e.name == "Harbor Union"]
    body = result.clean.body_text
    assert union.mentions == text.count("Harbor Union") == 100
    assert all(body[s:e] == "Harbor Union" for s, e in union.offsets)
