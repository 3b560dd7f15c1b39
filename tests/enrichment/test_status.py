"""One definition of the enrichment status: ``with_status`` (SQL) and its Python twin
``enrichment_status`` agree on every case, and so do everything that shows it: the
admin column, list filter and counts, ``status_counts``, and the API's filter."""
from __future__ import annotations

import pytest
from django.db.models import Value
from django.urls import reverse

from enrichment import pipeline, stored_status
from enrichment.articles import ContentHash, article_hash, content_hash
from enrichment.jobs import running
from enrichment.models import EnrichmentResult, EnrichmentState, ShownStatus, Status
from enrichment.status import current_result, enrichment_status, status_counts, with_computed_status, with_status
from enrichment.view import enrichment_view
from newsroom.models import Article
from tests.factories import client_for

pytestmark = pytest.mark.django_db

OLD = "0.0.0-old"


def result(article, *, text_hash=None, version=None):
    return EnrichmentResult.objects.create(
        article=article, text_hash=text_hash or article_hash(article),
        pipeline_version=version or pipeline.PIPELINE_VERSION, data={},
    )


def state(article, status, *, text_hash=None, version=""):
    return EnrichmentState.objects.create(
        article=article, status=status, text_hash=text_hash or article_hash(article),
        pipeline_version=version,
    )


def retitle(article):
    """The title changed behind the plugin's back (a queryset update): the job is for another text."""
    Article.objects.filter(pk=article.pk).update(headline="Retitled")


# Each case builds the rows of one article, bypassing the save signal as fixtures and
# queryset updates do, and names the status an editor must see.
CASES = {
    "never queued": ([], "queued"),
    "never queued, old result": ([lambda a: result(a, text_hash="x" * 64)], "stale"),
    "never queued, result for this text": ([result], "stale"),
    "queued": ([lambda a: state(a, "queued")], "queued"),
    "running": ([lambda a: state(a, "running")], "running"),
    "failed": ([lambda a: state(a, "failed")], "failed"),
    "failed, old result": ([lambda a: state(a, "failed"), lambda a: result(a, version=OLD)], "failed"),
    "done": ([lambda a: state(a, "done"), result], "done"),
    "done, job row says an older version": ([lambda a: state(a, "done", version=OLD), result], "done"),
    "done by an older pipeline": ([lambda a: state(a, "done"), lambda a: result(a, version=OLD)], "stale"),
    "done, result missing": ([lambda a: state(a, "done")], "stale"),
    "done for another text": ([lambda a: state(a, "done", text_hash="y" * 64),
                               lambda a: result(a, text_hash="y" * 64)], "stale"),
    "done, then the title changed": ([lambda a: state(a, "done"), result, retitle], "stale"),
    "queued, then the title changed": ([lambda a: state(a, "queued"), retitle], "queued"),
    "job for another text, no result": ([lambda a: state(a, "queued", text_hash="y" * 64)], "queued"),
    "running for another text, old result": ([lambda a: state(a, "running", text_hash="y" * 64),
                                              lambda a: result(a, text_hash="y" * 64)], "stale"),
    "queued again after an old result": ([lambda a: state(a, "queued"), lambda a: result(a, version=OLD)],
                                         "queued"),
    "newest of two versions is current": ([lambda a: state(a, "done"), lambda a: result(a, version=OLD), result],
                                          "done"),
    "newest of two versions is old": ([lambda a: state(a, "done"), result, lambda a: result(a, version=OLD)],
                                      "stale"),
}


def build(case):
    builders, expected = CASES[case]
    [article] = Article.objects.bulk_create([Article(headline="Ünïcode — “quoted” 🚢", text="Body\ttext é 中文\n")])
    for builder in builders:
        builder(article)
    return Article.objects.get(pk=article.pk), expected


@pytest.mark.parametrize("case", CASES)
def test_every_reader_of_the_status_agrees(case, admin_user, admin_client):
    article, expected = build(case)
    python = enrichment_status(
        article, EnrichmentState.objects.filter(article=article).first(), current_result(article)
    )
    computed = with_computed_status(Article.objects.filter(pk=article.pk)).get().enrichment_status
    assert stored_status.is_ready()  # PostgreSQL: the triggers kept the row, whoever wrote
    stored = ShownStatus.objects.get(article=article).status
    sql = with_status(Article.objects.filter(pk=article.pk)).get().enrichment_status
    assert (python, computed, stored, sql) == (expected,) * 4
    assert enrichment_view(article)["status"] == expected
    assert status_counts() == {**{s: 0 for s in Status.values}, expected: 1}

    api = client_for(admin_user)
    assert [a["id"] for a in api.get(f"/api/articles/?status={expected}").json()["results"]] == [article.pk]
    assert api.get("/api/articles/").json()["results"][0]["status"] == expected  # the list's summary
    expanded = api.get("/api/articles/?expand=enrichment").json()["results"][0]
    assert expanded["enrichment"]["status"] == expected  # prefetched full enrichments
    assert api.get(f"/api/articles/{article.pk}/").json()["enrichment"]["status"] == expected  # one article

    changelist = reverse("admin:newsroom_article_changelist")
    page = admin_client.get(changelist)
    assert [a.enrichment_status for a in page.context["cl"].result_list] == [expected]
    shown = dict((s, n) for s, _, n in page.context["enrichment_counts"])
    assert shown == {s: int(s == expected) for s in shown}
    filtered = admin_client.get(changelist, {"enrichment": expected}).context["cl"].result_list
    assert [a.pk for a in filtered] == [article.pk]
    others = [s for s in Status.values if s != expected]
    assert all(not admin_client.get(changelist, {"enrichment": s}).context["cl"].result_list for s in others)


def test_the_changelist_column_makes_no_query_per_row(admin_client, django_assert_max_num_queries):
    articles = Article.objects.bulk_create([Article(headline=f"Story {i}", text=f"Text {i}") for i in range(20)])
    for i, article in enumerate(articles):
        if i % 2:
            state(article, "done")
            result(article)
    changelist = reverse("admin:newsroom_article_changelist")
    admin_client.get(changelist)  # session, content types and permissions cached
    with django_assert_max_num_queries(12):
        page = admin_client.get(changelist)
    assert sorted(a.enrichment_status for a in page.context["cl"].result_list) == ["done"] * 10 + ["queued"] * 10


@pytest.mark.parametrize("title, text", [("", ""), ("Harbour", "text"), ("Zürich ☕", "🚢 line\r\nnext"), ("a", "b" * 5000)])
def test_database_hash_equals_python_hash(title, text):
    [article] = Article.objects.bulk_create([Article(headline=title, text=text)])
    db_hash = Article.objects.annotate(h=ContentHash(Value(title), Value(text))).get(pk=article.pk).h
    assert db_hash == content_hash(text, title)


@pytest.mark.model
def test_status_counts_after_real_runs(messy_paste, quiet_paste, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        articles = [Article.objects.create(headline=f"Story {i}", text=t)
                    for i, t in enumerate([messy_paste, quiet_paste, messy_paste + "\n\nOne more line."])]
    running.run([(a.pk, article_hash(a)) for a in articles[:2]])
    EnrichmentResult.objects.filter(article=articles[1]).update(pipeline_version="0.0.1")  # an older pipeline
    EnrichmentState.objects.filter(article=articles[2]).update(status=Status.FAILED)
    assert status_counts() == {"queued": 0, "running": 0, "done": 1, "failed": 1, "stale": 1}
    EnrichmentState.objects.filter(article=articles[2]).delete()  # no job, no result: counted as queued
    assert status_counts() == {"queued": 1, "running": 0, "done": 1, "failed": 0, "stale": 1}
