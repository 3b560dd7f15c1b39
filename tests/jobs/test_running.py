"""Chunks of articles: one nlp.pipe stream, stored in a few queries, idempotent, counted."""
from __future__ import annotations

import pytest

from enrichment.articles import article_hash, content_hash
from enrichment.jobs import dispatch, running
from enrichment.jobs.queueing import balanced_chunk_size, request_enrichment, request_many
from enrichment.models import ArticleEntity, Decision, EnrichmentResult, EnrichmentState, Status
from enrichment.view import enrichment_view
from newsroom.models import Article


def key(article):
    return (article.pk, article_hash(article))


@pytest.fixture
def articles(messy_paste, quiet_paste, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        return [Article.objects.create(headline=f"Story {i}", text=t)
                for i, t in enumerate([messy_paste, quiet_paste, messy_paste + "\n\nOne more line."])]


@pytest.mark.django_db
@pytest.mark.model
def test_a_chunk_is_stored_in_a_few_queries_whatever_its_size(articles, django_assert_max_num_queries):
    running.get_nlp()
    with django_assert_max_num_queries(20):
        outcome = running.run([key(a) for a in articles])
    assert outcome == {"done": 3}
    for article in articles:
        view = enrichment_view(article)
        assert view["status"] == Status.DONE and view["entities"]
        assert ArticleEntity.objects.filter(article=article).exists()
    assert running.run([key(a) for a in articles]) == {"already_done": 3}


@pytest.mark.django_db
@pytest.mark.model
def test_a_changed_text_is_superseded_and_a_missing_article_counted(articles):
    Article.objects.filter(pk=articles[0].pk).update(text="Another text by Ada Lovelace in London.")
    outcome = running.run([key(articles[0]), (10**9, "0" * 64)])
    assert outcome == {"superseded": 1, "missing": 1}
    assert not EnrichmentResult.objects.exists()


@pytest.mark.django_db
@pytest.mark.model
def test_an_empty_paste_fails_alone(articles):
    Article.objects.filter(pk=articles[1].pk).update(text="   ")
    EnrichmentState.objects.filter(article=articles[1]).update(text_hash=content_hash("   ", "Story 1"))
    articles[1].refresh_from_db()
    outcome = running.run([key(a) for a in articles])
    assert outcome["done"] == 2 and outcome["failed"] == 1
    assert EnrichmentState.objects.get(article=articles[1]).error


@pytest.mark.django_db
@pytest.mark.model
def test_editors_decisions_hold_in_the_entity_links(articles):
    running.run([key(articles[0])])
    name = enrichment_view(articles[0])["entities"][0]["name"]
    Decision.objects.create(article=articles[0], action=Decision.Action.REJECT_ENTITY, target=name)
    request_enrichment(articles[0], force=True)
    running.run([key(articles[0])])
    assert name not in set(ArticleEntity.objects.filter(article=articles[0]).values_list("entity__name", flat=True))


@pytest.mark.django_db
@pytest.mark.model
def test_request_many_skips_up_to_date_and_in_flight_articles(articles, monkeypatch,
                                                              django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(dispatch, "send", lambda keys, queue: sent.append([pk for pk, _ in keys]) or True)
    running.run([key(articles[0])])
    EnrichmentState.objects.filter(article=articles[1]).update(sent=True)
    with django_capture_on_commit_callbacks(execute=True):  # chunks are sent after commit
        queued = request_many(Article.objects.all(), chunk_size=2)
    assert queued.ids == [articles[2].pk] and queued.already_done == 1 and queued.in_flight == 1
    assert sent == [[articles[2].pk]]
    with django_capture_on_commit_callbacks(execute=True):
        forced = request_many(Article.objects.all(), chunk_size=2, force=True)
    assert len(forced.ids) == 3 and sent[1:] == [[articles[0].pk, articles[1].pk], [articles[2].pk]]


@pytest.mark.parametrize("n, size, workers, expected", [
    (200, 32, 1, 29), (200, 32, 2, 25), (4, 32, 1, 4), (4, 32, 2, 2), (0, 32, 1, 32), (65, 32, 1, 22),
])
def test_balanced_chunk_size(n, size, workers, expected):
    assert balanced_chunk_size(n, size=size, workers=workers) == expected
