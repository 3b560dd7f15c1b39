from itertools import groupby

from django import template

register = template.Library()

TYPE_LABELS = {
    "PERSON": "People", "ORG": "Organisations", "GPE": "Places", "LOC": "Places (geographic)",
    "NORP": "Nationalities and groups", "EVENT": "Events", "FAC": "Buildings and facilities",
    "PRODUCT": "Products", "WORK_OF_ART": "Works", "LAW": "Laws", "LANGUAGE": "Languages",
}
TYPE_ORDER = list(TYPE_LABELS)


@register.filter
def group_by_type(entities):
    """Entities grouped by type in a stable editorial order, salience order kept inside."""
    rank = {t: i for i, t in enumerate(TYPE_ORDER)}
    ordered = sorted(entities, key=lambda e: rank.get(e["type"], len(rank)))
    return [(key, list(group)) for key, group in groupby(ordered, key=lambda e: e["type"])]


@register.filter
def entity_type_label(entity_type: str) -> str:
    return TYPE_LABELS.get(entity_type, entity_type.title())


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
