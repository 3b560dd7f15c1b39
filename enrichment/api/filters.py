"""Filters of the API: articles by computed enrichment status and by entity; entities by name.

The status an article shows (``services.enrichment_status``) is not stored: a job's row keeps
the hash of the text it was for, and the result the pipeline version it came from. To filter
on it, ``with_enrichment_status`` computes the same status in the database, hashing the
article's current title and text there (SHA-256, as ``services.content_hash`` does).
"""
from __future__ import annotations

import django_filters
import django_filters.rest_framework
from django.db.models import Case, CharField, Exists, F, Func, OuterRef, Q, Subquery, Value, When
from django.db.utils import NotSupportedError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .. import pipeline
from ..conf import enrichment_settings as conf
from ..models import ArticleEntity, EnrichmentResult, Entity, Status


# --- the computed status ----------------------------------------------------------------------

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
        raise NotSupportedError("Filtering by enrichment status needs PostgreSQL or SQLite.")


def current_hash_expression():
    model = conf.article_model()
    names = {f.name for f in model._meta.get_fields()}
    title = F(conf.TITLE_FIELD) if conf.TITLE_FIELD in names else Value("")
    return ContentHash(title, F(conf.TEXT_FIELD))


def with_enrichment_status(queryset):
    """Annotate ``enrichment_status``: the same value ``services.enrichment_status`` returns."""
    results = EnrichmentResult.objects.filter(article=OuterRef("pk"))
    queryset = queryset.annotate(_current_hash=current_hash_expression())
    queryset = queryset.annotate(
        _current_version=Subquery(
            results.filter(text_hash=OuterRef("_current_hash"))
            .order_by("-created_at", "-id").values("pipeline_version")[:1]
        ),
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


# --- filter sets ------------------------------------------------------------------------------

def entity_matches(prefix: str, name: str) -> Q:
    """Name or any alias contains ``name``, ignoring case."""
    return Q(**{f"{prefix}name__icontains": name}) | Q(**{f"{prefix}aliases__icontains": name})


@extend_schema_field(OpenApiTypes.INT)
class EntityIdFilter(django_filters.ModelChoiceFilter):
    """An entity id; an unknown one is a 400, not an empty list."""


class ArticleEnrichmentFilterSet(django_filters.rest_framework.FilterSet):
    """The enrichment filters of the host's article list; the host subclasses it with its
    own ``Meta.model`` and fields (dates, published)."""

    status = django_filters.ChoiceFilter(
        choices=Status.choices, method="filter_status", label="Enrichment status, as shown (stale included)"
    )
    entity = EntityIdFilter(
        queryset=Entity.objects.all(), method="filter_entity", label="Id of a canonical entity the article mentions"
    )
    entity_name = django_filters.CharFilter(
        method="filter_entity_name", label="Name or alias of an entity the article mentions (contains, any case)"
    )

    def filter_status(self, queryset, name, value):
        return with_enrichment_status(queryset).filter(enrichment_status=value) if value else queryset

    def filter_entity(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(Exists(ArticleEntity.objects.filter(article=OuterRef("pk"), entity=value)))

    def filter_entity_name(self, queryset, name, value):
        if not value:
            return queryset
        links = ArticleEntity.objects.filter(entity_matches("entity__", value), article=OuterRef("pk"))
        return queryset.filter(Exists(links))


class EntityFilterSet(django_filters.rest_framework.FilterSet):
    type = django_filters.CharFilter(field_name="type", lookup_expr="iexact", label="Entity type (PERSON, ORG, GPE...)")
    name = django_filters.CharFilter(method="filter_name", label="Name or alias contains (any case)")

    class Meta:
        model = Entity
        fields = ["type", "name"]

    def filter_name(self, queryset, name, value):
        return queryset.filter(entity_matches("", value)) if value else queryset
