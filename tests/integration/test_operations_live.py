"""Operations against a real worker: the site's health endpoint is green with every service up
(database, cache, Redis, a worker answering on both plugin queues, no backlog), and the
deploy-only check finds the worker on the plugin's queues."""
from __future__ import annotations

import pytest

from enrichment.checks import check_workers_consume_queues

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_the_health_endpoint_is_green_with_a_worker_on_the_queues(client, celery_worker_process):
    response = client.get("/health/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content
    names = " ".join(response.json())
    for check in ("Database", "Cache", "Redis", "Ping", "Backlog"):
        assert check in names, check


def test_the_deploy_check_sees_the_worker_on_both_queues(celery_worker_process):
    assert check_workers_consume_queues() == []
