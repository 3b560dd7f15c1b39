"""Newsroom enrichment: a Django app that cleans pasted articles and finds their entities in Celery workers."""

__version__ = "0.1.0"  # keep equal to pyproject.toml's version
