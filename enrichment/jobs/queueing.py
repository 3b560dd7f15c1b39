"""Writing job rows: an article's current text wants enrichment. Sent after commit, in chunks.

Idempotent by text hash and pipeline version: a text that already has a result of this version
is marked done, not run again (unless forced), and a job already handed to the broker is left to
its task, so queueing the same selection again after an interruption resumes it.
"""
from __future__ import annotations

import contextvars
import math
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction
from django.utils import timezone

from ..articles import article_hash, locked_articles
from ..conf import enrichment_settings as conf
from ..models import EnrichmentResult, EnrichmentState, Status
from ..pipeline.version import PIPELINE_VERSION
from . import dispatch
from .keys import Key, chunked

SCAN_BATCH = 1000  # articles read per query when queueing a large selection

_enqueue_deferred: contextvars.ContextVar[bool] = contextvars.ContextVar("enrichment_enqueue_deferred", default=False)


@contextmanager
def enqueue_deferred():
    """Saves inside do not queue enrichment one by one (the post_save handler skips them): the
    caller queues the articles itself, e.g. in chunks on the bulk queue with ``request_many``."""
    token = _enqueue_deferred.set(True)
    try:
        yield
    finally:
        _enqueue_deferred.reset(token)


def is_enqueue_deferred() -> bool:
    return _enqueue_deferred.get()


def is_enrichment_wanted(article) -> bool:
    """True when the article's text has no job for its current hash, or its job failed: saving
    a failed article again retries it, as the failure messages tell editors."""
    state = EnrichmentState.objects.filter(article=article).only("text_hash", "status").first()
    return state is None or state.text_hash != article_hash(article) or state.status == Status.FAILED


@dataclass
class Queued:
    """What ``request_many`` did: ids now queued, and why the others were skipped."""

    ids: list[int] = field(default_factory=list)
    already_done: int = 0
    in_flight: int = 0
    chunks_sent: int = 0
    unsent: int = 0  # the broker refused: the sweep sends them later


def request_enrichment(article, *, force: bool = False, bulk: bool = False) -> Queued:
    """One article: a chunk of one, on the interactive queue unless ``bulk``."""
    return request_ids([article.pk], force=force, bulk=bulk)


def request_many(articles, *, force: bool = False, bulk: bool = True, chunk_size: int | None = None,
                 on_sent=None) -> Queued:
    """Queue every article of a queryset whose current text has no result of this pipeline
    version (all of them with ``force``), in chunk tasks of ``chunk_size`` ids.
    ``on_sent(n)`` is called per chunk handed to the broker (or refused by it)."""
    outcome = Queued()
    batch: list[int] = []
    for pk in articles.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=SCAN_BATCH):
        batch.append(pk)
        if len(batch) >= SCAN_BATCH:
            request_ids(batch, force=force, bulk=bulk, chunk_size=chunk_size, on_sent=on_sent, outcome=outcome)
            batch = []
    if batch:
        request_ids(batch, force=force, bulk=bulk, chunk_size=chunk_size, on_sent=on_sent, outcome=outcome)
    return outcome


def request_ids(pks: list[int], *, force: bool = False, bulk: bool = True, chunk_size: int | None = None,
                on_sent=None, outcome: Queued | None = None) -> Queued:
    """Write the jobs of these articles and send them once the transaction commits."""
    outcome = outcome or Queued()
    queue = conf.BULK_QUEUE if bulk else conf.QUEUE
    with transaction.atomic():
        keys = _write_jobs(pks, outcome, force=force, queue=queue)
    outcome.ids.extend(pk for pk, _ in keys)
    # After commit, so a worker never looks for a row it cannot see yet; at once outside a transaction.
    transaction.on_commit(partial(_send_chunks, keys, queue, chunk_size or conf.BATCH_SIZE, outcome, on_sent))
    return outcome


def _write_jobs(pks: list[int], outcome: Queued, *, force: bool, queue: str) -> list[Key]:
    # Lock order: the articles, then their jobs; hash the texts as they are now. An editor's save
    # in flight holds its article's row: we wait for it and hash its text. (A job for an old text
    # left by any other race is healed by running.load_jobs.)
    hashes = {a.pk: article_hash(a) for a in locked_articles(pks)}
    states = {s.article_id: s for s in EnrichmentState.objects.select_for_update().filter(article_id__in=pks)
              .order_by("article_id").only("article_id", "text_hash", "status", "sent")}
    done = dict(((r.article_id, r.text_hash), r.duration_ms) for r in EnrichmentResult.objects.filter(
        article_id__in=hashes, pipeline_version=PIPELINE_VERSION).only("article_id", "text_hash", "duration_ms"))
    now = timezone.now()
    wanted: list[EnrichmentState] = []
    for pk, text_hash in hashes.items():
        state = states.get(pk)
        current = state is not None and state.text_hash == text_hash
        if not force and (pk, text_hash) in done:
            outcome.already_done += 1
            if not (current and state.status == Status.DONE):  # e.g. the text was changed back
                wanted.append(_job(pk, text_hash, queue, now, done_in=done[(pk, text_hash)]))
        elif not force and current and state.sent and state.status in (Status.QUEUED, Status.RUNNING):
            outcome.in_flight += 1
        else:
            wanted.append(_job(pk, text_hash, queue, now))
    queued = [s for s in wanted if s.status == Status.QUEUED]
    _upsert(queued, JOB_FIELDS)
    _upsert([s for s in wanted if s.status == Status.DONE], [*JOB_FIELDS, "duration_ms", "pipeline_version"])
    return [(s.article_id, s.text_hash) for s in queued]


JOB_FIELDS = ["text_hash", "status", "error", "sent", "attempts", "queue", "queued_at", "started_at", "deadline",
              "finished_at"]


def _upsert(states: list[EnrichmentState], fields: list[str]) -> None:
    if states:
        EnrichmentState.objects.bulk_create(states, update_conflicts=True, unique_fields=["article"],
                                            update_fields=fields)


def _job(pk: int, text_hash: str, queue: str, now, *, done_in: int | None = None) -> EnrichmentState:
    """A fresh job row: queued, or done at once when this text already has a result."""
    if done_in is not None:
        return EnrichmentState(article_id=pk, text_hash=text_hash, status=Status.DONE, error="", sent=True,
                               attempts=0, queue=queue, queued_at=now, started_at=None, deadline=None,
                               finished_at=now, duration_ms=done_in, pipeline_version=PIPELINE_VERSION)
    return EnrichmentState(article_id=pk, text_hash=text_hash, status=Status.QUEUED, error="", sent=False,
                           attempts=0, queue=queue, queued_at=now, started_at=None, deadline=None,
                           finished_at=None)


def _send_chunks(keys: list[Key], queue: str, size: int, outcome: Queued, on_sent) -> None:
    for chunk in chunked(keys, size):
        if dispatch.send(chunk, queue=queue):
            outcome.chunks_sent += 1
        else:
            outcome.unsent += len(chunk)
        if on_sent:
            on_sent(len(chunk))


def balanced_chunk_size(n: int, *, size: int, workers: int = 1) -> int:
    """At most ``size``, and a multiple of ``workers`` chunks of equal size, so no process idles at the end."""
    if n <= 0:
        return max(1, size)
    n_chunks = max(1, workers) * math.ceil(n / (max(1, size) * max(1, workers)))
    return max(1, math.ceil(n / n_chunks))
