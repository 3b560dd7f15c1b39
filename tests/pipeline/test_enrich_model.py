"""The real model on our own invented pastes: one entity per person, no credits, no double counts."""
from __future__ import annotations

from pathlib import Path

import pytest

from enrichment.pipeline import InputError, Rules
from enrichment.pipeline.enrich import enrich, enrich_many

pytestmark = pytest.mark.model

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="session")
def summit(nlp):
    return enrich((FIXTURES / "entities-harbour-summit.txt").read_text(), nlp=nlp)


@pytest.fixture(scope="session")
def strike(nlp):
    return enrich((FIXTURES / "entities-rail-strike.txt").read_text(), nlp=nlp)


def by_name(result):
    return {e.name: e for e in result.entities}


def test_only_the_components_ner_needs_run(nlp):
    assert nlp.pipe_names in (["ner"], ["tok2vec", "ner"], ["newsroom_rules", "ner"])


def test_one_entity_per_person_with_titles_and_transliterations_joined(summit):
    people = [e for e in summit.entities if e.type == "PERSON"]
    assert sorted(e.name for e in people) == ["Ingrid Halvorsen", "Tomas Brisco", "Yuriy Dobrenko"]
    dobrenko = by_name(summit)["Yuriy Dobrenko"]
    assert {"Dobrenko", "Yury Dobrenko"} <= set(dobrenko.aliases)
    assert dobrenko.in_body and dobrenko.in_captions


def test_no_double_counting_from_the_repeated_lede_and_caption(summit):
    dobrenko = by_name(summit)["Yuriy Dobrenko"]
    assert dobrenko.mentions == 4  # lede, two surname mentions, one caption; headline not counted
    assert len(dobrenko.offsets) == 3
    body = summit.clean.body_text
    assert all(body[s:e] in dobrenko.aliases for s, e in dobrenko.offsets)


def test_credit_buttons_and_photographers_are_never_entities(summit, strike):
    names = " ".join(a for r in (summit, strike) for e in r.entities for a in e.aliases)
    for noise in ("Lindqvist", "AP", "Read more", "Nyberg", "Moreau", "Share"):
        assert noise not in names.split() and noise not in names


def test_acronym_joins_full_name_and_twitter_is_an_org(summit):
    ents = by_name(summit)
    assert set(ents["United Nations"].aliases) == {"United Nations", "U.N."}
    assert ents["Twitter"].type == "ORG"


def test_honorifics_stripped_and_caption_only_flagged(strike):
    ents = by_name(strike)
    assert ents["Dmitriy Petrenko"].type == "PERSON"
    assert "Dmitri Petrenko" in ents["Dmitriy Petrenko"].aliases
    assert ents["Anna Okafor"].mentions == 2
    assert ents["Luis Ferrand"].type == "PERSON"
    caption_only = [e for e in strike.entities if e.in_captions and not e.in_body]
    assert caption_only and all(e.salience < ents["Dmitriy Petrenko"].salience for e in caption_only)


def test_sorted_by_salience(summit):
    assert [e.salience for e in summit.entities] == sorted((e.salience for e in summit.entities), reverse=True)
    assert summit.entities[0].name in {"Yuriy Dobrenko", "Ingrid Halvorsen"}


def test_enrich_many_keeps_order_and_survives_a_bad_text(nlp):
    texts = [("a", (FIXTURES / "entities-rail-strike.txt").read_text(), ""), ("bad", "   ", ""),
             ("b", "Anna Okafor met Luis Ferrand in Kessin.", "Okafor meets Ferrand")]
    out = list(enrich_many(texts, nlp=nlp))
    assert [k for k, _ in out] == ["a", "bad", "b"]
    assert isinstance(out[1][1], InputError)
    assert "Anna Okafor" in by_name(out[2][1])


def test_editors_rules_apply_without_reloading(nlp):
    text = "Anna Okafor met Luis Ferrand of Harbor Union in Kessin. Okafor left early."
    rules = Rules(aliases={"Luis Ferrand": "Luis A. Ferrand"}, not_entities=frozenset({"Kessin"}),
                  types={"Harbor Union": "ORG", "Luis A. Ferrand": "PERSON"})
    names = by_name(enrich(text, nlp=nlp, rules=rules))
    assert "Luis A. Ferrand" in names and "Kessin" not in names and names["Harbor Union"].type == "ORG"
    assert "Kessin" in by_name(enrich(text, nlp=nlp))
