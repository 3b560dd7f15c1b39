"""Canonicalization: hand-built mentions in, one entity per real-world thing out. No model."""
from __future__ import annotations

import pytest

from enrichment.pipeline.entities.canonical import cluster, name_key, strip_title
from enrichment.pipeline.entities.joins import acronym_letters, initials
from enrichment.pipeline.entities.mentions import BODY, CAPTION, HEADLINE, Mention
from enrichment.pipeline.types import Rules
from tests.scaling import assert_linear


def m(text, label="PERSON", start=0, source=BODY, block=1, before="", ent_id=""):
    return Mention(text, label, start, start + len(text), source, block, before, "", ent_id)


@pytest.mark.parametrize("text, label, expected", [
    ("President Donald Trump", "PERSON", ("Donald Trump", True)),
    ("Secretary of State Mike Pompeo", "PERSON", ("Mike Pompeo", True)),
    ("Foreign Minister Sergey Lavrov", "PERSON", ("Sergey Lavrov", True)),
    ("Mr. Varnov", "PERSON", ("Varnov", True)),
    ("Dr. Anna Okafor", "ORG", ("Anna Okafor", True)),
    ("President Trump", "ORG", ("Trump", True)),
    ("General Motors", "ORG", ("General Motors", False)),
    ("General Halvorsen", "PERSON", ("Halvorsen", True)),
    ("President", "PERSON", ("President", False)),
])
def test_strip_title(text, label, expected):
    assert strip_title(text, label) == expected


@pytest.mark.parametrize("a, b", [
    ("Sergey", "Sergei"), ("Dmitry", "Dmitri"), ("Yuri", "Yury"), ("Aleksandr", "Alexander"),
    ("Dmitriy", "Dmitri"), ("Alexey", "Aleksei"), ("Smirnoff", "Smirnov"), ("Mikhail", "Mikhail"),
    ("Müller", "Muller"), ("U.S.", "US"),
])
def test_transliteration_variants_share_a_key(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("a, b", [("Ivan", "Ivana"), ("Lavrov", "Lavrova"), ("Paris", "Parish")])
def test_different_names_keep_different_keys(a, b):
    assert name_key(a) != name_key(b)


@pytest.mark.parametrize("name, letters", [("U.S.", "US"), ("US", "US"), ("G-20", "G20"), ("NATO", "NATO"),
                                           ("U.S.A.", "USA"), ("Trump", ""), ("Group of 20", "")])
def test_acronym_letters(name, letters):
    assert acronym_letters(name) == letters


@pytest.mark.parametrize("name, ini", [("United States", "US"), ("Group of 20", "G20"),
                                       ("North Atlantic Treaty Organization", "NATO"), ("Russia", "")])
def test_initials(name, ini):
    assert initials(name) == ini


def names(clusters):
    return sorted((c.name, tuple(sorted(c.aliases))) for c in clusters)


CASES = [
    pytest.param(
        [m("Sergei Lavrov", start=0), m("Lavrov", "ORG", start=50), m("Sergey Lavrov", source=CAPTION)],
        [("Sergei Lavrov", ("Lavrov", "Sergei Lavrov", "Sergey Lavrov"))],
        id="surname and caption transliteration join the body's full name",
    ),
    pytest.param(
        [m("U.S.", "GPE"), m("America", "GPE", start=30), m("United States", "GPE", start=60)],
        [("United States", ("America", "U.S.", "United States"))],
        id="well-known short forms take the full name",
    ),
    pytest.param(
        [m("BRUSSELS", "GPE"), m("Brussels", "GPE", start=80)],
        [("Brussels", ("BRUSSELS", "Brussels"))],
        id="a dateline's capitals do not become the canonical name",
    ),
    pytest.param(
        [m("Ferry", source=HEADLINE), m("Maksim Orlov", "ORG", before="union leader ")],
        [("Maksim Orlov", ("Maksim Orlov",))],
        id="a one-word guess of the headline alone is dropped",
    ),
    pytest.param(
        [m("Trump", before="President "), m("Donald Trump", start=40), m("Trump", "ORG", start=90)],
        [("Donald Trump", ("Donald Trump", "President Trump", "Trump"))],
        id="titled surname joins the full name, kept as an alias; longest form wins",
    ),
    pytest.param(
        [m("U.S.", "GPE"), m("United States", "GPE", start=30), m("US", "GPE", start=60)],
        [("United States", ("U.S.", "US", "United States"))],
        id="acronym joins full name by initials",
    ),
    pytest.param(
        [m("Group of 20", "ORG"), m("G-20", "PRODUCT", start=40)],
        [("Group of 20", ("G-20", "Group of 20"))],
        id="G-20 and Group of 20",
    ),
    pytest.param(
        [m("George Washington"), m("Washington", "GPE", start=40), m("Washington", "GPE", start=80)],
        [("George Washington", ("George Washington",)), ("Washington", ("Washington",))],
        id="a city always tagged as a place stays a place",
    ),
    pytest.param(
        [m("Anna Okafor"), m("Boris Okafor", start=20), m("Okafor", start=40)],
        [("Anna Okafor", ("Anna Okafor",)), ("Boris Okafor", ("Boris Okafor",)), ("Okafor", ("Okafor",))],
        id="ambiguous surname stays alone",
    ),
    pytest.param(
        [m("Donald J. Trump"), m("Donald Trump", start=30)],
        [("Donald J. Trump", ("Donald J. Trump", "Donald Trump"))],
        id="middle initial",
    ),
    pytest.param(
        [m("State", "ORG", before="Secretary of ")],
        [("State Department", ("State", "State Department"))],
        id="office names its department",
    ),
]


@pytest.mark.parametrize("mentions, expected", CASES)
def test_cluster(mentions, expected):
    assert names(cluster(mentions)) == expected


def test_rules_alias_and_ruler_id_give_the_canonical_name():
    rules = Rules(aliases={"Tsar Boris": "Boris Varnov"})
    out = cluster([m("Tsar Boris", "ORG"), m("Varnov", start=20), m("B. V.", "PERSON", ent_id="Boris Varnov")], rules=rules)
    assert [c.name for c in out] == ["Boris Varnov"]
    assert out[0].rule_name


def test_cluster_is_linear_enough():
    def mentions(n: int) -> list:
        return [m(f"Person{i % 500} Name{i % 500}", start=i) for i in range(n)]

    assert len(cluster(mentions(20_000))) == 500
    assert_linear(cluster, mentions, sizes=(2_500, 5_000, 20_000), what="cluster")
