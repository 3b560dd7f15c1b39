"""The article list reads a page's enrichments in a constant number of queries, and shows for
each article exactly what its detail (one article, read alone) shows."""
from __future__ import annotations

import pytest

from enrichment import pipeline
from enrichment.articles import article_hash
from enrichment.models import Decision, EnrichmentResult, EnrichmentState, Status
from newsroom.models import Article
from tests.factories import client_for, enrich_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_of_articles(messy_paste, django_capture_on_commit_callbacks):
    """20 articles in every status, with results, old results and editors' decisions.
    Listing them took 74 queries before the page was prefetched; 5 now."""
    with django_capture_on_commit_callbacks(execute=False):
        source = Article.objects.create(headline="Harbour talks", text=messy_paste)
    enrich_now(source)
    data = EnrichmentResult.objects.get(article=source).data
    entity = data["entities"][0]["name"]
    articles = [source, *Article.objects.bulk_create(
        [Article(headline=f"Story {i}", text=f"{messy_paste}\n\nLine {i}.") for i in range(19)])]
    for i, article in enumerate(articles[1:], start=1):
        text_hash = article_hash(article)
        kind = i % 5
        if kind in (0, 1):  # done, one with an older result too
            EnrichmentState.objects.create(article=article, text_hash=text_hash, status=Status.DONE)
            if kind == 1:
                EnrichmentResult.objects.create(article=article, text_hash=text_hash, pipeline_version="0.0.1",
                                                data=data)
            EnrichmentResult.objects.create(article=article, text_hash=text_hash,
                                            pipeline_version=pipeline.PIPELINE_VERSION, data=data)
        elif kind == 2:  # stale: only a result for an older text
            EnrichmentResult.objects.create(article=article, text_hash="y" * 64,
                                            pipeline_version=pipeline.PIPELINE_VERSION, data=data)
        elif kind == 3:
            EnrichmentState.objects.create(article=article, text_hash=text_hash, status=Status.FAILED, error="boom")
        # kind 4: never queued
        if i % 3 == 0:
            Decision.objects.create(article=article, action=Decision.Action.REJECT_ENTITY, target=entity)
    return articles


def test_a_page_of_20_costs_a_constant_number_of_queries(page_of_articles, admin_user,
                                                         django_assert_max_num_queries):
    client = client_for(admin_user)
    client.get("/api/articles/")  # permissions and content types cached
    with django_assert_max_num_queries(5):  # version check, estimate, count, page, summaries
        summaries = client.get("/api/articles/?ordering=id").json()
    with django_assert_max_num_queries(9):  # and status, results, decisions for the full enrichments
        listed = client.get("/api/articles/?ordering=id&expand=enrichment").json()
    assert len(listed["results"]) == 20 and "enrichment" not in summaries["results"][0]
    statuses = {a["enrichment"]["status"] for a in listed["results"]}
    assert statuses == {"done", "stale", "failed", "queued"}
    for summary, item in zip(summaries["results"], listed["results"], strict=True):
        detail = client.get(f"/api/articles/{item['id']}/").json()
        assert item["enrichment"] == detail["enrichment"], item["id"]
        assert summary["status"] == detail["enrichment"]["status"]
        assert summary["entity_count"] == Article.objects.get(pk=item["id"]).article_entities.count()
        assert client.get(summary["enrichment_url"]).json() == detail["enrichment"]


@pytest.mark.parametrize("value", ["everything", "-58800", "enrichment,text"])
def test_an_unknown_expand_is_a_400_with_a_message(client, value):
    response = client.get(f"/api/articles/?expand={value}")
    assert response.status_code == 400 and "expand" in response.json()
