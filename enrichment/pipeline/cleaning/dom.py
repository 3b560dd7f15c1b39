"""Parsing a paste's HTML with lxml: a tree with scripts, styles and event attributes gone; never rendered.

libxml2 parses in linear time and stops nesting at a fixed depth (256 levels; deeper content is
dropped, not recursed into), so a hostile page cannot exhaust the stack. Everything here walks
the tree with ``iter()`` / ``iterwalk()``, never with Python recursion.
"""
from __future__ import annotations

import re

import lxml.html
from lxml import etree
from lxml_html_clean import Cleaner

# What a paste never needs and must never run: scripts, styles, event attributes, embeds, frames.
_CLEANER = Cleaner(
    scripts=True, javascript=True, comments=True, style=True, inline_style=False, links=True, meta=True,
    page_structure=False, processing_instructions=True, embedded=True, frames=True, forms=False,
    annoying_tags=False, remove_unknown_tags=False, safe_attrs_only=False,
)
# Bytes with a declared encoding: libxml2 otherwise guesses, and a fragment with no <meta> turns to mojibake.
_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, encoding="utf-8")
# Elements whose text the browser does not show as text.
DROP = frozenset("script style noscript template svg head iframe object embed canvas math video audio".split())
BLOCK = frozenset("p div figcaption figure h1 h2 h3 h4 h5 h6 li blockquote article section header footer nav "
                  "aside ul ol dl table thead tbody tfoot tr td th dt dd pre address main hr caption title "
                  "form fieldset legend details summary hgroup menu center picture".split())
LINE_BREAK = "br"
_SPACE = re.compile(r"\s+")


def parse(html: str) -> etree._Element | None:
    """The cleaned tree of an HTML string, or None when it holds no element."""
    if not html or not html.strip():
        return None
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    _CLEANER(root)
    return root


def tag_of(el) -> str:
    """The element's lower-case tag; "" for comments and other non-elements."""
    return el.tag.lower() if isinstance(el.tag, str) else ""


def squash(text: str) -> str:
    """Runs of whitespace to one space, as the browser lays text out."""
    return _SPACE.sub(" ", text).strip()
