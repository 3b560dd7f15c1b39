"""The one lock order (docs/architecture.md, "Lock order"): every code path that locks or
deletes an article's job row locks the article's row first, so the API, the admin and the
worker never wait for each other in a cycle. Read from the SQL each path sends."""
from __future__ import annotations

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from enrichment import editorial
from enrichment.articles import article_hash
from enrichment.jobs.queueing import request_enrichment
from enrichment.jobs.running import run_one
from newsroom.models import Article

pytestmark = pytest.mark.django_db

ARTICLE_LOCK = re.compile(
    r'^(SELECT .* FROM "newsroom_article" .* FOR (NO KEY )?UPDATE|UPDATE "newsroom_article"|DELETE FROM "newsroom_article")',
    re.S)
STATE_LOCK = re.compile(
    r'^(SELECT .* FROM "enrichment_enrichmentstate" .* FOR (NO KEY )?UPDATE'
    r'|DELETE FROM "enrichment_enrichmentstate"|INSERT INTO "enrichment_enrichmentstate")', re.S)


def lock_sequence(sqls: list[str]) -> list[str]:
    return [("article" if ARTICLE_LOCK.match(sql) else "state") for sql in sqls
            if ARTICLE_LOCK.match(sql) or STATE_LOCK.match(sql)]


def changed_text(article):
    article.text += "\n\nA late paragraph."
    article.save()


def rerun_and_store(article):
    article.text += "\n\nAnother paragraph."
    Article.objects.filter(pk=article.pk).update(text=article.text)  # no signal: the job is ours to write
    request_enrichment(article)
    return run_one(article.pk, article_hash(article))


PATHS = {
    "an editor's save queues a job": changed_text,
    "queueing a job": lambda a: request_enrichment(a, force=True),
    "the worker stores a run": rerun_and_store,
    "an editor's decision": lambda a: editorial.decide(a, action="add_entity", target="Quay Trust",
                                                      value={"type": "ORG"}),
    "a re-run": editorial.rerun,
    "deleting the article": lambda a: a.delete(),
    "deleting a queryset (the admin's bulk delete)": lambda a: Article.objects.filter(pk=a.pk).delete(),
}


@pytest.mark.parametrize("name", PATHS)
def test_the_article_row_is_locked_before_its_job_row(name, enriched_article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False), CaptureQueriesContext(connection) as queries:
        with transaction.atomic():
            PATHS[name](enriched_article)
    sequence = lock_sequence([q["sql"] for q in queries.captured_queries])
    assert "state" in sequence, "the path touched no job row: the test reads the wrong SQL"
    assert sequence[0] == "article", sequence
