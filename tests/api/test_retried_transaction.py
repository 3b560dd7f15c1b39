"""A write that PostgreSQL aborts to break a deadlock (or a serialization failure) runs again
in a new transaction, a few times; any other error, or one inside a caller's transaction, is
not retried."""
from __future__ import annotations

import psycopg.errors
import pytest
from django.db import OperationalError, transaction

from enrichment.api import concurrency
from enrichment.api.concurrency import WRITE_ATTEMPTS, retried_transaction

pytestmark = pytest.mark.django_db(transaction=True)


def failing(times: int, cause: type[Exception]):
    """A view that fails ``times`` times as psycopg's ``cause`` reaches Django, then answers."""
    runs: list[bool] = []

    @retried_transaction
    def view():
        runs.append(transaction.get_connection().in_atomic_block)
        if len(runs) <= times:
            raise OperationalError("aborted") from cause("aborted")
        return "answered"

    return view, runs


@pytest.fixture(autouse=True)
def no_pause(monkeypatch):
    monkeypatch.setattr(concurrency, "RETRY_PAUSE", 0)


@pytest.mark.parametrize("cause", [psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure])
def test_a_deadlock_or_serialization_failure_is_run_again(cause):
    view, runs = failing(WRITE_ATTEMPTS - 1, cause)
    assert view() == "answered"
    assert runs == [True] * WRITE_ATTEMPTS  # each run in a transaction of its own


def test_it_gives_up_after_the_last_attempt():
    view, runs = failing(WRITE_ATTEMPTS, psycopg.errors.DeadlockDetected)
    with pytest.raises(OperationalError):
        view()
    assert len(runs) == WRITE_ATTEMPTS


def test_other_database_errors_are_not_retried():
    view, runs = failing(1, psycopg.errors.AdminShutdown)
    with pytest.raises(OperationalError):
        view()
    assert len(runs) == 1


def test_inside_a_callers_transaction_it_runs_once():
    view, runs = failing(1, psycopg.errors.DeadlockDetected)
    with pytest.raises(OperationalError), transaction.atomic():
        view()
    assert len(runs) == 1
