"""The read API: names scripts depend on, pagination, who may read what."""
from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from newsroom.models import Article

pytestmark = pytest.mark.django_db

ENRICHMENT_KEYS = {"status", "error", "body", "captions", "removed", "entities"}


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


# --- writes: create and update queue enrichment once, after commit ----------------------------

from enrichment.articles import article_hash
from enrichment.models import ArticleEntity, EnrichmentState, Entity  # noqa: E402
from tests.factories import make_article  # noqa: E402


def test_create_queues_one_enrichment_after_commit(editor_client, messy_paste, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = editor_client.post("/api/articles/", {"headline": "Harbour talks", "text": messy_paste}, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["text"] == messy_paste and data["enrichment"]["status"] == "queued"
    assert response["ETag"]
    assert len(callbacks) == 1, "one save, one task"
    state = EnrichmentState.objects.get(article_id=data["id"])
    assert state.status == "queued" and state.text_hash == article_hash(Article.objects.get(pk=data["id"]))


def test_text_is_kept_verbatim(editor_client, django_capture_on_commit_callbacks):
    paste = "  Skip to content\n\n\tThe lede.  \n"
    with django_capture_on_commit_callbacks(execute=False):
        data = editor_client.post("/api/articles/", {"headline": "H", "text": paste}, format="json").json()
    assert data["text"] == paste and Article.objects.get(pk=data["id"]).text == paste


@pytest.mark.parametrize(
    "change, queued",
    [
        ({"text": "A new text about the harbour."}, 1),
        ({"headline": "A new headline"}, 1),  # the title is part of the enriched content
        ({"published": True}, 0),
        ({"text": None}, None),  # refused: 400
    ],
)
def test_patch_queues_only_when_the_content_changes(editor_client, quiet_paste, django_capture_on_commit_callbacks,
                                                    change, queued):
    article = make_article(text=quiet_paste, published=False, enrich=True, capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = editor_client.patch(f"/api/articles/{article.pk}/", change, format="json")
    if queued is None:
        assert response.status_code == 400 and "text" in response.json()
        return
    assert response.status_code == 200, response.json()
    assert len(callbacks) == queued
    assert response.json()["enrichment"]["status"] == ("queued" if queued else "done")


def test_put_replaces_and_delete_removes(editor_client, quiet_paste, django_capture_on_commit_callbacks):
    article = make_article(text=quiet_paste, capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False):
        response = editor_client.put(
            f"/api/articles/{article.pk}/", {"headline": "Replaced", "text": "Replaced text.", "published": True},
            format="json",
        )
    assert response.status_code == 200 and response.json()["headline"] == "Replaced"
    assert editor_client.delete(f"/api/articles/{article.pk}/").status_code == 204
    assert not Article.objects.filter(pk=article.pk).exists()


def test_read_only_fields_are_ignored(editor_client, quiet_paste, django_capture_on_commit_callbacks):
    article = make_article(text=quiet_paste, capture=django_capture_on_commit_callbacks)
    response = editor_client.patch(f"/api/articles/{article.pk}/", {"body": "forged", "enrichment": {}}, format="json")
    assert response.status_code == 200 and Article.objects.get(pk=article.pk).body == ""


# --- filters ----------------------------------------------------------------------------------

def ids(client, query: str) -> list[int]:
    response = client.get(f"/api/articles/?{query}")
    assert response.status_code == 200, response.json()
    return [a["id"] for a in response.json()["results"]]


def test_filters_search_and_ordering(staff_client, enriched, quiet_paste, django_capture_on_commit_callbacks):
    queued = make_article(text=quiet_paste, headline="Library reopens", capture=django_capture_on_commit_callbacks)
    lagos = Entity.objects.get(name="Lagos")
    Entity.objects.filter(pk=lagos.pk).update(aliases=["Lagos", "Lasgidi"])
    assert ids(staff_client, "status=done") == [enriched.pk]
    assert ids(staff_client, "status=queued") == [queued.pk]
    assert ids(staff_client, "status=stale") == []
    assert ids(staff_client, f"entity={lagos.pk}") == [enriched.pk]
    assert ids(staff_client, "entity_name=lagos") == [enriched.pk]
    assert ids(staff_client, "entity_name=Lasgidi") == [enriched.pk], "aliases match too"
    assert ids(staff_client, "entity_name=Atlantis") == []
    assert ids(staff_client, "search=library") == [queued.pk]
    assert ids(staff_client, "ordering=headline") == [enriched.pk, queued.pk]
    assert ids(staff_client, "ordering=-headline") == [queued.pk, enriched.pk]
    Article.objects.filter(pk=queued.pk).update(created_at="2020-01-01T00:00:00Z")
    assert ids(staff_client, "created_before=2021-01-01T00:00:00Z") == [queued.pk]
    assert ids(staff_client, "created_after=2021-01-01T00:00:00Z") == [enriched.pk]
    assert ids(staff_client, "created_after=2019-01-01&created_before=2020-06-01") == [queued.pk]
    assert ids(staff_client, "published=false") == []
    assert ArticleEntity.objects.filter(article=enriched).exists()
