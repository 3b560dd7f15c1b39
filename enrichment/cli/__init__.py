"""The CLI over the pipeline, free of Django: `python -m enrichment <command> ...`."""
from __future__ import annotations

import argparse

from . import clean, enrich, language


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m enrichment", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module in (clean, enrich, language):
        module.register(subparsers)
    args = parser.parse_args(argv)
    return args.func(args)
