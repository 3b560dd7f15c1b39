"""What each role reads of an article: the public what a published article shows; the
newsroom (the article view or change permission) everything, as the sidebar does."""
from __future__ import annotations

import pytest

from enrichment import editorial
from enrichment.models import EnrichmentState, Status
from enrichment.view import enrichment_view
from tests.factories import client_for

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reader", "viewer", "editor"]
STAFF = {"viewer", "editor"}
PRIVATE = ["error", "removed", "warnings", "queued_at", "started_at", "finished_at", "duration_ms", "carried_over"]
ERROR = 'OperationalError: connection to server at "db" (172.18.0.3), port 5432 failed'


def client_of(role, request):
    return client_for(None if role == "anonymous" else request.getfixturevalue(role))


@pytest.fixture
def published(enriched):
    """A published story an editor removed a paragraph from."""
    enriched.published = True
    enriched.save(update_fields=["published"])
    view = enrichment_view(enriched)
    editorial.decide(enriched, action="remove_paragraph", target=view["body"][-1])
    return enriched


def reads(client, article) -> list[dict]:
    """The article as the detail, the expanded list and the enrichment endpoint give it (the
    plain list holds no text and no enrichment for anyone)."""
    detail = client.get(f"/api/articles/{article.pk}/").json()
    listed = next(a for a in client.get("/api/articles/?expand=enrichment").json()["results"] if a["id"] == article.pk)
    plain = next(a for a in client.get("/api/articles/").json()["results"] if a["id"] == article.pk)
    assert "text" not in plain and "enrichment" not in plain
    enrichment = client.get(f"/api/articles/{article.pk}/enrichment/").json()
    return [detail, listed, {"enrichment": enrichment}]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("field", PRIVATE)
def test_staff_only_enrichment_fields(published, role, field, request):
    for data in reads(client_of(role, request), published):
        assert (field in data["enrichment"]) == (role in STAFF), (role, field)


@pytest.mark.parametrize("role", ROLES)
def test_the_paste_is_for_staff_only(published, role, request):
    client = client_of(role, request)
    detail, listed, _ = reads(client, published)
    assert ("text" in detail) == (role in STAFF) and "text" not in listed  # list items never carry it
    if role in STAFF:
        assert detail["text"] == published.text


@pytest.mark.parametrize("role", ROLES)
def test_everyone_gets_what_the_published_article_shows(published, role, request):
    shown = enrichment_view(published)
    removed = next(r["text"] for r in shown["removed"] if r["reason"] == "editor")
    for data in reads(client_of(role, request), published):
        enrichment = data["enrichment"]
        assert data.get("headline", published.headline) == published.headline
        assert enrichment["status"] == Status.DONE
        assert enrichment["headline"] == shown["headline"] and enrichment["body"] == shown["body"]
        assert removed not in enrichment["body"]
        assert enrichment["captions"] == shown["captions"] and enrichment["captions"][0]["credit"]
        assert [e["name"] for e in enrichment["entities"]] == [e["name"] for e in shown["entities"]]
        assert enrichment["entities"]
        text = str(data)
        assert (removed in text) == (role in STAFF)  # the paste and `removed` hold it


@pytest.mark.parametrize("role", ROLES)
def test_a_failure_says_failed_and_only_staff_read_why(published, role, request):
    EnrichmentState.objects.filter(article=published).update(status=Status.FAILED, error=ERROR)
    for data in reads(client_of(role, request), published):
        assert data["enrichment"]["status"] == Status.FAILED
        assert ("172.18.0.3" in str(data)) == (role in STAFF)
