"""Handing jobs to the broker, by task name: this module never imports the tasks.

A broker outage must not fail an editor's save or an import: the jobs stay queued and unsent,
and the periodic sweep sends them when the broker is back.
"""
from __future__ import annotations

import logging

from celery import current_app

from ..conf import time_limits
from ..models import EnrichmentState, Status
from .keys import Key, keys_filter

logger = logging.getLogger(__name__)

ENRICH_ARTICLES = "enrichment.tasks.enrich_articles"
REQUEUE_WAITING = "enrichment.tasks.requeue_waiting"


def send(keys: list[Key], *, queue: str) -> bool:
    """One task for these jobs, under the limits of its size (conf.time_limits); marks them sent."""
    soft, hard = time_limits(len(keys))
    try:
        current_app.send_task(ENRICH_ARTICLES, args=([list(key) for key in keys],), queue=queue,
                              soft_time_limit=soft, time_limit=hard)
    except Exception as exc:  # kombu/redis raise many types for "broker unreachable"
        logger.warning("Broker unreachable, %d articles wait for the sweep: %s", len(keys), exc)
        return False
    EnrichmentState.objects.filter(keys_filter(keys), status=Status.QUEUED).update(sent=True, queue=queue)
    return True


def broker_backlog(queue: str) -> int | None:
    """How many messages wait in ``queue`` on the broker; None when the broker cannot say."""
    try:
        with current_app.connection_for_read() as connection:
            return connection.default_channel.queue_declare(queue=queue, passive=True).message_count
    except Exception:  # unreachable, unknown queue, or a transport that does not count
        return None


# How long the sweep waits for workers to answer a ping: a live worker's main process answers
# in milliseconds even while its pool runs a chunk; one second leaves room for a busy machine
# and keeps the sweep short.
PING_TIMEOUT = 1.0


def live_workers(timeout: float = PING_TIMEOUT) -> set[str] | None:
    """Node names of the workers that answer a ping (Celery's remote control); None when no
    worker answered or the broker cannot be reached: then nobody can be called dead."""
    try:
        replies = current_app.control.ping(timeout=timeout) or []
    except Exception:  # broker unreachable: say nothing about the workers
        logger.warning("Could not ping the workers", exc_info=True)
        return None
    names = {name for reply in replies for name in reply}
    return names or None
