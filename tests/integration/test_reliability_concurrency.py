"""Concurrent edits: the result of an old text is never shown as current, the new text is
enriched; two workers running the same job at once store one result."""
from __future__ import annotations

import time

import pytest

from enrichment.articles import article_hash
from enrichment.models import ArticleEntity, EnrichmentResult, EnrichmentState, Status
from enrichment.tasks import enrich_articles
from enrichment.view import enrichment_view
from newsroom.models import Article

from .workers import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_edit_while_enriching_never_shows_the_old_result_and_enriches_the_new_text(
    broker, start_worker, messy_paste, quiet_paste
):
    worker = start_worker(broker.url, name="rel-edit")
    article = Article.objects.create(headline="Harbour talks [slow=3]", text=messy_paste)
    old_hash = article_hash(article)
    worker.hook_pid("slow")
    article.headline, article.text = "Quiet article", quiet_paste  # the editor saves a new text
    article.save()
    new_hash = article_hash(article)

    views = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        view = enrichment_view(Article.objects.get(pk=article.pk))
        views.append(view)
        assert not (view["status"] == Status.DONE and view["text_hash"] != new_hash), view
        assert not EnrichmentResult.objects.filter(article=article, text_hash=old_hash).exists()
        if view["status"] == Status.DONE:
            break
        time.sleep(0.1)
    print(f"\nMEASURE edit mid-run: {len(views)} views polled, none showed the old text's result")
    assert views[-1]["status"] == Status.DONE and views[-1]["text_hash"] == new_hash
    assert "'superseded'" in worker.text()
    assert list(EnrichmentResult.objects.filter(article=article).values_list("text_hash", flat=True)) == [new_hash]


def test_two_workers_running_the_same_job_at_once_store_one_result(broker, start_worker, messy_paste):
    twins = [start_worker(broker.url, name=f"rel-twin-{x}", wait=False) for x in "ab"]
    for worker in twins:
        worker.wait_ready()
    article = Article.objects.create(headline="Harbour talks [slow=2]", text=messy_paste)
    enrich_articles.apply_async(args=([[article.pk, article_hash(article)]],))  # a duplicate delivery
    pids = {worker.hook_pid("slow") for worker in twins}  # both are inside the same job at once
    assert len(pids) == 2

    for worker in twins:
        wait_until(lambda: "succeeded in" in worker.text(), timeout=60, message=worker.text()[-3000:])
    outcomes = sorted(next(line for line in w.text().splitlines() if "succeeded in" in line).split(": ")[-1]
                      for w in twins)
    print(f"\nMEASURE twin workers: outcomes {outcomes}")
    assert EnrichmentResult.objects.filter(article=article).count() == 1
    assert EnrichmentState.objects.get(article=article).status == Status.DONE
    links = ArticleEntity.objects.filter(article=article)
    assert links.exists() and links.count() == links.values("entity").distinct().count()
