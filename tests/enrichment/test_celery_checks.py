"""The Celery wiring checks: a sweep in the beat schedule (settings only), and workers on the
plugin's queues (deploy-only, bounded: it asks the broker)."""
from __future__ import annotations

import time

from celery import Celery
from django.core import checks

from enrichment.checks import (
    SWEEP_TASK, WORKER_CHECK_TIMEOUT_S, WORKERS_TAG, check_sweep_scheduled, check_workers_consume_queues,
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


def test_no_worker_on_the_queues_is_a_warning_within_the_bound():
    """The test broker (Redis) is up and no worker of this test consumes its queues."""
    started = time.monotonic()
    [warning] = check_workers_consume_queues()
    elapsed = time.monotonic() - started
    assert warning.id == "enrichment.W021" and "'enrichment'" in warning.msg and "'enrichment_bulk'" in warning.msg
    assert elapsed < 10 * WORKER_CHECK_TIMEOUT_S  # bounded: it waited for answers, not forever


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
