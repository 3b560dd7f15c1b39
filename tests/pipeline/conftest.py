"""Pipelines shared by the pipeline tests: one trained model and one blank pipeline per session."""
from __future__ import annotations

import pytest
import spacy

from enrichment.cli.enrich import DEFAULT_MODEL


@pytest.fixture(scope="session")
def nlp():
    """The trained model the project ships by default (tests that use it are marked `model`)."""
    from enrichment.pipeline.nlp import load_nlp

    return load_nlp(DEFAULT_MODEL)


@pytest.fixture(scope="session")
def blank_nlp():
    """A blank English pipeline: tokenizer only, no entities; for components and plumbing."""
    return spacy.blank("en")
