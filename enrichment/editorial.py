"""Editors' decisions and rules: the one service the admin sidebar and the REST API both call.

Decisions are validated against what the editor sees (the current result with earlier
decisions applied), stored as ``Decision`` rows apart from results, and applied over every
later run by ``enrichment.decisions``. Rules are newsroom-wide and feed the entity ruler.
"""
from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .articles import article_hash, article_text, locked_articles
from .conf import enrichment_settings as conf
from .decisions import (
    CAPTION_FIELDS,
    ENTITY_TYPES,
    find_caption,
    find_entity,
    find_removed,
    find_text,
    key,
    locate_in_source,
)
from .jobs.queueing import request_enrichment
from .jobs.storing import NAME_MAX, relink_entities
from .models import Decision, EnrichmentState, Rule, Status
from .status import current_result
from .view import enrichment_view

logger = logging.getLogger(__name__)

ACTIONS = tuple(Decision.Action.values)
RULE_KINDS = tuple(Rule.Kind.values)
ENTITY_ACTIONS = frozenset(a for a in ACTIONS if a.endswith(("_entity", "_entities")))


class EditorialError(ValueError):
    """Bad decision input; message is for the editor."""


class RerunConflict(EditorialError):
    """A run for the article's current text is already queued or running."""


# --- decisions --------------------------------------------------------------------------------

def decide(article, *, action: str, target: str = "", value: dict | None = None, user=None) -> Decision:
    """Validate and store one editor's decision; it wins over this and every later run."""
    if action not in ACTIONS:
        raise EditorialError(_("Unknown action %(action)r. Choose one of: %(choices)s.") % {
            "action": action, "choices": ", ".join(ACTIONS)})
    if value is not None and not isinstance(value, dict):
        raise EditorialError(_("The value must be an object."))
    target = (target or "").strip()
    if action in ENTITY_ACTIONS:
        target = " ".join(target.split())
    if not target:
        raise EditorialError(_("Say which entity, caption or paragraph the decision is about."))
    with transaction.atomic():
        # the locks jobs.storing.store holds while it stores a run and re-links the entities, in
        # the same order (article, then job): a decision and a worker's result never rewrite the
        # article's links at the same time, nor wait for each other in a cycle
        list(locked_articles([article.pk]).values_list("pk", flat=True))
        EnrichmentState.objects.select_for_update().filter(article=article).first()
        view = enrichment_view(article)
        value = VALIDATORS[action](article, view, target, dict(value or {}))
        decision = Decision.objects.create(
            article=article, action=action, target=target, value=value, text_hash=view["text_hash"],
            user=user if getattr(user, "is_authenticated", False) else None,
        )
        relink_entities([article])
    return decision


def _match(entity: dict) -> list[str]:
    """The names the entity has now, stored so the decision finds it in runs that differ."""
    return list(dict.fromkeys([entity["name"], *entity.get("aliases", [])]))


def _entity(view: dict, name: str) -> dict:
    i = find_entity(view["entities"], name)
    if i < 0:
        raise EditorialError(_("No entity called %(name)r in this article's enrichment.") % {"name": name})
    return view["entities"][i]


def _entity_type(value: dict) -> str:
    entity_type = str(value.get("type") or "").strip().upper()
    if entity_type not in ENTITY_TYPES:
        raise EditorialError(_("Unknown entity type %(type)r. Choose one of: %(choices)s.") % {
            "type": entity_type, "choices": ", ".join(ENTITY_TYPES)})
    return entity_type


def _name_errors(what: str) -> tuple[str, str]:
    """(empty, too long) for each kind of name: whole sentences, so translators see them whole."""
    return {
        "name": (_("The new name is empty."), _("The name is longer than %(max)s characters.")),
        "entity to merge": (_("The new entity to merge is empty."),
                            _("The entity to merge is longer than %(max)s characters.")),
        "rule text": (_("The new rule text is empty."), _("The rule text is longer than %(max)s characters.")),
        "canonical name": (_("The new canonical name is empty."),
                           _("The canonical name is longer than %(max)s characters.")),
    }[what]


def _name(value: Any, what: str = "name") -> str:
    name = " ".join(str(value or "").split())
    if not name:
        raise EditorialError(_name_errors(what)[0])
    if len(name) > NAME_MAX:
        raise EditorialError(_name_errors(what)[1] % {"max": NAME_MAX})
    return name


def _confirm(article, view, target, value):
    entity = _raw_or_current_entity(article, view, target)
    return {"type": entity["type"], "match": _match(entity)}


def _raw_or_current_entity(article, view, target):
    """Confirming an entity an earlier decision rejected brings it back (an undo)."""
    i = find_entity(view["entities"], target)
    if i >= 0:
        return view["entities"][i]
    result = current_result(article)
    raw = (result.data if result else {}).get("entities", [])
    j = find_entity(raw, target)
    if j < 0:
        raise EditorialError(_("No entity called %(name)r in this article's enrichment.") % {"name": target})
    return raw[j]


def _reject(article, view, target, value):
    entity = _entity(view, target)
    return {"type": entity["type"], "match": _match(entity)}


def _rename(article, view, target, value):
    entity = _entity(view, target)
    name = _name(value.get("name"))
    if name == entity["name"]:
        raise EditorialError(_("The entity is already called %(name)r.") % {"name": name})
    return {"name": name, "match": _match(entity)}


def _retype(article, view, target, value):
    entity = _entity(view, target)
    return {"type": _entity_type(value), "match": _match(entity)}


def _merge(article, view, target, value):
    kept = _entity(view, target)
    names = value.get("names")
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, list) or not names:
        raise EditorialError(_("Name the entities to merge into this one."))
    clean, matches = [], {}
    for name in names:
        other = _entity(view, _name(name, "entity to merge"))
        if other is kept:
            raise EditorialError(_("%(name)r is %(target)r already.") % {"name": name, "target": target})
        clean.append(other["name"])
        matches[other["name"]] = _match(other)
    return {"names": clean, "match": _match(kept), "merged_match": matches}


def _add(article, view, target, value):
    _name(target)
    entity_type = _entity_type(value)
    if find_entity(view["entities"], target) >= 0:
        raise EditorialError(_("%(name)r is already an entity of this article; change its type instead.") % {
            "name": target})
    return {"type": entity_type}


def _edit_caption(article, view, target, value):
    if find_caption(view["captions"], target) < 0:
        raise EditorialError(_("No such caption in this article's enrichment."))
    unknown = set(value) - set(CAPTION_FIELDS)
    if unknown:
        raise EditorialError(_("A caption has no %(unknown)s; it has %(fields)s.") % {
            "unknown": ", ".join(sorted(unknown)), "fields": ", ".join(CAPTION_FIELDS)})
    changes = {f: " ".join(str(value[f]).split()) if f != "text" else str(value[f]).strip()
               for f in CAPTION_FIELDS if f in value and value[f] is not None}
    if not changes:
        raise EditorialError(_("Nothing to change in the caption."))
    if "text" in changes and not changes["text"]:
        raise EditorialError(_("A caption's text cannot be empty; reject the caption's paragraph instead."))
    return changes


def _restore(article, view, target, value):
    i = find_removed(view["removed"], target)
    if i < 0:
        raise EditorialError(_("That text is not among what was removed."))
    text = view["removed"][i]["text"]
    return locate_in_source(article_text(article), view["body"], text)


def _restore_group(article, view, target, value):
    """``target`` is a removal reason; each of its lines keeps its own place in the paste."""
    texts = [item["text"] for item in view["removed"] if item.get("reason") == target]
    if not texts:
        raise EditorialError(_("Nothing of that kind was removed."))
    source = article_text(article)
    return {"items": [{"text": text, **locate_in_source(source, view["body"], text)} for text in texts]}


def _remove(article, view, target, value):
    if find_text(view["body"], target) < 0:
        raise EditorialError(_("That paragraph is not in the clean body."))
    return {}


VALIDATORS = {
    "confirm_entity": _confirm, "reject_entity": _reject, "rename_entity": _rename,
    "retype_entity": _retype, "merge_entities": _merge, "add_entity": _add,
    "edit_caption": _edit_caption, "restore_removed": _restore, "remove_paragraph": _remove,
    "restore_group": _restore_group,
}


def undo(article, decision_id, *, user=None) -> Decision:
    """Take a decision back: it stays in the audit trail with who undid it and when, and is no
    longer applied to this or any later run. The newsroom-wide rules it made (``value['rules']``)
    are switched off, not deleted."""
    with transaction.atomic():
        EnrichmentState.objects.select_for_update().filter(article=article).first()  # as decide()
        try:
            decision = Decision.objects.select_for_update().get(pk=int(decision_id), article=article)
        except (Decision.DoesNotExist, TypeError, ValueError):
            raise EditorialError(_("No such decision on this article.")) from None
        if decision.undone_at is not None:
            raise EditorialError(_("That decision was undone already."))
        decision.undone_at = timezone.now()
        decision.undone_by = user if getattr(user, "is_authenticated", False) else None
        decision.save(update_fields=["undone_at", "undone_by"])
        Rule.objects.filter(pk__in=(decision.value or {}).get("rules", [])).update(active=False)
        relink_entities([article])
    return decision


# --- rules ------------------------------------------------------------------------------------

def make_rule(*, kind: str, text: str, canonical: str = "", entity_type: str = "", user=None) -> Rule:
    """Create the newsroom-wide rule for ``text`` (or change it, with ``enrichment.change_rule``);
    later runs of every article use it."""
    if kind not in RULE_KINDS:
        raise EditorialError(_("Unknown rule kind %(kind)r. Choose one of: %(choices)s.") % {
            "kind": kind, "choices": ", ".join(RULE_KINDS)})
    text = _name(text, "rule text")
    canonical = " ".join((canonical or "").split())
    if kind == Rule.Kind.ALIAS:
        canonical = _name(canonical, "canonical name")
        if key(canonical) == key(text):
            raise EditorialError(_("%(name)r is already the canonical name.") % {"name": text})
    else:
        canonical = ""
    entity_type = _entity_type({"type": entity_type}) if kind == Rule.Kind.TYPE else ""
    values = {"canonical": canonical, "entity_type": entity_type, "active": True}
    rule, created = Rule.objects.get_or_create(kind=kind, text=text, defaults={
        **values, "created_by": user if getattr(user, "is_authenticated", False) else None})
    if created or all(getattr(rule, name) == value for name, value in values.items()):
        return rule
    # Adding rules is enrichment.add_rule; changing one (re-activating a rule an admin turned
    # off, another canonical name or type) is enrichment.change_rule.
    if not (user is not None and user.has_perm("enrichment.change_rule")):
        raise EditorialError(f"A newsroom-wide rule for {text!r} exists ({rule}{'' if rule.active else ', inactive'}); "
                             "changing it needs the permission to change rules.")
    for name, value in values.items():
        setattr(rule, name, value)
    rule.save(update_fields=list(values))
    return rule


def rules_for(decision: Decision) -> list[dict[str, str]]:
    """The newsroom-wide rules a decision suggests (keyword arguments of ``make_rule``)."""
    value = decision.value or {}
    if decision.action == Decision.Action.REJECT_ENTITY:
        return [{"kind": Rule.Kind.NOT_ENTITY, "text": decision.target}]
    if decision.action == Decision.Action.RENAME_ENTITY:
        return [{"kind": Rule.Kind.ALIAS, "text": decision.target, "canonical": value["name"]}]
    if decision.action == Decision.Action.MERGE_ENTITIES:
        return [{"kind": Rule.Kind.ALIAS, "text": name, "canonical": decision.target}
                for name in value.get("names", []) if key(name) != key(decision.target)]
    if decision.action == Decision.Action.RETYPE_ENTITY:
        return [{"kind": Rule.Kind.TYPE, "text": decision.target, "entity_type": value["type"]}]
    return []


# --- body, headline and runs -----------------------------------------------------------------

def clean_body(view: dict) -> str:
    """The cleaned body of an ``enrichment_view`` (restores and removals applied), paragraphs
    blank-line separated: what "Apply cleaned body" writes."""
    return "\n\n".join(view["body"])


def auto_now_fields(model) -> list[str]:
    """The host model's ``auto_now`` fields (``updated_at``): a save with ``update_fields``
    skips them unless named, and the API's article ETag is built on them."""
    return [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]


def _locked(article):
    """The article's row again, locked until the transaction ends (call inside atomic)."""
    return type(article)._default_manager.select_for_update().get(pk=article.pk)


def _done_view(article, what: str) -> dict:
    view = enrichment_view(article)
    if view["status"] != Status.DONE:
        sentence = {
            "apply the body": _("The enrichment is %(status)s; apply the body once it is done."),
            "use its headline": _("The enrichment is %(status)s; use its headline once it is done."),
        }[what]
        raise EditorialError(sentence % {"status": str(Status(view["status"]).label).lower()})
    return view


def _write(article, locked, values: dict[str, Any]) -> None:
    """Save only ``values`` (and the auto_now fields) on the locked row, so a concurrent edit of
    another field is kept; ``article`` gets the saved values."""
    for name, value in values.items():
        setattr(locked, name, value)
    fields = list(dict.fromkeys([*values, *auto_now_fields(type(locked))]))
    locked.save(update_fields=fields)
    for name in fields:
        setattr(article, name, getattr(locked, name))


def _audit(what: str, article, user) -> None:
    logger.info("%s: article %s by %s", what, article.pk,
                user.get_username() if getattr(user, "is_authenticated", False) else "someone")


def apply_clean_body(article, *, user=None) -> None:
    """Write the cleaned body to ``ENRICHMENT['BODY_FIELD']``; the paste is never touched."""
    field = conf.BODY_FIELD
    if not field:
        raise EditorialError(_("This site has no body field to write to (ENRICHMENT['BODY_FIELD'] is empty)."))
    with transaction.atomic():
        locked = _locked(article)
        body = clean_body(_done_view(locked, "apply the body"))
        if not body:
            raise EditorialError(_("The cleaned body is empty."))
        _write(article, locked, {field: body})
    _audit(f"Cleaned body applied to {field}", article, user)


def use_headline(article, *, user=None) -> str:
    """Write the detected headline of the current text's run to ``ENRICHMENT['TITLE_FIELD']``;
    the title is part of the text's hash, so the enrichment runs again. Returns the headline."""
    field = conf.TITLE_FIELD
    with transaction.atomic():
        locked = _locked(article)
        headline = _done_view(locked, "use its headline")["headline"]
        if not headline:
            raise EditorialError(_("No headline was detected."))
        max_length = type(locked)._meta.get_field(field).max_length
        if max_length and len(headline) > max_length:
            raise EditorialError(_("The detected headline is longer than %(max)s characters.") % {"max": max_length})
        _write(article, locked, {field: headline})
    _audit("Detected headline used", article, user)
    return headline


def rerun(article, *, user=None) -> None:
    """Run the enrichment again for the current text (after commit), decisions kept. The one
    re-run rule of the admin and the API: not while a run for this text is queued or running."""
    with transaction.atomic():
        locked = _locked(article)  # two re-run requests for one article queue one run
        state = EnrichmentState.objects.filter(article=locked).first()
        if state and state.text_hash == article_hash(locked) and state.status in (Status.QUEUED, Status.RUNNING):
            raise RerunConflict(_("A run for this text is already %(status)s.") % {
                "status": str(Status(state.status).label).lower()})
        request_enrichment(locked, force=True)
    _audit("Enrichment re-run requested", article, user)
