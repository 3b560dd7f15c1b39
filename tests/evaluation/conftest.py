"""The evaluation tests use the pipeline tests' one session-wide model."""
from tests.pipeline.conftest import nlp  # noqa: F401 (a fixture, registered by import)
