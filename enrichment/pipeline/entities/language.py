"""Language: which language a clean text is in, from its script and its commonest words.

Standard library only, deterministic, and cautious: a text too short or too mixed to tell is
"" (unknown), and English wins a close call, so NER is never skipped on a doubt.
"""
from __future__ import annotations

import re
from collections import Counter

SAMPLE_CHARS = 20_000
MIN_LETTERS = 20
MIN_STOPWORDS = 3
MIN_STOPWORD_RATIO = 0.08

NAMES = {
    "en": "English", "es": "Spanish", "fr": "French", "de": "German", "pt": "Portuguese", "it": "Italian",
    "nl": "Dutch", "pl": "Polish", "ru": "Russian", "uk": "Ukrainian", "el": "Greek", "ar": "Arabic",
    "he": "Hebrew", "hi": "Hindi", "th": "Thai", "ko": "Korean", "ja": "Japanese", "zh": "Chinese",
}

# (first code point, last code point, script); Latin is decided by stopwords below.
_SCRIPTS = (
    (0x0041, 0x024F, "latin"), (0x0370, 0x03FF, "el"), (0x0400, 0x04FF, "cyrillic"), (0x0590, 0x05FF, "he"),
    (0x0600, 0x06FF, "ar"), (0x0750, 0x077F, "ar"), (0x0900, 0x097F, "hi"), (0x0E00, 0x0E7F, "th"),
    (0x1100, 0x11FF, "ko"), (0x3040, 0x30FF, "kana"), (0x3130, 0x318F, "ko"), (0x3400, 0x4DBF, "han"),
    (0x4E00, 0x9FFF, "han"), (0xAC00, 0xD7AF, "ko"), (0xFB50, 0xFDFF, "ar"), (0xFE70, 0xFEFF, "ar"),
)

STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split()) for lang, words in {
        "en": "the and of to is that for it with as was on are be by this have from at or an but not they "
              "his her said has were which will would their been who after",
        "es": "el la los las del que y un una es por con para se no su al lo como más pero sus le ya fue este "
              "ha porque esta entre cuando muy sin sobre también",
        "fr": "le la les des du et est une que qui dans pour pas sur au aux avec ce il elle ne par plus sont été "
              "mais ont nous vous leur cette",
        "de": "der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch es werden aus "
              "er hat dass sie nach bei wird einer um wie über noch",
        "pt": "o os do da dos das que e em um uma é não para com por no na mais ao foi como mas seu sua são "
              "pelo pela também já ele ela",
        "it": "il lo la gli di che è un una per non del della dei delle con si sono al alla da ma come anche più "
              "questo ha nel nella stato essere",
        "nl": "de het een en van is dat op te zijn niet met voor die er aan ook als bij maar om dan nog "
              "wordt door hij ze wij naar",
        "pl": "i w z na się nie do to że jest jak co ale po tak za od już przez tylko jego być oraz który "
              "która",
    }.items()
}
_WORD = re.compile(r"[^\W\d_]+")
_UKRAINIAN = frozenset("іїєґІЇЄҐ")


def detect(text: str) -> str:
    """An ISO 639-1 code ("en", "fr", "zh", ...) or "" when the text does not say clearly."""
    sample = text[:SAMPLE_CHARS]
    scripts = _script_counts(sample)
    letters = sum(scripts.values())
    if letters < MIN_LETTERS:
        return ""
    script, count = scripts.most_common(1)[0]
    if script == "latin":
        return _latin_language(sample) if count * 2 >= letters else ""
    if script in ("han", "kana"):
        return "ja" if scripts["kana"] * 10 >= scripts["kana"] + scripts["han"] else "zh"
    if script == "cyrillic":
        return "uk" if any(ch in _UKRAINIAN for ch in sample) else "ru"
    return script if count * 2 >= letters else ""


def _script_counts(sample: str) -> Counter:
    counts: Counter = Counter()
    for ch in sample:
        if not ch.isalpha():
            continue
        cp = ord(ch)
        for first, last, script in _SCRIPTS:
            if first <= cp <= last:
                counts[script] += 1
                break
    return counts


def _latin_language(sample: str) -> str:
    words = [w.lower() for w in _WORD.findall(sample)[:3000]]
    if not words:
        return ""
    hits = {lang: sum(w in stop for w in words) for lang, stop in STOPWORDS.items()}
    best = max(hits, key=lambda lang: (hits[lang], lang == "en"))
    if hits[best] < MIN_STOPWORDS or hits[best] < MIN_STOPWORD_RATIO * len(words):
        return ""
    if best != "en" and hits["en"] * 10 >= hits[best] * 7:
        return "en"  # a close call: English, so NER still runs
    return best


def ner_warning(language: str, model_language: str) -> str:
    """The message when NER is skipped because the model does not read ``language``; else ""."""
    if not language or model_language in (language, "xx"):
        return ""
    name, model_name = NAMES.get(language, language), NAMES.get(model_language, model_language)
    return (f"Entities were not looked for: the text looks {name} ({language}) and the configured spaCy "
            f"model reads {model_name} ({model_language}). The cleaning ran as usual. Install a {name} model "
            f"and set ENRICHMENT['SPACY_MODEL'] to find entities in such texts.")


# --- the enrich step (called from enrich._enrich_chunk) ----------------------------------------

def with_language(cleaned):
    """A CleanResult with its ``language`` filled in from its headline, body and captions."""
    from dataclasses import replace

    from ..types import CleanResult

    if not isinstance(cleaned, CleanResult):
        return cleaned
    sample = "\n".join([cleaned.headline, cleaned.body_text[:SAMPLE_CHARS], *(c.text for c in cleaned.captions[:20])])
    return replace(cleaned, language=detect(sample))


def with_ner_warning(result, model_language: str):
    """An EnrichmentResult that says why it has no entities, when NER was skipped for its language."""
    from dataclasses import replace

    warning = ner_warning(result.clean.language, model_language)
    return replace(result, warnings=[*result.warnings, warning]) if warning else result
