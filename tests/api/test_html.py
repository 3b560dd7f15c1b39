"""The API's optional ``html``: stored like the admin's paste capture, refused with a 400 like
the text, and never returned to anyone."""
from __future__ import annotations

import json

import pytest
from django.test import override_settings

from enrichment.articles import content_hash
from enrichment.models import EnrichmentState, PastedHTML, Status
from newsroom.models import Article
from tests.factories import client_for, make_article
from tests.fixtures.pasted_page import HOSTILE_HTML, news_page

pytestmark = pytest.mark.django_db

GOOD = {"headline": "Harbour talks", "text": "The harbour talks resumed on Monday.\n\nThe port stays open."}
SETTINGS = {"ARTICLE_MODEL": "newsroom.Article", "MAX_HTML_CHARS": 50}


def post(client, body, capture):
    with capture(execute=False):
        # json.dumps escapes NUL and surrogates as \u0000 / \ud800, as a real client's JSON would
        return client.post("/api/articles/", json.dumps(body), content_type="application/json")


def patch(client, article, body, capture):
    with capture(execute=False):
        return client.patch(f"/api/articles/{article.pk}/", json.dumps(body), content_type="application/json")


def test_create_with_html_stores_it_verbatim_and_never_returns_it(editor_client, django_capture_on_commit_callbacks):
    html = news_page().replace("\n", "\r\n", 2)
    response = post(editor_client, {**GOOD, "html": html}, django_capture_on_commit_callbacks)
    assert response.status_code == 201, response.content
    assert "html" not in response.json()
    row = PastedHTML.objects.get()
    assert row.html == html and row.text_hash == content_hash(GOOD["text"])
    assert row.article.text == GOOD["text"]
    assert "html" not in editor_client.get(f"/api/articles/{row.article_id}/").json()


@pytest.mark.parametrize("html", [None, ""], ids=["null", "empty"])
def test_create_with_no_html_stores_none(editor_client, html, django_capture_on_commit_callbacks):
    assert post(editor_client, {**GOOD, "html": html}, django_capture_on_commit_callbacks).status_code == 201
    assert Article.objects.count() == 1 and not PastedHTML.objects.exists()


# body sent to POST /api/articles/ -> the message of the field that carries the error
BAD_HTML = [
    ({**GOOD, "html": 12}, "html", "Must be a string of HTML, or null."),
    ({**GOOD, "html": True}, "html", "Must be a string of HTML, or null."),
    ({**GOOD, "html": ["<p>a</p>"]}, "html", "Must be a string of HTML, or null."),
    ({**GOOD, "html": {"html": "<p>a</p>"}}, "html", "Must be a string of HTML, or null."),
    ({**GOOD, "html": "<p>" + "x" * 50 + "</p>"}, "html", "The page's HTML has 57 characters; the limit is 50."),
    ({**GOOD, "html": "<p>a\x00b</p>"}, "html", "NUL character (\\x00) at position 4"),
    ({**GOOD, "html": "<p>\ud800</p>"}, "html", "unpaired surrogate) at position 3"),
    ({"headline": "H", "html": "<p>a</p>"}, "text", "This field is required."),
]


@override_settings(ENRICHMENT=SETTINGS)
@pytest.mark.parametrize("body, field, message", BAD_HTML)
def test_bad_html_is_a_400_and_nothing_is_stored(editor_client, body, field, message, django_capture_on_commit_callbacks):
    response = post(editor_client, body, django_capture_on_commit_callbacks)
    assert response.status_code == 400, response.content
    [error] = response.json()[field]
    assert message in error
    assert not Article.objects.exists() and not PastedHTML.objects.exists()


@pytest.fixture
def pasted(editor_client, django_capture_on_commit_callbacks):
    post(editor_client, {**GOOD, "html": "<p>first</p>"}, django_capture_on_commit_callbacks)
    return Article.objects.get()


def test_update_of_the_text_alone_keeps_the_html(editor_client, pasted, django_capture_on_commit_callbacks):
    response = patch(editor_client, pasted, {"text": GOOD["text"] + "\n\nAn added line."},
                     django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert PastedHTML.objects.get().html == "<p>first</p>"


def test_update_with_html_replaces_it_and_runs_the_enrichment_again(editor_client, pasted,
                                                                    django_capture_on_commit_callbacks):
    EnrichmentState.objects.filter(article=pasted).update(status=Status.DONE)
    response = patch(editor_client, pasted, {"html": "<p>second</p>"}, django_capture_on_commit_callbacks)
    assert response.status_code == 200 and "html" not in response.json()
    assert list(PastedHTML.objects.values_list("html", flat=True)) == ["<p>second</p>"]
    assert EnrichmentState.objects.get(article=pasted).status == Status.QUEUED  # same text, new evidence


def test_update_with_null_drops_the_html(editor_client, pasted, django_capture_on_commit_callbacks):
    assert patch(editor_client, pasted, {"html": None}, django_capture_on_commit_callbacks).status_code == 200
    assert not PastedHTML.objects.exists()


@override_settings(ENRICHMENT=SETTINGS)
def test_a_bad_html_update_changes_nothing(editor_client, pasted, django_capture_on_commit_callbacks):
    response = patch(editor_client, pasted, {"text": "A new text.", "html": "x" * 51}, django_capture_on_commit_callbacks)
    assert response.status_code == 400 and set(response.json()) == {"html"}
    pasted.refresh_from_db()
    assert pasted.text == GOOD["text"] and PastedHTML.objects.get().html == "<p>first</p>"


@pytest.mark.parametrize("who", ["anonymous", "reader", "viewer", "editor"])
def test_no_reader_ever_gets_the_html_back(who, editor, viewer, reader, django_capture_on_commit_callbacks):
    users = {"anonymous": None, "reader": reader, "viewer": viewer, "editor": editor}
    article = make_article(text=GOOD["text"], published=True, capture=django_capture_on_commit_callbacks)
    PastedHTML.objects.create(article=article, html=HOSTILE_HTML, text_hash=content_hash(article.text))
    client = client_for(users[who])
    for url in ("/api/articles/", f"/api/articles/{article.pk}/", f"/api/articles/{article.pk}/enrichment/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "__pasted_ran" not in response.content.decode() and '"html"' not in response.content.decode()


def test_the_schema_says_html_is_write_only(client):
    schema = client.get("/api/schema/?format=json").json()["components"]["schemas"]
    assert "html" in schema["ArticleRequest"]["properties"]
    assert "html" not in schema["Article"]["properties"]
