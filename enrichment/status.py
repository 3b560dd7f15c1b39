"""The enrichment status of an article, defined once (docs/architecture.md, "Statuses").

A job's row keeps the hash of the text it was for, a result the pipeline version it came from.

* no job, or a job for another text: ``stale`` if the article has any result, else ``queued``;
* a job for the current text that is not done: its status (``queued``, ``running``, ``failed``);
* done: ``done`` when the newest result for the current text is of this pipeline version,
  else ``stale`` (no result, or one of an older version).

``with_computed_status(queryset)`` computes it in SQL; ``enrichment_status`` is its Python twin
for one article already in memory. On PostgreSQL the database stores it per article
(``stored_status``: triggers run the same definition on every write) and ``with_status`` reads
that row, so the admin column, list filter, counts and sorting and the API's status filter cost
the same with a million articles as with a hundred; elsewhere ``with_status`` computes it. A
test compares all of them on every case.
"""
from __future__ import annotations

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Subquery, Value, When

from . import stored_status
from .articles import article_hash, article_model, current_hash_expression
from .models import EnrichmentResult, EnrichmentState, Status
from .pipeline.version import PIPELINE_VERSION


def with_status(queryset, *, current_result: bool = False):
    """Annotate ``enrichment_status`` (and ``_current_hash``; with ``current_result``,
    ``_current_result_id``: the newest result for the current text, any version): the stored
    status where the database keeps it, else computed. Annotating twice is a no-op."""
    if "enrichment_status" in queryset.query.annotations:
        return queryset
    if not stored_status.is_ready():
        return with_computed_status(queryset)
    # An inner join (every article has its row): sorting by status walks the status index.
    queryset = queryset.filter(enrichment_shown__isnull=False).annotate(_current_hash=F("enrichment_shown__text_hash"))
    if current_result:
        queryset = _with_current_result(queryset)
    return queryset.annotate(enrichment_status=F("enrichment_shown__status"))


def _with_current_result(queryset):
    newest_current = EnrichmentResult.objects.filter(article=OuterRef("pk"), text_hash=OuterRef("_current_hash"))
    newest_current = newest_current.order_by("-created_at", "-id")
    return queryset.annotate(
        _current_result_id=Subquery(newest_current.values("id")[:1]),
        _current_version=Subquery(newest_current.values("pipeline_version")[:1]),
    )


def with_computed_status(queryset):
    """``with_status`` computed from the texts, jobs and results: the definition itself."""
    if "enrichment_status" in queryset.query.annotations:
        return queryset
    results = EnrichmentResult.objects.filter(article=OuterRef("pk"))
    queryset = _with_current_result(queryset.annotate(_current_hash=current_hash_expression()))
    return queryset.annotate(
        enrichment_status=Case(
            When(
                Q(enrichment_state__isnull=True) | ~Q(enrichment_state__text_hash=F("_current_hash")),
                then=Case(When(Exists(results), then=Value(Status.STALE.value)), default=Value(Status.QUEUED.value)),
            ),
            When(~Q(enrichment_state__status=Status.DONE), then=F("enrichment_state__status")),
            When(_current_version=PIPELINE_VERSION, then=Value(Status.DONE.value)),
            default=Value(Status.STALE.value),
            output_field=CharField(),
        )
    )


def status_counts(queryset=None) -> dict[str, int]:
    """How many articles show each status (every article counts, stale by text included).
    Of all articles: from the stored counts where kept (a few rows whatever the archive's
    size); of a ``queryset``: one query."""
    if queryset is None:
        if stored_status.is_ready():
            return stored_status.stored_counts()
        queryset = article_model()._default_manager.all()
    counts = {str(s): 0 for s in Status.values}
    rows = with_status(queryset).order_by().values("enrichment_status").annotate(n=Count("pk"))
    counts.update({row["enrichment_status"]: row["n"] for row in rows})
    return counts


def current_result(article) -> EnrichmentResult | None:
    """The newest result for the article's current text, of any pipeline version."""
    return (
        EnrichmentResult.objects.filter(article=article, text_hash=article_hash(article))
        .order_by("-created_at", "-id").first()
    )


def enrichment_status(article, state: EnrichmentState | None, result: EnrichmentResult | None) -> str:
    """``with_status`` for one article in memory; ``result`` is ``current_result(article)``."""
    if state is None or state.text_hash != article_hash(article):
        return Status.STALE if article.enrichment_results.exists() else Status.QUEUED
    if state.status != Status.DONE:
        return state.status
    if result is None or result.pipeline_version != PIPELINE_VERSION:
        return Status.STALE
    return Status.DONE
