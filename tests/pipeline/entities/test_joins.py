"""How news names one thing several ways: invented mentions in, one entity per thing out. No model.

Each case is a short invented article as the mentions NER would give (text, label, context);
`groups` lists the entities expected, each as the set of its surface forms."""
from __future__ import annotations

import pytest

from enrichment.pipeline.entities.canonical import cluster
from enrichment.pipeline.entities.joins import acronym_letters, initials
from enrichment.pipeline.entities.mentions import BODY, Mention


def m(text, label="PERSON", before="", after="", possessive=""):
    return Mention(text, label, 0, len(text), BODY, 1, before, after, "", possessive)


def forms(mentions, text=""):
    return sorted(sorted({x.text for x in c.mentions}) for c in cluster(mentions, text=text))


CASES = [
    pytest.param([m("Serena Okoye"), m("Serena", "GPE"), m("Okoye")], [["Okoye", "Serena", "Serena Okoye"]],
                 id="a first name and a surname join the one full name"),
    pytest.param([m("Lena Okoye"), m("Serena Okoye"), m("Okoye", before="said Ms. ")],
                 [["Lena Okoye"], ["Okoye"], ["Serena Okoye"]],
                 id="a surname two people share stays apart"),
    pytest.param([m("Lena Okoye"), m("Serena Okoye"), m("Serena"), m("Lena")],
                 [["Lena", "Lena Okoye"], ["Serena", "Serena Okoye"]],
                 id="first names tell apart two people of one family"),
    pytest.param([m("Pieter Van Den Berg"), m("Van Den Berg")], [["Pieter Van Den Berg", "Van Den Berg"]],
                 id="a surname of several words"),
    pytest.param([m("Tomas Hale-Brook"), m("Hale-Brook")], [["Hale-Brook", "Tomas Hale-Brook"]],
                 id="a hyphenated surname"),
    pytest.param([m("Harwick", "GPE"), m("Harwick", "GPE"), m("Jo Harwick")], [["Harwick"], ["Jo Harwick"]],
                 id="a town named as a place every time keeps its own entity"),
    pytest.param([m("Trump", "ORG", before="said President-elect ")], [["Trump"]],
                 id="a titled surname alone is one entity"),
    pytest.param([m("Department of Health", "ORG", after=" (DOH) said"), m("DOH", "ORG")],
                 [["DOH", "Department of Health"]], id="an acronym with 'of' in its letters"),
    pytest.param([m("Office for Harbour Safety", "ORG", after=" (OHS), a"), m("OHS", "ORG")],
                 [["OHS", "Office for Harbour Safety"]], id="an acronym defined in brackets"),
    pytest.param([m("Marlow Index", "ORG", after=" (MRX) fell"), m("MRX", "ORG")],
                 [["MRX", "Marlow Index"]], id="brackets define letters the initials do not spell"),
    pytest.param([m("Tarrow Group", "ORG"), m("Tarrow", "ORG")], [["Tarrow", "Tarrow Group"]],
                 id="a designator"),
    pytest.param([m("Inner Veldt Autonomous Region", "GPE"), m("Inner Veldt", "GPE")],
                 [["Inner Veldt", "Inner Veldt Autonomous Region"]], id="a place's designators"),
    pytest.param([m("US Congress", "ORG"), m("Congress", "ORG")], [["Congress", "US Congress"]],
                 id="a country before an organisation"),
    pytest.param([m("J.R. Osterley Observatory", "ORG"), m("Osterley Observatory", "ORG")],
                 [["J.R. Osterley Observatory", "Osterley Observatory"]], id="initials before a name"),
    pytest.param([m("Factfinder.com", "ORG"), m("Factfinder", "ORG")], [["Factfinder", "Factfinder.com"]],
                 id="a web address is its site"),
    pytest.param([m("Veldtians", "NORP"), m("Veldtian", "NORP")], [["Veldtian", "Veldtians"]],
                 id="a nationality in the plural"),
    pytest.param([m("Harwick Hawks", "ORG"), m("Hawks", "ORG"),
                  m("Harwick", "GPE", after=" beat Dorley 3-1 in the league on Sunday")],
                 [["Harwick", "Harwick Hawks", "Hawks"]], id="a nickname, and a city among words of a game"),
    pytest.param([m("Harwick Hawks", "ORG"), m("Harwick", "GPE", before="a new bridge opened in ")],
                 [["Harwick"], ["Harwick Hawks"]], id="a city about its bridge is the city"),
]


@pytest.mark.parametrize("mentions, groups", CASES)
def test_joins(mentions, groups):
    assert forms(mentions) == groups


def test_a_business_keeps_its_possessive_when_the_article_never_drops_it():
    text = "Dunmore's opened a third restaurant. Dunmore's said sales rose."
    [c] = cluster([m("Dunmore", "ORG", possessive="'s"), m("Dunmore", "ORG", possessive="'s")], text=text)
    assert c.name == "Dunmore's"


def test_a_possessive_is_grammar_when_the_article_also_names_it_bare():
    text = "Tarrow said on Monday. Tarrow's shares rose."
    [c] = cluster([m("Tarrow", "ORG"), m("Tarrow", "ORG", possessive="'s")], text=text)
    assert c.name == "Tarrow"


def test_a_persons_possessive_is_always_grammar():
    [c] = cluster([m("Lavrenko", "PERSON", possessive="'s")], text="Lavrenko's aides left.")
    assert c.name == "Lavrenko"


@pytest.mark.parametrize("name, keep, expected", [
    ("Department of Health", False, "DH"), ("Department of Health", True, "DOH"),
    ("Group of 20", False, "G20"), ("Tarrow", False, ""),
])
def test_initials(name, keep, expected):
    assert initials(name, keep_stopwords=keep) == expected


@pytest.mark.parametrize("name, expected", [
    ("U.S.", "US"), ("DOH", "DOH"), ("G-20", "G20"), ("N225", "N225"), ("Tarrow", ""), ("PG&E", "PGE"),
])
def test_acronym_letters(name, expected):
    assert acronym_letters(name) == expected
