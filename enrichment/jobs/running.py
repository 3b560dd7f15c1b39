"""Running jobs: re-read each article, skip what changed or is done, enrich the rest through one
``nlp.pipe`` stream, store. One article is a chunk of one.

Tasks carry (article_id, text_hash) keys, so a run only ever touches the jobs it was sent for (an
editor's newer job of the same article is left alone); tasks never wait on another task's result.
"""
from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Iterable, Sequence

from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError
from django.db.models import F
from django.utils import timezone

from ..articles import article_hash, article_model, article_text, article_title
from ..conf import enrichment_settings as conf
from ..conf import time_limits
from ..instruments import count_failures, observe_run
from ..models import (
    ERROR_MAX,
    EnrichmentResult,
    EnrichmentState,
    Entity,
    PastedHTML,
    Rule,
    Status,
    error_notice,
)
from ..pipeline import InputError, Options, Rules
from ..pipeline.types import Notice
from ..pipeline.enrich import enrich_many
from ..pipeline.nlp import load_nlp
from ..pipeline.version import PIPELINE_VERSION
from .keys import Key, job_keys, keys_filter
from .queueing import request_enrichment
from .storing import store

logger = logging.getLogger(__name__)

# A lost database (the task retries) or the time limit (the task's on_failure decides): never
# swallowed by the one-by-one fallback.
RERAISED = (OperationalError, InterfaceError, SoftTimeLimitExceeded)
# Runs of one text before giving up: every transient retry, plus room for lost workers.
LOST_WORKER_ALLOWANCE = 3


class Outcome(StrEnum):
    DONE = "done"
    SUPERSEDED = "superseded"  # the text changed: a newer job carries the new hash
    ALREADY_DONE = "already_done"
    FAILED = "failed"
    MISSING = "missing"  # the article was deleted


@dataclass(frozen=True)
class Job:
    article_id: int
    text_hash: str
    text: str
    title: str
    html: str | None = None  # the clipboard's HTML of the article's newest paste, if any


def get_nlp():
    return load_nlp(conf.SPACY_MODEL)


def pipeline_options() -> Options:
    return Options(max_chars=conf.MAX_CHARS, extra_boilerplate=tuple(conf.EXTRA_BOILERPLATE),
                   batch_size=conf.BATCH_SIZE)


def load_rules() -> Rules:
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
    return Rules(aliases=aliases, not_entities=frozenset(not_entities), types=types)


def run(items: Iterable[Sequence], *, nlp=None, worker: str = "") -> dict[str, int]:
    """Enrich these jobs ((article_id, text_hash) pairs) through one ``nlp.pipe`` stream.
    ``worker`` is the Celery node running them (recovery checks it is alive). Returns counts
    of outcomes."""
    keys = job_keys(items)
    outcomes: Counter[str] = Counter()
    jobs = load_jobs(keys, outcomes)
    if jobs:
        started = timezone.now()
        EnrichmentState.objects.filter(_job_filter(jobs)).update(
            status=Status.RUNNING, started_at=started, attempts=F("attempts") + 1, error="", worker=worker,
            deadline=started + timezone.timedelta(seconds=time_limits(len(keys))[1]),
        )
        outcomes.update(_run_jobs(jobs, nlp=nlp or get_nlp()))
    return {str(name): n for name, n in outcomes.items() if n}


def run_one(article_id: int, text_hash: str, *, nlp=None) -> Outcome:
    """One job, as a chunk of one: what happened to it."""
    return Outcome(next(iter(run([(article_id, text_hash)], nlp=nlp))))


def load_jobs(keys: list[Key], outcomes: Counter) -> list[Job]:
    """The jobs still to run, each article read once; what the others are is counted."""
    ids = list(dict.fromkeys(pk for pk, _ in keys))
    articles = {a.pk: a for a in article_model()._default_manager.filter(pk__in=ids)}
    states = {s.article_id: s for s in EnrichmentState.objects.filter(article_id__in=ids).only(
        "article_id", "text_hash", "status", "attempts", "queue")}
    done = set(EnrichmentResult.objects.filter(
        article_id__in=ids, pipeline_version=PIPELINE_VERSION).values_list("article_id", "text_hash"))
    jobs, orphaned = [], []
    for pk, wanted in keys:
        article, state = articles.get(pk), states.get(pk)
        if article is None:
            outcomes[Outcome.MISSING] += 1
            continue
        text_hash = article_hash(article)
        if state is None or state.text_hash != text_hash:
            # The job on file is for an older text and nothing will ever run the current one
            # (a save raced a bulk queueing, or the text was changed by update()): queue it.
            orphaned.append((article, state is not None and state.queue == conf.BULK_QUEUE))
            outcomes[Outcome.SUPERSEDED] += 1
        elif wanted != text_hash:
            outcomes[Outcome.SUPERSEDED] += 1
        elif (pk, text_hash) in done and state.status not in (Status.QUEUED, Status.RUNNING):
            outcomes[Outcome.ALREADY_DONE] += 1
        elif state.attempts >= max_attempts() and gave_up(pk, text_hash):
            outcomes[Outcome.FAILED] += 1  # redelivered again and again: its worker keeps dying
        else:
            jobs.append(Job(pk, text_hash, article_text(article), article_title(article)))
    for article, bulk in orphaned:
        request_enrichment(article, bulk=bulk)
    html = pasted_html([job.article_id for job in jobs])  # read only for the jobs that run
    return [replace(job, html=html.get(job.article_id)) for job in jobs]


def pasted_html(ids: list[int]) -> dict[int, str]:
    """The clipboard's HTML of these articles, whatever text it came with: after an edit it is
    still evidence for the lines that did not change, and the cleaner uses it only for those."""
    return dict(PastedHTML.objects.filter(article_id__in=ids).values_list("article_id", "html")) if ids else {}


def _job_filter(jobs: list[Job]):
    return keys_filter((job.article_id, job.text_hash) for job in jobs)


def _run_jobs(jobs: list[Job], *, nlp) -> Counter:
    outcomes: Counter[str] = Counter()
    started = time.perf_counter()
    try:
        results, failures = _enrich(jobs, nlp=nlp)
    except RERAISED:
        raise
    except Exception as exc:  # a bug on one text must not fail the others: run them one by one
        if len(jobs) == 1:
            error = f"{type(exc).__name__}: {exc}"
            record_failure(jobs[0].article_id, jobs[0].text_hash, Notice("crashed", error, error=error))
            return Counter({Outcome.FAILED: 1})
        logger.exception("Chunk of %d articles failed; running them one by one", len(jobs))
        for job in jobs:
            outcomes.update(_run_jobs([job], nlp=nlp))
        return outcomes
    for job, message in failures:
        record_failure(job.article_id, job.text_hash, message)
    durations = _durations(results, time.perf_counter() - started)
    stored = store(results, durations=durations)
    for job, _ in results:  # one line and one observation per article run
        observe_run(durations[job.article_id] / 1000)
        logger.info("Enriched in %d ms", durations[job.article_id], extra={"article_id": job.article_id})
    outcomes.update({Outcome.FAILED: len(failures), Outcome.DONE: stored,
                     Outcome.SUPERSEDED: len(results) - stored})
    return outcomes


def _enrich(jobs: list[Job], *, nlp) -> tuple[list[tuple[Job, dict]], list[tuple[Job, str]]]:
    by_id = {job.article_id: job for job in jobs}
    results, failures = [], []
    items = ((job.article_id, job.text, job.title, job.html) for job in jobs)
    for key, out in enrich_many(items, nlp=nlp, rules=load_rules(), options=pipeline_options()):
        if isinstance(out, InputError):
            failures.append((by_id[key], Notice(out.code, str(out), **out.params) if out.code else str(out)))
        else:
            results.append((by_id[key], out.as_dict()))
    return results, failures


def _durations(results: list[tuple[Job, dict]], seconds: float) -> dict[int, int]:
    """The chunk's time shared out by words: what each article cost."""
    words = {job.article_id: max(1, len(job.text.split())) for job, _ in results}
    total = sum(words.values()) or 1
    return {pk: round(seconds * 1000 * n / total) for pk, n in words.items()}


def max_attempts() -> int:
    return conf.MAX_RETRIES + LOST_WORKER_ALLOWANCE


def gave_up(article_id: int, text_hash: str) -> bool:
    """A text whose runs keep dying (killed, out of memory, over the hard time limit) would be
    redelivered forever (acks_late + reject_on_worker_lost); after max_attempts() it fails."""
    attempts = EnrichmentState.objects.filter(article_id=article_id, text_hash=text_hash).values_list(
        "attempts", flat=True).first()
    if attempts is None or attempts < max_attempts():
        return False
    record_failure(article_id, text_hash, Notice("gave_up", (
        f"Enrichment of this text was started {attempts} times and never finished: its worker was "
        "killed, ran out of memory or went over the time limit. It is not tried again; shorten the "
        "paste and save it, or save it again once the workers are fixed."), attempts=attempts))
    return True


def record_failure(article_id: int, text_hash: str, message: str) -> None:
    """``message`` in English, and its code and params when it is a Notice (enrichment.messages)."""
    notice = error_notice(message)
    EnrichmentState.objects.filter(article_id=article_id, text_hash=text_hash).update(
        status=Status.FAILED, error=message[:ERROR_MAX], error_notice=notice,
        finished_at=timezone.now(), pipeline_version=PIPELINE_VERSION)
    count_failures(notice.get("code", ""))
    logger.warning("Enrichment failed: %s", message, extra={"article_id": article_id})
