"""Editors' saves while the archive is re-run: save-to-done latency with a bulk re-run of many
articles on the same machine, the interactive queue served by its own worker process (the
README's fleet plan), and the bulk worker's words per second meanwhile.
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any, Callable

from celery import current_app

from ..jobs.queueing import request_many
from ..models import EnrichmentState, Status
from . import pipeline as pipeline_bench
from .end_to_end import Articles, percentile, private_queues, running_worker, wait_all

PAUSE_S = 0.5  # between two editors' saves: editors do not save back to back


def _purge(queue: str) -> None:
    with current_app.connection_for_write() as connection:
        connection.default_channel.queue_purge(queue)


def run(texts: list[str], *, bulk: int = 10_000, samples: int = 20, app: str = "newsroom",
        timeout: float = 300, log: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    """Queue ``bulk`` articles on the bulk queue, then time ``samples`` saves on the interactive one."""
    log_dir = Path(tempfile.mkdtemp(prefix="enrichment-bulk-latency-"))
    articles = Articles()
    try:
        with private_queues() as (interactive, bulk_queue), \
                running_worker(app=app, concurrency=1, queues=[interactive], log_dir=log_dir), \
                running_worker(app=app, concurrency=1, queues=[bulk_queue], log_dir=log_dir):
            warm = articles.save_one(0, texts[0])
            wait_all([warm], timeout=timeout)
            log(f"queueing a re-run of {bulk:,} articles on {bulk_queue} ...")
            bulk_texts = [texts[i % len(texts)] + f"\n\nBulk {i}." for i in range(bulk)]
            ids = articles.bulk_create(bulk_texts)
            request_many(articles.model.objects.filter(pk__in=ids))
            started = time.perf_counter()
            times = []
            log(f"{samples} editors' saves meanwhile ...")
            for i in range(samples):
                time.sleep(PAUSE_S)
                t0 = time.perf_counter()
                pk = articles.save_one(len(articles.ids), texts[i % len(texts)] + f"\n\nEdit {i}.")
                wait_all([pk], timeout=timeout, poll=0.005)
                times.append((time.perf_counter() - t0) * 1000)
            seconds = time.perf_counter() - started
            done_ids = list(EnrichmentState.objects.filter(article_id__in=ids, status=Status.DONE)
                            .values_list("article_id", flat=True))
            by_id = dict(zip(ids, bulk_texts))
            bulk_words = pipeline_bench.words([by_id[pk] for pk in done_ids])
            remaining = EnrichmentState.objects.filter(article_id__in=ids, status=Status.QUEUED).count()
            _purge(bulk_queue)
    finally:
        articles.delete()
    return {
        "bulk_articles_queued": bulk, "bulk_articles_done_meanwhile": len(done_ids),
        "bulk_still_queued": remaining, "bulk_words_per_s_one_process": round(bulk_words / seconds, 1),
        "editor_saves": samples, "editor_latency_p50_ms": round(percentile(times, 50), 1),
        "editor_latency_p95_ms": round(percentile(times, 95), 1), "editor_latency_max_ms": round(max(times), 1),
        "seconds": round(seconds, 1),
    }
