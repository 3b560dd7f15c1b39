"""Duplicate removal: exact and near repeats of paragraphs and captions, keeping the most complete first."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .segment import WORD

MIN_TOKENS = 6          # shorter lines repeat naturally ("Yes.", a slogan, a short quote)
_PREFIX = 6             # tokens that index a line for teaser look-ups
_BUCKET = 16            # candidates kept per prefix: bounds the work per line
_ELLIPSIS = re.compile(r"(?:\.\.\.|…|\[\.\.\.\]|\[…\])\s*$")


@dataclass(slots=True)
class Duplicate:
    index: int        # the repeat that goes
    original: int     # the occurrence kept (first position); the caller shows the most complete text there


def key(text: str) -> tuple[str, ...]:
    """Lower-cased word tokens: whitespace, quotes and punctuation differences vanish."""
    return tuple(w.lower() for w in WORD.findall(text))


def find_duplicates(items: list[tuple[int, str]]) -> list[Duplicate]:
    """Repeats among (index, text) items given in order; linear: a hash and a bounded prefix index."""
    out: list[Duplicate] = []
    first: dict[tuple[str, ...], int] = {}
    text_of: dict[int, str] = {}
    by_prefix: dict[tuple[str, ...], list[int]] = {}
    keys: dict[int, tuple[str, ...]] = {}
    for index, text in items:
        k = key(text)
        if len(k) < MIN_TOKENS:
            continue
        teaser = _ELLIPSIS.search(text) is not None
        if k in first:
            orig = first[k]
            out.append(Duplicate(index, orig))
            continue
        match = _teaser_match(k, teaser, by_prefix, keys, text_of, text)
        if match is not None:
            orig, longer = match
            out.append(Duplicate(index, orig))
            if longer == text:  # the earlier one was the teaser: the full text now answers for it
                first[k] = orig
                keys[orig] = k
                text_of[orig] = text
            continue
        first[k] = index
        keys[index] = k
        text_of[index] = text
        bucket = by_prefix.setdefault(k[:_PREFIX], [])
        if len(bucket) < _BUCKET:
            bucket.append(index)
    return out


def _teaser_match(k, teaser, by_prefix, keys, text_of, text):
    """An earlier line that this one truncates, or that truncates this one."""
    for cand in by_prefix.get(k[:_PREFIX], ()):
        ck = keys[cand]
        cand_teaser = _ELLIPSIS.search(text_of[cand]) is not None
        if teaser and len(ck) >= len(k) - 1 and ck[:len(k) - 1] == k[:-1]:
            return cand, text_of[cand]
        if cand_teaser and len(k) >= len(ck) - 1 and k[:len(ck) - 1] == ck[:-1]:
            return cand, text
    return None
