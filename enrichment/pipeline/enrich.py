"""Enrichment: cleaning, then entities on the clean body."""
from __future__ import annotations

from spacy.language import Language

from .clean import clean
from .types import EnrichmentResult, Entity, Options, Rules
from .version import PIPELINE_VERSION


def enrich(
    text: str, *, nlp: Language, title: str = "", rules: Rules = Rules(), options: Options = Options()
) -> EnrichmentResult:
    cleaned = clean(text, title=title, options=options)
    doc = nlp(cleaned.body_text)
    counts: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for ent in doc.ents:
        counts.setdefault((ent.text, ent.label_), []).append((ent.start_char, ent.end_char))
    entities = [
        Entity(name=name, type=label, aliases=[name], mentions=len(offsets), offsets=offsets)
        for (name, label), offsets in counts.items()
    ]
    return EnrichmentResult(clean=cleaned, entities=entities, pipeline_version=PIPELINE_VERSION)
