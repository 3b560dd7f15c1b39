"""The CLI over the pipeline: `python -m enrichment <command> ...`."""
from __future__ import annotations

import argparse
import importlib
import sys

CLI_MODULES = ("enrichment.cli_clean", "enrichment.cli_enrich")  # each exposes register(subparsers)


def _register_all(subparsers: argparse._SubParsersAction) -> None:
    for name in CLI_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(subparsers)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m enrichment", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", required=True)
    _register_all(subparsers)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
