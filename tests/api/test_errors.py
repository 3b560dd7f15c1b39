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
    ({**GOOD, "headline": 12.5, "text": 7, "published": "maybe"}, {"headline", "text", "published"}),
    ({"headline": 12, "text": 3.5}, {"headline", "text"}),  # DRF would store "12" and "3.5"
    ({**GOOD, "headline": ["H"]}, {"headline"}),
    ({**GOOD, "published": [True]}, {"published"}),
    ({**GOOD, "published": 1}, {"published"}),
    ({**GOOD, "published": "true"}, {"published"}),
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
        ("updated_after=2020-01-01T00:00:00-19:00", "updated"),  # PostgreSQL refuses the offset
        ("created_before=2020-01-01T00:00:00%2B16:00", "created"),
        ("created_after=0001-01-01T00:00:00%2B15:00", "created"),  # year 0 once in UTC
        ("updated_before=9999-12-31T23:59:59-15:00", "updated"),  # year 10000 once in UTC
        ("published=maybe", "published"),
        ("published=1", "published"),
        ("published=True", "published"),
        ("ordering=password", "ordering"),
        ("ordering=headline,-nope", "ordering"),
    ],
)
def test_bad_filters_are_400(editor_client, enriched, query, field):
    response = editor_client.get(f"/api/articles/?{query}")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert client_for().get(f"/api/articles/?{query}").status_code == 400  # anonymous too


@pytest.mark.parametrize("query, found", [
    ("published=true", True), ("published=false", False), ("published=", True),
    ("updated_after=2020-01-01T00:00:00%2B15:59", True), ("updated_after=2999-01-01T00:00:00-15:59", False),
])
def test_good_filters_filter(editor_client, enriched, query, found):
    ids = [a["id"] for a in editor_client.get(f"/api/articles/?{query}").json()["results"]]
    assert (enriched.pk in ids) is found


@pytest.mark.parametrize("url", ["/api/articles/abc/", "/api/articles/1.5/enrichment/", "/api/entities/x/articles/",
                                 "/api/articles/0/", "/api/articles/99999999999999999999/", "/api/nothing/"])
def test_unknown_ids_and_urls_are_a_json_404(editor_client, url):
    response = editor_client.get(url)
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json()["detail"]


@pytest.mark.parametrize("query", ["page=0", "page=abc", "page=999"])
def test_bad_pages_are_a_404_that_says_so(editor_client, enriched, query):
    response = editor_client.get(f"/api/articles/?{query}")
    assert response.status_code == 404 and "Invalid page" in response.json()["detail"]


@pytest.mark.parametrize("raw", [
    '{"headline": "x", "text": ' + "[" * 100_000 + "]" * 100_000 + "}",  # RecursionError in json
    '{"headline": "x", "text": ' + "[" * 40 + "]" * 40 + "}",  # deeper than MAX_DEPTH
])
def test_deeply_nested_json_is_a_400(editor_client, enriched, raw):
    for url in ("/api/articles/", f"/api/articles/{enriched.pk}/enrichment/"):
        method = editor_client.post if url.endswith("articles/") else editor_client.patch
        response = method(url, raw, content_type="application/json")
        assert response.status_code == 400 and "nested deeper" in response.json()["detail"]


def test_a_decision_value_nested_within_the_limit_is_read(editor_client, enriched):
    value = {"type": "ORG"}
    for _ in range(20):
        value = {"type": "ORG", "deeper": value}
    body = {"decisions": [{"action": "add_entity", "target": "Quay Trust", "value": value}]}
    assert editor_client.patch(f"/api/articles/{enriched.pk}/enrichment/", body, format="json").status_code == 200


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_over_the_upload_limit_is_a_413(editor_client):
    body = json.dumps({**GOOD, "text": "x" * 1000})
    response = editor_client.post("/api/articles/", body, content_type="application/json")
    assert response.status_code == 413 and "1000 bytes" in response.json()["detail"]
    assert not Article.objects.exists()


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                                          "text/plain"])
def test_writes_are_json_only(editor_client, enriched, content_type):
    for method, url in (("POST", "/api/articles/"), ("PATCH", f"/api/articles/{enriched.pk}/enrichment/")):
        response = editor_client.generic(method, url, "decisions=x&headline=H&text=T", content_type=content_type)
        assert response.status_code == 415, response.content


# PATCH /api/articles/{id}/enrichment/ bodies -> what the error names
BAD_DECISIONS = [
    ({}, "decisions"),
    ({"decisions": []}, "decisions"),
    ({"decisions": "reject everything"}, "decisions"),
    ({"decisions": [{"action": "explode", "target": "Lagos"}]}, "action"),
    ({"decisions": [{"target": "Lagos"}]}, "action"),
    ({"decisions": [{"action": "confirm_entity"}]}, "target"),
    ({"decisions": [{"action": "confirm_entity", "target": ""}]}, "target"),
    ({"decisions": [{"action": "confirm_entity", "target": 12}]}, "target"),
    ({"decisions": [{"action": "reject_entity", "target": ["Lagos"]}]}, "target"),
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
    ("anon", "post", "/api/articles/", GOOD, 401),
    ("anon", "patch", "/api/articles/{article}/", {"headline": "x"}, 401),
    ("anon", "delete", "/api/articles/{article}/", None, 401),
    ("anon", "patch", "/api/articles/{article}/enrichment/", REJECT, 401),
    ("anon", "post", "/api/articles/{article}/enrich/", None, 401),
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


@pytest.mark.parametrize("authorization, detail", [
    (None, "Authentication credentials were not provided."),
    ("Token not-a-token", "Invalid token."),
    ("Token", "Invalid token header. No credentials provided."),
])
@pytest.mark.parametrize("method, path", [("post", "/api/articles/"), ("delete", "/api/articles/{article}/"),
                                          ("patch", "/api/articles/{article}/enrichment/")])
def test_a_missing_or_bad_token_is_a_401_with_a_challenge(enriched, authorization, detail, method, path):
    client = client_for()
    if authorization:
        client.credentials(HTTP_AUTHORIZATION=authorization)
    response = getattr(client, method)(path.format(article=enriched.pk), {}, format="json")
    assert response.status_code == 401 and response.json()["detail"] == detail
    assert response["WWW-Authenticate"] == "Token"
    assert Article.objects.filter(pk=enriched.pk).exists()


@pytest.mark.parametrize("user", ["reader", "viewer"])
def test_an_authenticated_user_without_the_permission_gets_a_403(enriched, reader, viewer, user):  # noqa: F811
    for token in (False, True):
        client = client_for({"reader": reader, "viewer": viewer}[user], token=token)
        response = client.delete(f"/api/articles/{enriched.pk}/")
        assert response.status_code == 403 and "WWW-Authenticate" not in response, response.content
    assert Article.objects.filter(pk=enriched.pk).exists()


def test_a_bad_token_is_a_401_on_reads_too():
    client = client_for()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = client.get("/api/articles/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    assert client_for().get("/api/articles/").status_code == 200  # no token: reads are public


@pytest.mark.parametrize("throttle, user", [(AnonRateThrottle, False), (UserRateThrottle, True)])
def test_throttled_after_the_rate(monkeypatch, reader, throttle, user):  # noqa: F811
    # DRF reads the rates into the class once; the settings hold them for production.
    monkeypatch.setattr(throttle, "THROTTLE_RATES", {"anon": "3/minute", "user": "3/minute"})
    cache.clear()
    client = client_for(reader if user else None)
    codes = [client.get("/api/articles/").status_code for _ in range(4)]
    cache.clear()
    assert codes == [200, 200, 200, 429]
