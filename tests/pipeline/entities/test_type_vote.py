"""Type voting across mentions and context. No model."""
from __future__ import annotations

import pytest

from enrichment.pipeline.entities.canonical import Cluster
from enrichment.pipeline.entities.mentions import BODY, HEADLINE, Mention
from enrichment.pipeline.entities.type_vote import vote


def m(text, label, before="", source=BODY, after=""):
    return Mention(text, label, 0, len(text), source, 1, before, after)


CASES = [
    pytest.param("Mike Pompeo", [m("Mike Pompeo", "PERSON"), m("Pompeo", "GPE", source=HEADLINE),
                                 m("Pompeo", "PERSON"), m("Pompeo", "GPE")], False, "PERSON",
                 id="a stray place tag does not make Pompeo a place"),
    pytest.param("Varnov", [m("Varnov", "ORG"), m("Varnov", "ORG"), m("Varnov", "PERSON")], True, "PERSON",
                 id="titled once: a person"),
    pytest.param("Twitter", [m("Twitter", "PERSON", before="director, wrote on "),
                             m("Twitter", "PERSON", before="Argentina with a ")], False, "ORG",
                 id="Twitter is a platform in context"),
    pytest.param("Kessin", [m("Kessin", "GPE"), m("Kessin", "GPE"), m("Kessin", "ORG")], False, "GPE",
                 id="majority"),
    pytest.param("Group of 20", [m("Group of 20", "ORG"), m("G-20", "PRODUCT")], False, "ORG",
                 id="tie goes to the canonical form's label"),
    pytest.param("Anna Okafor", [m("Anna Okafor", "PERSON"), m("Okafor", "ORG"), m("Okafor", "ORG")], False, "PERSON",
                 id="a first name seen as PERSON is evidence"),
    pytest.param("Maksim Orlov", [m("Maksim Orlov", "ORG", before="union leader "), m("Maxim Orlov", "ORG")],
                 True, "PERSON", id="a titled full name tagged ORG is a person"),
    pytest.param("Maritime Workers Union", [m("Maritime Workers Union", "ORG")], False, "ORG",
                 id="an organisation word keeps ORG"),
    pytest.param("Ukrainian", [m("Ukrainian", "GPE", after=" officials say")], False, "NORP",
                 id="a demonym before a lowercase noun is a nationality"),
    pytest.param("Ukraine", [m("Ukraine", "GPE", after=" said")], False, "GPE", id="a country stays a place"),
    pytest.param("Tomas Webber", [m("Tomas Webber", "PERSON"), m("Webber", "ORG"), m("Webber", "ORG"),
                                  m("Webber", "ORG"), m("Webber", "ORG")], False, "PERSON",
                 id="the surname of a full name tagged PERSON is the person's, however often tagged ORG"),
    pytest.param("Okafor", [m("Okafor", "ORG", before="said President-elect "), m("Okafor", "ORG")], False, "PERSON",
                 id="a title just before the name"),
    pytest.param("Ithaca Records Holdings", [m("Ithaca Records Holdings", "GPE")], False, "ORG",
                 id="a word of the name says organisation"),
    pytest.param("Shasta Falls County", [m("Shasta Falls County", "ORG")], False, "GPE",
                 id="the last word of the name says place"),
    pytest.param("Veldtians", [m("Veldtians", "PERSON")], False, "NORP", id="a plural nationality"),
    pytest.param("Zoomly", [m("Zoomly", "PERSON", before="integration with "), m("Zoomly", "PERSON")], False, "ORG",
                 id="a lone word never named as a person is a brand"),
    pytest.param("Dorvik", [m("Dorvik", "ORG", before="the regional capital of ")], False, "GPE",
                 id="the capital of a region is a place"),
    pytest.param("Velta", [m("Velta", "ORG", after=" region, where"), m("Velta", "PERSON", after=" region")], False,
                 "GPE", id="a name before 'region' is a place"),
    pytest.param("Tarrowa", [m("Tarrowa", "GPE", before="Chinese e-commerce giant ")], False, "ORG",
                 id="a business named by what it does"),
    pytest.param("Orbital KTX", [m("Orbital KTX", "PERSON")], False, "ORG", id="a person's name holds no acronym"),
    pytest.param("Henry Okafor III", [m("Henry Okafor III", "PERSON")], False, "PERSON", id="a roman numeral"),
    pytest.param("Kimbra", [m("Kimbra", "PERSON", before="his wife, "), m("Kimbra", "PERSON", after=" said")],
                 False, "PERSON", id="a lone first name named by a relation or speaking is a person"),
    pytest.param("Marlowe Bay", [m("Marlowe Bay", "ORG", after=" gubernatorial primary was close")], False, "GPE",
                 id="a governorship is a place's"),
    pytest.param("Kestrin", [m("Kestrin", "PERSON", before="the ", after=" government announced")], False, "GPE",
                 id="a government is a place's"),
    pytest.param("Ashby Vale", [m("Ashby Vale", "GPE", before="a cafe in "),
                                m("Ashby Vale", "ORG", after=" police arrived")], False, "GPE",
                 id="a place also named alone: its police is the place's"),
    pytest.param("North Fenwick", [m("North Fenwick", "GPE", after=" police said"),
                                   m("North Fenwick", "GPE", before="an officer of the ", after=" police.")], False,
                 "ORG", id="named only before 'police': the force"),
    pytest.param("Veldtian", [m("Veldtian", "NORP", after=" police said")], False, "NORP",
                 id="a nationality's police is no force's name"),
    pytest.param("Harbourline", [m("Harbourline", "GPE", after=" magazine ran a profile")], False, "ORG",
                 id="a name before 'magazine' is the publication"),
    pytest.param("Leeds", [m("Leeds", "GPE", before="told a ", after=" newspaper")], False, "GPE",
                 id="after 'a', the place of a newspaper"),
    pytest.param("Korvana", [m("Korvana", "GPE", after="’s secondary listing"), m("Korvana", "ORG"),
                             m("Korvana", "GPE", after="'s Zurich-listed shares rose")], False, "ORG",
                 id="what only a business owns"),
    pytest.param("Tessaly", [m("Tessaly", "GPE", after="'s chief executive spoke")], False, "GPE",
                 id="a place has a chief executive too"),
    pytest.param("Tessaly", [m("Tessaly", "GPE", after="'s oil revenue fell")], False, "GPE",
                 id="and revenue"),
    pytest.param("Pinebrook-NCR", [m("Pinebrook-NCR", "ORG", before="if you are living in "),
                                   m("Pinebrook-NCR", "ORG", before="a bakery based out of ")], False, "GPE",
                 id="where something is based or someone lives is a place"),
    pytest.param("Quillon", [m("Quillon", "NORP", before="the gas giant's icy moon "), m("Quillon", "NORP")], False,
                 "LOC", id="a moon named by what it is"),
    pytest.param("Brindle", [m("Brindle", "ORG", before="puzzle developer "), m("Brindle", "GPE"),
                             m("Brindle", "GPE"), m("Brindle", "GPE", before="a request to ")], False, "ORG",
                 id="what the article says it is holds for every mention"),
    pytest.param("White House", [m("White House", "FAC", before="he spoke at the ")], False, "ORG",
                 id="a seat of power is its institution"),
    pytest.param("Bay Harbour Network", [m("Bay Harbour Network", "GPE")], False, "ORG",
                 id="'Network' in the name"),
]


@pytest.mark.parametrize("name, mentions, titled, expected", CASES)
def test_vote(name, mentions, titled, expected):
    assert vote(Cluster(name, mentions, [name], titled=titled)) == expected


def test_editors_type_rule_wins():
    c = Cluster("Harbor Union", [m("Harbor Union", "PERSON")], ["Harbor Union"])
    assert vote(c, types={"Harbor Union": "ORG"}) == "ORG"


def test_a_mention_outside_the_prose_weighs_little_and_proves_no_person():
    label_line = Mention("Dravel Ships New Apps", "PERSON", 0, 21, BODY, 0)
    prose = [Mention("Dravel", "ORG", 0, 6, BODY, 2, "the maker, ", ""),
             Mention("Dravel", "PERSON", 0, 6, BODY, 3, "changes to ", "’s app")]
    c = Cluster("Dravel", [label_line, *prose], ["Dravel"])
    assert vote(c, article=frozenset({2, 3})) == "ORG"
    assert vote(c) == "PERSON"  # with every line taken as prose, the long PERSON tag is a first name
