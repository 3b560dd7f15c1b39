"""Editors' decisions applied over a run's result: pure functions over plain data.

A decision names its target by text (an entity's name, a caption's text, a paragraph), never
by a position in one run's output, so it applies to every later run as well. Entities are
matched by their name or any of their aliases, case-insensitively: a run that canonicalizes
"Lavrov" as "Sergei Lavrov" today and "Sergey Lavrov" tomorrow is still the same target.
Decisions are applied in the order editors made them; a later one overrides an earlier one.
Every handler returns a new dict and never mutates its input.
"""
from __future__ import annotations

import bisect
import re
from typing import Any, Callable, Iterable

from .pipeline.cleaning.clean import paste_lines
from .pipeline.types import Reason

# The entity labels an editor may choose (spaCy's OntoNotes names the pipeline keeps).
ENTITY_TYPES: dict[str, str] = {
    "PERSON": "People", "ORG": "Organisations", "GPE": "Places", "LOC": "Places (geographic)",
    "NORP": "Nationalities and groups", "EVENT": "Events", "FAC": "Buildings and facilities",
    "PRODUCT": "Products", "WORK_OF_ART": "Works", "LAW": "Laws", "LANGUAGE": "Languages",
}

Data = dict[str, Any]


def apply_all(data: Data, decisions: Iterable[Any]) -> Data:
    """Apply decisions (objects or dicts with action, target, value) in order."""
    for decision in decisions:
        action, target, value = _fields(decision)
        handler = HANDLERS.get(action)
        if handler is not None:
            data = handler(data, target, value or {})
    return data


def _fields(decision: Any) -> tuple[str, str, dict]:
    if isinstance(decision, dict):
        return decision.get("action", ""), decision.get("target", ""), decision.get("value") or {}
    return decision.action, decision.target, decision.value or {}


# --- matching ---------------------------------------------------------------------------------

def key(text: str) -> str:
    """How names and paragraphs are compared: case and runs of whitespace do not matter."""
    return " ".join((text or "").split()).casefold()


def entity_names(entity: Data) -> set[str]:
    return {key(entity["name"]), *(key(a) for a in entity.get("aliases", ()))}


def find_entity(entities: list[Data], name: str, also: Iterable[str] = ()) -> int:
    """Index of the entity called ``name`` (by its name first, then by an alias), or -1.

    ``also`` are the names the entity had when the editor decided (a decision's ``match``):
    tried last, so a run that drops the alias the editor clicked still finds the entity."""
    wanted = key(name)
    for i, entity in enumerate(entities):
        if key(entity["name"]) == wanted:
            return i
    for i, entity in enumerate(entities):
        if wanted in entity_names(entity):
            return i
    known = {key(n) for n in also}
    for i, entity in enumerate(entities):
        if known & entity_names(entity):
            return i
    return -1


def find_text(items: list[str], text: str) -> int:
    wanted = key(text)
    return next((i for i, item in enumerate(items) if key(item) == wanted), -1)


def find_caption(captions: list[Data], text: str) -> int:
    """A caption is found by its current text or by the text the run gave it."""
    wanted = key(text)
    for i, caption in enumerate(captions):
        if wanted in (key(caption.get("text", "")), key(caption.get("original_text", ""))):
            return i
    return -1


def find_removed(removed: list[Data], text: str) -> int:
    wanted = key(text)
    return next((i for i, item in enumerate(removed) if key(item.get("text", "")) == wanted), -1)


def _with_alias(aliases: list[str], *names: str) -> list[str]:
    out = list(aliases)
    seen = {key(a) for a in out}
    for name in names:
        if name and key(name) not in seen:
            out.append(name)
            seen.add(key(name))
    return out


def _replace(data: Data, field: str, items: list) -> Data:
    return {**data, field: items}


# --- entities ---------------------------------------------------------------------------------

def count_mentions(body: list[str], name: str) -> tuple[int, list[list[int]]]:
    """Whole-word occurrences of ``name`` in the body as NER sees it (paragraphs joined)."""
    text = "\n\n".join(body)
    if not name.strip():
        return 0, []
    pattern = re.compile(r"(?<!\w)" + re.escape(name.strip()) + r"(?!\w)", re.IGNORECASE)
    offsets = [[m.start(), m.end()] for m in pattern.finditer(text)]
    return len(offsets), offsets


def new_entity(data: Data, name: str, entity_type: str, **extra: Any) -> Data:
    mentions, offsets = count_mentions(data.get("body", []), name)
    in_captions = any(key(name) in key(c.get("text", "")) for c in data.get("captions", []))
    return {
        "name": name, "type": entity_type, "aliases": [name], "mentions": mentions, "offsets": offsets,
        "salience": 0.0, "in_body": mentions > 0, "in_captions": in_captions, **extra,
    }


def _confirm_entity(data: Data, target: str, value: dict) -> Data:
    """Mark it confirmed; if a later run lost it, bring it back as the editor last saw it."""
    entities = list(data["entities"])
    i = find_entity(entities, target, value.get("match", ()))
    if i < 0:
        entity_type = value.get("type")
        if not entity_type:
            return data
        entities.append(new_entity(data, target, entity_type, confirmed=True))
    else:
        entities[i] = {**entities[i], "confirmed": True}
    return _replace(data, "entities", entities)


def _reject_entity(data: Data, target: str, value: dict) -> Data:
    """Gone for this article, whatever the run calls it: by name or any alias."""
    wanted = {key(target), *(key(n) for n in value.get("match", ()))}
    kept = [e for e in data["entities"] if not wanted & entity_names(e)]
    rejected = _with_alias(data.get("rejected_entities", []), target)
    return {**data, "entities": kept, "rejected_entities": rejected}


def _rename_entity(data: Data, target: str, value: dict) -> Data:
    name = (value.get("name") or "").strip()
    entities = list(data["entities"])
    i = find_entity(entities, target, value.get("match", ()))
    if i < 0 or not name:
        return data
    entity = entities[i]
    renamed = {**entity, "name": name, "aliases": _with_alias(entity.get("aliases", []), entity["name"], target, name)}
    entities[i] = renamed
    other = next((j for j, e in enumerate(entities) if j != i and key(e["name"]) == key(name)), -1)
    if other >= 0:  # the new name is another entity's: they are one
        entities[i] = _merged(renamed, [entities[other]])
        del entities[other]
    return _replace(data, "entities", entities)


def _retype_entity(data: Data, target: str, value: dict) -> Data:
    entity_type = value.get("type") or ""
    entities = list(data["entities"])
    i = find_entity(entities, target, value.get("match", ()))
    if i < 0 or not entity_type:
        return data
    entities[i] = {**entities[i], "type": entity_type}
    return _replace(data, "entities", entities)


def _merged(kept: Data, others: list[Data]) -> Data:
    merged = {**kept, "confirmed": kept.get("confirmed", False)}
    for other in others:
        merged["aliases"] = _with_alias(merged.get("aliases", []), other["name"], *other.get("aliases", []))
        merged["mentions"] = merged.get("mentions", 0) + other.get("mentions", 0)
        merged["offsets"] = sorted([*merged.get("offsets", []), *other.get("offsets", [])])
        merged["salience"] = max(merged.get("salience", 0.0), other.get("salience", 0.0))
        merged["in_body"] = merged.get("in_body", False) or other.get("in_body", False)
        merged["in_captions"] = merged.get("in_captions", False) or other.get("in_captions", False)
        merged["confirmed"] = merged.get("confirmed", False) or other.get("confirmed", False)
    if not merged["confirmed"]:
        merged.pop("confirmed")
    return merged


def _merge_entities(data: Data, target: str, value: dict) -> Data:
    """Fold the named entities into ``target``; if the run lost ``target``, the first found
    of the others takes its name. Each is found by its name, or by the names it had when the
    editor merged (``match`` for ``target``, ``merged_match[name]`` for the others)."""
    entities = list(data["entities"])
    matches = value.get("merged_match") or {}
    found = [find_entity(entities, n, matches.get(n, ())) for n in value.get("names", [])]
    kept = find_entity(entities, target, value.get("match", ()))
    others = sorted({i for i in found if i >= 0 and i != kept})
    if kept < 0:
        if not others:
            return data
        kept, others = others[0], others[1:]
        first = entities[kept]
        entities[kept] = {**first, "name": target, "aliases": _with_alias(first.get("aliases", []), first["name"], target)}
    entities[kept] = _merged(entities[kept], [entities[i] for i in others])
    entities = [e for i, e in enumerate(entities) if i not in others]
    return _replace(data, "entities", entities)


def _add_entity(data: Data, target: str, value: dict) -> Data:
    name, entity_type = target.strip(), value.get("type") or ""
    entities = list(data["entities"])
    i = find_entity(entities, name)
    if not name or not entity_type:
        return data
    if i >= 0:  # a later run found it too: the editor's type wins
        entities[i] = {**entities[i], "type": entity_type, "added": True}
    else:
        entities.append(new_entity(data, name, entity_type, added=True))
    return _replace(data, "entities", entities)


# --- captions ---------------------------------------------------------------------------------

CAPTION_FIELDS = ("text", "credit", "photographer", "agency")


def _edit_caption(data: Data, target: str, value: dict) -> Data:
    captions = list(data.get("captions", []))
    i = find_caption(captions, target)
    if i < 0:
        return data
    caption = captions[i]
    changes = {f: value[f] for f in CAPTION_FIELDS if f in value and value[f] is not None}
    edited = {**caption, **changes, "original_text": caption.get("original_text") or caption.get("text", ""), "edited": True}
    if ("photographer" in changes or "agency" in changes) and "credit" not in changes:
        edited["credit"] = " / ".join(p for p in (edited.get("photographer"), edited.get("agency")) if p)
    captions[i] = edited
    return _replace(data, "captions", captions)


# --- body and removals ------------------------------------------------------------------------

def _restore_removed(data: Data, target: str, value: dict) -> Data:
    """Back into the body where it was in the paste (after ``value['after']`` or before
    ``value['before']``, paragraphs of the clean body), else at the end."""
    removed = list(data.get("removed", []))
    i = find_removed(removed, target)
    if i < 0:
        return data  # this run kept it (or the text no longer has it): nothing to restore
    text = removed.pop(i)["text"]
    body = list(data.get("body", []))
    after, before = find_text(body, value.get("after", "")), find_text(body, value.get("before", ""))
    position = after + 1 if after >= 0 else before if before >= 0 else len(body)
    body.insert(position, text)
    restored = _with_alias(data.get("restored", []), text)
    return {**data, "body": body, "removed": removed, "restored": restored}


def _restore_group(data: Data, target: str, value: dict) -> Data:
    """Every line of one removal reason back (``value['items']``: text and its place), in one
    decision so that one undo takes them all back. Lines a later run kept are skipped."""
    for item in value.get("items", []):
        data = _restore_removed(data, item.get("text", ""), item)
    return data


def _remove_paragraph(data: Data, target: str, value: dict) -> Data:
    body = list(data.get("body", []))
    i = find_text(body, target)
    if i < 0:
        return data
    text = body.pop(i)
    removed = [*data.get("removed", []), {"text": text, "reason": Reason.EDITOR, "duplicate_of": "", "rule": ""}]
    restored = [r for r in data.get("restored", []) if key(r) != key(text)]
    return {**data, "body": body, "removed": removed, "restored": restored}


def locate_in_source(source: str, body: list[str], text: str) -> dict[str, str]:
    """Where a removed ``text`` sat in the paste, as its neighbours in the clean body.

    Stored with a restore decision, so the paragraph goes back in the same place in every
    later run. Returns ``{"after": ..., "before": ...}``, empty strings where unknown.
    Works on the paste's lines as cleaning saw them, with an index of those lines: linear in
    the paste (it runs in a web request, under the article's lock)."""
    lines = paste_lines(source) if source and source.strip() else []
    placed = _place_paragraphs(lines, body)
    occurrences = [i for i, line in enumerate(lines) if text and text in line]
    outside = [i for i in occurrences if i not in placed]
    if not occurrences:
        return {"after": "", "before": ""}
    position = (outside or occurrences)[0]
    order = sorted(placed)
    k = bisect.bisect_left(order, position)
    after = placed[order[k - 1]] if k > 0 else ""
    k = bisect.bisect_right(order, position)
    before = placed[order[k]] if k < len(order) else ""
    return {"after": after, "before": before}


def _place_paragraphs(lines: list[str], body: list[str]) -> dict[int, str]:
    """Line index -> body paragraph: each paragraph at its first line after the previous one's,
    else at its first line anywhere (a repeat's fuller text shown at the first copy)."""
    at: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        at.setdefault(line, []).append(i)
    placed: dict[int, str] = {}
    cursor = 0
    for paragraph in body:
        found = at.get(paragraph.strip(), [])
        k = bisect.bisect_left(found, cursor)
        if found:
            i = found[k] if k < len(found) else found[0]
            placed[i] = paragraph
            cursor = i + 1
    return placed


Handler = Callable[[Data, str, dict], Data]

HANDLERS: dict[str, Handler] = {
    "confirm_entity": _confirm_entity,
    "reject_entity": _reject_entity,
    "rename_entity": _rename_entity,
    "retype_entity": _retype_entity,
    "merge_entities": _merge_entities,
    "add_entity": _add_entity,
    "edit_caption": _edit_caption,
    "restore_removed": _restore_removed,
    "remove_paragraph": _remove_paragraph,
    "restore_group": _restore_group,
}
