"""Prometheus instruments the workers update: run time and failures (the ``ops`` extra).

Celery's prefork pool runs tasks in child processes, each with its own memory, so a counter
kept in one child is invisible to a scrape. With ``PROMETHEUS_MULTIPROC_DIR`` set before the
worker starts, prometheus_client's multiprocess mode writes every child's values to files in
that folder, and with ``ENRICHMENT_WORKER_METRICS_PORT`` set the worker's main process serves
their sum on that port (``start_worker_exporter``, on Celery's ``worker_init``). Each worker
instance has its own folder (files are named by pid, and pids repeat across containers), so
Prometheus scrapes every worker, and the web's ``/metrics`` for the gauges. Only counters and
histograms are kept here: they need no clean-up when a pool child exits (live gauges would).
Without prometheus_client these are no-ops.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

try:
    from prometheus_client import Counter, Histogram
except ImportError:  # a site without the ops extra
    Counter = Histogram = None

# Seconds per article: an editor's paste takes a fraction of a second, a long report a few
# seconds, and the soft time limit is 120 s.
RUN_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)

RUN_SECONDS = Histogram("enrichment_run_seconds", "Time to enrich one article (a chunk's time shared out by words)",
                        buckets=RUN_BUCKETS) if Histogram else None
FAILURES = Counter("enrichment_failures_total", "Enrichment jobs that failed, by error code",
                   ["code"]) if Counter else None


def observe_run(seconds: float) -> None:
    if RUN_SECONDS is not None:
        RUN_SECONDS.observe(seconds)


def count_failures(code: str, n: int = 1) -> None:
    if FAILURES is not None and n:
        FAILURES.labels(code=code or "other").inc(n)


logger = logging.getLogger(__name__)


def start_worker_exporter(**kwargs) -> None:
    """In the worker's main process, before the pool forks: clear this worker's folder (values of
    a previous run) and serve the children's summed metrics on ENRICHMENT_WORKER_METRICS_PORT."""
    folder, port = os.environ.get("PROMETHEUS_MULTIPROC_DIR"), os.environ.get("ENRICHMENT_WORKER_METRICS_PORT")
    if not (folder and port and Counter):
        return
    from prometheus_client import CollectorRegistry, multiprocess, start_http_server

    Path(folder).mkdir(parents=True, exist_ok=True)
    for stale in Path(folder).glob("*.db"):
        stale.unlink()
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    start_http_server(int(port), registry=registry)
    logger.info("Worker metrics on port %s (%s)", port, folder)
