"""The status filter computes in SQL what ``services.enrichment_status`` computes in Python."""
from __future__ import annotations

import pytest
from django.db.models import Value

from enrichment import services
from enrichment.api.filters import ContentHash, with_enrichment_status
from enrichment.models import EnrichmentResult, EnrichmentState
from newsroom.models import Article

from .api_helpers import client_for

pytestmark = pytest.mark.django_db

OLD = "0.0.0-old"


def result(article, *, text_hash=None, version=None):
    return EnrichmentResult.objects.create(
        article=article, text_hash=text_hash or services.article_hash(article),
        pipeline_version=version or services.pipeline.PIPELINE_VERSION, data={},
    )


def state(article, status, *, text_hash=None):
    return EnrichmentState.objects.create(
        article=article, status=status, text_hash=text_hash or services.article_hash(article)
    )


# Each case builds the rows of one article, bypassing the save signal as fixtures and
# queryset updates do, and names the status an editor must see.
CASES = {
    "never queued": ([], "queued"),
    "never queued, old result": ([lambda a: result(a, text_hash="x" * 64)], "stale"),
    "queued": ([lambda a: state(a, "queued")], "queued"),
    "running": ([lambda a: state(a, "running")], "running"),
    "failed": ([lambda a: state(a, "failed")], "failed"),
    "done": ([lambda a: state(a, "done"), result], "done"),
    "done by an older pipeline": ([lambda a: state(a, "done"), lambda a: result(a, version=OLD)], "stale"),
    "done, result missing": ([lambda a: state(a, "done")], "stale"),
    "done for another text": ([lambda a: state(a, "done", text_hash="y" * 64),
                               lambda a: result(a, text_hash="y" * 64)], "stale"),
    "job for another text, no result": ([lambda a: state(a, "queued", text_hash="y" * 64)], "queued"),
    "queued again after an old result": ([lambda a: state(a, "queued"), lambda a: result(a, version=OLD)],
                                         "queued"),
    "newest of two versions is current": ([lambda a: state(a, "done"), lambda a: result(a, version=OLD), result],
                                          "done"),
}


@pytest.mark.parametrize("case", CASES)
def test_sql_status_equals_python_status(case, admin_user):
    builders, expected = CASES[case]
    [article] = Article.objects.bulk_create([Article(headline="Ünïcode — “quoted” 🚢", text="Body\ttext é 中文\n")])
    for build in builders:
        build(article)
    python = services.enrichment_status(
        article, EnrichmentState.objects.filter(article=article).first(), services.current_result(article)
    )
    sql = with_enrichment_status(Article.objects.filter(pk=article.pk)).get().enrichment_status
    assert python == expected and sql == expected
    client = client_for(admin_user)
    assert [a["id"] for a in client.get(f"/api/articles/?status={expected}").json()["results"]] == [article.pk]


@pytest.mark.parametrize("title, text", [("", ""), ("Harbour", "text"), ("Zürich ☕", "🚢 line\r\nnext"), ("a", "b" * 5000)])
def test_database_hash_equals_python_hash(title, text):
    [article] = Article.objects.bulk_create([Article(headline=title, text=text)])
    db_hash = Article.objects.annotate(h=ContentHash(Value(title), Value(text))).get(pk=article.pk).h
    assert db_hash == services.content_hash(text, title)
