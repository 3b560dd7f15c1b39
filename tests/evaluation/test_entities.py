"""The entity scorer on hand-computed cases: no model, no database."""
from __future__ import annotations

import json

import pytest

from enrichment.evaluation.entities import kept_occurrences, load_cases, match, noise_hits, score_article, summarize


def ent(name, type="PERSON", aliases=(), mentions=None):
    e = {"name": name, "type": type, "aliases": [name, *aliases] if mentions is not None else list(aliases)}
    if mentions is not None:
        e["mentions"] = mentions
    return e


def run(gold_entities, pred_entities, body=("",), captions=(), **gold):
    pred = {"entities": pred_entities, "body": list(body), "captions": [{"text": c} for c in captions]}
    return summarize([score_article("a", {"entities": gold_entities, **gold}, pred)])


LAVROV = {"name": "Sergei Lavrov", "type": "PERSON", "aliases": ["Sergey Lavrov", "Lavrov"]}
BODY = ("Sergei Lavrov met Lavrov's aides. Lavrov left for Russia.",)

CASES = [
    pytest.param([LAVROV], [ent("Sergei Lavrov", aliases=["Lavrov", "Sergey Lavrov"], mentions=3)],
                 {"precision": 1.0, "recall": 1.0, "multi_alias_merged": 1.0, "persons_merged": 1.0},
                 id="one entity, every form"),
    pytest.param([LAVROV], [ent("Sergei Lavrov", aliases=["Lavrov"], mentions=2), ent("Sergey Lavrov", mentions=1)],
                 {"precision": 0.5, "recall": 1.0, "multi_alias_merged": 0.0, "persons_merged": 0.0},
                 id="a split: the second part is an extra and the merge fails"),
    pytest.param([LAVROV, {"name": "Russia", "type": "GPE", "aliases": []}],
                 [ent("Sergei Lavrov", aliases=["Lavrov", "Russia"], mentions=3)],
                 {"precision": 1.0, "recall": 0.5, "persons_merged": 0.0}, id="over-merged with a place"),
    pytest.param([{"name": "Russia", "type": "GPE", "aliases": []}], [ent("Russia", "ORG", mentions=1)],
                 {"type_accuracy": 0.0, "recall": 1.0}, id="wrong type still matches"),
    pytest.param([{"name": "Russia", "type": ["GPE", "LOC"], "aliases": []}], [ent("Russia", "LOC", mentions=1)],
                 {"type_accuracy": 1.0}, id="a list of accepted types"),
    pytest.param([], [], {"precision": None, "recall": None}, id="nothing either side"),
]


@pytest.mark.parametrize("gold, pred, expected", CASES)
def test_scores(gold, pred, expected):
    got = run(gold, pred, body=BODY)
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize("pred_names, credits, buttons, expected", [
    (["Golovkin / AP"], ["Pavel Golovkin / AP"], [], (1, 0)),
    (["Pavel Golovkin"], ["Pavel Golovkin / AP", "Pavel Golovkin"], [], (1, 0)),
    (["Read more"], [], ["Read more"], (0, 1)),
    (["AP"], ["AP Photo/Omar Haddad"], [], (1, 0)),
    (["Sergei Lavrov"], ["Pavel Golovkin / AP"], ["Read more"], (0, 0)),
], ids=["credit span", "photographer", "button", "agency inside a credit", "clean"])
def test_credits_and_buttons(pred_names, credits, buttons, expected):
    got = run([LAVROV], [ent(n, "ORG", mentions=1) for n in pred_names], body=BODY, credits=credits, buttons=buttons)
    assert (got["credit_entities"], got["button_entities"]) == expected


def test_a_gold_form_inside_a_credit_is_not_noise():
    assert noise_hits({"name": "AP", "aliases": []}, ["AP"], {"ap"}) == []


@pytest.mark.parametrize("mentions, gold_count, body, captions, expected", [
    (3, 3, BODY, (), 0),
    (4, 3, BODY, (), 1),  # more than the annotated count
    (4, None, BODY, (), 1),  # more than the kept text holds: a removed duplicate was counted
    (4, None, BODY, ("Sergey Lavrov in Sochi.",), 0),
], ids=["exact", "over the gold count", "over the kept text", "caption counts"])
def test_double_counting(mentions, gold_count, body, captions, expected):
    gold = dict(LAVROV, mentions=gold_count) if gold_count is not None else LAVROV
    pred = ent("Sergei Lavrov", aliases=["Lavrov", "Sergey Lavrov"], mentions=mentions)
    assert run([gold], [pred], body=body, captions=captions)["double_counted"] == expected


@pytest.mark.parametrize("forms, texts, expected", [
    (["Sergei Lavrov", "Lavrov"], ["Sergei Lavrov and Lavrov"], 2),
    (["President Trump", "Trump"], ["President Trump said Trump’s"], 2),
    (["U.S."], ["U.S.-Russia ties, the U.S. said"], 2),
    (["Lavrov"], ["Lavrovs"], 0),
], ids=["longest first", "title form", "dotted acronym", "word boundary"])
def test_kept_occurrences(forms, texts, expected):
    assert kept_occurrences(forms, texts) == expected


def test_match_is_one_to_one_and_prefers_the_same_name():
    gold = [LAVROV]
    pred = [ent("Lavrov", mentions=1), ent("Sergei Lavrov", aliases=["Lavrov"], mentions=2)]
    assert match(gold, pred) == {1: 0}


def test_load_cases_from_a_directory_and_json_lines(tmp_path):
    (tmp_path / "a.txt").write_text("Text A")
    (tmp_path / "a.json").write_text(json.dumps({"entities": [LAVROV]}))
    (tmp_path / "unannotated.txt").write_text("no gold")
    (tmp_path / "b.txt").write_text("Text B")
    (tmp_path / "cases.jsonl").write_text(json.dumps({"id": "x", "text_file": "b.txt", "gold": {"entities": []}}) + "\n")
    assert [(c.id, c.text) for c in load_cases(tmp_path)] == [("a", "Text A")]
    assert [(c.id, c.text) for c in load_cases(tmp_path / "cases.jsonl")] == [("x", "Text B")]


# ---------------------------------------------------------------------------------------------
# Corpus pages: the article text tells chrome apart; labels and ignored names leave things out

PAGE = {"id": "p1", "pasted_text": "Home\nAna Ruiz met Tom Avery.\nSponsored by Kestrel Bank",
        "gold_body": "Ana Ruiz met Tom Avery.", "gold_captions": ["Tom Avery in Port Ellis."],
        "headline_hint": "Ruiz meets Avery"}
RUIZ = {"name": "Ana Ruiz", "type": "PERSON", "aliases": []}
AVERY = {"name": "Tom Avery", "type": "PERSON", "aliases": []}


def test_load_cases_reads_corpus_pages_by_id(tmp_path):
    (tmp_path / "pages.jsonl").write_text(json.dumps(PAGE) + "\n")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "p1", "file": "pages.jsonl", "gold": {"entities": [RUIZ]}}) + "\n")
    [case] = load_cases(gold, corpus=tmp_path)
    assert (case.text, case.article, case.title) == (PAGE["pasted_text"], PAGE["gold_body"], "")
    assert "Port Ellis" in case.aside and "Ruiz meets Avery" in case.aside
    gold.write_text(json.dumps({"id": "nope", "file": "pages.jsonl", "gold": {}}) + "\n")
    with pytest.raises(KeyError):
        load_cases(gold, corpus=tmp_path)


def score_page(pred_entities, gold=None):
    gold = gold or {"entities": [RUIZ, AVERY]}
    pred = {"entities": pred_entities, "body": [PAGE["gold_body"]], "captions": []}
    s = score_article("p1", gold, pred, article=PAGE["gold_body"], aside="Tom Avery in Port Ellis.")
    return summarize([s])


def test_an_entity_not_in_the_article_is_chrome_one_in_a_caption_is_left_out():
    got = score_page([ent("Ana Ruiz", mentions=1), ent("Tom Avery", mentions=1),
                      ent("Kestrel Bank", "ORG", mentions=1), ent("Port Ellis", "GPE", mentions=1)])
    assert (got["predicted_entities"], got["chrome_entities"], got["outside_article_entities"]) == (3, 1, 1)
    assert got["precision"] == round(2 / 3, 4) and got["f1"] == round(4 / 5, 4)


def test_labels_leave_other_types_out_unless_they_name_gold():
    gold = {"entities": [RUIZ, AVERY], "labels": ["PERSON", "ORG"]}
    got = score_page([ent("Ana Ruiz", mentions=1), ent("Tom Avery", "WORK_OF_ART", mentions=1),
                      ent("Met", "WORK_OF_ART", mentions=1)], gold)
    assert (got["predicted_entities"], got["correct"], got["type_accuracy"]) == (2, 2, 0.5)


def test_an_ignored_name_covers_its_fragments_but_never_a_gold_name():
    gold = {"entities": [RUIZ, AVERY], "ignore": ["Ana Ruiz Foundation Gala"]}
    got = score_page([ent("Ana Ruiz", mentions=1), ent("Foundation Gala", "EVENT", mentions=1)], gold)
    assert (got["predicted_entities"], got["correct"]) == (1, 1)


def test_the_baseline_is_every_distinct_entity_text_of_plain_ner():
    import spacy

    from enrichment.evaluation.entities import Case, predict_baseline

    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "PERSON", "pattern": "Ruiz"},
                                               {"label": "DATE", "pattern": "Monday"}])
    [pred] = predict_baseline([Case("a", "Ruiz met Ruiz on Monday.", {})], nlp=nlp).values()
    assert pred["entities"] == [{"name": "Ruiz", "type": "PERSON", "aliases": [], "mentions": 2}]
