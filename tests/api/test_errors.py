"""Bad input gets a 400 with field errors, never a 500; who may do what. Table-driven."""
from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import override_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from enrichment.models import ArticleEntity, Decision
from newsroom.models import Article
from tests.factories import client_for

pytestmark = pytest.mark.django_db

GOOD = {"headline": "Harbour talks", "text": "The harbour talks resumed on Monday."}

# body sent to POST /api/articles/ -> the fields that must carry an error
BAD_ARTICLES = [
    ({}, {"headline", "text"}),
    ({"headline": "H"}, {"text"}),
    ({**GOOD, "text": ""}, {"text"}),
    ({**GOOD, "text": " \n\t "}, {"text"}),
    ({**GOOD, "text": None}, {"text"}),
    ({**GOOD, "text": "before\x00after"}, {"text"}),
    ({**GOOD, "text": "lone \ud800 surrogate"}, {"text"}),
    ({**GOOD, "text": ["a", "list"]}, {"text"}),
    ({**GOOD, "text": {"an": "object"}}, {"text"}),
    ({**GOOD, "text": True}, {"text"}),
    ({**GOOD, "headline": ""}, {"headline"}),
    ({**GOOD, "headline": "   "}, {"headline"}),
    ({**GOOD, "headline": "x" * 501}, {"headline"}),
    ({**GOOD, "headline": "nul\x00"}, {"headline"}),
    ({**GOOD, "headline": 12.5, "text": 7, "published": "maybe"}, {"published"}),
    ({**GOOD, "published": [True]}, {"published"}),
]


@pytest.mark.parametrize("body, fields", BAD_ARTICLES)
def test_bad_article_is_a_400_with_field_errors(editor_client, body, fields):
    # json.dumps escapes NUL and surrogates as \u0000 / \ud800, as a real client's JSON would
    response = editor_client.post("/api/articles/", json.dumps(body), content_type="application/json")
    assert response.status_code == 400, response.content
    assert set(response.json()) == fields
    assert not Article.objects.exists()


@override_settings(ENRICHMENT={"ARTICLE_MODEL": "newsroom.Article", "MAX_CHARS": 40})
def test_text_over_max_chars(editor_client):
    response = editor_client.post("/api/articles/", {**GOOD, "text": "x" * 41}, format="json")
    assert response.status_code == 400 and "limit is 40" in response.json()["text"][0]
    assert editor_client.post("/api/articles/", {**GOOD, "text": "x" * 40}, format="json").status_code == 201


# raw bodies: not JSON, not UTF-8, not an object
@pytest.mark.parametrize(
    "raw, content_type, code",
    [
        (b'{"headline": "H", "text": "caf\xe9"}', "application/json", 400),  # Latin-1, not UTF-8
        (b"\xff\xfe\x00", "application/json", 400),
        (b'{"headline": "H", "text": ', "application/json", 400),
        (b"[1, 2]", "application/json", 400),
        (b'"just a string"', "application/json", 400),
        (b"headline=H&text=T", "text/plain", 415),
        (b"", "application/json", 400),
    ],
)
def test_unparseable_bodies(editor_client, raw, content_type, code):
    response = editor_client.generic("POST", "/api/articles/", raw, content_type=content_type)
    assert response.status_code == code, response.content
    assert "detail" in response.json() or response.status_code == 400


@pytest.mark.parametrize(
    "query, field",
    [
        ("entity=999999", "entity"),
        ("entity=abc", "entity"),
        ("entity=99999999999999999999999", "entity"),
        ("status=exploded", "status"),
        ("created_after=yesterday", "created"),
        ("search=%00", "detail"),
        ("entity_name=a%00b", "detail"),
    ],
)
def test_bad_filters_are_400(editor_client, enriched, query, field):
    response = editor_client.get(f"/api/articles/?{query}")
    assert response.status_code == 400, response.content
    assert field in response.json()


# PATCH /api/articles/{id}/enrichment/ bodies -> what the error names
BAD_DECISIONS = [
    ({}, "decisions"),
    ({"decisions": []}, "decisions"),
    ({"decisions": "reject everything"}, "decisions"),
    ({"decisions": [{"action": "explode", "target": "Lagos"}]}, "action"),
    ({"decisions": [{"target": "Lagos"}]}, "action"),
    ({"decisions": [{"action": "rename_entity", "target": "Lagos", "value": "Eko"}]}, "value"),
    ({"decisions": [{"action": "rename_entity", "target": "Lagos", "value": {"name": "E\u0000ko"}}]}, "value"),
    ({"decisions": [{"action": "reject_entity", "target": "x" * 2_000_001}]}, "target"),  # over MAX_CHARS
    ({"decisions": [{"action": "reject_entity", "target": "Atlantis"}]}, "No entity called 'Atlantis'"),
    ({"decisions": [{"action": "reject_entity", "target": "Lagos"},
                    {"action": "retype_entity", "target": "Chile", "value": {"type": "PLANET"}}]}, "Unknown entity type"),
]


@pytest.mark.parametrize("body, message", BAD_DECISIONS)
def test_bad_decisions_are_400_and_store_nothing(editor_client, enriched, body, message):
    response = editor_client.patch(f"/api/articles/{enriched.pk}/enrichment/", body, format="json")
    assert response.status_code == 400, response.content
    assert message in json.dumps(response.json())
    assert not Decision.objects.exists(), "all or none"


def test_the_failing_decision_is_named_by_its_index(editor_client, enriched):
    body = {"decisions": [{"action": "reject_entity", "target": "Lagos"},
                          {"action": "reject_entity", "target": "Atlantis"}]}
    errors = editor_client.patch(f"/api/articles/{enriched.pk}/enrichment/", body, format="json").json()
    assert list(errors["decisions"]) == ["1"] and "Atlantis" in errors["decisions"]["1"][0]


# --- permissions --------------------------------------------------------------------------------

REJECT = {"decisions": [{"action": "reject_entity", "target": "Lagos"}]}

# who, method, path (article: the published one, draft: unpublished), body -> status
PERMISSIONS = [
    ("anon", "get", "/api/articles/{article}/", None, 200),
    ("anon", "get", "/api/articles/{article}/enrichment/", None, 200),
    ("anon", "get", "/api/articles/{draft}/", None, 404),
    ("anon", "get", "/api/articles/{draft}/enrichment/", None, 404),
    ("anon", "post", "/api/articles/", GOOD, 403),
    ("anon", "patch", "/api/articles/{article}/", {"headline": "x"}, 403),
    ("anon", "delete", "/api/articles/{article}/", None, 403),
    ("anon", "patch", "/api/articles/{article}/enrichment/", REJECT, 403),
    ("anon", "post", "/api/articles/{article}/enrich/", None, 403),
    ("reader", "get", "/api/articles/{article}/", None, 200),
    ("reader", "get", "/api/articles/{draft}/", None, 404),
    ("reader", "post", "/api/articles/", GOOD, 403),
    ("reader", "patch", "/api/articles/{article}/enrichment/", REJECT, 403),
    ("viewer", "get", "/api/articles/{draft}/", None, 200),
    ("viewer", "get", "/api/articles/{draft}/enrichment/", None, 200),
    ("viewer", "put", "/api/articles/{draft}/", GOOD, 403),
    ("viewer", "patch", "/api/articles/{article}/enrichment/", REJECT, 403),
    ("viewer", "post", "/api/articles/{article}/enrich/", None, 403),
    ("editor", "post", "/api/articles/", GOOD, 201),
    ("editor", "patch", "/api/articles/{draft}/", {"headline": "x"}, 200),
    ("editor", "patch", "/api/articles/{article}/enrichment/", REJECT, 200),
    ("editor", "post", "/api/articles/{article}/enrich/", None, 202),
    ("editor", "delete", "/api/articles/{draft}/", None, 204),
    ("token-editor", "patch", "/api/articles/{article}/enrichment/", REJECT, 200),
]


@pytest.mark.parametrize("who, method, path, body, code", PERMISSIONS)
def test_permissions(who, method, path, body, code, enriched, draft, editor, viewer, reader,  # noqa: F811
                     django_capture_on_commit_callbacks):
    users = {"anon": None, "reader": reader, "viewer": viewer, "editor": editor, "token-editor": editor}
    client = client_for(users[who], token=who.startswith("token"))
    url = path.format(article=enriched.pk, draft=draft.pk)
    with django_capture_on_commit_callbacks(execute=False):
        response = getattr(client, method)(url, body, format="json")
    assert response.status_code == code, response.content


def test_entities_only_in_drafts_exist_for_staff_only(enriched, draft, admin_user):
    published_only = set(ArticleEntity.objects.filter(article=enriched).values_list("entity_id", flat=True))
    draft_only = set(ArticleEntity.objects.filter(article=draft).values_list("entity_id", flat=True)) - published_only
    assert draft_only and published_only
    anon, staff = client_for(), client_for(admin_user)
    for pk in draft_only:
        assert anon.get(f"/api/entities/{pk}/").status_code == 404
        assert staff.get(f"/api/entities/{pk}/").json()["article_count"] == 1
        assert [a["id"] for a in staff.get(f"/api/entities/{pk}/articles/").json()["results"]] == [draft.pk]
    for pk in published_only:
        assert anon.get(f"/api/entities/{pk}/").json()["article_count"] == 1
        assert [a["id"] for a in anon.get(f"/api/entities/{pk}/articles/").json()["results"]] == [enriched.pk]


def test_bad_token_is_refused():
    client = client_for()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = client.get("/api/articles/")
    # 403, not 401: session authentication comes first and sends no WWW-Authenticate challenge
    assert response.status_code == 403 and response.json()["detail"] == "Invalid token."


@pytest.mark.parametrize("throttle, user", [(AnonRateThrottle, False), (UserRateThrottle, True)])
def test_throttled_after_the_rate(monkeypatch, reader, throttle, user):  # noqa: F811
    # DRF reads the rates into the class once; the settings hold them for production.
    monkeypatch.setattr(throttle, "THROTTLE_RATES", {"anon": "3/minute", "user": "3/minute"})
    cache.clear()
    client = client_for(reader if user else None)
    codes = [client.get("/api/articles/").status_code for _ in range(4)]
    cache.clear()
    assert codes == [200, 200, 200, 429]
