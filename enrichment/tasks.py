"""Thin Celery tasks: ids in, a service call, retries for transient errors only."""
from __future__ import annotations

import logging

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_process_init
from django.db import InterfaceError, OperationalError, close_old_connections

from . import services
from .conf import enrichment_settings as conf

logger = logging.getLogger(__name__)

# A lost database connection is transient; a bug in cleaning is not, and is never retried.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)


@worker_process_init.connect
def load_model_once(**kwargs) -> None:
    """Load spaCy once per worker process, before its first task, never inside one."""
    services.get_nlp()


class EnrichmentTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Retries exhausted or a non-transient error: say so on the article, readably."""
        article_id, text_hash = args[:2]
        try:
            close_old_connections()  # the connection that failed is unusable: open a new one
            services.record_failure(article_id, text_hash, failure_message(exc, self.request.retries))
        except TRANSIENT_ERRORS:
            # Still no database: the job stays "running"; the sweep sends it again once past
            # its deadline (services.requeue_waiting).
            logger.exception("Could not record the failure of article %s", article_id)


def failure_message(exc: BaseException, retries: int) -> str:
    """What editors read in the sidebar and the API: what happened and what to do."""
    detail = " ".join(str(exc).split())[:500] or type(exc).__name__
    if isinstance(exc, TRANSIENT_ERRORS):
        return (f"The database was unreachable after {retries} retries ({type(exc).__name__}: {detail}). "
                "Once the database is back, save the article again or run `manage.py enrichment_requeue --failed`.")
    if isinstance(exc, SoftTimeLimitExceeded):
        return (f"Enrichment took longer than {conf.SOFT_TIME_LIMIT} s and was stopped. "
                "The paste may be too long; shorten it or raise ENRICHMENT['SOFT_TIME_LIMIT'].")
    return f"{type(exc).__name__}: {detail}"


# Idempotent tasks, so: acknowledged after the work, redelivered when a worker dies, and
# retried with backoff and jitter for transient errors only.
RELIABLE = dict(
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=conf.MAX_RETRIES,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
)
# A chunk runs under CHUNK_LIMIT_FACTOR x the per-article limits whatever its length, so its hard
# limit stays under the broker's visibility_timeout (system check enrichment.W002). A chunk over
# its soft limit sends its waiting articles alone, each under the per-article limits
# (BulkEnrichmentTask.on_failure -> bulk.send_alone).
CHUNK_LIMIT_FACTOR = 4


@shared_task(base=EnrichmentTask, soft_time_limit=conf.SOFT_TIME_LIMIT, time_limit=conf.TIME_LIMIT, **RELIABLE)
def enrich_article(article_id: int, text_hash: str) -> str:
    return services.run_enrichment(article_id, text_hash)


class BulkEnrichmentTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """The chunk gave up. Over time: its waiting articles go alone. Otherwise: they say so."""
        from . import bulk

        try:
            close_old_connections()  # the connection that failed is unusable: open a new one
            if isinstance(exc, SoftTimeLimitExceeded):
                bulk.send_alone(args[0])
            else:
                bulk.fail_chunk(args[0], failure_message(exc, self.request.retries))
        except TRANSIENT_ERRORS:
            logger.exception("Could not record the failure of a chunk of %d articles", len(args[0]))


@shared_task(
    base=BulkEnrichmentTask,
    soft_time_limit=conf.SOFT_TIME_LIMIT * CHUNK_LIMIT_FACTOR,
    time_limit=conf.TIME_LIMIT * CHUNK_LIMIT_FACTOR,
    **RELIABLE,
)
def enrich_articles(jobs: list[list]) -> dict[str, int]:
    """A chunk of [article_id, text_hash] jobs through one nlp.pipe stream (bulk re-runs, imports).
    Idempotent. A plain id (a message queued before chunks carried hashes) means the current text."""
    from . import bulk

    return bulk.run_many(jobs)


@shared_task(ignore_result=True)
def requeue_waiting() -> int:
    """Periodic sweep: send jobs the broker never got, and jobs whose worker died."""
    return services.requeue_waiting()
