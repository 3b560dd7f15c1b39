"""The admin: the change form posts, the paste is kept verbatim, the sidebar renders."""
from __future__ import annotations

import pytest
from django.urls import reverse

from enrichment.articles import article_hash
from enrichment.jobs.running import run_one
from enrichment.models import EnrichmentState
from newsroom.models import Article

pytestmark = pytest.mark.django_db


def add_article(client, headline, text):
    return client.post(
        reverse("admin:newsroom_article_add"),
        {"headline": headline, "text": text, "body": "", "_save": "Save"},
    )


def test_saving_in_admin_queues_after_commit_and_keeps_the_paste(admin_client, messy_paste, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = add_article(admin_client, "Harbour talks", messy_paste)
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.text == messy_paste
    assert EnrichmentState.objects.get(article=article).status == "queued"
    assert len(callbacks) == 1


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t"], ids=["empty", "spaces", "blank-lines"])
def test_an_empty_paste_is_a_form_error_not_a_task(admin_client, text, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = add_article(admin_client, "Nothing", text)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This field is required" in page or "The pasted text is empty" in page
    assert not Article.objects.exists() and not callbacks


def test_sidebar_shows_status_and_results(admin_client, messy_paste, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        article = Article.objects.create(headline="Harbour talks", text=messy_paste)
    url = reverse("admin:newsroom_article_change", args=[article.pk])
    page = admin_client.get(url).content.decode()
    assert 'id="enrichment-sidebar"' in page and 'data-status="queued"' in page

    run_one(article.pk, article_hash(article))
    page = admin_client.get(url).content.decode()
    assert 'data-status="done"' in page
    assert "Okonkwo" in page
    assert "duplicate_paragraph" in page


def test_sidebar_fragment_refreshes_alone(admin_client, quiet_paste, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        article = Article.objects.create(headline="Library", text=quiet_paste)
    fragment = admin_client.get(reverse("admin:newsroom_article_enrichment", args=[article.pk]))
    assert fragment.status_code == 200
    assert 'data-refresh="1"' in fragment.content.decode()
    assert "<html" not in fragment.content.decode()


def test_failed_status_shows_the_error(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        article = Article.objects.create(headline="Blank", text="  ")
    run_one(article.pk, article_hash(article))
    page = admin_client.get(reverse("admin:newsroom_article_change", args=[article.pk])).content.decode()
    assert 'data-status="failed"' in page and "enrichment-error" in page


def test_pasted_markup_is_escaped_in_the_sidebar(admin_client, django_capture_on_commit_callbacks):
    hostile = (
        "A council meeting ran late into the night in the old town hall.\n\n"
        "<script>alert('x')</script> and <img src=x onerror=alert(1)> pasted by accident."
    )
    with django_capture_on_commit_callbacks(execute=False):
        article = Article.objects.create(headline="Hostile", text=hostile)
    run_one(article.pk, article_hash(article))
    page = admin_client.get(reverse("admin:newsroom_article_change", args=[article.pk])).content.decode()
    assert "<script>alert('x')</script>" not in page
    assert "<img src=x onerror" not in page


def test_changelist_shows_status_column(admin_client, quiet_paste, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        Article.objects.create(headline="Library", text=quiet_paste)
    page = admin_client.get(reverse("admin:newsroom_article_changelist")).content.decode()
    assert "column-enrichment_status" in page and "queued" in page
