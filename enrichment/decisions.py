"""Editors' decisions applied over a run's result: pure functions over plain data."""
from __future__ import annotations

from typing import Any, Iterable


def apply_all(data: dict[str, Any], decisions: Iterable[Any]) -> dict[str, Any]:
    """Apply decisions in the order editors made them; a later one overrides an earlier one."""
    for decision in decisions:
        handler = HANDLERS.get(decision.action)
        if handler is not None:
            data = handler(data, decision.target, decision.value or {})
    return data


def _reject_entity(data, target, value):
    return {**data, "entities": [e for e in data["entities"] if e["name"] != target]}


HANDLERS = {"reject_entity": _reject_entity}
