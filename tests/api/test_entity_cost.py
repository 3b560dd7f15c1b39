"""The anonymous entity list and detail cost the same whatever the corpus: they read the entity
store's links (with each link's aliases), never other articles' results, never hash texts."""
from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enrichment.models import ArticleEntity, Decision
from tests.factories import client_for

from .test_entity_privacy import enriched_article, entity

pytestmark = pytest.mark.django_db


def corpus(n: int) -> None:
    for i in range(n):
        enriched_article(f"Story {i}", True, entity("Ada Obi", f"Obi {i % 3}"), entity(f"Person {i}"))


def anonymous_reads() -> list[str]:
    client = client_for()
    with CaptureQueriesContext(connection) as queries:
        listed = client.get("/api/entities/")
        ada = next(e for e in listed.json()["results"] if e["name"] == "Ada Obi")
        detail = client.get(f"/api/entities/{ada['id']}/")
    assert listed.status_code == detail.status_code == 200
    assert sorted(ada["aliases"]) == sorted(detail.json()["aliases"]) == ["Ada Obi", "Obi 0", "Obi 1", "Obi 2"]
    return [q["sql"] for q in queries.captured_queries]


def test_the_same_queries_for_a_small_and_a_ten_times_larger_corpus():
    corpus(3)
    small = anonymous_reads()
    corpus(27)
    large = anonymous_reads()
    assert len(small) == len(large)
    assert not [sql for sql in large if "enrichment_enrichmentresult" in sql or "sha256" in sql.lower()]


def test_existing_links_get_their_aliases_from_the_newest_result_with_decisions_applied():
    article = enriched_article("Old", True, entity("Ada Obi", "Obi", "Ms Obi"))
    Decision.objects.create(article=article, action="reject_entity", target="Ada Obi",
                            value={"type": "PERSON", "match": ["Ada Obi", "Obi", "Ms Obi"]})
    other = enriched_article("Other", True, entity("Ben Oko", "Oko"))
    ArticleEntity.objects.update(aliases=[])  # as links were before the migration
    migration = importlib.import_module("enrichment.migrations.0008_link_aliases")
    migration.fill_link_aliases(apps, None)
    assert ArticleEntity.objects.get(article=other).aliases == ["Ben Oko", "Oko"]
    # the rejected entity's link is left for the next run or decision to re-link
    assert ArticleEntity.objects.get(article=article).aliases == []
