"""Storing runs: results, the job rows, and the cross-article entity store, in one transaction
and a few queries whatever the number of articles. A result is stored only for jobs still for
their text; editors' decisions are never written here, only applied when entities are linked.
"""
from __future__ import annotations

from typing import Any, Iterable

from django.db import transaction
from django.utils import timezone

from ..articles import locked_articles
from ..models import ArticleEntity, Decision, EnrichmentResult, EnrichmentState, Entity, Status
from ..pipeline.version import PIPELINE_VERSION
from ..status import current_result
from ..view import with_decisions

NAME_MAX = Entity._meta.get_field("name").max_length


def store(results: list[tuple[Any, dict]], *, durations: dict[int, int]) -> int:
    """Store results of jobs (objects with ``article_id`` and ``text_hash``) still for their
    text. Returns how many were stored."""
    if not results:
        return 0
    with transaction.atomic():
        # lock order (docs/architecture.md): the articles, then their jobs
        list(locked_articles([job.article_id for job, _ in results]).values_list("pk", flat=True))
        states = list(EnrichmentState.objects.select_for_update().filter(
            article_id__in=[job.article_id for job, _ in results]
        ).order_by("article_id").only("id", "article_id", "text_hash"))
        current = {s.article_id: s for s in states}
        kept = [(job, data) for job, data in results
                if job.article_id in current and current[job.article_id].text_hash == job.text_hash]
        if not kept:
            return 0
        EnrichmentResult.objects.bulk_create(
            [EnrichmentResult(article_id=job.article_id, text_hash=job.text_hash, pipeline_version=PIPELINE_VERSION,
                              data=data, duration_ms=durations.get(job.article_id, 0)) for job, data in kept],
            update_conflicts=True, unique_fields=["article", "text_hash", "pipeline_version"],
            update_fields=["data", "duration_ms"],  # a forced re-run: the newest output wins
        )
        now = timezone.now()
        finished = []
        for job, _ in kept:
            state = current[job.article_id]
            state.status, state.error, state.finished_at = Status.DONE, "", now
            state.pipeline_version, state.duration_ms = PIPELINE_VERSION, durations.get(job.article_id, 0)
            finished.append(state)
        EnrichmentState.objects.bulk_update(finished, ["status", "error", "finished_at", "pipeline_version",
                                                       "duration_ms"])
        link_entities({job.article_id: data for job, data in kept})
    return len(kept)


def relink_entities(articles: Iterable[Any]) -> None:
    """Re-link articles to the entity store from their current results (after a decision)."""
    link_entities({a.pk: (r.data if (r := current_result(a)) else None) for a in articles})


def link_entities(data_by_article: dict[int, dict[str, Any] | None]) -> None:
    """Link articles to canonical entities as editors see them (decisions applied), in a few
    queries whatever the number of articles and entities. ``None`` data unlinks the article."""
    ids = list(data_by_article)
    decisions = Decision.objects.by_article(ids)
    shown: dict[int, list[dict]] = {}
    wanted: dict[tuple[str, str], list[str]] = {}
    for pk, data in data_by_article.items():
        entities = with_decisions(data, decisions[pk])["entities"] if data else []
        shown[pk] = entities
        for item in entities:
            aliases = wanted.setdefault((item["name"][:NAME_MAX], item["type"]), [])
            aliases.extend(a for a in item.get("aliases", []) if a not in aliases)
    entities = _entities(wanted)
    with transaction.atomic():
        ArticleEntity.objects.filter(article_id__in=ids).delete()
        ArticleEntity.objects.bulk_create([
            ArticleEntity(
                article_id=pk, entity=entities[(item["name"][:NAME_MAX], item["type"])],
                mentions=item.get("mentions", 0), salience=item.get("salience", 0.0),
                in_body=item.get("in_body", True), in_captions=item.get("in_captions", False),
                aliases=list(dict.fromkeys(item.get("aliases", []))),
            )
            for pk, items in shown.items() for item in items
        ], ignore_conflicts=True)


def _entities(wanted: dict[tuple[str, str], list[str]]) -> dict[tuple[str, str], Entity]:
    """Existing or new Entity rows for (name, type) keys; new aliases are added to old rows.
    Sorted writes: two workers creating the same entities never deadlock."""
    if not wanted:
        return {}

    def fetch() -> dict[tuple[str, str], Entity]:
        rows = Entity.objects.filter(name__in={name for name, _ in wanted}).only("id", "name", "type", "aliases")
        return {(e.name, e.type): e for e in rows if (e.name, e.type) in wanted}

    found = fetch()
    missing = sorted(key for key in wanted if key not in found)
    if missing:
        Entity.objects.bulk_create(
            [Entity(name=name, type=type_, aliases=wanted[(name, type_)]) for name, type_ in missing],
            ignore_conflicts=True,
        )
        found = fetch()
    growing = sorted(found[key].pk for key in wanted if any(a not in found[key].aliases for a in wanted[key]))
    if growing:
        _add_aliases(growing, wanted, found)
    return found


def _add_aliases(ids: list[int], wanted: dict[tuple[str, str], list[str]], found: dict) -> None:
    """Read-modify-write of the aliases under the rows' locks (taken in id order: no deadlock),
    so two workers adding aliases to one entity keep both sets."""
    with transaction.atomic():
        for entity in Entity.objects.select_for_update().filter(pk__in=ids).order_by("pk").only(
                "id", "name", "type", "aliases"):
            key = (entity.name, entity.type)
            entity.aliases = entity.aliases + [a for a in wanted[key] if a not in entity.aliases]
            entity.save(update_fields=["aliases"])
            found[key] = entity
