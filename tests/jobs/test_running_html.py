"""The worker hands the article's clipboard HTML to the pipeline with its current text, even
after an edit, through the one nlp.pipe stream of a chunk."""
from __future__ import annotations

import pytest
import spacy

from enrichment import pasted_html
from enrichment.articles import article_hash, content_hash
from enrichment.jobs.running import run, run_one
from enrichment.models import PastedHTML
from enrichment.pipeline import enrich as pipeline_enrich
from newsroom.models import Article
from tests.fixtures.pasted_page import news_page

pytestmark = pytest.mark.django_db

PAGE = news_page()


@pytest.fixture
def article(quiet_paste, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        return Article.objects.create(headline="Library", text=quiet_paste)


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
    with django_capture_on_commit_callbacks(execute=False):
        other = Article.objects.create(headline="Other", text=quiet_paste + "\n\nAnother day.")
    pasted_html.keep_html(other, "<p>Another day.</p>")
    assert run([(article.pk, article_hash(article)), (other.pk, article_hash(other))], nlp=blank_nlp) == {"done": 2}
    assert {call["title"]: call["html"] for call in cleaned_with} == {"Library": None, "Other": "<p>Another day.</p>"}
