"""The pure enrichment pipeline: text in, plain data out. Imports neither Django nor Celery.

Importing this package loads no spaCy: cleaning, the types and the version are here;
``enrichment.pipeline.enrich`` (NER) and ``enrichment.pipeline.nlp`` (the model) load it.
"""
from .cleaning import clean
from .types import Caption, CleanResult, EnrichmentResult, Entity, InputError, Options, Removal, Rules
from .version import PIPELINE_VERSION

__all__ = [
    "PIPELINE_VERSION", "Caption", "CleanResult", "EnrichmentResult", "Entity", "InputError",
    "Options", "Removal", "Rules", "clean",
]
