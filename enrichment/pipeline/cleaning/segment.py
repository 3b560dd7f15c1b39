"""Segmentation: a normalized paste into blocks, one per non-blank line, with their layout."""
from __future__ import annotations

import re
from dataclasses import dataclass

WORD = re.compile(r"\w+")
# Scripts written without spaces: about two characters to a word.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


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
        blocks.append(Block(len(blocks), stripped, gap, word_count(stripped)))
        gap = False
    return blocks


def word_count(text: str) -> int:
    """Words of a line; for Chinese and Japanese, characters / 2."""
    unspaced = len(_UNSPACED.findall(text))
    if not unspaced:
        return len(WORD.findall(text))
    return len(WORD.findall(_UNSPACED.sub(" ", text))) + (unspaced + 1) // 2
