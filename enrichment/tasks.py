"""Thin Celery tasks: job keys in, a call into ``jobs``, retries for transient errors only.
The top of the import graph: nothing in the plugin imports this module (jobs send by name)."""
from __future__ import annotations

import logging

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_process_init
from django.db import InterfaceError, OperationalError, close_old_connections

from .conf import enrichment_settings as conf
from .conf import time_limits
from .jobs import dispatch, recovery, running
from .pipeline.types import Notice

logger = logging.getLogger(__name__)

# A lost database connection is transient; a bug in cleaning is not, and is never retried.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)


@worker_process_init.connect
def load_model_once(**kwargs) -> None:
    """Load spaCy once per worker process, before its first task, never inside one."""
    running.get_nlp()


class EnrichmentTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Retries exhausted or a non-transient error. A chunk over time sends its waiting
        articles alone, each under the per-article limits; otherwise its jobs say what happened."""
        jobs = args[0]
        try:
            close_old_connections()  # the connection that failed is unusable: open a new one
            if isinstance(exc, SoftTimeLimitExceeded) and len(jobs) > 1:
                recovery.send_alone(jobs)
            else:
                recovery.fail_jobs(jobs, failure_message(exc, self.request.retries))
        except TRANSIENT_ERRORS:
            # Still no database: the jobs stay "running"; the sweep sends them again once past
            # their deadline (recovery.requeue_waiting).
            logger.exception("Could not record the failure of %d articles", len(jobs))


def failure_message(exc: BaseException, retries: int) -> str:
    """What editors read in the sidebar and the API: what happened and what to do (a Notice, so
    they read it in their language: enrichment.messages)."""
    detail = " ".join(str(exc).split())[:500] or type(exc).__name__
    if isinstance(exc, TRANSIENT_ERRORS):
        error = f"{type(exc).__name__}: {detail}"
        return Notice("database_unreachable", (
            f"The database was unreachable after {retries} retries ({error}). Once the database is back, "
            "save the article again or run `manage.py enrichment_requeue --failed`."), retries=retries, error=error)
    if isinstance(exc, SoftTimeLimitExceeded):
        return Notice("time_limit", (
            f"Enrichment took longer than {conf.SOFT_TIME_LIMIT} s and was stopped. "
            "The paste may be too long; shorten it or raise ENRICHMENT['SOFT_TIME_LIMIT']."), seconds=conf.SOFT_TIME_LIMIT)
    error = f"{type(exc).__name__}: {detail}"
    return Notice("crashed", error, error=error)


# Idempotent tasks, so: acknowledged after the work, redelivered when a worker dies, and
# retried with backoff and jitter for transient errors only. dispatch.send sets each message's
# time limits by its size; the decorator's are those of a full chunk.
@shared_task(
    bind=True, base=EnrichmentTask, name=dispatch.ENRICH_ARTICLES,
    soft_time_limit=time_limits(2)[0], time_limit=time_limits(2)[1],
    autoretry_for=TRANSIENT_ERRORS, retry_backoff=2, retry_backoff_max=60, retry_jitter=True,
    max_retries=conf.MAX_RETRIES, acks_late=True, reject_on_worker_lost=True, ignore_result=True,
)
def enrich_articles(self, jobs: list[list]) -> dict[str, int]:
    """[article_id, text_hash] jobs through one nlp.pipe stream: an editor's save (one job),
    an import or a re-run (a chunk). Idempotent. The jobs record this worker's node name, so
    the sweep can tell when it is gone."""
    return running.run(jobs, worker=self.request.hostname or "")


# On the interactive queue, which every deployment has a worker for: without a queue of its own
# beat would send it to Celery's default queue ("celery"), which a worker started with
# -Q enrichment,enrichment_bulk never reads.
@shared_task(name=dispatch.REQUEUE_WAITING, ignore_result=True, queue=conf.QUEUE)
def requeue_waiting() -> int:
    """Periodic sweep: send jobs the broker never got, and jobs whose worker died."""
    return recovery.requeue_waiting()
