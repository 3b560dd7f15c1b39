"""Warnings and errors stored as codes, rendered in the reader's language; the Python-side
strings (editorial errors, status labels, validators) translated through the French catalogue."""
from __future__ import annotations

import pytest
from django.utils import translation

from enrichment import editorial
from enrichment.decisions import ENTITY_TYPES
from enrichment.editorial import EditorialError
from enrichment.messages import ENTITY_TYPE_LABELS, TEMPLATES, render, render_error
from enrichment.models import Status
from enrichment.pipeline.cleaning.site_patterns import SitePattern
from enrichment.pipeline.entities.language import ner_warning
from enrichment.pipeline.types import InputError, Notice
from enrichment.validators import paste_problem


def stored(notice: Notice) -> dict:
    return notice.as_dict()


def test_a_ner_warning_is_stored_as_a_code_and_read_in_french():
    warning = stored(ner_warning("sv", "en", 0.93))
    assert warning["code"] == "ner_skipped" and warning["params"]["language"] == "sv"
    with translation.override("fr"):
        text = render(warning)
    assert text.startswith("Les entités n'ont pas été recherchées")
    assert "suédois" in text.lower() and "anglais" in text.lower() and "0,93" in text
    with translation.override("en"):
        assert render(warning) == warning["text"]  # the English template says what the pipeline said


def test_a_site_pattern_timeout_uses_the_plural_of_the_language():
    site = SitePattern(r"(?:a|aa)+b")
    site.timeouts = 2
    warning = stored(site.warning())
    with translation.override("fr"):
        text = render(warning)
    assert "sur 2 lignes" in text and "ces lignes ont été conservées" in text and "(?:a|aa)+b" in text
    site.timeouts = 1
    with translation.override("fr"):
        assert "sur 1 ligne ;" in render(stored(site.warning())).replace("\u00a0", " ")


def test_plain_string_warnings_stored_before_codes_still_read():
    assert render("A warning written before codes.") == "A warning written before codes."
    unknown = {"code": "from_a_newer_version", "params": {}, "text": "Its English text."}
    assert render(unknown) == "Its English text."
    broken = {"code": "text_too_long", "params": {"length": 5}, "text": "The text has 5 characters."}
    assert render(broken) == "The text has 5 characters."  # a missing param falls back to the text


def test_every_input_error_of_the_cleaning_has_a_template():
    from enrichment.pipeline.cleaning.clean import check_input
    from enrichment.pipeline.types import Options

    codes = set()
    for text in (None, "   ", "x" * 11):
        with pytest.raises(InputError) as caught:
            check_input(text, options=Options(max_chars=10))
        codes.add(caught.value.code)
    assert codes == {"not_a_string", "empty_text", "text_too_long"} and codes <= set(TEMPLATES)


def test_a_job_error_is_rendered_only_from_the_notice_it_was_written_with():
    notice = stored(Notice("gave_up", "Enrichment of this text was started 8 times …", attempts=8))
    with translation.override("fr"):
        assert render_error(notice["text"], notice).startswith("L'enrichissement de ce texte a été lancé 8 fois")
        # an error written later without a code (the notice on file is for another error): as stored
        assert render_error("OperationalError: gone", notice) == "OperationalError: gone"
        assert render_error("Legacy English error.", {}) == "Legacy English error."


def test_status_labels_and_entity_types_are_translated():
    with translation.override("fr"):
        assert str(Status.QUEUED.label) == "En file d'attente" and str(Status.FAILED.label) == "En échec"
        assert str(ENTITY_TYPE_LABELS["PERSON"]) == "Personnes"
    assert list(ENTITY_TYPE_LABELS) == list(ENTITY_TYPES)  # the same types, in the editorial order
    with translation.override("en"):
        assert {k: str(v) for k, v in ENTITY_TYPE_LABELS.items()} == ENTITY_TYPES  # English labels unchanged


@pytest.mark.django_db
def test_an_editorial_error_is_raised_in_the_editors_language(enriched_article):
    with translation.override("fr"), pytest.raises(EditorialError) as caught:
        editorial.decide(enriched_article, action="confirm_entity", target="Nobody Here")
    assert str(caught.value) == "Aucune entité nommée 'Nobody Here' dans l'enrichissement de cet article."


def test_validators_speak_french_with_french_number_grouping(settings):
    settings.ENRICHMENT = {**settings.ENRICHMENT, "MAX_CHARS": 1000}
    with translation.override("fr"):
        problem = paste_problem("x" * 1500)
    assert problem.startswith("Le texte compte 1\u202f500 caractères") or problem.startswith("Le texte compte 1\u00a0500")
