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
    "boilerplate": "page chrome", "duplicate_paragraph": "repeated paragraph", "duplicate_caption": "repeated caption",
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


# One word per type, for the chip beside a name and the marks in the body.
ENTITY_TYPE_SHORT = {
    "PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place (geographic)",
    "NORP": "nationality or group", "EVENT": "event", "FAC": "building or facility",
    "PRODUCT": "product", "WORK_OF_ART": "work", "LAW": "law", "LANGUAGE": "language",
}


@register.filter
def entity_type_short(entity_type: str) -> str:
    return ENTITY_TYPE_SHORT.get(entity_type, entity_type.replace("_", " ").lower())


@register.filter
def percent(value) -> str:
    """Salience 0..1 as "88%"."""
    try:
        return f"{round(float(value) * 100)}%"
    except (TypeError, ValueError):
        return ""


@register.filter
def status_label(status: str) -> str:
    return {"queued": "Queued", "running": "Running", "done": "Done", "failed": "Failed", "stale": "Out of date"}.get(
        status, status.title())


@register.filter
def reasons_summary(items) -> str:
    """ "page chrome, duplicate" for a marker's lines."""
    return ", ".join(dict.fromkeys(removal_reason_label(i.get("reason", "")) for i in items))


DECISION_LABELS = {
    "confirm_entity": "Confirm “{target}”", "reject_entity": "Reject “{target}”",
    "rename_entity": "Rename “{target}” to “{name}”", "retype_entity": "Change the type of “{target}” to {type}",
    "merge_entities": "Merge {names} into “{target}”", "add_entity": "Add “{target}” ({type})",
    "edit_caption": "Edit the caption “{target}”", "restore_removed": "Restore “{target}”",
    "remove_paragraph": "Remove the paragraph “{target}”", "restore_group": "Restore every “{reason}” line",
}


@register.filter
def decision_label(decision) -> str:
    """A decision in words, with long targets cut: what the history and its Undo say."""
    from django.template.defaultfilters import truncatechars

    value = decision.value or {}
    return DECISION_LABELS.get(decision.action, "{action} “{target}”").format(
        action=decision.action, target=truncatechars(decision.target, 60), name=value.get("name", ""),
        type=entity_type_short(value.get("type", "")),
        names=", ".join(f"“{n}”" for n in value.get("names", [])), reason=removal_reason_label(decision.target),
    )
