"""Filters of the API: articles by computed enrichment status and by entity; entities by name.

The status filter uses ``enrichment.status.with_status``, the one definition of the status
the admin and the API show.
"""
from __future__ import annotations

import django_filters
import django_filters.rest_framework
from django.db.models import Exists, OuterRef, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from ..models import ArticleEntity, Entity, Status
from ..status import with_status


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
        return with_status(queryset).filter(enrichment_status=value) if value else queryset

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
