"""HTML pastes: block elements to lines with libxml2's HTML parser (lxml); figcaptions and the h1 remembered.

Not the stdlib's html.parser: on Python 3.11 it rescans to the end of the paste from every start tag it
cannot close (an unclosed quote), which is quadratic: 150 KB of "<a href='" took 14 s. libxml2 reads the
paste once, recovers from broken markup as browsers do, and with huge_tree has no depth limit."""
from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from lxml import etree

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


class _Target:
    """Parser events (lxml's target interface) to lines; entities come decoded."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.captions: set[str] = set()
        self.h1 = ""
        self._buf: list[str] = []
        self._drop = 0
        self._stack: list[str] = []
        self._open: Counter[str] = Counter()  # the stack's tags counted: membership without a scan

    def start(self, tag: str, attrs) -> None:
        if tag in _DROP:
            self._drop += 1
        elif tag in _BLOCK:
            self._flush()
        if tag not in _VOID:
            klass = attrs.get("class") or ""
            name = "figcaption" if tag == "figcaption" or "caption" in klass.split() else tag
            self._stack.append(name)
            self._open[name] += 1

    def end(self, tag: str) -> None:
        if tag in _DROP:
            self._drop = max(0, self._drop - 1)
            return
        if tag in _BLOCK:
            self._flush()
        if self._open[tag]:  # each tag is pushed once and popped at most once: linear overall
            while (name := self._stack.pop()) != tag:
                self._open[name] -= 1
            self._open[tag] -= 1

    def data(self, data: str) -> None:
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

    def comment(self, text: str) -> None:
        pass

    def close(self) -> None:
        self._flush()


def parse_html(text: str) -> HtmlPaste:
    """The text content of an HTML paste, one block per line; never raises on broken markup."""
    target = _Target()
    parser = etree.HTMLParser(target=target, huge_tree=True, no_network=True, remove_comments=True)
    # libxml2 takes UTF-8: a lone surrogate cannot be encoded, and a NUL would come back as U+FFFD.
    try:
        parser.feed(text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8"))
        parser.close()
    except etree.Error:  # libxml2 recovers from broken markup; anything else keeps what was read
        target.close()
    return HtmlPaste("\n\n".join(target.lines), frozenset(target.captions), target.h1)
