"""Structure: the lines a browser shows for a tree, each with the role its elements give it.

One pass down the tree (``iterwalk``, no recursion) carries each element's context: the chrome it
sits in, whether it is a caption, a credit, a heading, a byline, a date or a link, and the figure
it belongs to. A line's role is the context of most of its characters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from lxml import etree

from . import roles as R
from .dom import BLOCK, DROP, LINE_BREAK, squash

HEADLINE, CONTENT = "headline", ""
# Chrome that wins over caption markup: a caption in a related-stories box is a teaser, not a caption.
HARD_CHROME = frozenset({R.NAV, R.RELATED, R.AD, R.NEWSLETTER, R.SHARE, R.COMMENTS, R.FORM, R.HIDDEN})
# A class cue cannot make chrome of an element holding this share of the page's prose: such an element
# is a layout wrapper ("page-with-sidebar"), not a sidebar.
CHROME_MAX_PROSE_SHARE = 0.4
# Caption, credit, byline and date cues hold a few lines: an element with this share of the page's prose
# is the article ("post-author-content"), whatever its class says.
CUE_MAX_PROSE_SHARE = 0.2
# A text run this long is prose (a paragraph's sentence), not a label, a link or a menu item.
PROSE_RUN = 60
# Inside <article>, these tags are the article's own header and footer.
ARTICLE_PARTS = frozenset({"header"})
# Tags that give a role with no attribute at all; any other bare element has its parent's context.
MEANINGFUL = frozenset({*R.CHROME_TAGS, *R.FIGURE_TAGS, "figcaption", "a", "h1", "h2", "h3", "h4", "h5", "h6",
                        "time", "article", "main"})
# The attributes a context reads; an element with none of them (and a tag in no role) has its parent's.
READ_ATTRS = frozenset({"class", "id", "hidden", "style", "rel", "itemprop"})
# Elements whose line breaks the browser keeps.
PRE = frozenset({"pre", "textarea", "listing", "plaintext", "xmp"})
# Class and id values longer than this are cut before reading their cues (a hostile 5 MB attribute).
MAX_ATTR = 1000
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


class Ctx(NamedTuple):
    chrome: str = ""
    caption: bool = False
    credit: bool = False
    figure: int = 0
    link: bool = False
    heading: int = 0
    byline: bool = False
    date: bool = False
    article: bool = False   # inside <article> or <main>: its <header> holds the standfirst, not the site's menu


@dataclass(slots=True)
class DomLine:
    text: str
    role: str                  # a chrome role, caption, credit, headline, byline, date, or "" (content)
    figure: int = 0            # captions and credits pair within one figure
    credit: str = ""           # the part of a caption line inside credit markup
    link_share: float = 0.0    # share of the characters inside links
    heading: int = 0
    node: object = None        # the innermost block element holding it


@dataclass(slots=True)
class _Line:
    parts: list[tuple[str, Ctx]] = field(default_factory=list)
    node: object = None

    def add(self, text: str | None, ctx: Ctx) -> None:
        if text:
            self.parts.append((text, ctx))


def dom_lines(root) -> list[DomLine]:
    """The lines of the tree in document order, with their roles."""
    prose = _prose_mass(root)
    total = max(prose.get(root, 0), 1)
    lines: list[DomLine] = []
    current = _Line(node=root)
    stack: list[Ctx] = [Ctx()]
    blocks: list = [root]
    memo: dict = {}
    words: dict = {}
    pre = 0  # depth inside <pre>: there the browser keeps line breaks
    walker = etree.iterwalk(root, events=("start", "end"))

    def add_pre(text: str, ctx: Ctx) -> None:
        *whole, rest = text.split("\n")
        for piece in whole:
            current.add(piece, ctx)
            _flush(current, lines)
        current.add(rest, ctx)

    for serial, (event, el) in enumerate(walker, 1):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in DROP or not tag:
                walker.skip_subtree()
                stack.append(stack[-1])
                continue
            if tag in BLOCK:
                _flush(current, lines)
                blocks.append(el)
                current.node = el
            elif tag == LINE_BREAK:
                _flush(current, lines)
            parent = stack[-1]
            if parent.chrome in HARD_CHROME or tag not in MEANINGFUL and READ_ATTRS.isdisjoint(el.keys()):
                ctx = parent  # inside a menu everything is the menu; a bare <p> or <span> says nothing new
            else:
                ctx = _context(parent, el, tag, prose.get(el, 0) / total, serial, memo, words)
            stack.append(ctx)
            text = el.text
        else:
            stack.pop()
            if tag in BLOCK:
                _flush(current, lines)
                blocks.pop()
                current.node = blocks[-1]
            ctx, text = stack[-1], el.tail
        if tag in PRE:
            pre += 1 if event == "start" else -1
        if text and pre:
            add_pre(text, ctx)
        elif text:
            current.parts.append((text, ctx))
    _flush(current, lines)
    return lines


_PROSE_RUNS = etree.XPath(f"//text()[string-length() >= {PROSE_RUN}]")


def _prose_mass(root) -> dict:
    """Characters of prose-length text runs under each element: the runs found by one XPath, each added to
    its element's ancestors (a climb bounded by the parser's depth limit; the runs are few)."""
    mass: dict = {}  # keyed by element: the dict holds every proxy alive, so keys stay valid
    for run in _PROSE_RUNS(root):
        el = run.getparent()
        if run.is_tail:  # a tail is text of the element's parent
            el = el.getparent()
        while el is not None:
            mass[el] = mass.get(el, 0) + len(run)
            el = el.getparent()
    return mass


def _context(parent: Ctx, el, tag: str, prose_share: float, serial: int, memo: dict, words: dict) -> Ctx:
    """The element's context from its parent's; `serial` numbers it (a figure's id). `words` holds the cue
    kinds of each (class, id) pair, class/id value and word seen in this document; `memo` the contexts
    already built from the same parent and the same cues (a page repeats its structures)."""
    attrs = (el.get("class"), el.get("id"))
    kinds = words.get(attrs)
    if kinds is None:
        kinds = words[attrs] = R.kinds_of((attrs[0] or "")[:MAX_ATTR], words) \
            | R.kinds_of((attrs[1] or "")[:MAX_ATTR], words)
    small = prose_share < CUE_MAX_PROSE_SHARE
    may_chrome = not parent.chrome and prose_share < CHROME_MAX_PROSE_SHARE \
        and not (parent.article and tag in ARTICLE_PARTS)
    hidden = may_chrome and _hidden(el)
    author = small and (el.get("rel") == "author" or el.get("itemprop") == "author")
    link = tag == "a" and _leaves_page(el.get("href"))
    key = (parent, tag, kinds, small, may_chrome, hidden, author, link)
    ctx = memo.get(key)
    if ctx is None:
        ctx, numbered = _new_context(parent, tag, R.cues(tag, kinds), small, may_chrome, hidden, author, link,
                                     serial)
        if not numbered:  # a figure's context carries its own number: never shared
            memo[key] = ctx
    return ctx


def _leaves_page(href: str | None) -> bool:
    """A link to another page: not an anchor without href (a lightbox's wrapper), "#top" or a script."""
    return bool(href) and not href.startswith(("#", "javascript:"))


def _new_context(parent: Ctx, tag: str, cue: R.Cues, small: bool, may_chrome: bool, hidden: bool, author: bool,
                 link: bool, serial: int) -> tuple[Ctx, bool]:
    chrome = parent.chrome or (may_chrome and (cue.chrome or (R.HIDDEN if hidden else ""))) or ""
    if not small:
        cue = R.Cues(cue.chrome)
    caption = parent.caption or tag == "figcaption" and small or cue.caption
    if cue.figure and small:
        figure = serial
    else:
        figure = parent.figure or (serial if caption and not parent.caption else 0)
    ctx = Ctx(
        chrome=chrome,
        caption=caption,
        credit=parent.credit or cue.credit,
        figure=figure,
        link=parent.link or link,
        heading=int(tag[1]) if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456" else parent.heading,
        byline=parent.byline or cue.byline or author,
        date=parent.date or tag == "time" and small or cue.date,
        article=parent.article or tag in ("article", "main"),
    )
    return ctx, figure == serial


def _hidden(el) -> bool:
    style = el.get("style")
    return el.get("hidden") is not None or bool(style and _HIDDEN_STYLE.search(style, 0, 500))  # bounded scan


def _flush(line: _Line, lines: list[DomLine]) -> None:
    if not line.parts:  # most block boundaries come in pairs, with nothing between
        return
    parts, line.parts = line.parts, []
    text = squash("".join(t for t, _ in parts))
    if text:
        lines.append(_line(text, parts))
        lines[-1].node = line.node


def _line(text: str, parts: list[tuple[str, Ctx]]) -> DomLine:
    first = parts[0][1]
    if all(c is first or c == first for _, c in parts):  # most lines: one context throughout
        return DomLine(text, _role(first, credit_only=first.credit), figure=first.figure,
                       link_share=float(first.link), heading=first.heading)
    weight: dict[Ctx, int] = {}
    for t, ctx in parts:
        weight[ctx] = weight.get(ctx, 0) + len(t.strip())
    ctx = max(weight, key=weight.get)
    chars = sum(weight.values()) or 1
    link = sum(n for c, n in weight.items() if c.link) / chars
    credit = squash("".join(t for t, c in parts if c.credit)) if any(c.caption and not c.credit for c, _ in
                                                                      weight.items()) else ""
    caption_ctx = next((c for c, n in weight.items() if c.caption and not c.credit and n), None)
    return DomLine(text, _role(caption_ctx or ctx, credit_only=ctx.credit and not caption_ctx),
                   figure=(caption_ctx or ctx).figure, credit=credit, link_share=link, heading=ctx.heading)


def _role(ctx: Ctx, *, credit_only: bool) -> str:
    if ctx.chrome in HARD_CHROME:
        return ctx.chrome
    if credit_only and (ctx.figure or ctx.caption):
        return R.CREDIT
    if ctx.caption:
        return R.CAPTION
    if ctx.heading == 1:
        return HEADLINE
    if ctx.byline:
        return R.BYLINE
    if ctx.date:
        return R.DATE
    return ctx.chrome or CONTENT
