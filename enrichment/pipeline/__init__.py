"""The pure enrichment pipeline: text in, plain data out. Imports neither Django nor Celery."""
from .clean import clean
from .enrich import enrich
from .nlp import load_nlp
from .types import Caption, CleanResult, EnrichmentResult, Entity, InputError, Options, Removal, Rules
from .version import PIPELINE_VERSION

__all__ = [
    "PIPELINE_VERSION", "Caption", "CleanResult", "EnrichmentResult", "Entity", "InputError",
    "Options", "Removal", "Rules", "clean", "enrich", "load_nlp",
]
