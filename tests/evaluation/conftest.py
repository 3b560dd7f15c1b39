"""The evaluation tests' model: the same process-wide pipeline tests/pipeline/conftest.py gives
(`load_nlp` caches it), so a run that needs both still loads the model once."""
from __future__ import annotations

import pytest

from enrichment.cli.enrich import DEFAULT_MODEL


@pytest.fixture(scope="session")
def nlp():
    from enrichment.pipeline.nlp import load_nlp

    return load_nlp(DEFAULT_MODEL)
