"""What the sidebar and the API show of one article: its status, and the current result with
editors' decisions applied over it; read for a whole page of articles in a few queries."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .articles import article_model
from .decisions import apply_all
from .messages import render_all, render_error
from .models import ArticleEntity, Decision, EnrichmentResult, EnrichmentState, Status
from .pipeline.version import PIPELINE_VERSION
from .status import current_result, enrichment_status, with_status

EMPTY_RESULT: dict[str, Any] = {
    "headline": "", "byline": "", "dateline": "", "body": [], "captions": [], "removed": [],
    "entities": [], "warnings": [], "language": "", "language_confidence": 0.0, "pipeline_version": "",
}

PREFETCH_ATTR = "_enrichment_prefetched"


@dataclass
class Prefetched:
    """What ``enrichment_view`` needs for one article, read for many articles at once."""

    status: str
    state: EnrichmentState | None
    shown: EnrichmentResult | None  # the current result, or the newest one when stale
    decisions: list[Decision] = field(default_factory=list)


# Decisions about the text itself (not entities): made on one version of the paste, they may
# not be what the editor wants on another (a paragraph put back on purpose is removed again).
TEXT_ACTIONS = frozenset({Decision.Action.REMOVE_PARAGRAPH, Decision.Action.RESTORE_REMOVED,
                          Decision.Action.EDIT_CAPTION})


def carried_over(decisions: Iterable[Decision], text_hash: str) -> list[dict[str, str]]:
    """The body and caption decisions made on another text than the one shown: still applied,
    and shown as such so the editor can check them."""
    return [{"action": d.action, "label": Decision.Action(d.action).label, "target": d.target} for d in decisions
            if d.action in TEXT_ACTIONS and d.text_hash and text_hash and d.text_hash != text_hash]


def with_decisions(data: dict[str, Any] | None, decisions: Iterable[Decision]) -> dict[str, Any]:
    """A result's data (or none) in the full shape, with editors' decisions applied."""
    return apply_all(dict(EMPTY_RESULT, **(data or {})), list(decisions))


def prefetch_enrichment(articles: Iterable[Any]) -> list[Any]:
    """Read what ``enrichment_view`` needs for ``articles`` in at most four queries whatever
    their number, and keep it on each article (``enrichment_view`` uses it)."""
    articles = list(articles)
    if not articles:
        return articles
    model, ids = article_model(), [a.pk for a in articles]
    newest = EnrichmentResult.objects.filter(article=OuterRef("pk")).order_by("-created_at", "-id")
    rows = {
        pk: (status, current_id, latest_id)
        for pk, status, current_id, latest_id in with_status(model._default_manager.filter(pk__in=ids),
                                                             current_result=True)
        .annotate(_latest_result_id=Subquery(newest.values("id")[:1]))
        .values_list("pk", "enrichment_status", "_current_result_id", "_latest_result_id")
    }
    cached_state = model.enrichment_state  # the reverse one-to-one: select_related fills it
    if all(cached_state.is_cached(a) for a in articles):
        states = {a.pk: cached_state.related.get_cached_value(a) for a in articles}
    else:
        states = {s.article_id: s for s in EnrichmentState.objects.filter(article_id__in=ids)}
    wanted = {_shown_id(*row) for row in rows.values()} - {None}
    results = {r.pk: r for r in EnrichmentResult.objects.filter(pk__in=wanted)} if wanted else {}
    decisions = Decision.objects.by_article(ids)
    for article in articles:
        row = rows.get(article.pk, (Status.QUEUED, None, None))
        setattr(article, PREFETCH_ATTR, Prefetched(
            status=row[0], state=states.get(article.pk), shown=results.get(_shown_id(*row)),
            decisions=decisions[article.pk],
        ))
    return articles


SUMMARY_ATTR = "_enrichment_summary"


@dataclass
class Summary:
    """What a list shows of an article's enrichment: its status and how many entities it names."""

    status: str
    entity_count: int


def prefetch_summaries(articles: Iterable[Any]) -> list[Any]:
    """Read the summary of ``articles`` in one query whatever their number (no result's JSON)."""
    articles = list(articles)
    if not articles:
        return articles
    links = ArticleEntity.objects.filter(article=OuterRef("pk")).order_by().values("article")
    rows = dict((pk, (status, n)) for pk, status, n in with_status(
        article_model()._default_manager.filter(pk__in=[a.pk for a in articles])
    ).annotate(_entity_count=Coalesce(Subquery(links.annotate(n=Count("pk")).values("n")), 0)).order_by().values_list(
        "pk", "enrichment_status", "_entity_count"))
    for article in articles:
        status, n = rows.get(article.pk, (Status.QUEUED, 0))
        setattr(article, SUMMARY_ATTR, Summary(status=status, entity_count=n))
    return articles


def enrichment_summary(article) -> Summary:
    """The article's summary, prefetched for a page or read alone."""
    summary = getattr(article, SUMMARY_ATTR, None)
    if summary is None:
        summary = getattr(prefetch_summaries([article])[0], SUMMARY_ATTR)
    return summary


def status_token(status: str, started_at, finished_at) -> str:
    """Changes whenever the sidebar would show something else: the status, a new run."""
    return "|".join((status, started_at.isoformat() if started_at else "", finished_at.isoformat() if finished_at else ""))


def status_check(article) -> dict[str, str]:
    """The article's status and token, in one query: what the sidebar polls."""
    status, started_at, finished_at = with_status(article_model()._default_manager.filter(pk=article.pk)).values_list(
        "enrichment_status", "enrichment_state__started_at", "enrichment_state__finished_at").get()
    return {"status": status, "token": status_token(status, started_at, finished_at)}


def _shown_id(status: str, current_id, latest_id):
    """The current result; when stale and there is none, the newest one of an older text."""
    return current_id or (latest_id if status == Status.STALE else None)


def enrichment_view(article, prefetched: Prefetched | None = None) -> dict[str, Any]:
    """What the sidebar and the API show: status, and the results with decisions applied.

    A result for an older text is shown only under status ``stale``, never as current. With
    ``prefetched`` (or after ``prefetch_enrichment``) it makes no query.
    """
    prefetched = prefetched or getattr(article, PREFETCH_ATTR, None) or _fetch(article)
    state, shown, status = prefetched.state, prefetched.shown, prefetched.status
    data = with_decisions(shown.data if shown else None, prefetched.decisions)
    return {
        "status": status,
        "error": render_error(state.error, state.error_notice) if state and status == Status.FAILED else "",
        "queued_at": state.queued_at if state else None,
        "started_at": state.started_at if state else None,
        "finished_at": state.finished_at if state else None,
        "duration_ms": shown.duration_ms if shown else None,
        "text_hash": shown.text_hash if shown else "",
        "current_pipeline_version": PIPELINE_VERSION,
        "carried_over": carried_over(prefetched.decisions, shown.text_hash if shown else ""),
        **data,
        "warnings": render_all(data["warnings"]),  # stored as codes: in the reader's language
    }


def _fetch(article) -> Prefetched:
    state = EnrichmentState.objects.filter(article=article).first()
    result = current_result(article)
    status = enrichment_status(article, state, result)
    shown = result
    if shown is None and status == Status.STALE:
        shown = article.enrichment_results.order_by("-created_at", "-id").first()
    return Prefetched(status=status, state=state, shown=shown, decisions=list(article.enrichment_decisions.in_force()))
