"""The clipboard's HTML of a paste (enrichment.pasted_html): stored in the plugin's own table,
replaced by a new paste, enriched again when it changes under the same text."""
from __future__ import annotations

import pytest

from enrichment import pasted_html
from enrichment.articles import article_hash, content_hash
from enrichment.jobs import dispatch
from enrichment.models import EnrichmentState, PastedHTML, Status
from newsroom.models import Article
from tests.fixtures.pasted_page import HOSTILE_HTML, news_page

pytestmark = pytest.mark.django_db

PAGE = news_page()


@pytest.fixture
def sent(monkeypatch):
    """Jobs handed to the broker (none is, really)."""
    keys = []
    monkeypatch.setattr(dispatch, "send", lambda chunk, queue: keys.extend(chunk) or True)
    return keys


@pytest.fixture
def article(quiet_paste, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        return Article.objects.create(headline="Library", text=quiet_paste)


def mark_done(article) -> None:
    EnrichmentState.objects.filter(article=article).update(status=Status.DONE)


# --- the model and keep_html ------------------------------------------------------------------

def test_the_html_is_kept_verbatim_with_the_hash_of_its_text(article):
    assert pasted_html.keep_html(article, HOSTILE_HTML) is True
    row = PastedHTML.objects.get(article=article)
    assert row.html == HOSTILE_HTML  # CRLF, LF, markup: as given
    assert row.text_hash == content_hash(article.text) and row.created_at is not None


def test_a_new_paste_replaces_the_html_and_none_drops_it(article):
    pasted_html.keep_html(article, "<p>first</p>")
    pasted_html.keep_html(article, "<p>second</p>")
    assert list(PastedHTML.objects.values_list("html", flat=True)) == ["<p>second</p>"]
    assert pasted_html.keep_html(article, "<p>second</p>") is False  # the same again: nothing changed
    assert pasted_html.keep_html(article, None) is True
    assert not PastedHTML.objects.exists()
    assert pasted_html.keep_html(article, "") is False


def test_the_html_goes_with_its_article(article):
    pasted_html.keep_html(article, PAGE)
    article.delete()
    assert not PastedHTML.objects.exists()


def test_new_html_under_an_enriched_text_runs_the_enrichment_again(article, sent, django_capture_on_commit_callbacks):
    mark_done(article)
    with django_capture_on_commit_callbacks(execute=True):
        pasted_html.keep_html(article, PAGE)
    state = EnrichmentState.objects.get(article=article)
    assert state.status == Status.QUEUED and state.text_hash == article_hash(article)
    assert sent == [(article.pk, article_hash(article))]


@pytest.mark.parametrize("status", [Status.QUEUED, Status.RUNNING])
def test_a_job_waiting_for_the_text_is_not_queued_twice(article, sent, status, django_capture_on_commit_callbacks):
    EnrichmentState.objects.filter(article=article).update(status=status)
    with django_capture_on_commit_callbacks(execute=True):
        pasted_html.keep_html(article, PAGE)
    assert sent == [] and EnrichmentState.objects.get(article=article).status == status


def test_the_same_html_again_queues_nothing(article, sent, django_capture_on_commit_callbacks):
    pasted_html.keep_html(article, PAGE)
    mark_done(article)
    with django_capture_on_commit_callbacks(execute=True):
        pasted_html.keep_html(article, PAGE)
    assert sent == [] and EnrichmentState.objects.get(article=article).status == Status.DONE
