"""JSON Lines input of the CLI: every odd line gives a readable error, in order, no traceback."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from enrichment.cli.io import Item, parse_line
from tests.scaling import assert_linear

ROWS = [
    ("text", b'{"id": 1, "text": "Body."}', Item(1, "Body.", "")),
    ("pasted_text and headline", b'{"id": "a", "pasted_text": "P", "headline": "H"}', Item("a", "P", "H")),
    ("no id", b'{"text": "T"}', Item("line 3", "T", "")),
    ("not json", b"{oops", None),
    ("not an object", b"[1, 2]", None),
    ("no text", b'{"id": 9}', None),
    ("text not a string", b'{"id": 9, "text": 5}', None),
    ("not utf-8", b'{"id": 2, "text": "caf\xe9"}', None),
    ("nested too deeply", b"[" * 100_000, None),
    ("object nested too deeply", b'{"a":' * 100_000, None),
]


@pytest.mark.parametrize("raw,expected", [(raw, exp) for _, raw, exp in ROWS], ids=[r[0] for r in ROWS])
def test_parse_line(raw, expected):
    item = parse_line(raw, 3)
    if expected is None:
        assert item.error and not item.text
    else:
        assert item == expected


@pytest.mark.parametrize("command", ["clean", pytest.param("enrich", marks=pytest.mark.model)])
def test_cli_keeps_going_past_bad_lines(tmp_path, command):
    src = tmp_path / "in.jsonl"
    good = "A farmers' market opened on the square on Saturday, with forty stalls and a brass band."
    src.write_bytes(b"\n".join([
        json.dumps({"id": "ok", "text": good}).encode(), b'{"id": "bad", "text": "caf\xe9"}', b"{oops",
    ]))
    out = tmp_path / "out.jsonl"
    run = subprocess.run([sys.executable, "-m", "enrichment", command, "--jsonl", str(src), "--output", str(out)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and "Traceback" not in run.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in records] == ["ok", "line 2", "line 3"]
    assert records[0]["body"] == [good]
    assert "not UTF-8" in records[1]["error"] and "not JSON" in records[2]["error"]


def test_parse_line_is_linear_in_the_line():
    def line(n: int) -> bytes:
        return json.dumps({"id": 1, "text": "| 1 " * n}).encode()

    assert parse_line(line(3), 1).text == "| 1 " * 3
    assert_linear(lambda raw: parse_line(raw, 1), line, sizes=(1_000, 2_000, 8_000, 64_000), what="parse_line")
