"""Scoring, free of Django: cleaning against a gold corpus, entities against annotated articles."""
