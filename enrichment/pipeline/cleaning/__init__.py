"""Cleaning a paste: standard library only (no spaCy), so it runs anywhere in milliseconds."""
from .clean import clean

__all__ = ["clean"]
