"""The stored status follows every write, whoever makes it, and a new pipeline version."""
from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Count

from enrichment import pipeline, stored_status
from enrichment.articles import article_hash
from enrichment.models import EnrichmentResult, EnrichmentState, ShownStatus, Status
from enrichment.status import status_counts, with_computed_status
from newsroom.models import Article

pytestmark = pytest.mark.django_db


def done(article):
    EnrichmentState.objects.create(article=article, text_hash=article_hash(article), status=Status.DONE)
    EnrichmentResult.objects.create(article=article, text_hash=article_hash(article),
                                    pipeline_version=pipeline.PIPELINE_VERSION, data={})


def computed_counts() -> dict[str, int]:
    rows = with_computed_status(Article.objects.all()).order_by().values("enrichment_status").annotate(n=Count("pk"))
    return {**{s: 0 for s in Status.values}, **{r["enrichment_status"]: r["n"] for r in rows}}


def shown(article) -> str:
    return ShownStatus.objects.get(article=article).status


def test_a_raw_sql_import_and_a_queryset_update_are_seen_at_once():
    articles = Article.objects.bulk_create([Article(headline=f"Story {i}", text=f"Text {i}") for i in range(4)])
    for article in articles:
        done(article)
    assert {shown(a) for a in articles} == {"done"}
    Article.objects.filter(pk=articles[0].pk).update(text="Changed by update()")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE newsroom_article SET headline = headline || ' (raw)' WHERE id = %s", [articles[1].pk])
        cursor.execute("INSERT INTO newsroom_article (headline, text, body, published, created_at, updated_at) "
                       "SELECT 'Imported ' || g, 'Imported text', '', false, now(), now() FROM generate_series(1, 3) g")
        cursor.execute("UPDATE newsroom_article SET published = true")  # no text changed: nothing to redo
    assert [shown(a) for a in articles] == ["stale", "stale", "done", "done"]
    assert ShownStatus.objects.filter(article__headline__startswith="Imported ", status="queued").count() == 3
    assert status_counts() == computed_counts() == {"queued": 3, "running": 0, "done": 2, "failed": 0, "stale": 2}
    Article.objects.filter(pk=articles[2].pk).delete()
    EnrichmentState.objects.filter(article=articles[3]).update(status=Status.FAILED)
    assert status_counts() == computed_counts() == {"queued": 3, "running": 0, "done": 0, "failed": 1, "stale": 2}


def test_counts_stay_right_when_folded(monkeypatch):
    monkeypatch.setattr(stored_status, "COMPACT_AFTER", 3)
    articles = Article.objects.bulk_create([Article(headline=f"Story {i}", text=f"Text {i}") for i in range(6)])
    for article in articles[:4]:
        done(article)  # each write appends a count change
    before = status_counts()  # folds
    assert before == computed_counts() == {"queued": 2, "running": 0, "done": 4, "failed": 0, "stale": 0}
    assert stored_status.StatusCount.objects.count() <= len(Status.values)
    assert status_counts() == before


def test_a_new_pipeline_version_is_taken_by_sync(monkeypatch):
    [article] = Article.objects.bulk_create([Article(headline="Story", text="Text")])
    done(article)
    assert stored_status.is_ready() and shown(article) == "done"
    monkeypatch.setattr(stored_status, "PIPELINE_VERSION", "99.0.0")
    assert not stored_status.is_ready()  # readers compute per request until the sync
    assert stored_status.sync_version() == 1
    assert stored_status.is_ready() and shown(article) == "stale"
    monkeypatch.setattr(stored_status, "PIPELINE_VERSION", pipeline.PIPELINE_VERSION)
    assert stored_status.sync_version() == 1 and shown(article) == "done"


def test_refresh_all_heals_rows_a_bypassing_load_left_out():
    [article] = Article.objects.bulk_create([Article(headline="Story", text="Text")])
    done(article)
    ShownStatus.objects.filter(article=article).delete()
    assert stored_status.refresh_all() == 1 and shown(article) == "done"
