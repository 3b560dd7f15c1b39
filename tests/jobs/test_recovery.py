"""Jobs on the real database: where they are sent, when they count as lost, and how they heal."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from enrichment import tasks
from enrichment.articles import article_hash
from enrichment.conf import CHUNK_LIMIT_FACTOR, time_limits
from enrichment.conf import enrichment_settings as conf
from enrichment.jobs import dispatch, recovery, running
from enrichment.jobs.running import run_one
from enrichment.models import EnrichmentState, Status
from newsroom.models import Article

pytestmark = pytest.mark.django_db

# --- where jobs are sent, and when they count as lost -----------------------------------------


@pytest.fixture
def three(quiet_paste, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        return [Article.objects.create(headline=f"Library {i}", text=f"{quiet_paste}\n\nNote {i}.") for i in range(3)]


@pytest.fixture
def sends(monkeypatch):
    """What the sweep hands to the broker: each task's article ids, with its queue."""
    sent = []
    monkeypatch.setattr(dispatch, "send", lambda keys, queue: sent.append(([pk for pk, _ in keys], queue)) or True)
    return sent


def key(article):
    return [article.pk, article_hash(article)]


def test_the_sweep_sends_each_job_to_its_own_queue_and_bulk_jobs_as_one_chunk(three, sends):
    EnrichmentState.objects.filter(article=three[0]).update(queue=conf.QUEUE)
    EnrichmentState.objects.filter(article__in=three[1:]).update(queue=conf.BULK_QUEUE)
    assert recovery.requeue_waiting() == 3  # none was handed to the broker
    assert sorted(sends) == sorted([([three[0].pk], conf.QUEUE), ([three[1].pk, three[2].pk], conf.BULK_QUEUE)])


def test_a_running_job_is_lost_only_past_its_deadline(three, sends):
    now = timezone.now()
    long_ago = now - timedelta(seconds=conf.TIME_LIMIT * 2)  # longer than one article may take
    EnrichmentState.objects.update(status=Status.RUNNING, sent=True, queue=conf.BULK_QUEUE, started_at=long_ago,
                                   deadline=now + timedelta(seconds=60))  # a chunk, still within its limit
    assert recovery.requeue_waiting() == 0 and sends == []
    EnrichmentState.objects.filter(article=three[0]).update(deadline=now - timedelta(seconds=1))
    assert recovery.requeue_waiting() == 1 and sends == [([three[0].pk], conf.BULK_QUEUE)]
    assert EnrichmentState.objects.get(article=three[0]).status == Status.QUEUED


def test_a_bulk_backlog_still_on_the_broker_is_not_sent_again(three, sends, monkeypatch):
    old = timezone.now() - timedelta(seconds=conf.REQUEUE_AFTER + 60)
    EnrichmentState.objects.update(sent=True, queue=conf.BULK_QUEUE, queued_at=old)
    monkeypatch.setattr(dispatch, "broker_backlog", lambda queue: 5000)
    assert recovery.requeue_waiting() == 0
    monkeypatch.setattr(dispatch, "broker_backlog", lambda queue: 0)  # the broker lost its messages
    assert recovery.requeue_waiting() == 3 and sends == [([a.pk for a in three], conf.BULK_QUEUE)]


@pytest.mark.model
def test_runs_record_the_deadline_of_the_task_they_run_under(three):
    run_one(three[0].pk, article_hash(three[0]))
    running.run([key(three[1]), key(three[2])])
    single, chunk = (EnrichmentState.objects.get(article=a) for a in three[:2])
    assert single.deadline - single.started_at == timedelta(seconds=conf.TIME_LIMIT)
    assert chunk.deadline - chunk.started_at == timedelta(seconds=conf.TIME_LIMIT * CHUNK_LIMIT_FACTOR)


@pytest.mark.parametrize("n", [1, 3])
def test_a_task_runs_under_the_limits_of_its_size_with_job_keys(three, monkeypatch, settings, n):
    calls = []
    monkeypatch.setattr(dispatch.current_app, "send_task", lambda name, args, **kw: calls.append((name, args, kw)))
    assert dispatch.send([tuple(key(a)) for a in three[:n]], queue=conf.BULK_QUEUE)
    (name, args, options), = calls
    assert name == tasks.enrich_articles.name and args == ([key(a) for a in three[:n]],)
    assert options == {"queue": conf.BULK_QUEUE, "soft_time_limit": time_limits(n)[0], "time_limit": time_limits(n)[1]}
    assert time_limits(n)[1] == conf.TIME_LIMIT * (1 if n == 1 else CHUNK_LIMIT_FACTOR)
    assert time_limits(n)[1] < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert EnrichmentState.objects.filter(sent=True, queue=conf.BULK_QUEUE).count() == n


# --- a chunk touches only the jobs it was sent for --------------------------------------------

def test_a_failing_or_sent_chunk_leaves_an_editors_newer_job_alone(three, django_capture_on_commit_callbacks):
    old = key(three[0])
    with django_capture_on_commit_callbacks(execute=False):
        three[0].text += "\n\nAn editor's late paragraph."
        three[0].save()
    assert recovery.fail_jobs([old, key(three[1])], "the chunk gave up") == 1
    assert EnrichmentState.objects.get(article=three[0]).status == Status.QUEUED
    assert EnrichmentState.objects.get(article=three[1]).status == Status.FAILED


# --- a job left for an old text heals itself --------------------------------------------------

def test_a_run_finding_its_job_for_an_old_text_queues_the_current_text(three, django_capture_on_commit_callbacks):
    article = three[0]
    Article.objects.filter(pk=article.pk).update(text="A new text about Ada Lovelace in London.")
    article.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert run_one(article.pk, article_hash(article)) == "superseded"
    state = EnrichmentState.objects.get(article=article)
    assert state.text_hash == article_hash(article) and state.status == Status.QUEUED
    assert len(callbacks) == 1  # its task, sent after commit


def test_a_chunk_finding_a_job_for_an_old_text_queues_the_current_text(three, django_capture_on_commit_callbacks):
    article = three[1]
    old = key(article)
    EnrichmentState.objects.filter(article=article).update(queue=conf.BULK_QUEUE)  # an imported article
    Article.objects.filter(pk=article.pk).update(text="A new text about Ada Lovelace in London.")
    article.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert running.run([old]) == {"superseded": 1}
    state = EnrichmentState.objects.get(article=article)
    assert state.text_hash == article_hash(article) and state.queue == conf.BULK_QUEUE
    assert len(callbacks) == 1


# --- saving a failed article again retries it -------------------------------------------------

def test_saving_a_failed_article_again_retries_it(three, django_capture_on_commit_callbacks):
    article = three[0]
    running.record_failure(article.pk, article_hash(article), "The database was unreachable ...")
    EnrichmentState.objects.filter(article=article).update(attempts=running.max_attempts())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.save()  # the text is unchanged
    state = EnrichmentState.objects.get(article=article)
    assert state.status == Status.QUEUED and state.attempts == 0 and state.error == ""
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.save()  # queued already: nothing more
    assert callbacks == []


# --- a running job whose worker is gone -------------------------------------------------------

@pytest.fixture
def running_on(three):
    """The three jobs running on two workers, well within their deadline (a chunk's)."""
    soon = timezone.now() + timedelta(seconds=time_limits(2)[1])
    EnrichmentState.objects.update(status=Status.RUNNING, sent=True, queue=conf.BULK_QUEUE, deadline=soon,
                                   worker="w1@host")
    EnrichmentState.objects.filter(article=three[2]).update(worker="w2@host")
    return three


def pings(monkeypatch, answer):
    calls = []
    monkeypatch.setattr(dispatch, "live_workers", lambda: calls.append(1) or answer)
    return calls


def test_the_jobs_of_a_worker_that_no_longer_answers_are_sent_again_at_once(running_on, sends, monkeypatch):
    calls = pings(monkeypatch, {"w2@host", "sweeper@host"})
    assert recovery.requeue_waiting() == 2
    assert sends == [([running_on[0].pk, running_on[1].pk], conf.BULK_QUEUE)]
    assert calls == [1]  # one ping for the whole sweep
    resent = EnrichmentState.objects.get(article=running_on[0])
    assert (resent.status, resent.worker, resent.deadline) == (Status.QUEUED, "", None)
    assert EnrichmentState.objects.get(article=running_on[2]).status == Status.RUNNING


@pytest.mark.parametrize("answer", [{"w1@host", "w2@host"}, None], ids=["all-alive", "no-answer"])
def test_jobs_of_live_workers_or_when_nobody_answers_are_left_alone(running_on, sends, monkeypatch, answer):
    pings(monkeypatch, answer)
    assert recovery.requeue_waiting() == 0 and sends == []


def test_no_ping_when_no_running_job_names_a_worker(three, sends, monkeypatch):
    calls = pings(monkeypatch, set())
    EnrichmentState.objects.update(status=Status.RUNNING, sent=True, worker="",
                                   deadline=timezone.now() + timedelta(seconds=60))
    assert recovery.requeue_waiting() == 0 and calls == []


@pytest.mark.model
def test_a_run_records_the_worker_it_runs_on(three):
    running.run([key(three[0])], worker="w9@host")
    assert EnrichmentState.objects.get(article=three[0]).worker == "w9@host"
