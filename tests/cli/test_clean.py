"""The clean and evaluate commands: JSON out, JSON Lines in and out, bad lines reported, no Django."""
from __future__ import annotations

import json
import subprocess
import sys

from enrichment.__main__ import main
from tests.fixtures.articles import CAPTION, CREDIT, HEADLINE, PARAGRAPHS, paste

RECORD_KEYS = {"id", "headline", "byline", "dateline", "body", "captions", "removed"}


def test_clean_file_prints_json(tmp_path, capsys):
    f = tmp_path / "paste.txt"
    f.write_text(paste(CAPTION, CREDIT), encoding="utf-8")
    assert main(["clean", str(f), "--title", HEADLINE]) == 0
    out = json.loads(capsys.readouterr().out)
    assert RECORD_KEYS <= set(out)
    assert out["body"] == list(PARAGRAPHS)
    assert out["captions"] == [{"text": CAPTION, "credit": CREDIT, "photographer": "Rosa Delacroix", "agency": "AP"}]
    assert all({"text", "reason", "duplicate_of"} <= set(r) for r in out["removed"])


def test_clean_jsonl_goes_on_after_bad_lines(tmp_path):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("\n".join([
        json.dumps({"id": 1, "text": paste()}),
        "{not json",
        json.dumps({"id": 2, "pasted_text": "   "}),
        json.dumps({"id": 3}),
        json.dumps({"id": 4, "pasted_text": paste(), "title": HEADLINE}),
    ]), encoding="utf-8")
    assert main(["clean", "--jsonl", str(src), "--output", str(dst)]) == 0
    rows = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [1, "line 2", 2, 3, 4]
    assert RECORD_KEYS <= set(rows[0]) and rows[0]["body"] == list(PARAGRAPHS)
    assert all("error" in r for r in rows[1:4])
    assert rows[4]["headline"] == HEADLINE


def test_evaluate_prints_both_rows(tmp_path, capsys):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "a", "pasted_text": paste(CAPTION, CREDIT), "gold_body": "\n".join(PARAGRAPHS),
                                  "gold_captions": [CAPTION], "gold_credits": [CREDIT]}) + "\n", encoding="utf-8")
    summary = tmp_path / "summary.json"
    assert main(["evaluate", str(corpus), "--json", str(summary)]) == 0
    table = capsys.readouterr().out
    assert "cleaned" in table and "paste as is" in table
    data = json.loads(summary.read_text())
    assert data["cleaned"]["f1"] == 1.0 and data["cleaned"]["caption_recall"] == 1.0
    assert data["paste_as_is"]["caption_leak_rate"] == 1.0
    assert data["gold_body"]["f1"] == 1.0 and data["gold_body"]["caption_leak_rate"] == 0.0


def test_evaluate_shows_the_leak_a_gold_body_itself_has(tmp_path):
    """A caption that is also a phrase of a body sentence counts as leaked even in the gold body."""
    phrase = " ".join(PARAGRAPHS[0].split()[:4])
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "a", "pasted_text": paste(phrase, CREDIT), "gold_body": "\n".join(PARAGRAPHS),
                                  "gold_captions": [phrase], "gold_credits": []}) + "\n", encoding="utf-8")
    summary = tmp_path / "summary.json"
    assert main(["evaluate", str(corpus), "--json", str(summary)]) == 0
    assert json.loads(summary.read_text())["gold_body"]["caption_leak_rate"] == 1.0


def test_cli_does_not_import_django():
    code = ("import sys, enrichment.__main__ as m, enrichment.cli.clean, enrichment.evaluation.cleaning; "
            "assert 'django' not in sys.modules, 'django imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


# ------------------------------------------------------------------ the clipboard's HTML
FIXTURES = __import__("pathlib").Path(__file__).resolve().parents[1] / "fixtures"
FERRY_TEXT = (FIXTURES / "clipboard-ferry.txt").read_text(encoding="utf-8")
FERRY_HTML = (FIXTURES / "clipboard-ferry.html").read_text(encoding="utf-8")
FERRY_CAPTION = "A borrowed tug carries supplies to Kessin Island during the strike."


def test_clean_with_html_file(tmp_path, capsys):
    text, html = tmp_path / "paste.txt", tmp_path / "paste.html"
    text.write_text(FERRY_TEXT, encoding="utf-8")
    html.write_text(FERRY_HTML, encoding="utf-8")
    assert main(["clean", str(text), "--html", str(html)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"text": FERRY_CAPTION, "credit": "Tomas Ferrand/AFP", "photographer": "Tomas Ferrand",
            "agency": "AFP"} in out["captions"]
    assert any(r["rule"] == "html_newsletter" for r in out["removed"])


def test_clean_jsonl_reads_pasted_html_or_html(tmp_path):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("\n".join([
        json.dumps({"id": "a", "pasted_text": FERRY_TEXT, "pasted_html": FERRY_HTML}),
        json.dumps({"id": "b", "text": FERRY_TEXT, "html": FERRY_HTML}),
        json.dumps({"id": "c", "text": FERRY_TEXT}),
    ]), encoding="utf-8")
    assert main(["clean", "--jsonl", str(src), "--output", str(dst)]) == 0
    a, b, c = (json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines())
    assert a["removed"] == b["removed"] and any(r["rule"].startswith("html_") for r in a["removed"])
    assert not any(r["rule"].startswith("html_") for r in c["removed"])


def test_clean_refuses_html_with_jsonl(tmp_path, capsys):
    assert main(["clean", "--jsonl", str(tmp_path / "in.jsonl"), "--html", str(tmp_path / "x.html")]) == 2


def test_evaluate_scores_both_sources(tmp_path, capsys, monkeypatch):
    from enrichment.evaluation import predict

    monkeypatch.setattr(predict, "trafilatura_available", lambda: False)
    corpus = tmp_path / "corpus.jsonl"
    body = [p for p in FERRY_TEXT.split("\n\n") if len(p.split()) > 15]
    corpus.write_text(json.dumps({"id": "f", "pasted_text": FERRY_TEXT, "pasted_html": FERRY_HTML,
                                  "gold_body": "\n".join(body), "gold_captions": [FERRY_CAPTION],
                                  "gold_credits": ["Tomas Ferrand/AFP"]}) + "\n", encoding="utf-8")
    summary = tmp_path / "summary.json"
    assert main(["evaluate", str(corpus), "--json", str(summary)]) == 0
    captured = capsys.readouterr()
    assert "cleaned from text" in captured.out and "cleaned from html" in captured.out
    assert "trafilatura is not installed" in captured.err
    data = json.loads(summary.read_text())
    assert data["cleaned_from_html"]["caption_recall"] == 1.0
    assert data["cleaned_from_html"]["caption_leak_rate"] == 0.0
    assert main(["evaluate", str(corpus), "--source", "html", "--no-trafilatura"]) == 0
    assert "cleaned from text" not in capsys.readouterr().out
