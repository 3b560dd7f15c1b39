"""The service layer on the real database: hashing, idempotency, staleness, failures."""
from __future__ import annotations

import pytest

from enrichment.articles import article_hash
from enrichment.jobs import running
from enrichment.jobs.queueing import request_enrichment
from enrichment.jobs.running import Job, run_one
from enrichment.jobs.storing import store
from enrichment.models import ArticleEntity, EnrichmentResult, EnrichmentState, Status
from enrichment.pipeline.enrich import enrich
from enrichment.view import enrichment_view
from newsroom.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(messy_paste, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        return Article.objects.create(headline="Harbour talks", text=messy_paste)


def test_saving_an_article_queues_its_current_text(article):
    state = EnrichmentState.objects.get(article=article)
    assert state.status == Status.QUEUED
    assert state.text_hash == article_hash(article)


def test_enqueue_happens_only_after_commit(messy_paste, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Article.objects.create(headline="x", text=messy_paste)
    assert len(callbacks) == 1


def test_run_stores_one_result_and_is_idempotent(article):
    text_hash = article_hash(article)
    assert run_one(article.pk, text_hash) == "done"
    assert run_one(article.pk, text_hash) == "already_done"
    assert EnrichmentResult.objects.filter(article=article).count() == 1
    view = enrichment_view(article)
    assert view["status"] == "done"
    assert view["body"] and view["entities"]
    assert ArticleEntity.objects.filter(article=article).exists()


def test_the_paste_is_never_modified(article, messy_paste):
    run_one(article.pk, article_hash(article))
    article.refresh_from_db()
    assert article.text == messy_paste


def test_a_result_for_an_old_text_is_never_current(article, django_capture_on_commit_callbacks):
    old_hash = article_hash(article)
    article.text = article.text + "\n\nA late paragraph added by the editor after the first save."
    with django_capture_on_commit_callbacks(execute=False):
        article.save()
    assert run_one(article.pk, old_hash) == "superseded"
    assert enrichment_view(article)["status"] == "queued"
    assert not EnrichmentResult.objects.filter(article=article).exists()


def test_result_arriving_after_the_text_changed_is_not_stored_as_current(article, django_capture_on_commit_callbacks):
    old_hash = article_hash(article)
    data = enrich(article.text, nlp=running.get_nlp()).as_dict()
    article.text = "A different story entirely, pasted over the first one by mistake."
    with django_capture_on_commit_callbacks(execute=False):
        article.save()
    job = Job(article.pk, old_hash, article.text, article.headline)
    assert store([(job, data)], durations={}) == 0
    assert enrichment_view(article)["body"] == []


def test_stale_when_the_text_changed_without_a_new_job(article):
    run_one(article.pk, article_hash(article))
    Article.objects.filter(pk=article.pk).update(text="Changed behind the plugin's back by a bulk update.")
    article.refresh_from_db()
    view = enrichment_view(article)
    assert view["status"] == "stale"


def test_bad_input_records_a_readable_failure(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        article = Article.objects.create(headline="Empty", text="   \n\t  ")
    assert run_one(article.pk, article_hash(article)) == "failed"
    view = enrichment_view(article)
    assert view["status"] == "failed"
    assert "empty" in view["error"].lower()


def test_unchanged_text_is_not_queued_again(article):
    run_one(article.pk, article_hash(article))
    article.published = True
    article.save()
    assert EnrichmentState.objects.get(article=article).status == Status.DONE


def test_forced_rerun_queues_again(article, django_capture_on_commit_callbacks):
    run_one(article.pk, article_hash(article))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        request_enrichment(article, force=True)
    assert len(callbacks) == 1
    assert enrichment_view(article)["status"] == "queued"
