"""The one place that turns pipeline results into rows. Tasks, admin, API and commands call it.

Invariants: the pasted text is never written; a result is stored only for the text hash the
job is still for; editors' decisions are kept apart from results and applied over them.
"""
from __future__ import annotations

import contextvars
import hashlib
import logging
import time
from contextlib import contextmanager
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from . import pipeline
from .pipeline.enrich import enrich
from .pipeline.nlp import load_nlp
from .conf import enrichment_settings as conf
from .models import EnrichmentResult, EnrichmentState, Entity, Rule, Status

logger = logging.getLogger(__name__)


# --- reading the host's article ---------------------------------------------------------------

def article_model():
    return conf.article_model()


def article_text(article) -> str:
    return getattr(article, conf.TEXT_FIELD) or ""


def article_title(article) -> str:
    return getattr(article, conf.TITLE_FIELD, "") or ""


def content_hash(text: str, title: str = "") -> str:
    return hashlib.sha256(f"{title}\x00{text}".encode("utf-8", "surrogatepass")).hexdigest()


def article_hash(article) -> str:
    return content_hash(article_text(article), article_title(article))


def pipeline_options() -> pipeline.Options:
    return pipeline.Options(
        max_chars=conf.MAX_CHARS, extra_boilerplate=tuple(conf.EXTRA_BOILERPLATE), batch_size=conf.BATCH_SIZE
    )


def load_rules() -> pipeline.Rules:
    """Editors' newsroom-wide rules, read fresh for every run: no worker restart needed.

    The ruler tags an alias only when it knows its type: an alias rule without one takes the
    rule's own `entity_type`, else the type of its canonical entity in the store (when that
    name has exactly one), so "Alexey Voronin" is found even where NER would miss it.
    """
    aliases, not_entities, types, alias_types = {}, set(), {}, {}
    for kind, text, canonical, entity_type in Rule.objects.filter(active=True).values_list(
        "kind", "text", "canonical", "entity_type"
    ):
        if kind == Rule.Kind.ALIAS and canonical:
            aliases[text] = canonical
            if entity_type:
                alias_types[text] = entity_type
        elif kind == Rule.Kind.NOT_ENTITY:
            not_entities.add(text)
        elif kind == Rule.Kind.TYPE and entity_type:
            types[text] = entity_type
    untyped = {a: c for a, c in aliases.items() if a not in alias_types and a not in types and c not in types}
    if untyped:
        known: dict[str, set[str]] = {}
        for name, type_ in Entity.objects.filter(name__in=set(untyped.values())).values_list("name", "type"):
            known.setdefault(name, set()).add(type_)
        alias_types.update({a: next(iter(known[c])) for a, c in untyped.items() if len(known.get(c, ())) == 1})
    for alias, type_ in alias_types.items():
        types.setdefault(alias, type_)
    return pipeline.Rules(aliases=aliases, not_entities=frozenset(not_entities), types=types)


# --- queueing ---------------------------------------------------------------------------------

_enqueue_deferred: contextvars.ContextVar[bool] = contextvars.ContextVar("enrichment_enqueue_deferred", default=False)


@contextmanager
def enqueue_deferred():
    """Saves inside do not queue enrichment one by one (the post_save handler skips them): the
    caller queues the articles itself, e.g. in chunks on the bulk queue with bulk.request_many."""
    token = _enqueue_deferred.set(True)
    try:
        yield
    finally:
        _enqueue_deferred.reset(token)


def is_enqueue_deferred() -> bool:
    return _enqueue_deferred.get()


def request_enrichment(article, *, force: bool = False, bulk: bool = False) -> EnrichmentState:
    """Mark the article's current text as wanting enrichment; send the task after commit.

    Without ``force``, a text already enriched by this pipeline version is not run again.
    """
    text_hash = article_hash(article)
    done = EnrichmentResult.objects.filter(
        article=article, text_hash=text_hash, pipeline_version=pipeline.PIPELINE_VERSION
    ).first()
    if done and not force:
        state, _ = EnrichmentState.objects.update_or_create(
            article=article,
            defaults=dict(text_hash=text_hash, status=Status.DONE, error="", sent=True,
                          pipeline_version=done.pipeline_version, duration_ms=done.duration_ms),
        )
        return state
    queue = conf.BULK_QUEUE if bulk else conf.QUEUE
    state, _ = EnrichmentState.objects.update_or_create(
        article=article,
        defaults=dict(text_hash=text_hash, status=Status.QUEUED, error="", sent=False, attempts=0, queue=queue,
                      queued_at=timezone.now(), started_at=None, deadline=None, finished_at=None),
    )
    transaction.on_commit(partial(send_task, article.pk, text_hash, queue=queue))
    return state


def send_task(article_id: int, text_hash: str, *, queue: str | None = None) -> bool:
    """Hand the job to the broker. A broker outage must not fail the editor's save: the job
    stays queued and unsent, and the periodic sweep sends it when the broker is back."""
    from .tasks import enrich_article

    queue = queue or conf.QUEUE
    try:
        enrich_article.apply_async(args=(article_id, text_hash), queue=queue)
    except Exception as exc:  # kombu/redis raise many types for "broker unreachable"
        logger.warning("Broker unreachable, article %s waits for the sweep: %s", article_id, exc)
        return False
    EnrichmentState.objects.filter(article_id=article_id, text_hash=text_hash).update(sent=True, queue=queue)
    return True


def is_enrichment_wanted(article) -> bool:
    """True when the article's text has no job for its current hash, or its job failed: saving
    a failed article again retries it, as the failure messages tell editors."""
    state = EnrichmentState.objects.filter(article=article).only("text_hash", "status").first()
    return state is None or state.text_hash != article_hash(article) or state.status == Status.FAILED


# --- running ----------------------------------------------------------------------------------

def run_enrichment(article_id: int, text_hash: str, *, nlp=None, deadline=None) -> str:
    """Enrich one article if its job is still for ``text_hash``. Returns what happened.

    ``deadline``: when the run counts as lost (the caller's task limit); by default now + the
    hard time limit of `enrich_article`.
    """
    article = article_model().objects.filter(pk=article_id).first()
    if article is None:
        return "missing"
    current = article_hash(article)
    job_hash = EnrichmentState.objects.filter(article_id=article_id).values_list("text_hash", flat=True).first()
    if job_hash != current:
        # The job on file is for an older text (a save raced a bulk queueing, or the text was
        # changed by update()): nothing would ever run the current text. Queue it.
        with transaction.atomic():
            request_enrichment(article)
        return "superseded"
    if current != text_hash:
        return "superseded"  # the text changed; a newer job carries the new hash
    if EnrichmentResult.objects.filter(
        article_id=article_id, text_hash=text_hash, pipeline_version=pipeline.PIPELINE_VERSION
    ).exists() and not _state_wants_rerun(article_id, text_hash):
        _finish(article_id, text_hash, Status.DONE)
        return "already_done"
    if gave_up(article_id, text_hash):
        return "failed"
    now = timezone.now()
    EnrichmentState.objects.filter(article_id=article_id, text_hash=text_hash).update(
        status=Status.RUNNING, started_at=now, attempts=F("attempts") + 1, error="",
        deadline=deadline or now + timezone.timedelta(seconds=single_time_limit()),
    )
    started = time.perf_counter()
    try:
        result = enrich(
            article_text(article), nlp=nlp or get_nlp(), title=article_title(article),
            rules=load_rules(), options=pipeline_options(),
        )
    except pipeline.InputError as exc:
        record_failure(article_id, text_hash, str(exc))
        return "failed"
    duration_ms = round((time.perf_counter() - started) * 1000)
    return "done" if store_result(article_id, text_hash, result.as_dict(), duration_ms=duration_ms) else "superseded"


def single_time_limit() -> float:
    """The hard time limit a one-article task runs under (what its deadline is counted from)."""
    from .tasks import enrich_article

    return enrich_article.time_limit


def max_attempts() -> int:
    """Runs of one text before giving up: every transient retry, plus room for lost workers."""
    return conf.MAX_RETRIES + 3


def gave_up(article_id: int, text_hash: str) -> bool:
    """A text whose runs keep dying (killed, out of memory, over the hard time limit) would be
    redelivered forever (acks_late + reject_on_worker_lost); after max_attempts() it fails."""
    attempts = EnrichmentState.objects.filter(article_id=article_id, text_hash=text_hash).values_list(
        "attempts", flat=True).first()
    if attempts is None or attempts < max_attempts():
        return False
    record_failure(article_id, text_hash, (
        f"Enrichment of this text was started {attempts} times and never finished: its worker was "
        "killed, ran out of memory or went over the time limit. It is not tried again; shorten the "
        "paste and save it, or save it again once the workers are fixed."))
    return True


def _state_wants_rerun(article_id: int, text_hash: str) -> bool:
    """A forced re-run leaves the state queued although a result exists."""
    return EnrichmentState.objects.filter(
        article_id=article_id, text_hash=text_hash, status__in=[Status.QUEUED, Status.RUNNING]
    ).exists()


def get_nlp():
    return load_nlp(conf.SPACY_MODEL)


def store_result(article_id: int, text_hash: str, data: dict[str, Any], *, duration_ms: int) -> bool:
    """Store a run's result, in one transaction, only if the job is still for this text."""
    with transaction.atomic():
        state = EnrichmentState.objects.select_for_update().filter(article_id=article_id).first()
        if state is None or state.text_hash != text_hash:
            return False
        result, created = EnrichmentResult.objects.get_or_create(
            article_id=article_id, text_hash=text_hash, pipeline_version=pipeline.PIPELINE_VERSION,
            defaults={"data": data, "duration_ms": duration_ms},
        )
        if not created:  # a forced re-run: the newest output wins
            result.data, result.duration_ms = data, duration_ms
            result.save(update_fields=["data", "duration_ms"])
        _finish(article_id, text_hash, Status.DONE, duration_ms=duration_ms)
        sync_entities(article_id)
    return True


def record_failure(article_id: int, text_hash: str, message: str) -> None:
    _finish(article_id, text_hash, Status.FAILED, error=message[:2000])


def _finish(article_id: int, text_hash: str, status: str, *, error: str = "", duration_ms=None) -> None:
    fields = dict(status=status, error=error, finished_at=timezone.now(), pipeline_version=pipeline.PIPELINE_VERSION)
    if duration_ms is not None:
        fields["duration_ms"] = duration_ms
    EnrichmentState.objects.filter(article_id=article_id, text_hash=text_hash).update(**fields)


# --- reading results --------------------------------------------------------------------------

# The status and the view live in enrichment.status (one definition, SQL and its Python twin).
from .status import (  # noqa: E402,F401  re-exported: callers use services.*
    EMPTY_RESULT, current_result, enrichment_status, enrichment_view, prefetch_enrichment, status_counts, with_status,
)


def apply_decisions(article, data: dict[str, Any]) -> dict[str, Any]:
    """Editors' decisions win over any run (see enrichment.decisions)."""
    from .decisions import apply_all

    return apply_all(data, list(article.enrichment_decisions.all()))


# --- the cross-article entity store -----------------------------------------------------------

def sync_entities(article_id: int) -> None:
    """Link the article to canonical entities as editors see them (decisions applied)."""
    from .bulk import sync_entities_many

    result = current_result(article_model().objects.get(pk=article_id))
    sync_entities_many({article_id: result.data if result else None})


# --- recovery ---------------------------------------------------------------------------------

def requeue_waiting(*, older_than: float | None = None) -> int:
    """Send again every job that is waiting without a task: never handed to the broker, queued
    longer than REQUEUE_AFTER, or running past its deadline (its worker is gone). Each goes back
    to the queue it was sent to; jobs of the bulk queue go as chunks. Articles that never got a
    job at all are included. Returns how many jobs were sent.

    A bulk backlog legitimately waits for hours: in the periodic sweep (no ``older_than``), a
    bulk job already handed to the broker is sent again only when the broker's bulk queue is
    empty or cannot be read, i.e. when its message may have been lost.
    """
    from . import bulk

    now = timezone.now()
    wait = timezone.timedelta(seconds=conf.REQUEUE_AFTER if older_than is None else older_than)
    # Rows from before deadlines were recorded: lost once past the longest limit of any task.
    legacy = timezone.timedelta(seconds=max(single_time_limit(), bulk.chunk_time_limit()))
    waiting = EnrichmentState.objects.filter(
        Q(status=Status.QUEUED, sent=False)
        | Q(status=Status.QUEUED, queued_at__lt=now - wait)
        | Q(status=Status.RUNNING, deadline__lt=now)
        | Q(status=Status.RUNNING, deadline__isnull=True, started_at__lt=now - legacy)
    ).order_by("article_id")
    singles: list[tuple[int, str, str]] = []
    chunks: dict[str, list[tuple[int, str]]] = {}
    backlog: dict[str, int | None] = {}
    for article_id, text_hash, queue, status, was_sent in waiting.values_list(
        "article_id", "text_hash", "queue", "status", "sent"
    ):
        queue = queue or conf.QUEUE
        if queue != conf.BULK_QUEUE:
            singles.append((article_id, text_hash, queue))
            continue
        if older_than is None and status == Status.QUEUED and was_sent:
            if queue not in backlog:
                backlog[queue] = broker_backlog(queue)
            if backlog[queue]:
                continue  # its message is still on the broker, behind the others
        chunks.setdefault(queue, []).append((article_id, text_hash))
    sent = 0
    for article_id, text_hash, queue in singles:
        EnrichmentState.objects.filter(article_id=article_id, text_hash=text_hash).update(
            status=Status.QUEUED, queued_at=now, deadline=None
        )
        sent += send_task(article_id, text_hash, queue=queue)
    for queue, keys in chunks.items():
        for chunk in bulk.chunked(keys, conf.BATCH_SIZE):
            EnrichmentState.objects.filter(bulk.keys_filter(chunk)).update(
                status=Status.QUEUED, queued_at=now, deadline=None
            )
            if bulk.send_chunk(chunk, queue=queue):
                sent += len(chunk)
    for article in article_model().objects.filter(enrichment_state__isnull=True).iterator():
        with transaction.atomic():
            request_enrichment(article)
        sent += 1
    return sent


def broker_backlog(queue: str) -> int | None:
    """How many messages wait in ``queue`` on the broker; None when the broker cannot say."""
    from celery import current_app

    try:
        with current_app.connection_for_read() as connection:
            return connection.default_channel.queue_declare(queue=queue, passive=True).message_count
    except Exception:  # unreachable, unknown queue, or a transport that does not count
        return None
