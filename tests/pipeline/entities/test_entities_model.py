"""The trained model on invented pastes: what is not article prose never becomes an entity."""
from __future__ import annotations

import pytest

from enrichment.pipeline.enrich import enrich

pytestmark = pytest.mark.model

PROSE = ("The council said on Tuesday that the ferry would run twice a day until the end of the summer, "
         "after a month of complaints from island families.")


def entities(nlp, text):
    return {e.name: e.type for e in enrich(text, nlp=nlp).entities}


def test_a_shouted_dateline_is_a_place_not_an_organisation(nlp):
    found = entities(nlp, "HARRISBURG - " + PROSE + "\n\n" + PROSE.replace("council", "port authority"))
    assert found.get("HARRISBURG", "GPE") == "GPE" and found.get("Harrisburg", "GPE") == "GPE"


LABELS = ("• Shadow", "Escape your echo chamber", "Good News Newsletter", "National news")


def test_labels_bullets_and_newsletters_are_not_entities(nlp):
    assert any(nlp(label).ents for label in LABELS)  # NER alone tags some of them
    person = "Harbour master Anna Okafor said the new timetable was fair to everyone, and Okafor thanked the crews."
    paste = "\n\n".join([PROSE, person, *LABELS[:2], PROSE.replace("council", "Port Ellis council"), *LABELS[2:], PROSE])
    found = entities(nlp, paste)
    assert found.get("Anna Okafor") == "PERSON"
    assert not {"Shadow", "Escape", "Good News Newsletter", "National news"} & set(found)


def test_a_broken_encoding_is_repaired_before_ner(nlp):
    paste = "\n\n".join([PROSE, "Fran\u00c3\u00a7oise Dubois, the mayor, welcomed the plan.\u00ac\u2020 AFP", PROSE])
    found = entities(nlp, paste)
    assert not [name for name in found if "\u00ac" in name or "\u00c3" in name]


def test_a_surname_and_a_first_name_join_the_full_name(nlp):
    paste = "\n\n".join([
        "Serena Okoye won the island regatta on Sunday, beating a field of forty boats in strong winds off the point.",
        "Okoye said the last leg was the hardest. \"I nearly turned back,\" Serena said after the race.",
    ])
    found = enrich(paste, nlp=nlp).entities
    okoye = [e for e in found if "Okoye" in e.name or e.name == "Serena"]
    assert len(okoye) == 1 and {"Okoye", "Serena"} <= set(okoye[0].aliases)
