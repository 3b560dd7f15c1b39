"""The enrichment status of an article, defined once, and the enrichment view built on it.

The status is not stored: a job's row keeps the hash of the text it was for, a result the
pipeline version it came from. The definition (docs/architecture.md, "Statuses"):

* no job, or a job for another text: ``stale`` if the article has any result, else ``queued``;
* a job for the current text that is not done: its status (``queued``, ``running``, ``failed``);
* done: ``done`` when the newest result for the current text is of this pipeline version,
  else ``stale`` (no result, or one of an older version).

``with_status(queryset)`` computes it in SQL (hashing title, NUL, text in the database, as
``services.content_hash`` does); the admin column, list filter and counts, the API's status
filter and ``status_counts`` all use it. ``enrichment_status`` is its Python twin for one
article already in memory; a test compares the two on every case.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from django.db.models import Case, CharField, Count, Exists, F, Func, OuterRef, Q, Subquery, Value, When
from django.db.utils import NotSupportedError

from . import pipeline
from .conf import enrichment_settings as conf
from .models import Decision, EnrichmentResult, EnrichmentState, Status


# --- in SQL: the one definition ---------------------------------------------------------------

class ContentHash(Func):
    """``services.content_hash(text, title)`` in SQL: sha256 of the UTF-8 of title, NUL, text."""

    output_field = CharField()

    def __init__(self, title, text, **extra):
        super().__init__(title, text, **extra)

    def _compiled(self, compiler):
        (title, title_params), (text, text_params) = (compiler.compile(e) for e in self.source_expressions)
        return title, text, (*title_params, *text_params)

    def as_postgresql(self, compiler, connection, **extra):
        title, text, params = self._compiled(compiler)
        return (f"ENCODE(SHA256(CONVERT_TO({title}, 'UTF8') || DECODE('00', 'hex') || CONVERT_TO({text}, 'UTF8')),"
                " 'hex')"), params

    def as_sqlite(self, compiler, connection, **extra):
        # Django registers SHA256() on every SQLite connection; char(0) is the NUL separator.
        title, text, params = self._compiled(compiler)
        return f"SHA256({title} || char(0) || {text})", params

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError("The enrichment status is computed on PostgreSQL or SQLite only.")


def current_hash_expression():
    model = conf.article_model()
    names = {f.name for f in model._meta.get_fields()}
    title = F(conf.TITLE_FIELD) if conf.TITLE_FIELD in names else Value("")
    return ContentHash(title, F(conf.TEXT_FIELD))


def with_status(queryset):
    """Annotate ``enrichment_status`` (and ``_current_hash``, ``_current_result_id``: the
    newest result for the current text, any version). Annotating twice is a no-op."""
    if "enrichment_status" in queryset.query.annotations:
        return queryset
    results = EnrichmentResult.objects.filter(article=OuterRef("pk"))
    newest_current = results.filter(text_hash=OuterRef("_current_hash")).order_by("-created_at", "-id")
    queryset = queryset.annotate(_current_hash=current_hash_expression())
    queryset = queryset.annotate(
        _current_result_id=Subquery(newest_current.values("id")[:1]),
        _current_version=Subquery(newest_current.values("pipeline_version")[:1]),
    )
    return queryset.annotate(
        enrichment_status=Case(
            When(
                Q(enrichment_state__isnull=True) | ~Q(enrichment_state__text_hash=F("_current_hash")),
                then=Case(When(Exists(results), then=Value(Status.STALE.value)), default=Value(Status.QUEUED.value)),
            ),
            When(~Q(enrichment_state__status=Status.DONE), then=F("enrichment_state__status")),
            When(_current_version=pipeline.PIPELINE_VERSION, then=Value(Status.DONE.value)),
            default=Value(Status.STALE.value),
            output_field=CharField(),
        )
    )


def status_counts(queryset=None) -> dict[str, int]:
    """How many articles show each status (every article counts, stale by text included).
    One query."""
    if queryset is None:
        queryset = conf.article_model()._default_manager.all()
    counts = {str(s): 0 for s in Status.values}
    rows = with_status(queryset).order_by().values("enrichment_status").annotate(n=Count("pk"))
    counts.update({row["enrichment_status"]: row["n"] for row in rows})
    return counts


# --- in Python: the twin for one article ------------------------------------------------------

def current_result(article) -> EnrichmentResult | None:
    """The newest result for the article's current text, of any pipeline version."""
    from .services import article_hash

    return (
        EnrichmentResult.objects.filter(article=article, text_hash=article_hash(article))
        .order_by("-created_at", "-id").first()
    )


def enrichment_status(article, state: EnrichmentState | None, result: EnrichmentResult | None) -> str:
    """``with_status`` for one article in memory; ``result`` is ``current_result(article)``."""
    from .services import article_hash

    if state is None or state.text_hash != article_hash(article):
        return Status.STALE if article.enrichment_results.exists() else Status.QUEUED
    if state.status != Status.DONE:
        return state.status
    if result is None or result.pipeline_version != pipeline.PIPELINE_VERSION:
        return Status.STALE
    return Status.DONE


# --- the view the sidebar and the API show -----------------------------------------------------

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


def prefetch_enrichment(articles: Iterable[Any]) -> list[Any]:
    """Read what ``enrichment_view`` needs for ``articles`` in at most four queries whatever
    their number, and keep it on each article (``enrichment_view`` uses it)."""
    articles = list(articles)
    if not articles:
        return articles
    model, ids = conf.article_model(), [a.pk for a in articles]
    newest = EnrichmentResult.objects.filter(article=OuterRef("pk")).order_by("-created_at", "-id")
    rows = {
        pk: (status, current_id, latest_id)
        for pk, status, current_id, latest_id in with_status(model._default_manager.filter(pk__in=ids))
        .annotate(_latest_result_id=Subquery(newest.values("id")[:1]))
        .values_list("pk", "enrichment_status", "_current_result_id", "_latest_result_id")
    }
    cached_state = model.enrichment_state  # the reverse one-to-one: select_related fills it
    if all(cached_state.is_cached(a) for a in articles):
        states = {a.pk: cached_state.related.get_cached_value(a) for a in articles}
    else:
        states = {s.article_id: s for s in EnrichmentState.objects.filter(article_id__in=ids)}
    wanted = {
        current_id or (latest_id if status == Status.STALE else None) for status, current_id, latest_id in rows.values()
    } - {None}
    results = {r.pk: r for r in EnrichmentResult.objects.filter(pk__in=wanted)} if wanted else {}
    decisions: dict[Any, list[Decision]] = {pk: [] for pk in ids}
    for decision in Decision.objects.filter(article_id__in=ids).order_by("created_at", "id"):
        decisions[decision.article_id].append(decision)
    for article in articles:
        status, current_id, latest_id = rows.get(article.pk, (Status.QUEUED, None, None))
        shown_id = current_id or (latest_id if status == Status.STALE else None)
        setattr(article, PREFETCH_ATTR, Prefetched(
            status=status, state=states.get(article.pk), shown=results.get(shown_id), decisions=decisions[article.pk]
        ))
    return articles


def enrichment_view(article, prefetched: Prefetched | None = None) -> dict[str, Any]:
    """What the sidebar and the API show: status, and the results with decisions applied.

    A result for an older text is shown only under status ``stale``, never as current. With
    ``prefetched`` (or after ``prefetch_enrichment``) it makes no query.
    """
    from .decisions import apply_all

    prefetched = prefetched or getattr(article, PREFETCH_ATTR, None)
    if prefetched is None:
        state = EnrichmentState.objects.filter(article=article).first()
        result = current_result(article)
        status = enrichment_status(article, state, result)
        shown = result
        if shown is None and status == Status.STALE:
            shown = article.enrichment_results.order_by("-created_at", "-id").first()
        decisions = list(article.enrichment_decisions.all())
    else:
        status, state, shown, decisions = prefetched.status, prefetched.state, prefetched.shown, prefetched.decisions
    data = apply_all(dict(EMPTY_RESULT, **(shown.data if shown else {})), decisions)
    return {
        "status": status,
        "error": state.error if state and status == Status.FAILED else "",
        "queued_at": state.queued_at if state else None,
        "started_at": state.started_at if state else None,
        "finished_at": state.finished_at if state else None,
        "duration_ms": shown.duration_ms if shown else None,
        "text_hash": shown.text_hash if shown else "",
        "current_pipeline_version": pipeline.PIPELINE_VERSION,
        **data,
    }
