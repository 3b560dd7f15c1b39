"""Our `newsroom_rules` component on a blank pipeline: rules compiled, cached, swapped in place."""
from __future__ import annotations

import pytest
import spacy

from enrichment.pipeline.entities.ruler import RULER_NAME, apply_rules, compile_patterns, fingerprint
from enrichment.pipeline.types import Rules

RULES = Rules(
    aliases={"Tsar Boris": "Boris Varnov", "Sergey Lavrov": "Sergei Lavrov"},
    types={"Harbor Union": "ORG", "Boris Varnov": "PERSON", "Sergei Lavrov": "PERSON"},
    not_entities=frozenset({"Read More"}),
)


@pytest.fixture(scope="session")
def blank():
    nlp = spacy.blank("en")
    apply_rules(nlp, RULES)
    return nlp


def ents(nlp, text):
    return [(e.text, e.label_, e.ent_id_) for e in nlp(text).ents]


def test_component_is_our_own_and_last_without_ner(blank):
    assert RULER_NAME in blank.pipe_names


def test_types_and_aliases_become_labelled_patterns_with_canonical_ids(blank):
    apply_rules(blank, RULES)
    assert ents(blank, "Tsar Boris met Harbor Union and Sergey Lavrov.") == [
        ("Tsar Boris", "PERSON", "Boris Varnov"), ("Harbor Union", "ORG", "Harbor Union"),
        ("Sergey Lavrov", "PERSON", "Sergei Lavrov"),
    ]


def test_rules_change_without_reloading(blank):
    apply_rules(blank, Rules(types={"Kessin": "GPE"}))
    assert ents(blank, "Harbor Union in Kessin") == [("Kessin", "GPE", "Kessin")]
    apply_rules(blank, RULES)
    assert ents(blank, "Harbor Union in Kessin") == [("Harbor Union", "ORG", "Harbor Union")]


def test_compiled_ruler_is_cached_per_fingerprint(blank):
    comp = blank.get_pipe(RULER_NAME)
    apply_rules(blank, RULES)
    first = comp._ruler
    apply_rules(blank, Rules())
    assert comp._ruler is None
    apply_rules(blank, Rules.from_dict(RULES.as_dict()))
    assert comp._ruler is first and comp.fingerprint == fingerprint(RULES)


def test_placed_before_ner():
    nlp = spacy.blank("en")
    nlp.add_pipe("ner")
    apply_rules(nlp, RULES)
    assert nlp.pipe_names == [RULER_NAME, "ner"]


def test_no_rules_no_component():
    nlp = spacy.blank("en")
    apply_rules(nlp, Rules())
    assert nlp.pipe_names == []


def test_untyped_alias_is_left_to_clustering():
    assert compile_patterns(Rules(aliases={"Tsar Boris": "Boris Varnov"})) == []
