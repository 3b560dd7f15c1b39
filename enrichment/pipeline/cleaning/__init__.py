"""Cleaning a paste: the standard library and lxml (no spaCy), so it runs anywhere in milliseconds."""
from .clean import clean

__all__ = ["clean"]
