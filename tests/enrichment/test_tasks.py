"""Task options and failure paths, called directly (the real worker runs in tests/integration)."""
from __future__ import annotations

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError

from enrichment import services, tasks
from enrichment.models import EnrichmentState, Status
from newsroom.models import Article

# on_failure closes a broken connection, which a test wrapped in a transaction cannot survive.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("task", [tasks.enrich_article, tasks.enrich_articles], ids=["single", "chunk"])
def test_tasks_are_reliable_and_bounded(task):
    assert task.acks_late and task.reject_on_worker_lost
    assert task.autoretry_for == tasks.TRANSIENT_ERRORS
    assert task.soft_time_limit < task.time_limit


@pytest.fixture
def waiting(quiet_paste, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        return Article.objects.create(headline="Library", text=quiet_paste)


def test_a_chunk_over_its_time_limit_sends_its_articles_alone(waiting, monkeypatch):
    sent = []
    monkeypatch.setattr(services, "send_task", lambda article_id, text_hash, **kw: sent.append(article_id) or True)
    tasks.enrich_articles.on_failure(SoftTimeLimitExceeded(), "task-id", ([waiting.pk],), {}, None)
    assert sent == [waiting.pk]
    assert EnrichmentState.objects.get(article=waiting).status == Status.QUEUED


def test_a_chunk_that_gives_up_says_why(waiting):
    tasks.enrich_articles.on_failure(OperationalError("server closed the connection"), "task-id", ([waiting.pk],), {}, None)
    state = EnrichmentState.objects.get(article=waiting)
    assert state.status == Status.FAILED and "database was unreachable" in state.error
