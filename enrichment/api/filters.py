"""Filters of the API: articles by computed enrichment status and by entity; entities by name.

The status filter uses ``enrichment.status.with_status``, the one definition of the status
the admin and the API show. Clients who may read only published articles see, and can ask
about, only entities named in those articles, and match them by name only (aliases may come
from unpublished articles).
"""
from __future__ import annotations

import django_filters
import django_filters.rest_framework
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from ..models import ArticleEntity, Entity, Status
from ..status import with_status
from .permissions import can_read_unpublished, readable_articles


def readable_entities(request):
    """The entities ``request`` may know of: all with the article view permission, else those
    named in an article it may read (an unreadable entity answers like a missing one)."""
    if request is None or can_read_unpublished(request.user):
        return Entity.objects.all()
    links = ArticleEntity.objects.filter(entity=OuterRef("pk"), article__in=readable_articles(request).values("pk"))
    return Entity.objects.filter(Exists(links))


# --- filter sets ------------------------------------------------------------------------------

def entity_matches(prefix: str, name: str, *, aliases: bool = True) -> Q:
    """Name (or any alias, with ``aliases``) contains ``name``, ignoring case."""
    matches = Q(**{f"{prefix}name__icontains": name})
    return matches | Q(**{f"{prefix}aliases__icontains": name}) if aliases else matches


class EntityMatchMixin:
    def matches(self, prefix: str, name: str) -> Q:
        """Aliases are matched only for clients who may read every article they come from."""
        request = getattr(self, "request", None)
        return entity_matches(prefix, name, aliases=request is None or can_read_unpublished(request.user))


@extend_schema_field(OpenApiTypes.INT)
class EntityIdFilter(django_filters.ModelChoiceFilter):
    """An entity id; an unknown one, or one the client may not know of, is a 400."""


class ArticleEnrichmentFilterSet(EntityMatchMixin, django_filters.rest_framework.FilterSet):
    """The enrichment filters of the host's article list; the host subclasses it with its
    own ``Meta.model`` and fields (dates, published)."""

    status = django_filters.ChoiceFilter(
        choices=Status.choices, method="filter_status", label=_("Enrichment status, as shown (stale included)")
    )
    entity = EntityIdFilter(
        queryset=readable_entities, method="filter_entity", label=_("Id of a canonical entity the article mentions")
    )
    entity_name = django_filters.CharFilter(
        method="filter_entity_name", label=_("Name or alias of an entity the article mentions (contains, any case)")
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
        links = ArticleEntity.objects.filter(self.matches("entity__", value), article=OuterRef("pk"))
        return queryset.filter(Exists(links))


class EntityFilterSet(EntityMatchMixin, django_filters.rest_framework.FilterSet):
    type = django_filters.CharFilter(field_name="type", lookup_expr="iexact", label=_("Entity type (PERSON, ORG, GPE...)"))
    name = django_filters.CharFilter(method="filter_name", label=_("Name or alias contains (any case)"))

    class Meta:
        model = Entity
        fields = ["type", "name"]

    def filter_name(self, queryset, name, value):
        return queryset.filter(self.matches("", value)) if value else queryset
