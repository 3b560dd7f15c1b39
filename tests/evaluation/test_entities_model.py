"""The real model on our own invented articles and pages: the behaviours the gold set measures.

Hermetic: our fixtures only. The figure on real pages (docs/entities-gold.jsonl over
../shared/eval) is printed by `python -m enrichment evaluate-entities`, not asserted here."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from enrichment.__main__ import main
from enrichment.evaluation.entities import evaluate, load_cases, predict

pytestmark = pytest.mark.model

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
OURS = FIXTURES / "entities"
PAGES = FIXTURES / "entities-pages"


def test_our_five_annotated_articles(nlp):
    cases = load_cases(OURS)
    summary = evaluate(cases, predict(cases, nlp=nlp))["summary"]
    assert summary["articles"] == 5
    assert summary["persons_merged"] == 1.0  # every person one entity, with no one else in it
    assert summary["multi_alias_merged"] == 1.0
    assert summary["chrome_entities"] == 0 and summary["double_counted"] == 0
    assert summary["precision"] >= 0.9 and summary["recall"] >= 0.9 and summary["type_accuracy"] >= 0.85


def test_pages_with_chrome_the_project_against_plain_spacy(tmp_path, capsys):
    out = tmp_path / "report.json"
    args = ["evaluate-entities", str(PAGES / "gold.jsonl"), "--corpus", str(PAGES), "--baseline", "--json", str(out)]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "plain spaCy" in printed and "entity F1" in printed and "chrome as entities" in printed
    report = json.loads(out.read_text())
    ours, plain = report["project"]["summary"], report["baseline"]["summary"]
    assert ours["chrome_entities"] == 0 < plain["chrome_entities"]  # newsletter, credits, buttons
    assert ours["f1"] > plain["f1"] and ours["multi_alias_merged"] > plain["multi_alias_merged"]
    school = next(a for a in report["project"]["articles"] if a["id"] == "school-inspections")
    assert school["multi_alias_merged"] == 1.0  # DOH, Brandt, Oyelaran; McDonald's kept whole
    assert not [e for e in school["errors"] if "McDonald" in e or "Harrisburg" in e.title()]


def test_command_errors(tmp_path):
    assert main(["evaluate-entities", str(tmp_path / "nothing")]) == 2
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "x", "file": "missing.jsonl", "gold": {"entities": []}}) + "\n")
    assert main(["evaluate-entities", str(gold), "--corpus", str(tmp_path)]) == 2
