"""Type voting across mentions and context. No model."""
from __future__ import annotations

import pytest

from enrichment.pipeline.canonical import Cluster
from enrichment.pipeline.mentions import BODY, HEADLINE, Mention
from enrichment.pipeline.typing import vote


def m(text, label, before="", source=BODY):
    return Mention(text, label, 0, len(text), source, 1, before)


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
]


@pytest.mark.parametrize("name, mentions, titled, expected", CASES)
def test_vote(name, mentions, titled, expected):
    assert vote(Cluster(name, mentions, [name], titled=titled)) == expected


def test_editors_type_rule_wins():
    c = Cluster("Harbor Union", [m("Harbor Union", "PERSON")], ["Harbor Union"])
    assert vote(c, types={"Harbor Union": "ORG"}) == "ORG"
