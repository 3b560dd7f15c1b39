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
    "boilerplate": _("page chrome"), "duplicate_paragraph": _("duplicate"), "duplicate_caption": _("duplicate caption"),
    "editor": _("removed by editor"), "caption": _("caption"), "credit": _("photo credit"),
}


@register.filter
def removal_reason_label(reason: str) -> str:
    return str(REMOVAL_REASONS.get(reason, reason.replace("_", " ")))


@register.filter
def ago(moment) -> str:
    """Django's humanize ``naturaltime`` ("12 seconds ago", "3 minutes ago", "now"), in the
    reader's language when ``django.contrib.humanize`` is installed (its translations)."""
    return naturaltime(moment) if moment else ""
