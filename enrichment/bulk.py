"""Many articles at once: queue them in chunks, enrich a chunk through one `nlp.pipe` stream,
store the chunk in a few queries. The one-article path (editors' saves) stays in services.

Idempotent by text hash and pipeline version: queueing skips articles already done for their
current text, and a chunk task skips what another task finished meanwhile. A chunk task carries
``[article_id, text_hash]`` pairs, so it only ever touches the jobs it was sent for (an editor's
newer job of the same article is left alone); tasks never wait on another task's result.
"""
from __future__ import annotations

import logging
import math
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Sequence, TypeVar

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from . import pipeline, services
from .conf import enrichment_settings as conf
from .models import ArticleEntity, Decision, EnrichmentResult, EnrichmentState, Entity, Status
from .pipeline.enrich import enrich_many

logger = logging.getLogger(__name__)

SCAN_BATCH = 1000  # articles read per query when queueing a large selection

Key = tuple[int, str]  # one job: (article_id, text_hash)
T = TypeVar("T")


def job_keys(items: Iterable[Any]) -> list[Key]:
    """A chunk task's arguments as (article_id, text_hash) pairs. A plain id, as in messages
    queued before chunks carried hashes, stands for the article's current text."""
    items = list(items)
    bare = [int(item) for item in items if not isinstance(item, (list, tuple))]
    current = {}
    if bare:
        current = {a.pk: services.article_hash(a) for a in services.article_model().objects.filter(pk__in=bare)}
    return [(int(item[0]), str(item[1])) if isinstance(item, (list, tuple)) else (int(item), current.get(int(item), ""))
            for item in items]


def keys_filter(keys: Iterable[Key]) -> Q:
    """The state rows of exactly these jobs: article and text hash."""
    q = Q(pk__in=[])
    for article_id, text_hash in keys:
        q |= Q(article_id=article_id, text_hash=text_hash)
    return q


# --- queueing many ----------------------------------------------------------------------------

@dataclass
class Queued:
    """What `request_many` did: ids now queued, and why the others were skipped."""

    ids: list[int] = field(default_factory=list)
    already_done: int = 0
    in_flight: int = 0
    chunks_sent: int = 0
    unsent: int = 0  # the broker refused: the sweep sends them later


def chunked(ids: Sequence[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(ids), max(1, size)):
        yield list(ids[start:start + max(1, size)])


def balanced_chunk_size(n: int, *, size: int, workers: int = 1) -> int:
    """At most `size`, and a multiple of `workers` chunks of equal size, so no process idles at the end."""
    if n <= 0:
        return max(1, size)
    n_chunks = max(1, workers) * math.ceil(n / (max(1, size) * max(1, workers)))
    return max(1, math.ceil(n / n_chunks))


def request_many(
    articles, *, force: bool = False, bulk: bool = True, chunk_size: int | None = None,
    on_sent=None,
) -> Queued:
    """Queue every article of a queryset whose current text has no result of this pipeline
    version (all of them with ``force``), in chunk tasks of ``chunk_size`` ids.

    Articles already queued and handed to the broker are left to their task, so running the
    same selection again after an interruption resumes it. ``on_sent(n)`` is called per chunk.
    """
    queue = conf.BULK_QUEUE if bulk else conf.QUEUE
    size = chunk_size or conf.BATCH_SIZE
    outcome = Queued()
    batch: list[int] = []
    for pk in articles.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=SCAN_BATCH):
        batch.append(pk)
        if len(batch) >= SCAN_BATCH:
            _queue_batch(batch, outcome, force=force, queue=queue, size=size, on_sent=on_sent)
            batch = []
    if batch:
        _queue_batch(batch, outcome, force=force, queue=queue, size=size, on_sent=on_sent)
    return outcome


def _queue_batch(pks: list[int], outcome: Queued, *, force: bool, queue: str, size: int, on_sent) -> None:
    with transaction.atomic():
        # Lock the jobs first, then hash the texts as they are now. An editor's save that
        # committed meanwhile is seen here; one still in flight waits for these locks in
        # request_enrichment and writes its own newer job after ours. (A job row created by such a
        # save in between is caught later: run_enrichment and _jobs heal a job for an old text.)
        states = {s.article_id: s for s in EnrichmentState.objects.select_for_update().filter(article_id__in=pks)
                  .order_by("article_id").only("article_id", "text_hash", "status", "sent")}
        hashes = {a.pk: services.article_hash(a)
                  for a in services.article_model().objects.filter(pk__in=pks).order_by("pk")}
        done = set(EnrichmentResult.objects.filter(
            article_id__in=hashes, pipeline_version=pipeline.PIPELINE_VERSION
        ).values_list("article_id", "text_hash"))
        now = timezone.now()
        wanted: list[EnrichmentState] = []
        for pk, text_hash in hashes.items():
            state = states.get(pk)
            current = state is not None and state.text_hash == text_hash
            if not force and (pk, text_hash) in done and current and state.status == Status.DONE:
                outcome.already_done += 1
            elif not force and current and state.sent and state.status in (Status.QUEUED, Status.RUNNING):
                outcome.in_flight += 1
            else:
                wanted.append(EnrichmentState(
                    article_id=pk, text_hash=text_hash, status=Status.QUEUED, error="", sent=False, attempts=0,
                    queue=queue, queued_at=now, started_at=None, deadline=None, finished_at=None,
                ))
        if not wanted:
            return
        EnrichmentState.objects.bulk_create(
            wanted, update_conflicts=True, unique_fields=["article"],
            update_fields=["text_hash", "status", "error", "sent", "attempts", "queue", "queued_at", "started_at",
                           "deadline", "finished_at"],
        )
    keys = [(s.article_id, s.text_hash) for s in wanted]
    outcome.ids.extend(pk for pk, _ in keys)
    for chunk in chunked(keys, size):
        if send_chunk(chunk, queue=queue):
            outcome.chunks_sent += 1
        else:
            outcome.unsent += len(chunk)
        if on_sent:
            on_sent(len(chunk))


def send_chunk(keys: list[Key], *, queue: str | None = None) -> bool:
    """One `enrich_articles` task for a chunk of (article_id, text_hash) jobs; marks those jobs
    as handed to the broker. The task runs under its own limits (tasks.CHUNK_LIMIT_FACTOR x the
    per-article ones), never scaled by the chunk's length: a hard limit past the broker's
    visibility_timeout would have Redis hand a still-running chunk to a second worker."""
    from .tasks import enrich_articles

    queue = queue or conf.BULK_QUEUE
    try:
        enrich_articles.apply_async(args=([list(key) for key in keys],), queue=queue)
    except Exception as exc:  # kombu/redis raise many types for "broker unreachable"
        logger.warning("Broker unreachable, %d articles wait for the sweep: %s", len(keys), exc)
        return False
    EnrichmentState.objects.filter(keys_filter(keys), status=Status.QUEUED).update(sent=True, queue=queue)
    return True


# --- running a chunk --------------------------------------------------------------------------

@dataclass(frozen=True)
class Job:
    article_id: int
    text_hash: str
    text: str
    title: str


def run_many(items: Iterable[Any], *, nlp=None) -> dict[str, int]:
    """Enrich a chunk of jobs ((article_id, text_hash) pairs, or plain ids for the current text)
    through one `nlp.pipe` stream. Returns counts of outcomes."""
    keys = list(dict.fromkeys(job_keys(items)))
    outcomes: Counter[str] = Counter()
    jobs = _jobs(keys, outcomes)
    if not jobs:
        return {name: n for name, n in outcomes.items() if n}
    started = timezone.now()
    deadline = started + timezone.timedelta(seconds=chunk_time_limit())
    EnrichmentState.objects.filter(_job_filter(jobs)).update(
        status=Status.RUNNING, started_at=started, deadline=deadline, attempts=F("attempts") + 1, error=""
    )
    try:
        results, failures, seconds = _enrich(jobs, nlp=nlp or services.get_nlp())
    except _reraised():  # a lost database (the task retries the chunk) or the time limit
        raise
    except Exception:  # a bug on one text must not fail the others: run them one by one
        logger.exception("Chunk of %d articles failed; running them one by one", len(jobs))
        for job in jobs:
            outcomes[_run_alone(job, deadline=deadline)] += 1
        return dict(outcomes)
    for job, message in failures:
        services.record_failure(job.article_id, job.text_hash, message)
    outcomes["failed"] += len(failures)
    stored = store_many(results, durations=_durations(results, seconds))
    outcomes["done"] += stored
    outcomes["superseded"] += len(results) - stored
    return {name: n for name, n in outcomes.items() if n}


def _reraised() -> tuple[type[BaseException], ...]:
    from celery.exceptions import SoftTimeLimitExceeded
    from django.db import InterfaceError, OperationalError

    return (OperationalError, InterfaceError, SoftTimeLimitExceeded)


def chunk_time_limit() -> float:
    """The hard time limit a chunk task runs under (what its deadline is counted from)."""
    from .tasks import enrich_articles

    return enrich_articles.time_limit


def _jobs(keys: list[Key], outcomes: Counter) -> list[Job]:
    ids = list(dict.fromkeys(pk for pk, _ in keys))
    articles = {a.pk: a for a in services.article_model().objects.filter(pk__in=ids)}
    states = {s.article_id: s for s in EnrichmentState.objects.filter(article_id__in=ids).only(
        "article_id", "text_hash", "status", "attempts")}
    done = set(EnrichmentResult.objects.filter(
        article_id__in=ids, pipeline_version=pipeline.PIPELINE_VERSION
    ).values_list("article_id", "text_hash"))
    jobs, orphaned = [], []
    for pk, wanted in keys:
        article, state = articles.get(pk), states.get(pk)
        if article is None:
            outcomes["missing"] += 1
            continue
        text_hash = services.article_hash(article)
        if state is None or state.text_hash != text_hash:
            # The job on file is for an older text and nothing will ever run the current one
            # (a save raced a bulk queueing, or the text was changed by update()): queue it.
            orphaned.append(article)
            outcomes["superseded"] += 1
        elif wanted != text_hash:
            outcomes["superseded"] += 1  # the text changed; a newer job carries the new hash
        elif (pk, text_hash) in done and state.status not in (Status.QUEUED, Status.RUNNING):
            outcomes["already_done"] += 1
        elif state.attempts >= services.max_attempts() and services.gave_up(pk, text_hash):
            outcomes["failed"] += 1  # a chunk redelivered again and again (its worker keeps dying)
        else:
            jobs.append(Job(pk, text_hash, services.article_text(article), services.article_title(article)))
    for article in orphaned:
        with transaction.atomic():
            services.request_enrichment(article, bulk=True)
    return jobs


def _job_filter(jobs: list[Job]) -> Q:
    return keys_filter((job.article_id, job.text_hash) for job in jobs)


def _enrich(jobs: list[Job], *, nlp) -> tuple[list[tuple[Job, dict]], list[tuple[Job, str]], float]:
    by_id = {job.article_id: job for job in jobs}
    results, failures = [], []
    started = time.perf_counter()
    items = ((job.article_id, job.text, job.title) for job in jobs)
    for key, out in enrich_many(items, nlp=nlp, rules=services.load_rules(), options=services.pipeline_options()):
        if isinstance(out, pipeline.InputError):
            failures.append((by_id[key], str(out)))
        else:
            results.append((by_id[key], out.as_dict()))
    return results, failures, time.perf_counter() - started


def _durations(results: list[tuple[Job, dict]], seconds: float) -> dict[int, int]:
    """The chunk's time shared out by words: what each article cost."""
    words = {job.article_id: max(1, len(job.text.split())) for job, _ in results}
    total = sum(words.values()) or 1
    return {pk: round(seconds * 1000 * n / total) for pk, n in words.items()}


def _run_alone(job: Job, *, deadline) -> str:
    try:
        return services.run_enrichment(job.article_id, job.text_hash, deadline=deadline)
    except _reraised():
        raise
    except Exception as exc:
        services.record_failure(job.article_id, job.text_hash, f"{type(exc).__name__}: {exc}")
        return "failed"


def send_alone(items: Iterable[Any]) -> int:
    """Send each still-waiting job of a chunk as its own task, under the per-article limits."""
    waiting = EnrichmentState.objects.filter(
        keys_filter(job_keys(items)), status__in=[Status.QUEUED, Status.RUNNING]
    ).values_list("article_id", "text_hash")
    return sum(services.send_task(article_id, text_hash, queue=conf.BULK_QUEUE) for article_id, text_hash in waiting)


def fail_chunk(items: Iterable[Any], message: str) -> int:
    """A chunk task gave up: every job of it still waiting says so (not a newer job of the same
    article, which is for another text)."""
    return EnrichmentState.objects.filter(
        keys_filter(job_keys(items)), status__in=[Status.QUEUED, Status.RUNNING]
    ).update(status=Status.FAILED, error=message[:2000], finished_at=timezone.now())


# --- storing a chunk --------------------------------------------------------------------------

def store_many(results: list[tuple[Job, dict]], *, durations: dict[int, int]) -> int:
    """Store a chunk's results in one transaction and a few queries, only for jobs still for
    their text. Returns how many were stored."""
    if not results:
        return 0
    version = pipeline.PIPELINE_VERSION
    with transaction.atomic():
        states = list(EnrichmentState.objects.select_for_update().filter(
            article_id__in=[job.article_id for job, _ in results]
        ).order_by("article_id").only("id", "article_id", "text_hash"))
        current = {s.article_id: s for s in states}
        kept = [(job, data) for job, data in results
                if job.article_id in current and current[job.article_id].text_hash == job.text_hash]
        if not kept:
            return 0
        EnrichmentResult.objects.bulk_create(
            [EnrichmentResult(article_id=job.article_id, text_hash=job.text_hash, pipeline_version=version,
                              data=data, duration_ms=durations.get(job.article_id, 0)) for job, data in kept],
            update_conflicts=True, unique_fields=["article", "text_hash", "pipeline_version"],
            update_fields=["data", "duration_ms"],  # a forced re-run: the newest output wins
        )
        now = timezone.now()
        finished = []
        for job, _ in kept:
            state = current[job.article_id]
            state.status, state.error, state.finished_at = Status.DONE, "", now
            state.pipeline_version, state.duration_ms = version, durations.get(job.article_id, 0)
            finished.append(state)
        EnrichmentState.objects.bulk_update(
            finished, ["status", "error", "finished_at", "pipeline_version", "duration_ms"]
        )
        sync_entities_many({job.article_id: data for job, data in kept})
    return len(kept)


def sync_entities_many(data_by_article: dict[int, dict[str, Any] | None]) -> None:
    """Link articles to canonical entities as editors see them (decisions applied), in a few
    queries whatever the number of articles and entities. ``None`` data unlinks the article."""
    from .decisions import apply_all

    ids = list(data_by_article)
    decisions: dict[int, list[Decision]] = defaultdict(list)
    for decision in Decision.objects.filter(article_id__in=ids).order_by("created_at", "id"):
        decisions[decision.article_id].append(decision)
    shown: dict[int, list[dict]] = {}
    wanted: dict[tuple[str, str], list[str]] = {}
    for pk, data in data_by_article.items():
        entities = apply_all(dict(services.EMPTY_RESULT, **data), decisions[pk])["entities"] if data else []
        shown[pk] = entities
        for item in entities:
            aliases = wanted.setdefault((item["name"][:300], item["type"]), [])
            aliases.extend(a for a in item.get("aliases", []) if a not in aliases)
    entities = _entities(wanted)
    with transaction.atomic():
        ArticleEntity.objects.filter(article_id__in=ids).delete()
        ArticleEntity.objects.bulk_create([
            ArticleEntity(
                article_id=pk, entity=entities[(item["name"][:300], item["type"])],
                mentions=item.get("mentions", 0), salience=item.get("salience", 0.0),
                in_body=item.get("in_body", True), in_captions=item.get("in_captions", False),
            )
            for pk, items in shown.items() for item in items
        ], ignore_conflicts=True)


def _entities(wanted: dict[tuple[str, str], list[str]]) -> dict[tuple[str, str], Entity]:
    """Existing or new Entity rows for (name, type) keys; new aliases are added to old rows.
    Sorted writes: two workers creating the same entities never deadlock."""
    if not wanted:
        return {}

    def fetch() -> dict[tuple[str, str], Entity]:
        rows = Entity.objects.filter(name__in={name for name, _ in wanted}).only("id", "name", "type", "aliases")
        return {(e.name, e.type): e for e in rows if (e.name, e.type) in wanted}

    found = fetch()
    missing = sorted(key for key in wanted if key not in found)
    if missing:
        Entity.objects.bulk_create(
            [Entity(name=name, type=type_, aliases=wanted[(name, type_)]) for name, type_ in missing],
            ignore_conflicts=True,
        )
        found = fetch()
    grown = []
    for key in sorted(wanted):
        entity = found[key]
        new = [a for a in wanted[key] if a not in entity.aliases]
        if new:
            entity.aliases = entity.aliases + new
            grown.append(entity)
    if grown:
        Entity.objects.bulk_update(grown, ["aliases"])
    return found
