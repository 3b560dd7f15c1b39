"""Entities must be named in the article's prose, and not be common words. Pure: no model."""
from __future__ import annotations

from enrichment.pipeline.enrich import entities_from
from enrichment.pipeline.entities.mentions import BODY, CAPTION, Mention


def m(text, label="PERSON", block=0, source=BODY, before="", after=""):
    return Mention(text, label, 0, len(text), source, block, before, after)


def names(mentions, **kwargs):
    return sorted(e.name for e in entities_from(mentions, **kwargs))


def test_an_entity_named_only_outside_the_article_is_dropped():
    found = [m("Ana Ruiz", block=0), m("Tom Avery", block=5), m("Ruiz", block=5)]
    assert names(found, article=frozenset({0, 1})) == ["Ana Ruiz"]


def test_a_caption_supports_an_entity():
    found = [m("Ana Ruiz", block=0), m("Port Ellis", "GPE", block=0, source=CAPTION)]
    assert names(found, article=frozenset({0})) == ["Ana Ruiz", "Port Ellis"]


def test_without_article_blocks_everything_counts():
    assert names([m("Tom Avery", block=5)]) == ["Tom Avery"]


def test_a_common_noun_tagged_person_is_dropped():
    text = "Marijuana sales rose. Doctors said marijuana use rose too. Okafor agreed."
    found = [m("Marijuana", after=" sales rose"), m("Okafor", after=" agreed")]
    # "Okafor" is a lone word too, but never written in lower case
    assert names(found, text=text) == ["Okafor"]


def test_a_titled_name_is_no_common_noun():
    text = "Judge Grace ruled. The grace period ended."
    assert names([m("Grace", before="Judge ")], text=text) == ["Grace"]
