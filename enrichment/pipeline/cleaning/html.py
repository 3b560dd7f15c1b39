"""HTML pasted as text (a rich-text paste, an API body): its lines, captions and first <h1>, read with lxml."""
from __future__ import annotations

import re
from typing import NamedTuple

from . import roles as R
from .dom import parse
from .structure import HEADLINE, dom_lines

_LOOKS_HTML = re.compile(r"<(?:p|div|figcaption|figure|h[1-6]|br|li|article|section|span|a|img|blockquote|"
                         r"html|body|table|ul|ol|strong|em|b|i)\b[^<>]{0,2000}>", re.I)


class HtmlPaste(NamedTuple):
    text: str                   # one block element per line, blank lines between
    captions: frozenset[str]    # texts that were <figcaption> (or caption-class) elements
    h1: str                     # the first <h1>, a headline hint


def looks_like_html(text: str) -> bool:
    """Several tags, in a text that starts like markup: a rich-text paste or an API body."""
    head = text.lstrip()[:2000]
    return head.startswith("<") and len(_LOOKS_HTML.findall(text[:20000])) >= 2


def parse_html(text: str) -> HtmlPaste:
    """The text content of an HTML paste, one block per line; never raises on broken markup.

    Every line is kept, chrome included: the plain-text classifier decides, as for any paste."""
    root = parse(text)
    lines = dom_lines(root) if root is not None else []
    captions = frozenset(line.text for line in lines if line.role == R.CAPTION)
    h1 = next((line.text for line in lines if line.role == HEADLINE), "")
    return HtmlPaste("\n\n".join(line.text for line in lines), captions, h1)
