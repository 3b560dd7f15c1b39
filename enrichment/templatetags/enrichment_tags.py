from itertools import groupby

from django import template

from ..decisions import ENTITY_TYPES

register = template.Library()


@register.filter
def group_by_type(entities):
    """Entities grouped by type in the editorial order of ``decisions.ENTITY_TYPES``, salience
    order kept inside."""
    rank = {t: i for i, t in enumerate(ENTITY_TYPES)}
    ordered = sorted(entities, key=lambda e: rank.get(e["type"], len(rank)))
    return [(key, list(group)) for key, group in groupby(ordered, key=lambda e: e["type"])]


@register.filter
def entity_type_label(entity_type: str) -> str:
    return ENTITY_TYPES.get(entity_type, entity_type.title())


REMOVAL_REASONS = {
    "boilerplate": "page chrome", "duplicate_paragraph": "duplicate", "duplicate_caption": "duplicate caption",
    "editor": "removed by editor", "caption": "caption", "credit": "photo credit",
}


@register.filter
def removal_reason_label(reason: str) -> str:
    return REMOVAL_REASONS.get(reason, reason.replace("_", " "))


@register.filter
def ago(moment) -> str:
    """"12 s ago" for the last minute, then Django's "3 minutes ago"."""
    from django.utils import timezone
    from django.utils.timesince import timesince

    if not moment:
        return ""
    seconds = int((timezone.now() - moment).total_seconds())
    return "just now" if seconds < 5 else f"{seconds} s ago" if seconds < 60 else f"{timesince(moment)} ago"
