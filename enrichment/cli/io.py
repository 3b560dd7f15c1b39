"""JSON Lines in and out for the CLI commands: a bad line gives an error record, never a crash."""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, TextIO

TEXT_KEYS = ("text", "pasted_text")
TITLE_KEYS = ("title", "headline")
HTML_KEYS = ("pasted_html", "html")  # the clipboard's text/html that came with the text


def add_input_arguments(parser, *, title_help: str) -> None:
    """The inputs every text command takes: one file (or stdin), or JSON Lines in and out."""
    parser.add_argument("file", nargs="?", help="a text or HTML file, or - for stdin")
    parser.add_argument("--jsonl", metavar="IN", help='JSON Lines in: {"id", "text" or "pasted_text", '
                        '"title"/"headline"?, "pasted_html"/"html"?}')
    parser.add_argument("--html", metavar="FILE", help="the clipboard's text/html that came with FILE's text")
    parser.add_argument("--output", "-o", metavar="OUT", help="where JSON Lines go (default: stdout)")
    parser.add_argument("--title", default="", help=title_help)


@dataclass(frozen=True, slots=True)
class Item:
    key: Any
    text: str = ""
    title: str = ""
    error: str = ""
    html: str | None = None


def read_items(path: str) -> Iterator[Item]:
    """One Item per non-blank line of a JSON Lines file, in order."""
    with open(path, "rb") as lines:
        for n, raw in enumerate(lines, 1):
            if raw.strip():
                yield parse_line(raw, n)


def parse_line(raw: bytes, n: int) -> Item:
    try:
        obj = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Item(f"line {n}", error=f"line {n} is not UTF-8")
    except ValueError as exc:
        return Item(f"line {n}", error=f"line {n} is not JSON: {exc}")
    except RecursionError:  # the json module recurses once per level: "[[[[..." deep enough overflows
        return Item(f"line {n}", error=f"line {n} nests its JSON too deeply")
    if not isinstance(obj, dict):
        return Item(f"line {n}", error=f"line {n} is not a JSON object")
    key = obj.get("id", f"line {n}")
    text = next((obj[k] for k in TEXT_KEYS if isinstance(obj.get(k), str)), None)
    title = next((obj[k] for k in TITLE_KEYS if isinstance(obj.get(k), str)), "")
    html = next((obj[k] for k in HTML_KEYS if isinstance(obj.get(k), str)), None)
    if text is None:
        return Item(key, error='no "text" (or "pasted_text") string')
    return Item(key, text, title, html=html)


def read_single(path: str, html_path: str | None) -> tuple[str, str | None]:
    """The text of FILE (or stdin for -) and, with --html, the HTML beside it; OSError/UnicodeDecodeError."""
    text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    html = Path(html_path).read_text(encoding="utf-8") if html_path else None
    return text, html


@contextmanager
def output(path: str | None) -> Iterator[TextIO]:
    """The file at ``path``, or stdout when there is none."""
    if not path:
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8") as out:
        yield out


def write_record(out: TextIO, record: dict[str, Any]) -> None:
    out.write(json.dumps(record, ensure_ascii=False) + "\n")


def report_failures(failures: int, verb: str) -> None:
    if failures:
        print(f'{failures} line(s) could not be {verb}; see their "error"', file=sys.stderr)
