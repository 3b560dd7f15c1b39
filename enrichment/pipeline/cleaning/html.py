"""HTML pastes: block elements to lines with the stdlib parser; figcaptions and the h1 remembered."""
from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from typing import NamedTuple

_LOOKS_HTML = re.compile(r"<(?:p|div|figcaption|figure|h[1-6]|br|li|article|section|span|a|img|blockquote|"
                         r"html|body|table|ul|ol|strong|em|b|i)\b[^<>]{0,2000}>", re.I)
_BLOCK = frozenset("p div figcaption figure h1 h2 h3 h4 h5 h6 li blockquote article section header footer "
                   "nav aside ul ol table tr td th dt dd pre address main br hr caption title".split())
_DROP = frozenset("script style noscript template svg head iframe object".split())
_VOID = frozenset("br hr img meta link input source wbr area base col embed param track".split())
_SPACE = re.compile(r"[ \t\r\n\f]+")


class HtmlPaste(NamedTuple):
    text: str                   # one block element per line, blank lines between
    captions: frozenset[str]    # texts that were <figcaption> (or caption-class) elements
    h1: str                     # the first <h1>, a headline hint


def looks_like_html(text: str) -> bool:
    """Several tags, in a text that starts like markup: a rich-text paste or an API body."""
    head = text.lstrip()[:2000]
    return head.startswith("<") and len(_LOOKS_HTML.findall(text[:20000])) >= 2


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.captions: set[str] = set()
        self.h1 = ""
        self._buf: list[str] = []
        self._drop = 0
        self._stack: list[str] = []
        self._open: Counter[str] = Counter()  # the stack's tags counted: membership without a scan

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _DROP:
            self._drop += 1
        elif tag in _BLOCK:
            self._flush()
        if tag not in _VOID:
            klass = dict(attrs).get("class") or ""
            name = "figcaption" if tag == "figcaption" or "caption" in klass.split() else tag
            self._stack.append(name)
            self._open[name] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self._drop = max(0, self._drop - 1)
            return
        if tag in _BLOCK:
            self._flush()
        if self._open[tag]:  # each tag is pushed once and popped at most once: linear overall
            while (name := self._stack.pop()) != tag:
                self._open[name] -= 1
            self._open[tag] -= 1

    def handle_data(self, data: str) -> None:
        if not self._drop:
            self._buf.append(data)

    def _flush(self) -> None:
        line = _SPACE.sub(" ", "".join(self._buf)).strip()
        self._buf.clear()
        if not line:
            return
        self.lines.append(line)
        if self._open["figcaption"]:
            self.captions.add(line)
        if self._open["h1"] and not self.h1:
            self.h1 = line

    def close(self) -> None:
        super().close()
        self._flush()


def parse_html(text: str) -> HtmlPaste:
    """The text content of an HTML paste, one block per line; never raises on broken markup."""
    parser = _Parser()
    parser.feed(text)
    parser.close()
    return HtmlPaste("\n\n".join(parser.lines), frozenset(parser.captions), parser.h1)
