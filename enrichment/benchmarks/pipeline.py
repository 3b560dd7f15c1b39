"""Throughput of the full enrich pipeline next to raw spaCy NER, on the same texts, in one run."""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from ..pipeline.enrich import enrich_many
from ..pipeline.nlp import load_model
from ..pipeline.types import Options, Rules
from .texts import generate


def load_texts(path: str | None, *, n: int = 200) -> list[str]:
    """Texts from JSON Lines ({"text"} or {"pasted_text"}), or `n` generated articles."""
    if not path:
        return generate(n)
    texts = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            data = json.loads(line)
            texts.append(data.get("text") or data.get("pasted_text") or "")
    return [t for t in texts if t.strip()][:n] if n else texts


def words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def spacy_seconds(texts: list[str], *, model: str, batch_size: int = 64) -> float:
    """Raw `nlp.pipe` NER on the pasted texts, the model loaded exactly as the pipeline loads it."""
    nlp = load_model(model)
    start = time.perf_counter()
    with nlp.memory_zone():
        for doc in nlp.pipe(texts, batch_size=batch_size):
            doc.ents  # noqa: B018 - read them, as the pipeline does
    return time.perf_counter() - start


def pipeline_seconds(texts: list[str], *, model: str, rules: Rules = Rules(), options: Options = Options()) -> float:
    """Clean + NER + canonicalize, through `enrich_many`."""
    nlp = load_model(model)
    start = time.perf_counter()
    for _ in enrich_many(((i, t, "") for i, t in enumerate(texts)), nlp=nlp, rules=rules, options=options):
        pass
    return time.perf_counter() - start


def run(texts: list[str], *, model: str, repeat: int = 2) -> dict[str, Any]:
    """Best of `repeat` runs each, interleaved, so warm-up and noise hit both sides alike."""
    n_words = words(texts)
    spacy_best = pipeline_best = float("inf")
    spacy_seconds(texts[:5], model=model)  # warm-up: model load, first-batch allocations
    for _ in range(repeat):
        spacy_best = min(spacy_best, spacy_seconds(texts, model=model))
        pipeline_best = min(pipeline_best, pipeline_seconds(texts, model=model))
    spacy_wps = n_words / spacy_best
    pipeline_wps = n_words / pipeline_best
    return {
        "model": model,
        "texts": len(texts),
        "words": n_words,
        "spacy_words_per_s": round(spacy_wps, 1),
        "pipeline_words_per_s": round(pipeline_wps, 1),
        "pipeline_ratio": round(pipeline_wps / spacy_wps, 3),
    }
