"""The clipboard's HTML is stored and given to the parser only: no page shows it unescaped.
(That no script of it runs in a browser is checked in tests/browser/test_paste_capture.py.)"""
from __future__ import annotations

import json

import pytest
import spacy
from django.urls import reverse

from enrichment.articles import article_hash
from enrichment.forms import PASTED_HTML_FIELD
from enrichment.jobs.running import run_one
from enrichment.models import PastedHTML
from newsroom.models import Article
from tests.fixtures.pasted_page import HOSTILE_HTML, HOSTILE_MARKERS

pytestmark = pytest.mark.django_db

TEXT = "Harbour council meets on the new berths.\n\nThe vote is on Friday."


def assert_not_rendered(page: str) -> None:
    for marker in HOSTILE_MARKERS:
        assert marker not in page, marker


def test_no_admin_or_api_page_shows_the_pasted_html(admin_client, django_capture_on_commit_callbacks):
    add = reverse("admin:newsroom_article_add")
    data = {"headline": "Berths", "text": TEXT, "body": "", "_save": "Save", PASTED_HTML_FIELD: json.dumps(HOSTILE_HTML)}
    with django_capture_on_commit_callbacks(execute=False):
        refused = admin_client.post(add, {**data, "headline": ""})  # shown again, the HTML still in the form
        assert refused.status_code == 200
        assert_not_rendered(refused.content.decode())
        assert admin_client.post(add, data).status_code == 302
    article = Article.objects.get()
    assert PastedHTML.objects.get(article=article).html == HOSTILE_HTML
    assert run_one(article.pk, article_hash(article), nlp=spacy.blank("en")) == "done"
    pages = [
        reverse("admin:newsroom_article_change", args=[article.pk]),
        reverse("admin:newsroom_article_enrichment", args=[article.pk]),
        reverse("admin:newsroom_article_changelist"),
        reverse("admin:newsroom_article_history", args=[article.pk]),
        f"/api/articles/{article.pk}/",
        f"/api/articles/{article.pk}/enrichment/",
    ]
    for url in pages:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_not_rendered(response.content.decode())
    assert "__pasted_ran" not in admin_client.get(f"/api/articles/{article.pk}/").content.decode()
