"""Normalization: control characters, line ends, odd spaces and zero-width marks; nothing else."""
from __future__ import annotations

import re

# Line and paragraph separators become "\n"; everything else that is invisible goes.
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# C0/C1 controls except tab and newline (NUL included).
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
# Zero-width space, word joiner, BOM, soft hyphen. ZWJ/ZWNJ are kept: scripts and emoji need them.
_ZERO_WIDTH = re.compile(r"[\u200b\u2060\ufeff\u00ad]")
# No-break and typographic spaces become a plain space.
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def normalize(text: str) -> str:
    """The paste with unified line ends and spaces; visible characters are left untouched."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _CONTROLS.sub("", text)
    text = _ZERO_WIDTH.sub("", text)
    return _SPACES.sub(" ", text)
