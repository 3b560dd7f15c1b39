"""The clipboard's HTML of a paste: stored in the plugin's own table, replaced by a new paste,
enriched again when it changes under the same text, and handed to the pipeline by the worker
with the article's current text, even after an edit."""
from __future__ import annotations

import pytest
import spacy

from enrichment import pasted_html
from enrichment.articles import article_hash, content_hash
from enrichment.jobs import dispatch
from enrichment.jobs.running import run_one
from enrichment.models import EnrichmentState, PastedHTML, Status
from enrichment.pipeline import enrich as pipeline_enrich
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


# --- the worker hands the HTML to the pipeline ---------------------------------------------------

@pytest.fixture
def cleaned_with(monkeypatch):
    """What the pipeline's clean() was called with, per run (the real clean still runs)."""
    calls = []
    real = pipeline_enrich.clean

    def spy(text, *, title="", html=None, options):
        calls.append({"text": text, "title": title, "html": html})
        return real(text, title=title, html=html, options=options)

    monkeypatch.setattr(pipeline_enrich, "clean", spy)
    return calls


@pytest.fixture(scope="module")
def blank_nlp():
    return spacy.blank("en")


def test_the_worker_passes_the_html_with_the_text(article, cleaned_with, blank_nlp):
    pasted_html.keep_html(article, PAGE)
    assert run_one(article.pk, article_hash(article), nlp=blank_nlp) == "done"
    assert cleaned_with == [{"text": article.text, "title": "Library", "html": PAGE}]


def test_after_an_edit_the_worker_still_passes_the_html_with_the_new_text(article, cleaned_with, blank_nlp,
                                                                         django_capture_on_commit_callbacks):
    pasted_html.keep_html(article, PAGE)
    pasted_hash = PastedHTML.objects.get().text_hash
    with django_capture_on_commit_callbacks(execute=False):
        article.text = article.text.replace("library", "public library", 1) + "\n\nA line the editor added."
        article.save()
    assert content_hash(article.text) != pasted_hash
    assert run_one(article.pk, article_hash(article), nlp=blank_nlp) == "done"
    assert cleaned_with == [{"text": article.text, "title": "Library", "html": PAGE}]


def test_without_html_the_pipeline_gets_none(article, cleaned_with, blank_nlp):
    assert run_one(article.pk, article_hash(article), nlp=blank_nlp) == "done"
    assert [call["html"] for call in cleaned_with] == [None]


def test_a_chunk_passes_each_article_its_own_html(article, quiet_paste, cleaned_with, blank_nlp,
                                                  django_capture_on_commit_callbacks):
    from enrichment.jobs.running import run

    with django_capture_on_commit_callbacks(execute=False):
        other = Article.objects.create(headline="Other", text=quiet_paste + "\n\nAnother day.")
    pasted_html.keep_html(other, "<p>Another day.</p>")
    assert run([(article.pk, article_hash(article)), (other.pk, article_hash(other))], nlp=blank_nlp) == {"done": 2}
    assert {call["title"]: call["html"] for call in cleaned_with} == {"Library": None, "Other": "<p>Another day.</p>"}
