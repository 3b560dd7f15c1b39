"""The read API: names scripts depend on, pagination, who may read what."""
from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from enrichment import services
from newsroom.models import Article

pytestmark = pytest.mark.django_db

ENRICHMENT_KEYS = {"status", "error", "body", "captions", "removed", "entities"}


@pytest.fixture
def enriched(messy_paste, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        article = Article.objects.create(headline="Harbour talks", text=messy_paste, published=True)
    services.run_enrichment(article.pk, services.article_hash(article))
    return article


@pytest.fixture
def staff_client(admin_user):
    client = APIClient()
    client.force_login(admin_user)
    return client


def test_detail_has_the_documented_names(staff_client, enriched, messy_paste):
    data = staff_client.get(f"/api/articles/{enriched.pk}/").json()
    assert {"id", "headline", "text", "enrichment"} <= set(data)
    assert data["text"] == messy_paste
    assert ENRICHMENT_KEYS <= set(data["enrichment"])
    assert data["enrichment"]["status"] == "done"
    assert all({"name", "type"} <= set(e) for e in data["enrichment"]["entities"])
    assert isinstance(data["enrichment"]["body"], list) and data["enrichment"]["body"]


def test_list_is_paginated(staff_client, quiet_paste, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        Article.objects.bulk_create([Article(headline=f"Story {i}", text=quiet_paste) for i in range(25)])
    data = staff_client.get("/api/articles/").json()
    assert data["count"] == 25 and len(data["results"]) == 20 and data["next"]


def test_queued_article_reports_queued(staff_client, quiet_paste, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        article = Article.objects.create(headline="Library", text=quiet_paste)
    enrichment = staff_client.get(f"/api/articles/{article.pk}/").json()["enrichment"]
    assert enrichment["status"] == "queued" and enrichment["body"] == []


def test_anonymous_reads_published_only(enriched, quiet_paste, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        draft = Article.objects.create(headline="Draft", text=quiet_paste)
    client = APIClient()
    ids = [a["id"] for a in client.get("/api/articles/").json()["results"]]
    assert ids == [enriched.pk]
    assert client.get(f"/api/articles/{draft.pk}/").status_code == 404
