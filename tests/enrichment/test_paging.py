"""Page counts are exact for small results and bounded in cost for large ones."""
from __future__ import annotations

import pytest
from django.db import connection

from enrichment import paging
from newsroom.models import Article
from tests.factories import client_for

pytestmark = pytest.mark.django_db


def test_small_results_are_counted_exactly_large_ones_estimated(monkeypatch, admin_user):
    monkeypatch.setattr(paging, "COUNT_CAP", 5)
    Article.objects.bulk_create([Article(headline=f"Story {i}", text=f"Text {i}", published=i < 3) for i in range(40)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE newsroom_article")
    assert paging.bounded_count(Article.objects.filter(published=True)) == (3, True)
    count, exact = paging.bounded_count(Article.objects.all())
    assert not exact and count > 5
    page = client_for(admin_user).get("/api/articles/").json()
    assert page["count_exact"] is False and page["count"] > 5 and len(page["results"]) == 20
    assert client_for(admin_user).get("/api/articles/?published=true").json()["count_exact"] is True


def test_the_status_filtered_changelist_is_newest_id_first(admin_client):
    articles = Article.objects.bulk_create([Article(headline=f"Story {i}", text=f"Text {i}") for i in range(5)])
    page = admin_client.get("/admin/newsroom/article/", {"enrichment": "queued"})
    assert [a.pk for a in page.context["cl"].result_list] == sorted((a.pk for a in articles), reverse=True)
