"""Spans tidied and filtered before they become mentions. No model."""
from __future__ import annotations

import pytest

from enrichment.pipeline.entities.mentions import BODY, Mention, is_noise, split_possessors, tidy_span
from enrichment.pipeline.types import Rules


def tidy(text, label="ORG"):
    return [text[s:e] for s, e in tidy_span(text, 0, len(text), label)]


@pytest.mark.parametrize("text, label, expected", [
    ("• Marlowe", "PERSON", ["Marlowe"]),
    ("– Tarrow Group", "ORG", ["Tarrow Group"]),
    ("Will Okafor", "PERSON", ["Okafor"]),
    ("Can Dunmore", "ORG", ["Dunmore"]),
    ("Tarrow Records, Okafor", "ORG", ["Tarrow Records", "Okafor"]),
    ("Kestrel, Inc", "ORG", ["Kestrel, Inc"]),
    ("Society of Hearing, Sight and Speech", "ORG", ["Society of Hearing, Sight and Speech"]),
    ("Paris, France", "GPE", ["Paris, France"]),
    ("Marlow Index (MRX", "ORG", ["Marlow Index"]),
    ("Dunmore's Roadside Diner", "FAC", ["Dunmore's Roadside Diner"]),
    ("Okafor's `Harbour First", "PERSON", ["Okafor"]),
    ("The Tarrow Group", "ORG", ["Tarrow Group"]),
    ("Okafor's", "PERSON", ["Okafor"]),
    ("U.S.-Veldt", "GPE", ["U.S.", "Veldt"]),
    ("Harbour News)The", "ORG", ["Harbour News"]),
    ("Tarrow (TRX) Index", "ORG", ["Tarrow (TRX) Index"]),
])
def test_tidy_span(text, label, expected):
    assert tidy(text, label) == expected


def test_a_question_verb_is_kept_inside_a_sentence():
    text = "officials said Will Okafor"
    [(s, e)] = tidy_span(text, 15, len(text), "PERSON")
    assert text[s:e] == "Will Okafor"


def mention(text, label="PERSON", before="", after=""):
    return Mention(text, label, 0, len(text), BODY, 0, before, after)


@pytest.mark.parametrize("text, reason", [
    ("marijuana legalization", "lower_case"), ("devs", "lower_case"), ("de Vries", ""), ("al-Rashid", ""),
    ("Okafor", ""), ("3M", ""),
])
def test_lower_case_spans_are_not_names(text, reason):
    assert is_noise(mention(text), rules=Rules()) == reason


def test_a_possessor_named_alone_elsewhere_is_split_off():
    mentions = [mention("Tarrow"), mention("Tarrow’s Ithaca Records", "ORG"), mention("Dunmore's Roadside Diner", "FAC")]
    out = split_possessors(mentions)
    assert [(x.text, x.label) for x in out] == [
        ("Tarrow", "PERSON"), ("Tarrow", "ORG"), ("Ithaca Records", "ORG"), ("Dunmore's Roadside Diner", "FAC")]
    assert out[1].possessive == "’s" and out[2].start == len("Tarrow’s ")


@pytest.mark.parametrize("label, before, reason", [
    ("PERSON", "By ", "credit"),
    ("PERSON", "Stories by ", ""),
    ("ORG", "By ", ""),
])
def test_a_person_opening_a_paragraph_after_by_is_the_byline(label, before, reason):
    m = mention("Ana Ruiz", label, before=before, after=", transport editor of the Valley Courier.")
    assert is_noise(m, rules=Rules()) == reason
