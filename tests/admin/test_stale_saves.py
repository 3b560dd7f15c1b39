"""The article change form never overwrites a newer change, and never rewrites a paste's line
endings (browsers send textareas with CRLF)."""
from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from enrichment.admin_forms import VERSION_FIELD
from enrichment.articles import article_hash
from enrichment.models import EnrichmentState
from newsroom.models import Article
from tests.admin.urls import change_url

pytestmark = pytest.mark.django_db


def open_form(client, article) -> dict:
    """The change form as a browser would post it back unchanged (textareas with CRLF)."""
    page = client.get(change_url(article)).content.decode()
    version = unescape(re.search(rf'name="{VERSION_FIELD}" value="([^"]*)"', page).group(1))
    return {"headline": article.headline, "text": article.text.replace("\n", "\r\n"),
            "body": article.body.replace("\n", "\r\n"), "published": "on" if article.published else "",
            VERSION_FIELD: version, "_save": "Save"}


@pytest.fixture
def article(quiet_paste, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        return Article.objects.create(headline="Library hours", text=quiet_paste, body="Old body.\nSecond line.")


def test_a_save_over_a_newer_change_is_refused_and_nothing_is_lost(admin_client, article):
    form = open_form(admin_client, article)
    Article.objects.filter(pk=article.pk).update(headline="Library hours extended")  # the API, meanwhile
    form["published"] = "on"  # the editor's own change
    response = admin_client.post(change_url(article), form)
    assert response.status_code == 200
    page = response.content.decode()
    assert "changed by someone else" in page and "headline" in page.lower()
    article.refresh_from_db()
    assert article.headline == "Library hours extended" and not article.published
    assert 'value="Library hours"' in page  # the editor's input is still in the form


def test_a_save_of_other_fields_keeps_a_newer_change_it_does_not_touch(admin_client, article,
                                                                        django_capture_on_commit_callbacks):
    form = open_form(admin_client, article)
    Article.objects.filter(pk=article.pk).update(published=True)
    form.update(published="on", headline="Library hours, revised")
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(change_url(article), form).status_code == 302
    article.refresh_from_db()
    assert article.published and article.headline == "Library hours, revised"


def test_a_value_the_sidebar_wrote_and_synced_into_the_form_is_no_conflict(admin_client, article):
    form = open_form(admin_client, article)
    Article.objects.filter(pk=article.pk).update(body="The cleaned body.")  # "Apply cleaned body"
    form["body"] = "The cleaned body."  # sidebar.js put it into the open form
    assert admin_client.post(change_url(article), form).status_code == 302


@pytest.mark.parametrize("stored", ["lf", "crlf"])
def test_line_endings_alone_never_change_the_paste_or_its_hash(admin_client, article, stored,
                                                                django_capture_on_commit_callbacks):
    if stored == "crlf":  # an API client that sent CRLF
        with django_capture_on_commit_callbacks(execute=False):
            article.text = article.text.replace("\n", "\r\n")
            article.save()
    before, text_hash = article.text, article_hash(article)
    jobs = EnrichmentState.objects.filter(article=article).values_list("text_hash", "queued_at").first()
    form = open_form(admin_client, article)  # CRLF whatever is stored
    form["published"] = "on"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert admin_client.post(change_url(article), form).status_code == 302
    article.refresh_from_db()
    assert article.text == before and article_hash(article) == text_hash and article.published
    assert EnrichmentState.objects.filter(article=article).values_list("text_hash", "queued_at").first() == jobs
    assert not callbacks  # nothing queued


def test_a_new_paste_from_a_browser_is_stored_with_lf(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        admin_client.post(reverse("admin:newsroom_article_add"),
                          {"headline": "Ferry", "text": "Ferry line opens.\r\n\r\nMore soon.", "body": "",
                           "_save": "Save"})
    assert Article.objects.get().text == "Ferry line opens.\n\nMore soon."
