"""End to end through real worker processes, next to raw spaCy and the pure pipeline.

Everything is measured in one run on the same texts, so the ratios hold on a noisy machine:
raw `nlp.pipe` NER, the pure pipeline (`pipeline_bench`), then N articles bulk-created and
queued in chunks to `celery worker --concurrency W` subprocesses started here against the
configured broker and database, single-article save-to-done latency on an idle worker, and
the peak resident memory of the worker's pool processes.

The benchmark uses its own queues, so a running production worker never takes its tasks, and
deletes the articles it created. Run it against a staging database.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from urllib.parse import quote
from pathlib import Path
from typing import Any, Callable, Iterator

import psutil
from django.conf import settings
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from ..conf import enrichment_settings as conf
from ..jobs.queueing import balanced_chunk_size, request_many
from ..models import EnrichmentState, Entity, Status
from ..pipeline.nlp import load_model
from . import pipeline as pipeline_bench

LATENCY_BUDGET_MS = 150  # the target: save-to-done p50 <= spaCy time of the article + this


# --- worker processes -------------------------------------------------------------------------

def database_url() -> str:
    """The database this process uses, as a URL for the worker (the test database in tests)."""
    db = connection.settings_dict
    if "sqlite" in db["ENGINE"]:
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"], safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


class WorkerProcess:
    """`celery -A APP worker --concurrency W -Q queues` as a subprocess, with an RSS sampler."""

    def __init__(self, *, app: str, concurrency: int, queues: list[str], log_dir: Path):
        self.log_path = log_dir / f"worker-{concurrency}-{uuid.uuid4().hex[:6]}.log"
        self.log = self.log_path.open("w")
        env = dict(os.environ, DATABASE_URL=database_url(), CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
                   PYTHONUNBUFFERED="1")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", app, "worker", "--loglevel", "INFO", "--pool", "prefork",
             "--concurrency", str(concurrency), "-Q", ",".join(queues), "--hostname", f"bench-{uuid.uuid4().hex[:8]}@%h",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        self.peak_rss: dict[int, int] = {}
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "ready." in self.log_path.read_text(errors="replace"):
                self._sampler.start()
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited early:\n{self.tail()}")
            time.sleep(0.1)
        raise TimeoutError(f"worker not ready in {timeout:.0f} s:\n{self.tail()}")

    def _sample(self) -> None:
        """Resident memory of every pool process, every 100 ms: the peak is what a machine needs."""
        try:
            parent = psutil.Process(self.process.pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop.is_set():
            try:
                for child in parent.children(recursive=True):
                    try:
                        rss = child.memory_info().rss
                    except psutil.NoSuchProcess:
                        continue
                    self.peak_rss[child.pid] = max(self.peak_rss.get(child.pid, 0), rss)
            except psutil.NoSuchProcess:
                return
            self._stop.wait(0.1)

    def cpu_seconds(self) -> float:
        """CPU time the pool processes used so far: with wall time, how much of a core each got."""
        total = 0.0
        for child in psutil.Process(self.process.pid).children(recursive=True):
            try:
                times = child.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
        return total

    def peak_rss_mb(self) -> float:
        return round(max(self.peak_rss.values(), default=0) / 2**20, 1)

    def tail(self, chars: int = 3000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:]

    def stop(self) -> None:
        self._stop.set()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


@contextmanager
def running_worker(*, app: str, concurrency: int, queues: list[str], log_dir: Path) -> Iterator[WorkerProcess]:
    worker = WorkerProcess(app=app, concurrency=concurrency, queues=queues, log_dir=log_dir)
    try:
        worker.wait_ready()
        yield worker
    finally:
        worker.stop()


@contextmanager
def private_queues() -> Iterator[list[str]]:
    """Queues only the benchmark's workers read: a production worker never takes its tasks."""
    tag = uuid.uuid4().hex[:8]
    queues = [f"bench-{tag}", f"bench-{tag}-bulk"]
    with override_settings(ENRICHMENT={**getattr(settings, "ENRICHMENT", {}), "QUEUE": queues[0],
                                       "BULK_QUEUE": queues[1]}):
        yield queues


# --- articles ---------------------------------------------------------------------------------

class Articles:
    """The benchmark's own articles: created in bulk or one by one, deleted at the end."""

    def __init__(self) -> None:
        self.model = conf.article_model()
        self.ids: list[int] = []
        self.started = timezone.now()
        self.tag = uuid.uuid4().hex[:6]

    def fields(self, i: int, text: str) -> dict[str, Any]:
        fields = {conf.TEXT_FIELD: text}
        if conf.TITLE_FIELD:
            fields[conf.TITLE_FIELD] = f"Benchmark {self.tag} #{i}"
        return fields

    def bulk_create(self, texts: list[str]) -> list[int]:
        """No save signal: queueing is `jobs.queueing.request_many`, as an import of many articles does."""
        created = self.model.objects.bulk_create([self.model(**self.fields(i, t)) for i, t in enumerate(texts)])
        ids = [a.pk for a in created]
        if None in ids:  # a database that does not return ids from a bulk insert
            ids = list(self.model.objects.filter(**{f"{conf.TITLE_FIELD}__startswith": f"Benchmark {self.tag} "})
                       .exclude(pk__in=self.ids).values_list("pk", flat=True))
        self.ids.extend(ids)
        return ids

    def save_one(self, i: int, text: str) -> int:
        """An editor's save: the save signal queues it on the interactive queue after commit."""
        pk = self.model.objects.create(**self.fields(i, text)).pk
        self.ids.append(pk)
        return pk

    def delete(self) -> None:
        self.model.objects.filter(pk__in=self.ids).delete()
        Entity.objects.filter(created_at__gte=self.started, article_links__isnull=True).delete()


def wait_all(ids: list[int], *, timeout: float, poll: float = 0.05, on_tick: Callable[[], None] | None = None) -> int:
    """Until every article is done or failed; returns how many failed."""
    deadline = time.monotonic() + timeout
    states = EnrichmentState.objects.filter(article_id__in=ids)
    while time.monotonic() < deadline:
        finished = states.filter(status__in=[Status.DONE, Status.FAILED]).count()
        if finished >= len(ids):
            return states.filter(status=Status.FAILED).count()
        if on_tick:
            on_tick()
        time.sleep(poll)
    raise TimeoutError(f"{len(ids) - finished} of {len(ids)} articles not enriched in {timeout:.0f} s")


# --- the measurements -------------------------------------------------------------------------

def throughput(texts: list[str], *, workers: int, articles: Articles, worker: WorkerProcess,
               timeout: float) -> dict[str, Any]:
    """Bulk-create the articles, queue them in balanced chunks, time until all are done."""
    size = balanced_chunk_size(len(texts), size=conf.BATCH_SIZE, workers=workers)
    cpu = worker.cpu_seconds()
    started = time.perf_counter()
    ids = articles.bulk_create(texts)
    request_many(articles.model.objects.filter(pk__in=ids), chunk_size=size)
    failed = wait_all(ids, timeout=timeout, on_tick=_check_alive(worker))
    seconds = time.perf_counter() - started
    cpu_share = (worker.cpu_seconds() - cpu) / (seconds * workers)  # 1.0: every process had a whole core
    return {"seconds": seconds, "failed": failed, "chunk_size": size, "cpu_share": round(cpu_share, 2),
            "words_per_s": pipeline_bench.words(texts) / seconds}


def latency(texts: list[str], *, samples: int, articles: Articles, worker: WorkerProcess,
            timeout: float) -> list[float]:
    """Save one article, wait until it is done, repeat: save-to-done milliseconds each."""
    times = []
    for i in range(samples):
        text = texts[i % len(texts)]
        started = time.perf_counter()
        pk = articles.save_one(len(articles.ids), text)
        wait_all([pk], timeout=timeout, poll=0.005, on_tick=_check_alive(worker))
        times.append((time.perf_counter() - started) * 1000)
    return times


def spacy_ms_per_article(texts: list[str], *, model: str) -> list[float]:
    """Raw spaCy time of each article alone, as a single save runs it."""
    nlp = load_model(model)
    times = []
    for text in texts:
        started = time.perf_counter()
        with nlp.memory_zone():
            for doc in nlp.pipe([text]):
                doc.ents  # noqa: B018
        times.append((time.perf_counter() - started) * 1000)
    return times


def _check_alive(worker: WorkerProcess) -> Callable[[], None]:
    def check() -> None:
        if worker.process.poll() is not None:
            raise RuntimeError(f"the worker died:\n{worker.tail()}")
    return check


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[round(q) - 1]


def run(texts: list[str], *, workers: int = 1, samples: int = 15, app: str = "newsroom",
        compare_one: bool = True, timeout: float = 1800, log: Callable[[str], None] = lambda _: None,
        ) -> dict[str, Any]:
    """Every figure of the issue, measured in one run on the same texts."""
    model = conf.SPACY_MODEL
    load_before = os.getloadavg()[0]  # other work on the machine skews the figures: say how much
    log(f"raw spaCy and the pure pipeline on {len(texts)} texts ...")
    figures: dict[str, Any] = pipeline_bench.run(texts, model=model)
    spacy_wps = figures["spacy_words_per_s"]
    latency_texts = texts[:samples]
    spacy_article_ms = spacy_ms_per_article(latency_texts, model=model)
    log_dir = Path(tempfile.mkdtemp(prefix="enrichment-bench-"))
    runs = [workers] + ([1] if compare_one and workers > 1 else [])
    articles = Articles()
    try:
        with private_queues() as queues:
            for w in runs:
                log(f"end to end: {len(texts)} articles, {w} worker process(es) ...")
                with running_worker(app=app, concurrency=w, queues=queues, log_dir=log_dir) as worker:
                    warm = articles.bulk_create(texts[:w])  # every pool process has its model in memory
                    request_many(articles.model.objects.filter(pk__in=warm), chunk_size=1)
                    wait_all(warm, timeout=timeout, on_tick=_check_alive(worker))
                    measured = throughput(texts, workers=w, articles=articles, worker=worker, timeout=timeout)
                    if w == workers:
                        log(f"latency: {samples} single saves on an idle worker ...")
                        times = latency(latency_texts, samples=samples, articles=articles, worker=worker,
                                        timeout=timeout)
                        main, rss = measured, worker.peak_rss_mb()
                    else:
                        one = measured
    finally:
        articles.delete()
    figures.update(
        end_to_end_words_per_s=round(main["words_per_s"], 1),
        end_to_end_ratio=round(main["words_per_s"] / spacy_wps, 3),
        latency_p50_ms=round(percentile(times, 50), 1),
        latency_p95_ms=round(percentile(times, 95), 1),
        worker_rss_mb=rss,
        workers=workers,
        articles=len(texts),
        end_to_end_seconds=round(main["seconds"], 2),
        end_to_end_failed=main["failed"],
        chunk_size=main["chunk_size"],
        worker_cpu_share=main["cpu_share"],
        latency_spacy_p50_ms=round(percentile(spacy_article_ms, 50), 1),
        latency_budget_ms=round(percentile(spacy_article_ms, 50) + LATENCY_BUDGET_MS, 1),
        latency_samples=samples,
        cpus=os.cpu_count(),
        load_average_1m=[round(load_before, 2), round(os.getloadavg()[0], 2)],
    )
    if workers > 1 and compare_one:
        figures.update(
            end_to_end_words_per_s_1_worker=round(one["words_per_s"], 1),
            end_to_end_ratio_1_worker=round(one["words_per_s"] / spacy_wps, 3),
            scaling_vs_1_worker=round(main["words_per_s"] / one["words_per_s"], 2),
            worker_cpu_share_1_worker=one["cpu_share"],
            # What the scaling would be if every process had had a whole core: an estimate for
            # shared machines, next to the measured figure, never instead of it.
            scaling_cpu_normalized=round(
                (main["words_per_s"] / max(main["cpu_share"], 0.01)) / (one["words_per_s"] / max(one["cpu_share"], 0.01)),
                2,
            ),
        )
    return figures
