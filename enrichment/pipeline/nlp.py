"""Loading the spaCy model: once per process, with only the components we read."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

# NER needs ner (and tok2vec only when ner listens to it, as in _md/_lg); the parser, tagger
# and lemmatizer cost time we do not use.
UNUSED_COMPONENTS = ("parser", "tagger", "attribute_ruler", "lemmatizer", "senter", "morphologizer")


def load_model(model: str) -> Language:
    """A fresh pipeline with NER and what it needs only. Not cached: see `load_nlp`."""
    nlp = spacy.load(model, exclude=list(UNUSED_COMPONENTS))
    _drop_unheard_tok2vec(nlp)
    return nlp


@lru_cache(maxsize=4)
def load_nlp(model: str) -> Language:
    """The process-wide pipeline for `model` (a worker loads it once)."""
    return load_model(model)


def _drop_unheard_tok2vec(nlp: Language) -> None:
    # en_core_web_sm's ner embeds its own tok2vec; a shared tok2vec nobody listens to is dead
    # weight (about half of the time per document).
    if "tok2vec" in nlp.pipe_names and not getattr(nlp.get_pipe("tok2vec"), "listening_components", None):
        nlp.remove_pipe("tok2vec")
