"""What the admin sidebar shows, shaped to be short by default: entities ranked, removed lines
grouped by reason, and the clean body with the removed lines as markers where they were in the
paste and each entity's mentions marked. Pure functions over an ``enrichment_view``."""
from __future__ import annotations

import re
from typing import Any

from .decisions import key

# Entities shown before "show all N": a screen's worth of rows, the ones that matter most.
ENTITIES_SHOWN = 10
# Shorter names are not marked in the text: two letters match too much ("US" is kept by case).
MARK_MIN_CHARS = 2


def ranked_entities(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Most salient first (then most mentioned, then by name), each with a stable ``ref``
    (``e0``, ``e1``...) that ties its row to its marks in the body."""
    order = sorted(entities, key=lambda e: (-(e.get("salience") or 0.0), -(e.get("mentions") or 0), key(e["name"])))
    return [{**entity, "ref": f"e{i}", "other_aliases": other_aliases(entity)} for i, entity in enumerate(order)]


def other_aliases(entity: dict[str, Any]) -> list[str]:
    """The names the entity also goes by, without its own name (case-insensitive), in order."""
    seen, out = {key(entity["name"])}, []
    for alias in entity.get("aliases", ()):
        if key(alias) not in seen:
            seen.add(key(alias))
            out.append(alias)
    return out


def removed_groups(removed: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Removed lines grouped by reason, the largest group first."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in removed:
        groups.setdefault(item.get("reason") or "other", []).append(item)
    return [{"reason": reason, "items": items} for reason, items in
            sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))]


def _mark_pattern(entities: list[dict[str, Any]]) -> tuple[re.Pattern | None, dict[str, dict]]:
    """One regex for every name and alias, longest first so "Black Sea Fleet" wins over "Black Sea"."""
    by_name: dict[str, dict] = {}
    for entity in entities:
        for name in (entity["name"], *entity.get("aliases", ())):
            name = " ".join(name.split())
            if len(name) >= MARK_MIN_CHARS and name not in by_name:
                by_name[name] = entity
    if not by_name:
        return None, by_name
    alternatives = "|".join(re.escape(n) for n in sorted(by_name, key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)"), by_name


def _segments(text: str, pattern: re.Pattern | None, by_name: dict[str, dict]) -> list[dict[str, Any]]:
    """The paragraph as plain and marked pieces (the template escapes each)."""
    if pattern is None:
        return [{"text": text}]
    out, cursor = [], 0
    for match in pattern.finditer(text):
        if match.start() > cursor:
            out.append({"text": text[cursor:match.start()]})
        out.append({"text": match.group(0), "entity": by_name[match.group(0)]})
        cursor = match.end()
    if cursor < len(text):
        out.append({"text": text[cursor:]})
    return out


def _paragraph_spans(source: str, body: list[str]) -> list[tuple[int, int]]:
    """Where each body paragraph sits in the paste, in order; (-1, -1) where not found."""
    spans, cursor = [], 0
    for paragraph in body:
        at = source.find(paragraph, cursor)
        if at < 0:
            spans.append((-1, -1))
            continue
        spans.append((at, at + len(paragraph)))
        cursor = at + len(paragraph)
    return spans


def _occurrences(source: str, text: str) -> list[int]:
    found, at = [], source.find(text) if text else -1
    while at >= 0:
        found.append(at)
        at = source.find(text, at + 1)
    return found


def _slot(source: str, spans: list[tuple[int, int]], text: str, cursor: int) -> tuple[int, int]:
    """How many body paragraphs come before ``text`` in the paste, and where it was found: the
    first occurrence outside the body's paragraphs (a repeated paragraph is also in the body),
    after the previous removed line if there is one there."""
    found = _occurrences(source, text)
    outside = [at for at in found if not any(start <= at < end for start, end in spans)]
    candidates = [at for at in outside if at >= cursor] or outside or found
    if not candidates:
        return len(spans), cursor  # not in the paste any more: after the body
    at = candidates[0]
    return sum(1 for start, end in spans if 0 <= end <= at), at


def body_outline(source: str, body: list[str], removed: list[dict[str, Any]], restored: list[str],
                 entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The clean body in paste order: paragraphs (with entity marks) and, between them, markers
    for the removed lines that sat there."""
    spans = _paragraph_spans(source, body)
    placed: dict[int, list[tuple[int, dict[str, Any]]]] = {}
    cursor = 0
    for item in removed:
        slot, cursor = _slot(source, spans, item.get("text", ""), cursor)
        placed.setdefault(slot, []).append((cursor, item))
    slots = {slot: [item for _, item in sorted(items, key=lambda pair: pair[0])] for slot, items in placed.items()}
    pattern, by_name = _mark_pattern(entities)
    restored_keys = {key(r) for r in restored}
    out: list[dict[str, Any]] = []
    for i, paragraph in enumerate(body):
        if slots.get(i):
            out.append({"removed": slots[i]})
        out.append({"number": i + 1, "text": paragraph, "segments": _segments(paragraph, pattern, by_name),
                    "restored": key(paragraph) in restored_keys})
    tail = [item for slot, items in sorted(slots.items()) if slot >= len(body) for item in items]
    if tail:
        out.append({"removed": tail})
    return out
