"""The database connection dropped under a running task: retried with backoff on a fresh
connection; when it never comes back, the failure is recorded, readably, in admin and API."""
from __future__ import annotations

import html
import io
import time

import pytest
from django.core.management import call_command

from enrichment.models import EnrichmentResult, EnrichmentState, Status
from newsroom.models import Article

from .reliability import terminate_backends
from .test_worker_end_to_end import admin_session
from .workers import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def finished(article):
    state = EnrichmentState.objects.get(article=article)
    return state if state.status in (Status.DONE, Status.FAILED) else None


def test_connection_dropped_mid_task_is_retried_on_a_fresh_connection(broker, start_worker, messy_paste):
    worker = start_worker(broker.url, name="rel-db-drop")
    article = Article.objects.create(headline="Harbour talks [slow=2]", text=messy_paste)
    worker.hook_pid("slow")
    assert terminate_backends("rel-db-drop") >= 1  # what a failover or a network cut does
    dropped = time.monotonic()

    state = wait_until(lambda: finished(article), timeout=60, message=worker.text()[-3000:])
    print(f"\nMEASURE db dropped: {state.status} {time.monotonic() - dropped:.1f} s after the drop, attempts={state.attempts}")
    assert state.status == Status.DONE, state.error
    assert "OperationalError" in worker.text() and "Retry in" in worker.text()
    assert state.attempts == 2
    assert EnrichmentResult.objects.filter(article=article).count() == 1


def test_failure_after_the_last_retry_is_recorded_and_shown(
    broker, start_worker, live_server, admin_user, quiet_paste
):
    worker = start_worker(broker.url, name="rel-db-gone", env={"ENRICHMENT_MAX_RETRIES": "2"})
    started = time.monotonic()
    article = Article.objects.create(headline="Quiet article [dropdb]", text=quiet_paste)

    state = wait_until(lambda: finished(article), timeout=60, message=worker.text()[-3000:])
    print(f"\nMEASURE db never back: {state.status} after {time.monotonic() - started:.1f} s, attempts={state.attempts}")
    assert state.status == Status.FAILED
    assert state.error.startswith("The database was unreachable after 2 retries (OperationalError:"), state.error
    assert "enrichment_requeue" in state.error
    assert worker.text().count("HOOK dropdb") == 3  # the first run and two retries
    assert not EnrichmentResult.objects.filter(article=article).exists()

    session = admin_session(live_server, admin_user)
    api = session.get(f"{live_server.url}/api/articles/{article.pk}/").json()["enrichment"]
    assert api["status"] == "failed" and api["error"] == state.error
    page = session.get(f"{live_server.url}/admin/newsroom/article/{article.pk}/change/").text
    assert html.escape(state.error[:60]) in page or state.error[:60] in html.unescape(page)

    out = io.StringIO()
    call_command("enrichment_requeue", "--failed", stdout=out)  # the operator, once the database is back
    assert "Queued 1 failed article again." in out.getvalue()
    assert EnrichmentState.objects.get(article=article).status in (Status.QUEUED, Status.RUNNING)
