"""Alignment: which line of the HTML each plain-text line came from, in linear time.

A line is keyed by its lower-case words. Equal keys pair in document order (a dict of queues);
a line the browser split or joined differently (table cells, inline blocks) is matched by voting
of its word trigrams, each looked up in a dict. A line neither explains (edited after the paste)
gets None, and the caller cleans it as plain text.
"""
from __future__ import annotations

import re
from collections import Counter, deque

_WORD = re.compile(r"\w+")
SHINGLE = 3
# A line is explained by the HTML when at least this share of its trigrams are found there.
MIN_VOTE_SHARE = 0.5


def words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))


def align(text_lines: list[str], dom_texts: list[str]) -> list[int | None]:
    """For each plain-text line, the index of the DOM line it came from, or None."""
    dom_words = [words(t) for t in dom_texts]
    by_key: dict[tuple[str, ...], deque[int]] = {}
    for i, key in enumerate(dom_words):
        by_key.setdefault(key, deque()).append(i)
    grams: dict[tuple[str, ...], int] | None = None
    found: list[int | None] = []
    for line in text_lines:
        key = words(line)
        queue = by_key.get(key)
        if key and queue:
            found.append(queue.popleft() if len(queue) > 1 else queue[0])
            continue
        if grams is None:
            grams = _trigrams(dom_words)
        found.append(_vote(key, grams))
    return found


def _trigrams(dom_words: list[tuple[str, ...]]) -> dict[tuple[str, ...], int]:
    """Each word trigram (or a whole line of fewer words) -> the first DOM line that has it."""
    grams: dict[tuple[str, ...], int] = {}
    for i, ws in enumerate(dom_words):
        for g in _grams(ws):
            grams.setdefault(g, i)
    return grams


def _grams(ws: tuple[str, ...]):
    if len(ws) < SHINGLE:
        return (ws,) if ws else ()
    return (ws[i:i + SHINGLE] for i in range(len(ws) - SHINGLE + 1))


def _vote(key: tuple[str, ...], grams: dict[tuple[str, ...], int]) -> int | None:
    hits = Counter(grams[g] for g in _grams(key) if g in grams)
    total = max(len(key) - SHINGLE + 1, 1)
    if not hits or sum(hits.values()) < MIN_VOTE_SHARE * total:
        return None
    return hits.most_common(1)[0][0]
