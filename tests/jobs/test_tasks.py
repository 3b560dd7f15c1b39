"""Task options and failure paths, called directly (the real worker runs in tests/integration)."""
from __future__ import annotations

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError

from enrichment import tasks
from enrichment.articles import article_hash
from enrichment.jobs import dispatch
from enrichment.models import EnrichmentState, Status
from newsroom.models import Article

# on_failure closes a broken connection, which a test wrapped in a transaction cannot survive.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def sent(monkeypatch):
    """Nothing reaches a broker: these tests commit (transaction=True), so the save's own send
    would run at once and a worker of another test layer could pick the job up."""
    keys = []
    monkeypatch.setattr(dispatch, "send", lambda chunk, queue: keys.append([pk for pk, _ in chunk]) or True)
    return keys


@pytest.fixture
def waiting(quiet_paste, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        return Article.objects.create(headline="Library", text=quiet_paste)


@pytest.fixture
def other(quiet_paste, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        return Article.objects.create(headline="Library 2", text=quiet_paste + "\n\nMore.")


def key(article):
    return [article.pk, article_hash(article)]


def test_a_chunk_over_its_time_limit_sends_its_articles_alone(waiting, other, sent):
    sent.clear()  # the saves' own sends
    tasks.enrich_articles.on_failure(SoftTimeLimitExceeded(), "task-id", ([key(waiting), key(other)],), {}, None)
    assert sent == [[waiting.pk], [other.pk]]
    assert EnrichmentState.objects.get(article=waiting).status == Status.QUEUED


def test_one_article_over_its_time_limit_fails_with_a_message(waiting, sent):
    sent.clear()
    tasks.enrich_articles.on_failure(SoftTimeLimitExceeded(), "task-id", ([key(waiting)],), {}, None)
    assert sent == []  # a job of one is not sent again
    state = EnrichmentState.objects.get(article=waiting)
    assert state.status == Status.FAILED and "longer than" in state.error


def test_a_chunk_that_gives_up_says_why(waiting):
    tasks.enrich_articles.on_failure(OperationalError("server closed the connection"), "task-id", ([key(waiting)],), {},
                                     None)
    state = EnrichmentState.objects.get(article=waiting)
    assert state.status == Status.FAILED and "database was unreachable" in state.error
