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

# Elements whose text the browser does not show as text. Not <head>: libxml2's HTML parser keeps what
# follows the clipboard's leading <meta charset> in <head>, HTML5 elements and text included.
DROP = frozenset("script style noscript template svg title meta link base iframe object embed canvas math "
                 "video audio".split())
# What a paste never needs and must never run: scripts, styles, embeds, frames. Event attributes are
# dropped by `_drop_events` (the Cleaner's own javascript pass also rewrites links and scans inline styles
# for tricks only a renderer falls for: 85% of the parse time, for a tree nothing ever renders).
_CLEANER = Cleaner(
    scripts=True, javascript=False, comments=True, style=True, inline_style=False, links=True, meta=True,
    page_structure=False, processing_instructions=True, embedded=True, frames=True, forms=False,
    annoying_tags=False, remove_unknown_tags=False, safe_attrs_only=False, kill_tags=DROP,
)
# Bytes with a declared encoding: libxml2 otherwise guesses, and a fragment with no <meta> turns to mojibake.
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, encoding="utf-8")
# lxml.html's own parser picks each element's class in Python, once per element the walk touches; this
# one-class lookup runs in C and still gives lxml.html's elements, which the Cleaner needs.
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity))
BLOCK = frozenset("p div figcaption figure h1 h2 h3 h4 h5 h6 li blockquote article section header footer nav "
                  "aside ul ol dl table thead tbody tfoot tr td th dt dd pre address main hr caption title "
                  "form fieldset legend details summary hgroup menu center picture option optgroup".split())
LINE_BREAK = "br"
# Controls libxml2 refuses (NUL ends its input) and the invisible marks `normalize` takes out of the text.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u2060\ufeff\u00ad]")


def parse(html: str) -> etree._Element | None:
    """The cleaned tree of an HTML string, or None when it holds no element."""
    if not html or not html.strip():
        return None
    try:
        root = lxml.html.document_fromstring(_INVISIBLE.sub("", html).encode("utf-8", "replace"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    _CLEANER(root)
    _drop_events(root)
    return root


_EVENTS = etree.XPath("//@*[starts-with(name(), 'on')]")  # the HTML parser lower-cases names


def _drop_events(root) -> None:
    """Remove every event-handler attribute (onload, onclick, ...): found by one XPath, in C."""
    for value in _EVENTS(root):
        del value.getparent().attrib[value.attrname]


def tag_of(el) -> str:
    """The element's lower-case tag; "" for comments and other non-elements."""
    return el.tag if isinstance(el.tag, str) else ""  # lxml.html gives tags in lower case


def squash(text: str) -> str:
    """Runs of whitespace to one space, as the browser lays text out."""
    return " ".join(text.split())  # str.split splits on the same Unicode spaces as \s, faster
