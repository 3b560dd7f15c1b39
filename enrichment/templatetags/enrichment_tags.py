from itertools import groupby

from django import template
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils.translation import gettext_lazy as _

from ..decisions import ENTITY_TYPES
from ..messages import ENTITY_TYPE_LABELS

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
    """In the reader's language when the catalogue has it, else as ``ENTITY_TYPES`` names it."""
    if entity_type in ENTITY_TYPE_LABELS:
        return str(ENTITY_TYPE_LABELS[entity_type])
    return ENTITY_TYPES.get(entity_type, entity_type.title())


REMOVAL_REASONS = {
    "boilerplate": _("page chrome"), "duplicate_paragraph": _("repeated paragraph"),
    "duplicate_caption": _("repeated caption"), "editor": _("removed by editor"), "caption": _("caption"),
    "credit": _("photo credit"), "duplicate_credit": _("second credit of a caption"),
}


@register.filter
def removal_reason_label(reason: str) -> str:
    return str(REMOVAL_REASONS.get(reason, reason.replace("_", " ")))


@register.filter
def ago(moment) -> str:
    """Django's humanize ``naturaltime`` ("12 seconds ago", "3 minutes ago", "now"), in the
    reader's language when ``django.contrib.humanize`` is installed (its translations)."""
    return naturaltime(moment) if moment else ""


# One word per type, for the chip beside a name and the marks in the body.
ENTITY_TYPE_SHORT = {
    "PERSON": _("person"), "ORG": _("organisation"), "GPE": _("place"), "LOC": _("place (geographic)"),
    "NORP": _("nationality or group"), "EVENT": _("event"), "FAC": _("building or facility"),
    "PRODUCT": _("product"), "WORK_OF_ART": _("work"), "LAW": _("law"), "LANGUAGE": _("language"),
}


@register.filter
def entity_type_short(entity_type: str) -> str:
    return str(ENTITY_TYPE_SHORT.get(entity_type, entity_type.replace("_", " ").lower()))


@register.filter
def percent(value) -> str:
    """Salience 0..1 as "88%"."""
    try:
        return f"{round(float(value) * 100)}%"
    except (TypeError, ValueError):
        return ""


STATUS_LABELS = {"queued": _("Queued"), "running": _("Running"), "done": _("Done"), "failed": _("Failed"),
                 "stale": _("Out of date")}


@register.filter
def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status.title()))


@register.filter
def reasons_summary(items) -> str:
    """ "page chrome, duplicate" for a marker's lines."""
    return ", ".join(dict.fromkeys(removal_reason_label(i.get("reason", "")) for i in items))


DECISION_LABELS = {
    "confirm_entity": _("Confirm “%(target)s”"), "reject_entity": _("Reject “%(target)s”"),
    "rename_entity": _("Rename “%(target)s” to “%(name)s”"),
    "retype_entity": _("Change the type of “%(target)s” to %(type)s"),
    "merge_entities": _("Merge %(names)s into “%(target)s”"), "add_entity": _("Add “%(target)s” (%(type)s)"),
    "edit_caption": _("Edit the caption “%(target)s”"), "restore_removed": _("Restore “%(target)s”"),
    "remove_paragraph": _("Remove the paragraph “%(target)s”"),
    "restore_group": _("Restore every “%(reason)s” line"),
}


@register.filter
def decision_label(decision) -> str:
    """A decision in words, with long targets cut: what the history and its Undo say."""
    from django.template.defaultfilters import truncatechars

    value = decision.value or {}
    return str(DECISION_LABELS.get(decision.action, "%(action)s “%(target)s”")) % {
        "action": decision.action, "target": truncatechars(decision.target, 60), "name": value.get("name", ""),
        "type": entity_type_short(value.get("type", "")),
        "names": ", ".join(f"“{n}”" for n in value.get("names", [])), "reason": removal_reason_label(decision.target),
    }
