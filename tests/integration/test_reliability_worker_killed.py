"""A worker SIGKILLed mid-task: the article is enriched exactly once, and nothing stays running.

Four ways back: the pool child dies (the main process rejects the task, Redis hands it out
again at once); the whole worker dies and the beat sweep finds that the worker named by its
running jobs no longer answers a ping (sent again within one sweep interval); its
unacknowledged task comes back after the broker's visibility timeout, restored by the next
worker; or the sweep finds the article "running" past its deadline. A task that arrives twice
is harmless: one result per (article, text hash, pipeline version).
"""
from __future__ import annotations

import os
import signal
import time

import pytest
from django.utils import timezone

from enrichment.articles import article_hash
from enrichment.conf import time_limits
from enrichment.jobs import dispatch, recovery, running
from enrichment.jobs.queueing import request_ids
from enrichment.jobs.running import run_one
from enrichment.models import EnrichmentResult, EnrichmentState, Status
from enrichment.view import enrichment_view
from newsroom.models import Article

from .workers import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def state_of(article) -> EnrichmentState:
    return EnrichmentState.objects.get(article=article)


def wait_status(article, status: str, *, timeout: float, worker) -> EnrichmentState:
    return wait_until(
        lambda: (s := state_of(article)).status == status and s,
        timeout=timeout, message=f"article {article.pk} never {status}: {state_of(article).__dict__}\n{worker.text()[-3000:]}",
    )


def test_pool_process_killed_mid_task_is_redelivered_and_enriched_once(broker, start_worker, messy_paste):
    worker = start_worker(broker.url, name="rel-kill-child")
    article = Article.objects.create(headline="Harbour talks [slow=3]", text=messy_paste)
    pid = worker.hook_pid("slow")
    wait_status(article, Status.RUNNING, timeout=10, worker=worker)
    os.kill(pid, signal.SIGKILL)
    killed = time.monotonic()

    state = wait_status(article, Status.DONE, timeout=60, worker=worker)
    print(f"\nMEASURE kill-child: recovered in {time.monotonic() - killed:.1f} s, attempts={state.attempts}")
    assert "WorkerLostError" in worker.text()
    assert state.attempts == 2
    assert EnrichmentResult.objects.filter(article=article).count() == 1
    assert enrichment_view(article)["status"] == Status.DONE


def test_whole_worker_killed_task_restored_by_next_worker_after_visibility_timeout(broker, start_worker, messy_paste):
    first = start_worker(broker.url, name="rel-kill-all-1")
    article = Article.objects.create(headline="Harbour talks [slow=4]", text=messy_paste)
    first.hook_pid("slow")
    first.kill_all()
    killed = time.monotonic()
    assert state_of(article).status == Status.RUNNING

    # kombu scans for overdue messages when a worker starts, then only every ~100 s
    # (unacked_restore_interval x unacked_restore_throttle): start after the timeout has passed.
    time.sleep(3)
    second = start_worker(broker.url, name="rel-kill-all-2", env={"CELERY_VISIBILITY_TIMEOUT": "2"})
    second.hook_pid("slow", timeout=60)
    restored = time.monotonic() - killed
    state = wait_status(article, Status.DONE, timeout=60, worker=second)
    print(f"\nMEASURE kill-all: restored after {restored:.1f} s, done {time.monotonic() - killed:.1f} s after the kill")
    assert state.attempts == 2
    assert EnrichmentResult.objects.filter(article=article).count() == 1


def test_running_longer_than_time_limit_is_requeued_by_the_sweep_and_enriched_once(
    broker, start_worker, messy_paste
):
    first = start_worker(broker.url, name="rel-kill-sweep-1")
    article = Article.objects.create(headline="Harbour talks [slow=2]", text=messy_paste)
    first.hook_pid("slow")
    first.kill_all()
    killed = time.monotonic()

    assert recovery.requeue_waiting() == 0  # running, not yet past its deadline: left alone
    state = state_of(article)
    assert state.deadline == state.started_at + timezone.timedelta(seconds=time_limits(1)[1])
    EnrichmentState.objects.filter(article=article).update(deadline=timezone.now())  # the hard limit passes
    assert recovery.requeue_waiting() == 1  # past it: its worker is gone, send it again
    assert state_of(article).status == Status.QUEUED and state_of(article).sent

    # The new worker gets the re-sent task and, after the visibility timeout, the dead worker's
    # unacknowledged copy too: the second run finds the result and stores nothing new.
    time.sleep(max(0.0, 3 - (time.monotonic() - killed)))  # the copy is overdue when the worker starts
    second = start_worker(broker.url, name="rel-kill-sweep-2", env={"CELERY_VISIBILITY_TIMEOUT": "2"})
    state = wait_status(article, Status.DONE, timeout=60, worker=second)
    done = time.monotonic() - killed
    wait_until(lambda: second.text().count("succeeded in") >= 2, timeout=40, message=second.text()[-3000:])
    print(f"\nMEASURE sweep: done {done:.1f} s after the kill; duplicate delivery -> {second.text().count('succeeded in')} runs")
    assert "'already_done'" in second.text()
    assert EnrichmentResult.objects.filter(article=article).count() == 1
    assert state_of(article).status == Status.DONE


def test_a_text_whose_runs_keep_dying_fails_instead_of_looping(quiet_paste, monkeypatch):
    """A paste that kills its worker every time (out of memory, say) is not redelivered forever.
    Nothing reaches the broker: this test commits, and a session worker would run the job."""
    monkeypatch.setattr(dispatch, "send", lambda keys, queue: True)
    article = Article.objects.create(headline="Poison", text=quiet_paste)
    text_hash = article_hash(article)
    EnrichmentState.objects.filter(article=article).update(status=Status.RUNNING, attempts=running.max_attempts())
    assert run_one(article.pk, text_hash) == "failed"
    state = state_of(article)
    assert state.status == Status.FAILED and "never finished" in state.error
    assert not EnrichmentResult.objects.filter(article=article).exists()
    article.text += "\n\nShorter now."  # a new save starts the count again
    article.save()
    assert state_of(article).attempts == 0 and state_of(article).status == Status.QUEUED


CHUNK = 60  # articles in the killed chunk (one task)


def test_a_whole_worker_killed_mid_chunk_is_noticed_by_the_sweep_and_its_chunk_enriched_once(
    broker, start_worker, messy_paste, tmp_path
):
    """No waiting for the chunk's deadline (4 x TIME_LIMIT = 10 min) nor the visibility timeout
    (1 h): the beat sweep of the default interval pings the worker the jobs name, and sends
    them again at once."""
    first = start_worker(broker.url, name="rel-dead-1")
    articles = Article.objects.bulk_create([  # no post_save: queued below as one chunk
        Article(headline=f"Harbour talks {i}" + (" [slow=8]" if i == 0 else ""),
                text=f"{messy_paste}\n\nUpdate {i}: the port authority of berth {i} confirmed the schedule.")
        for i in range(CHUNK)
    ])
    request_ids([a.pk for a in articles], bulk=True, chunk_size=CHUNK)
    first.hook_pid("slow")
    running_now = EnrichmentState.objects.filter(article__in=articles, status=Status.RUNNING)
    wait_until(lambda: running_now.count() == CHUNK, timeout=10, message=first.text()[-2000:])
    assert set(running_now.values_list("worker", flat=True)) == {next(iter(
        running_now.values_list("worker", flat=True)))}
    assert running_now.first().worker.startswith("rel-dead-1@")
    first.kill_all()  # the process group: main process and pool child, no shutdown code
    killed = time.monotonic()
    assert not EnrichmentResult.objects.filter(article__in=articles).exists()  # killed mid-chunk

    second = start_worker(broker.url, name="rel-dead-2",
                          extra=("--beat", "--schedule", str(tmp_path / "beat-schedule")))
    started = time.monotonic() - killed
    on_dead = running_now.filter(worker__startswith="rel-dead-1@")
    wait_until(lambda: not on_dead.exists(), timeout=90, interval=0.1, message=second.text()[-3000:])
    resent = time.monotonic() - killed
    done = EnrichmentState.objects.filter(article__in=articles, status=Status.DONE)
    wait_until(lambda: done.count() == CHUNK, timeout=max(1.0, 90 - resent), message=second.text()[-3000:])
    finished = time.monotonic() - killed
    print(f"\nMEASURE dead worker: second worker ready {started:.1f} s after the kill, chunk of {CHUNK} sent "
          f"again {resent:.1f} s, all enriched {finished:.1f} s after the kill")
    assert EnrichmentResult.objects.filter(article__in=articles).count() == CHUNK
    assert set(done.values_list("attempts", flat=True)) == {2}  # the killed run and one more: once each
    assert set(done.values_list("worker", flat=True)) == {next(iter(done.values_list("worker", flat=True)))}
    assert done.first().worker.startswith("rel-dead-2@")
