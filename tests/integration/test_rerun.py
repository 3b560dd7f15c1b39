"""Re-running stale and older-version articles through a real worker, with progress output."""
from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from enrichment import pipeline
from enrichment.models import EnrichmentResult, EnrichmentState, Status
from enrichment.status import status_counts
from enrichment.view import enrichment_view
from newsroom.models import Article

from .workers import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("enrichment_rerun", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def enriched(celery_worker_process, messy_paste, quiet_paste):
    articles = [Article.objects.create(headline=f"Story {i}", text=text)
                for i, text in enumerate([messy_paste, quiet_paste, messy_paste + "\n\nA later line."])]
    ids = [a.pk for a in articles]
    wait_until(lambda: EnrichmentState.objects.filter(article_id__in=ids, status=Status.DONE).count() == 3,
               timeout=90, message=celery_worker_process.log_path.read_text()[-2000:])
    return articles


def test_rerun_re_enriches_older_pipeline_results_and_resumes_idempotently(enriched):
    EnrichmentResult.objects.update(pipeline_version="0.0.1")
    EnrichmentState.objects.update(pipeline_version="0.0.1")
    assert status_counts()["stale"] == 3
    assert enrichment_view(enriched[0])["status"] == Status.STALE

    out, err = run("--pipeline-older", "--chunk", "2", "--wait")

    assert "3 articles selected" in out and "queued 3 in 2 chunks" in out
    assert "done 3, failed 0, waiting 0" in out
    assert "3/3" in err and "article/s" in err  # the progress bar, with its rate
    for article in enriched:
        assert enrichment_view(article)["status"] == Status.DONE
        assert EnrichmentResult.objects.filter(article=article, pipeline_version=pipeline.PIPELINE_VERSION).count() == 1
    counts = status_counts()
    assert counts["stale"] == 0 and counts["done"] >= 3

    out, _ = run("--all", "--wait")  # the same work again is skipped: resumable by hash + version
    assert "queued 0" in out and "skipped 3 up to date" in out


def test_rerun_stale_picks_failed_and_unsent_articles(enriched):
    first, second, _ = enriched
    EnrichmentState.objects.filter(article=first).update(status=Status.FAILED, error="boom")
    EnrichmentState.objects.filter(article=second).update(status=Status.QUEUED, sent=False)
    EnrichmentResult.objects.filter(article__in=[first, second]).delete()  # neither run got through

    out, _ = run("--stale", "--wait")

    assert "2 articles selected" in out and "done 2, failed 0" in out
    assert EnrichmentState.objects.filter(article__in=[first, second], status=Status.DONE).count() == 2


def test_rerun_marks_a_failed_article_with_a_result_done_without_running_it(enriched):
    first = enriched[0]
    EnrichmentState.objects.filter(article=first).update(status=Status.FAILED, error="a forced re-run failed")
    out, _ = run("--stale", "--wait")
    assert "1 article selected" in out and "queued 0" in out and "skipped 1 up to date" in out
    assert EnrichmentState.objects.get(article=first).status == Status.DONE


def test_rerun_force_with_a_filter_runs_up_to_date_articles_again(enriched):
    before = EnrichmentState.objects.get(article=enriched[1]).finished_at
    out, _ = run("--filter", "headline=Story 1", "--force", "--wait")
    assert "1 article selected" in out and "queued 1 in 1 chunks" in out
    assert EnrichmentState.objects.get(article=enriched[1]).finished_at > before
