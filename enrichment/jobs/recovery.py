"""Recovery: send again what the broker never got or whose worker is gone; what a chunk that
gave up leaves behind."""
from __future__ import annotations

from typing import Iterable, Sequence

from django.db.models import Q
from django.utils import timezone

from ..articles import article_model
from ..conf import enrichment_settings as conf
from ..instruments import count_failures
from ..models import ERROR_MAX, EnrichmentState, Status, error_notice
from . import dispatch
from .keys import Key, chunked, job_keys, keys_filter
from .queueing import request_ids

WAITING = [Status.QUEUED, Status.RUNNING]


def requeue_waiting(*, older_than: float | None = None) -> int:
    """Send again every job that is waiting without a task: never handed to the broker, queued
    longer than REQUEUE_AFTER, running on a worker that no longer answers a ping, or running
    past its deadline. Each goes back to the queue it was sent to, in chunks of that queue's
    size (one for editors' saves). Articles that never got a job at all are queued too.
    Returns how many jobs were sent.

    A bulk backlog legitimately waits for hours: in the periodic sweep (no ``older_than``), a
    bulk job already handed to the broker is sent again only when the broker's bulk queue is
    empty or cannot be read, i.e. when its message may have been lost.
    """
    now = timezone.now()
    wait = timezone.timedelta(seconds=conf.REQUEUE_AFTER if older_than is None else older_than)
    waiting = EnrichmentState.objects.filter(
        Q(status=Status.QUEUED, sent=False)
        | Q(status=Status.QUEUED, queued_at__lt=now - wait)
        | Q(status=Status.RUNNING, deadline__lt=now)
        | Q(status=Status.RUNNING, worker__in=dead_workers())
    ).order_by("article_id")
    by_queue: dict[str, list[Key]] = {}
    backlog: dict[str, int | None] = {}
    for article_id, text_hash, queue, status, was_sent in waiting.values_list(
        "article_id", "text_hash", "queue", "status", "sent"
    ):
        queue = queue or conf.QUEUE
        if older_than is None and queue == conf.BULK_QUEUE and status == Status.QUEUED and was_sent:
            if queue not in backlog:
                backlog[queue] = dispatch.broker_backlog(queue)
            if backlog[queue]:
                continue  # its message is still on the broker, behind the others
        by_queue.setdefault(queue, []).append((article_id, text_hash))
    sent = sum(_resend(keys, queue=queue, now=now) for queue, keys in by_queue.items())
    never = list(article_model()._default_manager.filter(enrichment_state__isnull=True).values_list("pk", flat=True))
    if never:
        sent += len(request_ids(never, bulk=False).ids)
    return sent


def dead_workers() -> list[str]:
    """The workers named by running jobs that do not answer a ping: their jobs are lost now,
    not at their deadline (a chunk's is 10 minutes away) nor at the broker's visibility timeout
    (an hour). One ping per sweep, and none when no running job names a worker."""
    named = set(EnrichmentState.objects.filter(status=Status.RUNNING).exclude(worker="")
                .values_list("worker", flat=True).distinct())
    if not named:
        return []
    alive = dispatch.live_workers()
    if alive is None:  # nobody answered (the sweep itself runs on a worker): the ping failed
        return []
    return sorted(named - alive)


def _resend(keys: list[Key], *, queue: str, now) -> int:
    size = conf.BATCH_SIZE if queue == conf.BULK_QUEUE else 1
    sent = 0
    for chunk in chunked(keys, size):
        EnrichmentState.objects.filter(keys_filter(chunk)).update(
            status=Status.QUEUED, queued_at=now, deadline=None, worker="")
        if dispatch.send(chunk, queue=queue):
            sent += len(chunk)
    return sent


def send_alone(items: Iterable[Sequence]) -> int:
    """Send each still-waiting job of a chunk as its own task, under the per-article limits."""
    waiting = EnrichmentState.objects.filter(keys_filter(job_keys(items)), status__in=WAITING)
    return sum(dispatch.send([key], queue=conf.BULK_QUEUE) for key in waiting.values_list("article_id", "text_hash"))


def fail_jobs(items: Iterable[Sequence], message: str) -> int:
    """A task gave up: every job of it still waiting says so (not a newer job of the same
    article, which is for another text)."""
    notice = error_notice(message)
    failed = EnrichmentState.objects.filter(keys_filter(job_keys(items)), status__in=WAITING).update(
        status=Status.FAILED, error=message[:ERROR_MAX], error_notice=notice, finished_at=timezone.now())
    count_failures(notice.get("code", ""), failed)
    return failed
