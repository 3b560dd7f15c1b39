"""The Celery wiring checks: a sweep in the beat schedule (settings only), and workers on the
plugin's queues (deploy-only, bounded: it asks the broker)."""
from __future__ import annotations

from celery import Celery
from django.core import checks

from enrichment.checks import (
    SWEEP_TASK,
    WORKER_CHECK_TIMEOUT_S,
    WORKERS_TAG,
    check_sweep_scheduled,
    check_workers_consume_queues,
    consumed_queues,
)


def test_no_sweep_in_the_beat_schedule_is_a_warning(settings):
    settings.CELERY_BEAT_SCHEDULE = {"something-else": {"task": "newsroom.tasks.other", "schedule": 60.0}}
    [warning] = check_sweep_scheduled()
    assert warning.id == "enrichment.W020" and SWEEP_TASK in warning.msg and "CELERY_BEAT_SCHEDULE" in warning.hint
    settings.CELERY_BEAT_SCHEDULE = {"sweep": {"task": SWEEP_TASK, "schedule": 30.0}}
    assert check_sweep_scheduled() == []


def test_the_worker_check_runs_only_with_deploy():
    registered = checks.registry.registry
    assert check_workers_consume_queues in registered.get_checks(include_deployment_checks=True)
    assert check_workers_consume_queues not in registered.get_checks(include_deployment_checks=False)
    assert WORKERS_TAG in registered.tags_available(deployment_checks=True)


def test_no_worker_on_the_queues_is_a_warning_within_the_bound(settings, monkeypatch):
    """The test broker (Redis) is up; queues no worker consumes (a session worker may run and answer).
    Bounded: the workers are asked with WORKER_CHECK_TIMEOUT_S, never without a timeout."""
    from celery import current_app

    settings.ENRICHMENT = {**settings.ENRICHMENT, "QUEUE": "nobody-reads-this", "BULK_QUEUE": "nobody-reads-bulk"}
    asked = []
    inspect = current_app.control.inspect
    monkeypatch.setattr(current_app.control, "inspect", lambda **kw: asked.append(kw.get("timeout")) or inspect(**kw))
    [warning] = check_workers_consume_queues()
    assert warning.id == "enrichment.W021" and "'nobody-reads-this'" in warning.msg
    assert "'nobody-reads-bulk'" in warning.msg and "the sweep" in warning.hint
    assert asked == [WORKER_CHECK_TIMEOUT_S]


def test_an_unreachable_broker_is_reported_not_raised(monkeypatch):
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")  # Celery reads it before its conf
    dead = Celery("dead", broker="redis://127.0.0.1:1/0", set_as_current=False)  # nothing listens on port 1
    try:
        consumed_queues(dead, timeout=0.2)
    except Exception as exc:
        failure = exc
    else:
        failure = None
    assert failure is not None
    import celery

    monkeypatch.setattr(celery, "current_app", dead)  # the check reads the configured app
    [warning] = check_workers_consume_queues()
    assert warning.id == "enrichment.W021" and "Could not ask" in warning.msg


def test_the_sweep_goes_to_the_plugins_queue_whatever_the_hosts_default():
    import enrichment.tasks  # noqa: F401  the worker's module: registers the shared tasks

    bare = Celery("bare", set_as_current=False)  # a host with no default queue and no routes
    assert bare.conf.task_default_queue == "celery"
    sent = []
    bare.amqp.send_task_message = lambda producer, name, message, **options: sent.append(options.get("queue"))
    bare.tasks[SWEEP_TASK].apply_async()  # what beat does with the entry
    assert [getattr(q, "name", q) for q in sent] == ["enrichment"]
