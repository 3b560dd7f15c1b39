"""Filters of the API: articles by computed enrichment status and by entity; entities by name.

The status filter uses ``enrichment.status.with_status``, the one definition of the status
the admin and the API show. Clients who may read only published articles see, and can ask
about, only entities named in those articles, and match them by name only (aliases may come
from unpublished articles).
"""
from __future__ import annotations

import datetime

import django_filters
import django_filters.rest_framework
from django import forms
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField, RangeField
from django_filters.widgets import DateRangeWidget
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import filters as drf_filters
from rest_framework.exceptions import ValidationError

from ..models import ArticleEntity, Entity, Status
from ..status import with_status
from .permissions import can_read_unpublished, readable_articles

# PostgreSQL refuses a UTC offset of 16 hours or more ("time zone displacement out of range"),
# which Python's datetime accepts up to 24 hours.
MAX_UTC_OFFSET = datetime.timedelta(hours=15, minutes=59, seconds=59)


# --- strict filter fields: a value the filter cannot use is a 400, never ignored --------------

class DatabaseDateTimeField(IsoDateTimeField):
    """An ISO 8601 date and time PostgreSQL can compare with: its UTC offset within ±15:59:59,
    and in the years 1 to 9999 once in UTC."""

    def to_python(self, value):
        parsed = super().to_python(value)
        if parsed is None:
            return None
        offset = parsed.utcoffset()
        if offset is not None and abs(offset) > MAX_UTC_OFFSET:
            raise forms.ValidationError(_("The UTC offset must be between -15:59 and +15:59."), code="offset")
        try:
            parsed.astimezone(datetime.timezone.utc)
        except OverflowError:
            raise forms.ValidationError(_("The date is out of range once in UTC."), code="range") from None
        return parsed


class DatabaseDateTimeRangeField(RangeField):
    widget = DateRangeWidget

    def __init__(self, *args, **kwargs):
        super().__init__((DatabaseDateTimeField(), DatabaseDateTimeField()), *args, **kwargs)


class DateTimeRangeFilter(django_filters.IsoDateTimeFromToRangeFilter):
    """``<name>_after`` / ``<name>_before`` in ISO 8601; a date PostgreSQL refuses is a 400."""

    field_class = DatabaseDateTimeRangeField


class BooleanQueryField(forms.Field):
    VALUES = {"true": True, "false": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value not in self.VALUES:
            raise forms.ValidationError(_('Must be "true" or "false".'), code="invalid")
        return self.VALUES[value]


class StrictBooleanFilter(django_filters.BooleanFilter):
    """``true`` or ``false``; django-filter's own takes any other value as "no filter"."""

    field_class = BooleanQueryField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput)  # the raw value reaches the field
        super().__init__(*args, **kwargs)


class OrderingFilter(drf_filters.OrderingFilter):
    """DRF's, but an ordering by an unknown field is a 400 naming the known ones, not ignored."""

    def remove_invalid_fields(self, queryset, fields, view, request):
        valid = {name for name, _ in self.get_valid_fields(queryset, view, {"request": request})}
        unknown = [term for term in fields if term.removeprefix("-") not in valid]
        if unknown:
            raise ValidationError({self.ordering_param: [
                _("Unknown ordering %(unknown)s; order by %(valid)s (- for descending).") % {
                    "unknown": ", ".join(unknown), "valid": ", ".join(sorted(valid))}]})
        return fields

    def get_schema_operation_parameters(self, view):
        """A comma-separated list of the orderable fields, each maybe with a ``-``: as the schema
        says it, every value it allows is one this filter accepts."""
        parameters = super().get_schema_operation_parameters(view)
        fields = getattr(view, "ordering_fields", None)
        if isinstance(fields, (list, tuple)) and all(isinstance(f, str) for f in fields):
            terms = [prefix + name for name in fields for prefix in ("", "-")]
            parameters[0].update(schema={"type": "array", "items": {"type": "string", "enum": terms}},
                                 style="form", explode=False)
        return parameters


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
    own ``Meta.model`` and fields (dates with ``DateTimeRangeFilter``, published). Its boolean
    fields are filtered by ``true`` or ``false`` only."""

    FILTER_DEFAULTS = {
        **django_filters.rest_framework.FilterSet.FILTER_DEFAULTS,
        models.BooleanField: {"filter_class": StrictBooleanFilter},
    }

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
