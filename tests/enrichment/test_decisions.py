"""Editors' decisions as pure functions over a result's plain data: no database, no model."""
from __future__ import annotations

import copy

import pytest

from enrichment.decisions import HANDLERS, apply_all, locate_in_source
from tests.scaling import assert_linear


def entity(name, type_="PERSON", *aliases, mentions=1, salience=0.5):
    return {"name": name, "type": type_, "aliases": [name, *aliases], "mentions": mentions,
            "offsets": [], "salience": salience, "in_body": True, "in_captions": False}


def result():
    return {
        "headline": "", "byline": "", "dateline": "",
        "body": ["Sergei Lavrov met Ann Linde in Oslo.", "Lavrov said little.", "Linde spoke of Oslo."],
        "captions": [{"text": "Lavrov in Oslo.", "credit": "Jo Bo / AP", "photographer": "Jo Bo", "agency": "AP"}],
        "removed": [{"text": "Advertisement", "reason": "boilerplate", "duplicate_of": "", "rule": "ad"}],
        "entities": [entity("Sergei Lavrov", "PERSON", "Lavrov", mentions=2), entity("Ann Linde", "PERSON", "Linde"),
                     entity("Oslo", "GPE", mentions=2), entity("Linde Group", "ORG")],
        "warnings": [],
    }


def D(action, target, value=None):
    return {"action": action, "target": target, "value": value or {}}


def names(data):
    return [e["name"] for e in data["entities"]]


def ent(data, name):
    return next(e for e in data["entities"] if e["name"] == name)


# Each case: decisions, then a check on the result they give. A second run that canonicalizes
# differently is simulated by `rerun_variant`: the same decisions must hold on it too.
CASES = {
    "reject by name": ([D("reject_entity", "Oslo")], lambda d: "Oslo" not in names(d)),
    "reject by alias": ([D("reject_entity", "lavrov")], lambda d: "Sergei Lavrov" not in names(d)),
    "reject by stored names": (
        [D("reject_entity", "Lavrov", {"match": ["Sergei Lavrov", "Lavrov"]})],
        lambda d: not [n for n in names(d) if "Lavrov" in n]),
    "reject records it": ([D("reject_entity", "Oslo")], lambda d: d["rejected_entities"] == ["Oslo"]),
    "confirm marks": ([D("confirm_entity", "Oslo")], lambda d: ent(d, "Oslo")["confirmed"] is True),
    "confirm brings back a rejected one": (
        [D("reject_entity", "Oslo"), D("confirm_entity", "Oslo", {"type": "GPE"})],
        lambda d: ent(d, "Oslo")["confirmed"] and ent(d, "Oslo")["mentions"] == 2),
    "rename keeps old name as alias": (
        [D("rename_entity", "Lavrov", {"name": "Sergey Lavrov"})],
        lambda d: "Sergey Lavrov" in names(d) and "Sergei Lavrov" in ent(d, "Sergey Lavrov")["aliases"]),
    "rename onto another merges": (
        [D("rename_entity", "Linde Group", {"name": "Ann Linde"})],
        lambda d: names(d).count("Ann Linde") == 1 and "Linde Group" in ent(d, "Ann Linde")["aliases"]
        and "Linde Group" not in names(d)),
    "retype": ([D("retype_entity", "Linde", {"type": "ORG"})], lambda d: ent(d, "Ann Linde")["type"] == "ORG"),
    "merge sums mentions": (
        [D("merge_entities", "Ann Linde", {"names": ["Linde Group"]})],
        lambda d: "Linde Group" not in names(d) and ent(d, "Ann Linde")["mentions"] == 2),
    "merge when the kept one is missing": (
        [D("reject_entity", "Ann Linde"), D("merge_entities", "Ann Linde", {"names": ["Linde Group"]})],
        lambda d: ent(d, "Ann Linde")["type"] == "ORG"),
    "merge of nothing found is a no-op": (
        [D("merge_entities", "Nobody", {"names": ["Noone"]})], lambda d: len(d["entities"]) == 4),
    "add counts body mentions": (
        [D("add_entity", "Ann", {"type": "PERSON"})],
        lambda d: ent(d, "Ann")["mentions"] == 1 and ent(d, "Ann")["added"] is True),
    "add existing sets type": (
        [D("add_entity", "Oslo", {"type": "LOC"})], lambda d: ent(d, "Oslo")["type"] == "LOC"),
    "rejected after added": (
        [D("add_entity", "Ann", {"type": "PERSON"}), D("reject_entity", "Ann")], lambda d: "Ann" not in names(d)),
    "edit caption credit parts": (
        [D("edit_caption", "Lavrov in Oslo.", {"photographer": "J. Bo"})],
        lambda d: d["captions"][0]["credit"] == "J. Bo / AP" and d["captions"][0]["edited"]),
    "edit caption twice by its new text": (
        [D("edit_caption", "Lavrov in Oslo.", {"text": "Lavrov, Oslo."}),
         D("edit_caption", "Lavrov, Oslo.", {"agency": "Reuters"})],
        lambda d: d["captions"][0]["text"] == "Lavrov, Oslo." and d["captions"][0]["agency"] == "Reuters"),
    "edit caption twice by its original text": (
        [D("edit_caption", "Lavrov in Oslo.", {"text": "Lavrov, Oslo."}),
         D("edit_caption", "Lavrov in Oslo.", {"credit": "Pool"})],
        lambda d: d["captions"][0] | {"text": "Lavrov, Oslo.", "credit": "Pool"} == d["captions"][0]),
    "restore after a paragraph": (
        [D("restore_removed", "Advertisement", {"after": "Lavrov said little."})],
        lambda d: d["body"][2] == "Advertisement" and not d["removed"] and d["restored"] == ["Advertisement"]),
    "restore before a paragraph": (
        [D("restore_removed", "Advertisement", {"after": "gone", "before": "Lavrov said little."})],
        lambda d: d["body"][1] == "Advertisement"),
    "restore at the end when unknown": (
        [D("restore_removed", "Advertisement")], lambda d: d["body"][-1] == "Advertisement"),
    "restore of what was not removed is a no-op": (
        [D("restore_removed", "Never there")], lambda d: len(d["body"]) == 3),
    "remove paragraph": (
        [D("remove_paragraph", "Lavrov  said little.")],
        lambda d: "Lavrov said little." not in d["body"] and d["removed"][-1]["reason"] == "editor"),
    "remove then restore": (
        [D("remove_paragraph", "Lavrov said little."), D("restore_removed", "Lavrov said little.")],
        lambda d: d["body"][-1] == "Lavrov said little."),
    "unknown action ignored": ([D("shout", "x")], lambda d: d == result()),
}


def rerun_variant():
    """A later run: Lavrov canonicalized under another spelling, entities in another order."""
    data = result()
    data["entities"] = list(reversed(data["entities"]))
    data["entities"][-1] = entity("Sergey Lavrov", "PERSON", "Lavrov", mentions=2)
    return data


@pytest.mark.parametrize("decisions, check", CASES.values(), ids=CASES.keys())
def test_decisions(decisions, check):
    data = result()
    before = copy.deepcopy(data)
    assert check(apply_all(data, decisions))
    assert data == before  # pure: the input is never mutated


HOLDS_ON_RERUN = ["reject by alias", "reject by stored names", "retype", "merge sums mentions",
                  "add counts body mentions", "edit caption credit parts", "restore after a paragraph",
                  "remove paragraph", "confirm marks"]


@pytest.mark.parametrize("case", HOLDS_ON_RERUN)
def test_decisions_hold_on_a_run_that_differs(case):
    decisions, check = CASES[case]
    assert check(apply_all(rerun_variant(), decisions))


def test_rename_holds_when_the_run_spells_it_otherwise():
    decisions = [D("rename_entity", "Sergei Lavrov", {"name": "S. Lavrov", "match": ["Sergei Lavrov", "Lavrov"]})]
    assert "S. Lavrov" in names(apply_all(rerun_variant(), decisions))
    assert "Sergey Lavrov" not in names(apply_all(rerun_variant(), decisions))


def test_decision_objects_work_like_dicts():
    class Row:
        action, target, value = "reject_entity", "Oslo", None
    assert "Oslo" not in names(apply_all(result(), [Row()]))


def test_every_model_action_has_a_handler():
    from enrichment.models import Decision
    assert set(HANDLERS) == set(Decision.Action.values)


SOURCE = "Skip\n\nFirst para.\n\nFirst para.\n\nAdvertisement\n\nSecond para.\n\nShare"


@pytest.mark.parametrize("text, expected", [
    ("Advertisement", {"after": "First para.", "before": "Second para."}),
    ("Skip", {"after": "", "before": "First para."}),
    ("Share", {"after": "Second para.", "before": ""}),
    ("First para.", {"after": "First para.", "before": "Second para."}),  # the duplicate, not the kept one
    ("Not in the paste", {"after": "", "before": ""}),
])
def test_locate_in_source(text, expected):
    assert locate_in_source(SOURCE, ["First para.", "Second para."], text) == expected


def test_merge_holds_when_the_run_names_both_entities_otherwise():
    """The merge stores the names each entity had (like confirm/reject/rename/retype) and finds
    them by those in a later run that calls them by other names."""
    decisions = [D("merge_entities", "Ann Linde", {
        "names": ["Linde Group"], "match": ["Ann Linde", "Linde"], "merged_match": {"Linde Group": ["Linde Group", "Linde AG"]},
    })]
    later = result()
    later["entities"][1] = entity("A. Linde", "PERSON", "Linde")
    later["entities"][3] = entity("Linde AG", "ORG")
    merged = apply_all(later, decisions)
    assert "Linde AG" not in names(merged)
    kept = ent(merged, "A. Linde")  # the merge folds, it does not rename
    assert kept["mentions"] == 2 and "Linde AG" in kept["aliases"]


def test_the_sidebar_labels_and_orders_types_from_entity_types(monkeypatch):
    from enrichment import decisions
    from enrichment.templatetags.enrichment_tags import entity_type_label, group_by_type

    monkeypatch.setitem(decisions.ENTITY_TYPES, "MONEY", "Sums of money")
    assert entity_type_label("MONEY") == "Sums of money" and entity_type_label("ORG") == "Organisations"
    grouped = group_by_type([entity("Oddity", "ZZZ"), entity("$5", "MONEY"), entity("Oslo", "GPE")])
    assert [t for t, _ in grouped] == ["GPE", "MONEY", "ZZZ"]


@pytest.mark.parametrize("html", [False, True], ids=["plain", "html"])
def test_locate_in_source_is_linear_in_the_paste(html):
    """A restore runs in a web request under the article's lock: one pass over the paste, not one per paragraph."""
    def case(paragraphs: int):
        body = [f"Paragraph {i} of the story says what happened at the harbour on the night of the storm."
                for i in range(paragraphs)]
        lines = [line for p in body for line in (p, "Advertisement")]
        source = "".join(f"<p>{line}</p>" for line in lines) if html else "\n\n".join(lines)
        return source, body

    assert locate_in_source(*case(3), "Advertisement") == {
        "after": "Paragraph 0 of the story says what happened at the harbour on the night of the storm.",
        "before": "Paragraph 1 of the story says what happened at the harbour on the night of the storm."}
    assert_linear(lambda c: locate_in_source(*c, "Advertisement"), case, sizes=(500, 1_000, 4_000), what="locate")
