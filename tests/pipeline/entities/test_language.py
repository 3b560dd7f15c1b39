"""Language detection: a table of pastes, and NER skipped (with a warning) where the model cannot read."""
from __future__ import annotations

import time

import pytest

from enrichment.pipeline.enrich import enrich
from enrichment.pipeline.entities.language import detect, ner_warning

CASES = [
    ("en", "The prime minister said on Tuesday that the talks with the harbour workers would resume after the holiday."),
    ("fr", "Le premier ministre a déclaré mardi que les négociations avec les dockers reprendraient après les vacances."),
    ("es", "El primer ministro dijo el martes que las conversaciones con los trabajadores del puerto se reanudarán."),
    ("de", "Der Ministerpräsident sagte am Dienstag, dass die Gespräche mit den Hafenarbeitern wieder aufgenommen werden."),
    ("pt", "O primeiro-ministro disse na terça-feira que as conversas com os trabalhadores do porto serão retomadas."),
    ("it", "Il primo ministro ha detto martedì che i colloqui con i lavoratori del porto riprenderanno dopo le vacanze."),
    ("ru", "Премьер-министр заявил во вторник, что переговоры с портовыми рабочими возобновятся после праздников."),
    ("uk", "Прем'єр-міністр заявив у вівторок, що переговори з портовими робітниками відновляться після свят."),
    ("ar", "قال رئيس الوزراء يوم الثلاثاء إن المحادثات مع عمال الميناء ستستأنف بعد العطلة"),
    ("he", "ראש הממשלה אמר ביום שלישי כי השיחות עם עובדי הנמל יתחדשו לאחר החג"),
    ("zh", "首相周二表示，与港口工人的谈判将在假期后恢复，工会表示同意。这是一个很长的句子。"),
    ("ja", "首相は火曜日、港湾労働者との協議は休暇明けに再開されると述べた。"),
    ("ko", "총리는 화요일 항만 노동자들과의 협상이 휴가 후에 재개될 것이라고 말했다."),
    ("", "Hello world"),  # too short to tell: unknown, NER still runs
    ("", "Angela Merkel met Emmanuel Macron in Berlin."),
    ("", "🎉🎉🎉 12345 !!! ???"),
    ("en", "The mayor said the plan, which the council approved, will cost €4m. « C'est la vie », he added, and left."),
]


@pytest.mark.parametrize("expected,text", CASES, ids=[f"{e or 'unknown'}-{i}" for i, (e, _) in enumerate(CASES)])
def test_detect(expected, text):
    assert detect(text) == expected
    assert detect(text * 50) == (expected or detect(text * 50))  # long texts are sampled, never slow


def test_detect_reads_a_sample_of_a_long_paste():
    started = time.perf_counter()
    assert detect("der Hafen und die Stadt " * 250_000) == "de"  # 6 MB: sampled, not read whole
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize("language,model,skipped", [
    ("fr", "en", True), ("en", "en", False), ("", "en", False), ("fr", "xx", False), ("zh", "en", True),
])
def test_ner_warning(language, model, skipped):
    assert bool(ner_warning(language, model)) is skipped


def test_enrich_records_the_language_and_skips_ner_with_a_warning(blank_nlp):
    result = enrich(CASES[1][1] + "\n\n" + CASES[1][1].replace("mardi", "mercredi"), nlp=blank_nlp).as_dict()
    assert result["language"] == "fr"
    assert result["entities"] == []
    assert result["body"]  # the cleaning still ran
    assert "looks French (fr)" in result["warnings"][0] and "English (en)" in result["warnings"][0]


def test_enrich_of_english_has_no_warning(blank_nlp):
    result = enrich(CASES[0][1], nlp=blank_nlp).as_dict()
    assert result["language"] == "en" and result["warnings"] == []
