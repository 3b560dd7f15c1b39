"""Segmentation: a normalized paste into blocks, one per non-blank line, with their layout."""
from __future__ import annotations

import re
from dataclasses import dataclass

WORD = re.compile(r"\w+")


@dataclass(slots=True)
class Block:
    index: int          # position among blocks
    text: str           # the line, stripped of surrounding whitespace
    gap_before: bool    # a blank line separates it from the previous block
    words: int          # count of \w+ tokens


def segment(text: str) -> list[Block]:
    """Blocks of a normalized text: every non-blank line, in order."""
    blocks: list[Block] = []
    gap = True
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            gap = True
            continue
        blocks.append(Block(len(blocks), stripped, gap, len(WORD.findall(stripped))))
        gap = False
    return blocks
