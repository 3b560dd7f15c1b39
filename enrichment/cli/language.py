"""CLI command `bench-language`: language identifiers compared on short news snippets."""
from __future__ import annotations

import argparse
import json
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    from ..benchmarks.language import CANDIDATES, SNIPPETS

    b = subparsers.add_parser("bench-language", help="accuracy, memory and speed of language identifiers")
    b.add_argument("--snippets", default=str(SNIPPETS), metavar="JSONL",
                   help='{"lang", "text"} per line (default: the bundled 45 snippets in 33 languages)')
    b.add_argument("--candidates", nargs="+", default=[*CANDIDATES, "enrichment"],
                   help=f"which to run (default: {' '.join(CANDIDATES)} enrichment)")
    b.add_argument("--json", metavar="OUT", help="write every figure, with the wrong answers, here")
    b.set_defaults(func=cmd_bench_language)


def cmd_bench_language(args: argparse.Namespace) -> int:
    from ..benchmarks.language import run, table

    rows = run(tuple(args.candidates), Path(args.snippets))
    print(table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0
