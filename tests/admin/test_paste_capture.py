"""The admin's paste capture: the hidden field beside the text, what a save stores, and the
form errors that lose nothing. (The script itself runs in tests/browser/test_paste_capture.py.)"""
from __future__ import annotations

import json

import pytest
from django.test import override_settings
from django.urls import reverse

from enrichment.articles import content_hash
from enrichment.forms import PASTED_HTML_FIELD
from enrichment.models import EnrichmentState, PastedHTML, Status
from newsroom.models import Article
from tests.fixtures.pasted_page import HOSTILE_HTML, news_page

pytestmark = pytest.mark.django_db

TEXT = "The harbour council met on Monday.\n\nIt voted for the new berths."
ADD = reverse("admin:newsroom_article_add")


def form_data(text: str = TEXT, html: str | None = None, **extra) -> dict:
    data = {"headline": "Harbour", "text": text, "body": "", "_save": "Save", **extra}
    if html is not None:
        data[PASTED_HTML_FIELD] = json.dumps(html)  # as paste_capture.js posts it
    return data


def save(client, data, url=ADD, capture=None):
    with capture(execute=False):
        return client.post(url, data)


def test_the_add_form_has_the_hidden_field_and_the_script(admin_client):
    page = admin_client.get(ADD).content.decode()
    assert f'<input type="hidden" name="{PASTED_HTML_FIELD}"' in page
    assert 'data-enrichment-paste-for="id_text"' in page
    assert "enrichment/paste_capture.js" in page


def test_a_view_only_editor_gets_no_capture(client, django_user_model, django_capture_on_commit_callbacks):
    from django.contrib.auth.models import Permission

    with django_capture_on_commit_callbacks(execute=False):
        article = Article.objects.create(headline="H", text=TEXT)
    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    page = client.get(reverse("admin:newsroom_article_change", args=[article.pk])).content.decode()
    assert PASTED_HTML_FIELD not in page and "paste_capture.js" not in page


def test_a_save_keeps_the_clipboard_html_verbatim(admin_client, django_capture_on_commit_callbacks):
    html = news_page().replace("\n", "\r\n", 3)  # CRLF and LF both: kept as the clipboard gave them
    response = save(admin_client, form_data(html=html), capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.text == TEXT  # the text field still holds the plain text
    row = PastedHTML.objects.get(article=article)
    assert row.html == html and row.text_hash == content_hash(TEXT)


@pytest.mark.parametrize("data", [form_data(), form_data(**{PASTED_HTML_FIELD: ""})], ids=["no JavaScript", "no HTML"])
def test_without_html_the_save_is_as_before(admin_client, data, django_capture_on_commit_callbacks):
    assert save(admin_client, data, capture=django_capture_on_commit_callbacks).status_code == 302
    assert Article.objects.get().text == TEXT and not PastedHTML.objects.exists()


def test_an_edit_without_a_new_paste_keeps_the_html(admin_client, django_capture_on_commit_callbacks):
    save(admin_client, form_data(html="<p>page</p>"), capture=django_capture_on_commit_callbacks)
    article = Article.objects.get()
    url = reverse("admin:newsroom_article_change", args=[article.pk])
    assert save(admin_client, form_data(TEXT + "\n\nAn added line.", **{PASTED_HTML_FIELD: ""}), url,
                capture=django_capture_on_commit_callbacks).status_code == 302
    row = PastedHTML.objects.get(article=article)
    assert row.html == "<p>page</p>" and row.text_hash == content_hash(TEXT)  # the text it came with


def test_a_new_paste_of_the_same_text_replaces_the_html_and_runs_again(admin_client, django_capture_on_commit_callbacks):
    save(admin_client, form_data(html="<p>old</p>"), capture=django_capture_on_commit_callbacks)
    article = Article.objects.get()
    EnrichmentState.objects.filter(article=article).update(status=Status.DONE)
    url = reverse("admin:newsroom_article_change", args=[article.pk])
    assert save(admin_client, form_data(html="<p>new</p>"), url, capture=django_capture_on_commit_callbacks).status_code == 302
    assert list(PastedHTML.objects.values_list("html", flat=True)) == ["<p>new</p>"]
    assert EnrichmentState.objects.get(article=article).status == Status.QUEUED


BAD_HTML = {
    "too long": ("<p>" + "x" * 60 + "</p>", "the limit is 50"),
    "NUL": ("<p>a\x00b</p>", "NUL character"),
    "surrogate": ("<p>\ud800</p>", "unpaired surrogate"),
}


@override_settings(ENRICHMENT={"ARTICLE_MODEL": "newsroom.Article", "MAX_HTML_CHARS": 50})
@pytest.mark.parametrize("html, message", BAD_HTML.values(), ids=BAD_HTML)
def test_bad_html_is_an_error_beside_the_text_and_saving_again_keeps_the_text(
        admin_client, html, message, django_capture_on_commit_callbacks):
    response = save(admin_client, form_data(html=html), capture=django_capture_on_commit_callbacks)
    assert response.status_code == 200 and not Article.objects.exists()
    form = response.context["adminform"].form
    [error] = form.errors["text"]
    assert message in error and "save again to store the text without it" in error
    page = response.content.decode()
    assert "The harbour council met on Monday." in page  # the text is still in its field
    assert form[PASTED_HTML_FIELD].value() == ""  # the refused HTML is not posted again
    again = {k: v for k, v in form.data.items()}
    assert save(admin_client, again, capture=django_capture_on_commit_callbacks).status_code == 302
    assert Article.objects.get().text == TEXT and not PastedHTML.objects.exists()


@pytest.mark.parametrize("raw", ["<p>not json</p>", "[1, 2]", "12", '"unterminated'])
def test_a_field_that_is_not_a_json_string_is_refused(admin_client, raw, django_capture_on_commit_callbacks):
    response = save(admin_client, form_data(**{PASTED_HTML_FIELD: raw}), capture=django_capture_on_commit_callbacks)
    assert response.status_code == 200 and not Article.objects.exists()
    assert "could not be read" in response.context["adminform"].form.errors["text"][0]


def test_another_error_shows_the_form_again_with_the_html_kept(admin_client, django_capture_on_commit_callbacks):
    response = save(admin_client, form_data(html=HOSTILE_HTML, headline=""), capture=django_capture_on_commit_callbacks)
    assert response.status_code == 200 and "headline" in response.context["adminform"].form.errors
    kept = response.context["adminform"].form[PASTED_HTML_FIELD].value()
    assert json.loads(kept) == HOSTILE_HTML  # posted again with the fixed form: nothing lost
