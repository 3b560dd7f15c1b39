"""Cleaning: a paste in, body paragraphs and everything removed (with why) out."""
from __future__ import annotations

import re

from .types import CleanResult, InputError, Options, Removal

_BLANK_LINES = re.compile(r"\n\s*\n")


def check_input(text: str, *, options: Options) -> None:
    if not text or not text.strip():
        raise InputError("The text is empty.")
    if len(text) > options.max_chars:
        raise InputError(f"The text has {len(text):,} characters; the limit is {options.max_chars:,}.")


def clean(text: str, *, title: str = "", options: Options = Options()) -> CleanResult:
    check_input(text, options=options)
    body: list[str] = []
    removed: list[Removal] = []
    seen: set[str] = set()
    for paragraph in _BLANK_LINES.split(text.replace("\r\n", "\n")):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        if paragraph in seen:
            removed.append(Removal(paragraph, "duplicate_paragraph", paragraph))
            continue
        seen.add(paragraph)
        body.append(paragraph)
    return CleanResult(body=body, headline=title, removed=removed)
