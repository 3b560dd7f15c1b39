"""The health endpoints: the web's own services up answer 200; the plugin's Backlog check
fails the site's endpoint when an editor's save has waited too long."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from health_check.exceptions import ServiceUnavailable

from enrichment.health import MAX_WAIT, Backlog, oldest_wait
from enrichment.models import EnrichmentState, Status

pytestmark = pytest.mark.django_db


def wait_since(article, seconds: float, *, queue: str = "enrichment") -> None:
    EnrichmentState.objects.filter(article=article).update(
        status=Status.QUEUED, queue=queue, queued_at=timezone.now() - timedelta(seconds=seconds))


def test_the_web_services_answer_200(client, enriched_article):
    response = client.get("/health/web/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content
    checks = response.json()
    assert any("Database" in name for name in checks) and any("Redis" in name for name in checks)
    assert all(status == "OK" for status in checks.values())


def test_backlog_passes_with_nothing_old_waiting(enriched_article):
    assert oldest_wait() is None  # enriched: nothing queued
    wait_since(enriched_article, MAX_WAIT.total_seconds() / 4)
    Backlog().run()  # no exception: a fresh save is not a backlog


def test_backlog_fails_when_an_editors_save_waits_too_long(enriched_article):
    wait_since(enriched_article, MAX_WAIT.total_seconds() * 2)
    with pytest.raises(ServiceUnavailable, match="oldest queued enrichment has waited"):
        Backlog().run()
    Backlog(max_wait=MAX_WAIT * 3).run()  # the threshold is the site's to tune


def test_a_long_bulk_backlog_is_not_a_failure(enriched_article):
    wait_since(enriched_article, 3600, queue="enrichment_bulk")  # re-runs wait behind each other for hours
    Backlog().run()


@pytest.mark.django_db(transaction=True)  # the view runs its checks in threads: data must be committed
def test_the_sites_endpoint_fails_on_an_old_job(client, enriched_article):
    wait_since(enriched_article, MAX_WAIT.total_seconds() * 2)
    response = client.get("/health/", HTTP_ACCEPT="application/json")
    assert response.status_code == 500
    backlog = [status for name, status in response.json().items() if name.startswith("Backlog")]
    assert backlog and "waited" in backlog[0]
