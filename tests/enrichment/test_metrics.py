"""/metrics: the gauges read at scrape time, the workers' instruments, and who may read it."""
from __future__ import annotations

import pytest
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from enrichment.jobs.running import record_failure
from enrichment.models import EnrichmentState, Status
from enrichment.pipeline.types import Notice

pytestmark = pytest.mark.django_db

NAMES = {"enrichment_queue_depth", "enrichment_jobs", "enrichment_run_seconds", "enrichment_failures"}


def scrape(client, **headers) -> dict:
    response = client.get("/metrics", **headers)
    assert response.status_code == 200, response.status_code
    return {family.name: family for family in text_string_to_metric_families(response.content.decode())}


def samples(family, name: str) -> dict:
    return {tuple(sorted(s.labels.items())): s.value for s in family.samples if s.name == name}


def test_metrics_name_the_queues_the_statuses_the_run_time_and_failures(admin_client, enriched_article):
    families = scrape(admin_client)
    assert NAMES <= set(families)
    jobs = samples(families["enrichment_jobs"], "enrichment_jobs")
    assert jobs[(("status", "done"),)] == EnrichmentState.objects.filter(status=Status.DONE).count() >= 1
    depth = samples(families["enrichment_queue_depth"], "enrichment_queue_depth")
    assert set(depth) == {(("queue", "enrichment"),), (("queue", "enrichment_bulk"),)}  # empty or not, Redis counts
    assert all(n >= 0 for n in depth.values())
    # enriching the article observed its run time in this process
    assert REGISTRY.get_sample_value("enrichment_run_seconds_count") >= 1


def test_a_failure_is_counted_by_its_code(admin_client, enriched_article):
    def failures():
        return REGISTRY.get_sample_value("enrichment_failures_total", {"code": "time_limit"}) or 0

    before = failures()
    state = EnrichmentState.objects.get(article=enriched_article)
    record_failure(enriched_article.pk, state.text_hash, Notice("time_limit", "Too long.", seconds=120))
    assert failures() == before + 1
    scraped = samples(scrape(admin_client)["enrichment_failures"], "enrichment_failures_total")
    assert scraped[(("code", "time_limit"),)] == before + 1


def test_only_staff_or_the_scrapers_token_may_read(client, settings, django_user_model):
    assert client.get("/metrics").status_code == 403
    settings.ENRICHMENT = {**settings.ENRICHMENT, "METRICS_TOKEN": "s3cret-token"}
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert "enrichment_jobs" in scrape(client, HTTP_AUTHORIZATION="Bearer s3cret-token")
    editor = django_user_model.objects.create_user("not-staff", password="pw")
    client.force_login(editor)
    assert client.get("/metrics").status_code == 403
