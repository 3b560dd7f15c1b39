"""Newsroom enrichment: a Django app that cleans pasted articles and finds their entities in Celery workers."""
