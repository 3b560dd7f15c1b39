"""The direction of imports: newsroom -> enrichment -> enrichment.pipeline -> spaCy, never back.

import-linter (run by bin/test) checks Django and Celery; this test also keeps the pipeline
from importing any other part of the plugin, and cleaning modules from importing spaCy."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PIPELINE = ROOT / "enrichment" / "pipeline"
# The modules that find and type entities; every other pipeline module is plain Python.
SPACY_MODULES = {"nlp", "ruler", "mentions", "enrich", "__init__"}


def imported_roots(path: Path) -> set[str]:
    """Top-level names of absolute imports (relative ones stay inside the package)."""
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("path", sorted(PIPELINE.glob("*.py")), ids=lambda p: p.name)
def test_pipeline_imports_only_the_standard_library_and_spacy(path):
    allowed = set(sys.stdlib_module_names) | {"__future__"}
    if path.stem in SPACY_MODULES:
        allowed.add("spacy")
    assert imported_roots(path) <= allowed


@pytest.mark.parametrize("path", sorted((ROOT / "enrichment").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_plugin_never_imports_the_host(path):
    assert "newsroom" not in imported_roots(path)
