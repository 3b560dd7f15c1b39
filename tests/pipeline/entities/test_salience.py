"""Salience: 0..1, mentions, headline and lede, caption-only weighed down. No model."""
from __future__ import annotations

import pytest

from enrichment.pipeline.enrich import entities_from
from enrichment.pipeline.entities.mentions import BODY, CAPTION, HEADLINE, Mention
from enrichment.pipeline.entities.salience import Position, salience

POS = Position(body_chars=1000, total_mentions=10)


def m(source=BODY, block=1, start=500, text="Varnov"):
    return Mention(text, "PERSON", start, start + len(text), source, block)


@pytest.mark.parametrize("more, less", [
    ([m(), m(), m()], [m()]),
    ([m(source=HEADLINE), m()], [m()]),
    ([m(block=0, start=0)], [m(block=3, start=900)]),
    ([m()], [m(source=CAPTION)]),
])
def test_ordering(more, less):
    assert salience(more, position=POS) > salience(less, position=POS)


@pytest.mark.parametrize("mentions", [[m(source=HEADLINE), m(block=0, start=0)] + [m()] * 50, [m(source=CAPTION)]])
def test_bounded(mentions):
    assert 0.0 <= salience(mentions, position=POS) <= 1.0


def test_entities_are_sorted_by_salience_and_carry_body_offsets():
    found = [m(source=HEADLINE, start=0, text="Okafor"), m(block=0, start=0, text="Anna Okafor"),
             m(block=2, start=300, text="Kessin"), m(source=CAPTION, start=0, text="Lindqvist")]
    ents = entities_from(found, body_chars=1000)
    assert [e.name for e in ents] == ["Anna Okafor", "Kessin", "Lindqvist"]
    assert ents[0].offsets == [(0, 11)] and ents[0].mentions == 1
    assert ents[-1].in_body is False and ents[-1].in_captions is True
    assert [e.salience for e in ents] == sorted((e.salience for e in ents), reverse=True)
