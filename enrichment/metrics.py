"""``/metrics`` for Prometheus (the ``ops`` extra): queue depth and jobs per status read at
scrape time, plus the workers' run-time histogram and failure counter (enrichment.instruments).

Protected: a staff user, or ``Authorization: Bearer <ENRICHMENT['METRICS_TOKEN']>`` for the
scraper. Jobs per status are the stored job rows (one GROUP BY on an indexed column), not the
admin's derived status, which hashes every article's text.
"""
from __future__ import annotations

import os
import secrets

from celery import current_app
from django.db.models import Count
from django.http import HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

from .conf import enrichment_settings as conf
from .models import EnrichmentState, Status


def queue_depth(queue: str) -> int | None:
    """Messages waiting in ``queue``; None when the broker cannot say. kombu's virtual transports
    (Redis, filesystem) count with ``_size``, which is 0 for an empty queue, where a passive
    declare fails on Redis (an empty list does not exist); AMQP brokers answer the declare."""
    try:
        with current_app.connection_for_read() as connection:
            channel = connection.default_channel
            size = getattr(channel, "_size", None)
            return int(size(queue)) if size else channel.queue_declare(queue=queue, passive=True).message_count
    except Exception:  # unreachable, or a transport that does not count
        return None


class EnrichmentCollector:
    """Read at each scrape: cheap queries only."""

    def collect(self):
        depth = GaugeMetricFamily("enrichment_queue_depth", "Messages waiting on the broker, by queue", labels=["queue"])
        for queue in dict.fromkeys([conf.QUEUE, conf.BULK_QUEUE]):
            if (n := queue_depth(queue)) is not None:  # None: the broker cannot say
                depth.add_metric([queue], n)
        yield depth
        jobs = GaugeMetricFamily("enrichment_jobs", "Enrichment jobs by stored status", labels=["status"])
        counts = dict(EnrichmentState.objects.values_list("status").annotate(n=Count("id")).order_by())
        for status in (Status.QUEUED, Status.RUNNING, Status.DONE, Status.FAILED):
            jobs.add_metric([status.value], counts.get(status, 0))
        yield jobs


def exposition() -> bytes:
    """The text exposition: the collector, and the workers' instruments (summed over their
    processes in multiprocess mode, else this process's own)."""
    registry = CollectorRegistry()
    registry.register(EnrichmentCollector())
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(registry) + generate_latest(REGISTRY)


def allowed(request) -> bool:
    token = conf.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and secrets.compare_digest(header[7:], token):
        return True
    user = getattr(request, "user", None)
    return bool(user and user.is_active and user.is_staff)


def metrics_view(request):
    if not allowed(request):
        return HttpResponse(status=403)
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
