"""Thin Celery tasks: ids in, a service call, retries for transient errors only."""
from __future__ import annotations

import logging

from celery import Task, shared_task
from celery.signals import worker_process_init
from django.db import InterfaceError, OperationalError

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
            services.record_failure(article_id, text_hash, f"{type(exc).__name__}: {exc}")
        except TRANSIENT_ERRORS:
            logger.exception("Could not record the failure of article %s", article_id)


@shared_task(
    base=EnrichmentTask,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=conf.MAX_RETRIES,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=conf.SOFT_TIME_LIMIT,
    time_limit=conf.TIME_LIMIT,
    ignore_result=True,
)
def enrich_article(article_id: int, text_hash: str) -> str:
    return services.run_enrichment(article_id, text_hash)


@shared_task(ignore_result=True)
def requeue_waiting() -> int:
    """Periodic sweep: send jobs the broker never got, and jobs whose worker died."""
    return services.requeue_waiting()
