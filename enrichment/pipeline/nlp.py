"""Loading the spaCy model: once per process, with only the components we read."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

# NER needs tok2vec and ner only; the parser, tagger and lemmatizer cost time we do not use.
UNUSED_COMPONENTS = ("parser", "tagger", "attribute_ruler", "lemmatizer", "senter")


@lru_cache(maxsize=4)
def load_nlp(model: str) -> Language:
    return spacy.load(model, exclude=list(UNUSED_COMPONENTS))
