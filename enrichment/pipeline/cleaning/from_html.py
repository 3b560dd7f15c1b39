"""Cleaning from the clipboard's HTML: each plain-text line takes the role of the DOM line it came from.

The plain text stays the source: every one of its lines gets a label. Lines the HTML explains take
their role from the markup (chrome, caption, credit, headline, byline, date, content). The article is
the densest run of prose among the lines, plus the paragraphs the article's container
(``container.py``) holds outside that run (a story cut by a chart). Lines the HTML does not explain
(edited after the paste) take the plain-text classifier's label, read in their neighbourhood.
"""
from __future__ import annotations

import bisect
from typing import Callable

import ftfy

from . import roles as R
from .align import align, words
from .boilerplate import Matcher
from .classify import BODY, BOILERPLATE, BYLINE, CAPTION, CREDIT, DATELINE, HEADLINE, Label
from .container import article_nodes, inside
from .credits import Credit, parse_credit, split_trailing
from .dom import parse, squash
from .segment import Block
from .structure import CONTENT, DomLine, dom_lines
from .structure import HEADLINE as DOM_HEADLINE

# Scores of the densest-run search (as in the plain-text classifier): prose pulls the region
# together, chrome between two runs of prose splits them, short lines cost a little.
PROSE_CAP = 60            # a long paragraph counts like a 60-word one: one paragraph cannot carry a page
CHROME_SCORE = -10.0      # a menu or a share bar between two paragraphs of different stories parts them
SHORT_SCORE = -3.0        # a label, a button, a date: not prose
LINK_SCORE = -3.0         # a line of link text: a menu item or a teaser
SENTENCE_SCORE = -1.0     # a short sentence, or a line of 8+ words: maybe a subhead of the article
# A line whose characters are mostly link text is a teaser or a menu item, not a paragraph.
LINK_SHARE_MAX = 0.5
# A byline or a date line is short; a long line in such markup is prose.
FIELD_MAX_WORDS = 16
# A line of link text inside the article is a "Related" teaser or a menu when short; a longer one is a
# list item of the article (a changelog, a list of sources).
LINK_LINE_MAX_WORDS = 8
# Outside the densest run, the article's container adds prose and lines of this many words (subheads,
# list items); shorter ones there are labels and buttons.
BOX_MIN_WORDS = 4
# A line of at most this many words may be a credit standing alone.
CREDIT_MAX_WORDS = 14
# A credit pairs with a caption of its figure at most this many lines away.
CREDIT_REACH = 3
# A line the HTML does not explain is classified as plain text with this many lines either side: the
# plain-text classifier's window (it reads a line by its neighbours, not by the whole page).
PLAIN_CONTEXT = 10
# Lines read to tell whether the HTML's encoding is broken (a menu's worth and the start of the article).
ENCODING_SAMPLE_LINES = 200
_TERMINAL = tuple('.!?"”’\')…:;»。！？')


def html_labels(blocks: list[Block], html: str, *, fallback: Callable[[list[Block]], list[Label]],
                matcher: Matcher, title: str = "") -> list[Label]:
    """One label per plain-text block; `fallback(blocks)` gives the plain-text classifier's labels of a
    stretch of the paste, called only around the lines with words that the HTML does not explain."""
    root = parse(html)
    lines = dom_lines(root) if root is not None else []
    dom = _aligned(blocks, lines)
    if all(d is None for d in dom):
        return fallback(blocks)  # not this paste's HTML: the plain text alone
    plain = _plain_labels(blocks, [i for i, d in enumerate(dom) if d is None and words(blocks[i].text)], fallback)
    labels = [_label(b, d, plain.get(i) or _wordless(b)) if d is None else _label(b, d, None)
              for i, (b, d) in enumerate(zip(blocks, dom))]
    start, end = _region(blocks, labels, dom)
    chosen = article_nodes(lines)
    for i, (b, d) in enumerate(zip(blocks, dom)):
        if d is not None and labels[i].kind == BODY:
            in_box = chosen is not None and (_is_prose(b) or b.words >= BOX_MIN_WORDS) and inside(d.node, chosen) \
                and d.link_share <= LINK_SHARE_MAX
            labels[i] = _content(b, d, inside=start <= i < end or in_box, matcher=matcher)
        elif d is not None and labels[i].kind == CAPTION and d.link_share > LINK_SHARE_MAX and not start <= i < end:
            labels[i] = Label(BOILERPLATE, rule="html_related", text=b.text)  # a linked figure beside the article
    _unexplained_outside(blocks, labels, dom, start, end)
    _pair_credits(labels, dom)
    _title_line(blocks, labels, title)
    _first_only(labels, (HEADLINE, BYLINE, DATELINE))
    return labels


def _aligned(blocks: list[Block], lines: list[DomLine]) -> list[DomLine | None]:
    """The DOM line of each plain-text line (None where the HTML does not explain it). When most lines
    fail because the HTML alone came as mojibake (UTF-8 read as Windows-1252 on its way to the clipboard:
    "ì—”í„°" for "엔터"), its lines are repaired with ftfy and aligned again."""
    texts = [b.text for b in blocks]
    where = align(texts, [d.text for d in lines])
    if sum(j is None for j in where) > len(where) / 2 and _mojibake(lines):
        for d in lines:
            d.text = ftfy.fix_encoding(d.text)
        where = align(texts, [d.text for d in lines])
    return [lines[j] if j is not None else None for j in where]


def _mojibake(lines: list[DomLine]) -> bool:
    return ftfy.badness.is_bad(" ".join(d.text for d in lines[:ENCODING_SAMPLE_LINES]))


def _unexplained_outside(blocks: list[Block], labels: list[Label], dom: list[DomLine | None], start: int,
                         end: int) -> None:
    """A body line the HTML does not explain leaves the body outside the article's run, unless the lines
    the HTML explains on both sides of it are body (a paragraph typed into a part of the article that
    its container keeps). The plain-text classifier saw only its neighbourhood, not the page."""
    explained = [i for i, d in enumerate(dom) if d is not None]
    for i, lab in enumerate(labels):
        if dom[i] is not None or lab.kind != BODY or start <= i < end:
            continue
        k = bisect.bisect(explained, i)
        before = labels[explained[k - 1]].kind if k > 0 else None
        after = labels[explained[k]].kind if k < len(explained) else None
        if not before == after == BODY:
            labels[i] = Label(BOILERPLATE, rule="outside_article", text=blocks[i].text)


def _plain_labels(blocks: list[Block], unexplained: list[int],
                  fallback: Callable[[list[Block]], list[Label]]) -> dict[int, Label]:
    """The plain-text labels of the unexplained lines, each stretch classified with the lines around it
    (the classifier reads a line by its neighbours), not the whole page: an edited paragraph costs its
    neighbourhood, not a second cleaning of the paste."""
    out: dict[int, Label] = {}
    for lo, hi in _stretches(unexplained, len(blocks)):
        for k, lab in enumerate(fallback(blocks[lo:hi])):
            if lab.credit_of >= 0:
                lab.credit_of += lo
            out[lo + k] = lab
    return {i: out[i] for i in unexplained}


def _stretches(indices: list[int], n: int) -> list[tuple[int, int]]:
    """[lo, hi) ranges covering each index with PLAIN_CONTEXT lines either side, overlapping ones merged."""
    spans: list[tuple[int, int]] = []
    for i in indices:
        lo, hi = max(0, i - PLAIN_CONTEXT), min(n, i + PLAIN_CONTEXT + 1)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return spans


def _title_line(blocks: list[Block], labels: list[Label], title: str) -> None:
    """Without an <h1>, the line that is the title the editor typed is the headline."""
    tkey = words(title)
    if not tkey or any(lab.kind == HEADLINE for lab in labels):
        return
    for i, b in enumerate(blocks):
        if labels[i].kind in (BODY, BOILERPLATE) and words(b.text) == tkey:
            labels[i] = Label(HEADLINE, rule="title", text=b.text)
            return


def _label(block: Block, d: DomLine | None, fallback: Label | None) -> Label:
    """The label the markup gives a line; content lines stay BODY until the region is known."""
    if d is None:
        return fallback
    role = d.role
    if role == R.CAPTION:
        return _caption(block.text, d.credit)
    if role == R.CREDIT:
        return Label(CREDIT, rule="html_credit", text=block.text, credit=_credit(block.text))
    if role == DOM_HEADLINE:
        return Label(HEADLINE, rule="html_h1", text=block.text)
    if role in (R.BYLINE, R.DATE) and block.words > FIELD_MAX_WORDS:
        return Label(BODY, text=block.text)
    if role == R.BYLINE:
        return Label(BYLINE, rule="html_byline", text=block.text)
    if role == R.DATE:
        return Label(DATELINE, rule="html_date", text=block.text)
    if role != CONTENT:
        return Label(BOILERPLATE, rule=f"html_{role}", text=block.text)
    return Label(BODY, text=block.text)


def _wordless(block: Block) -> Label:
    """A line with no word character that the HTML does not show ("* * *", "|", an icon): nothing for
    the plain-text classifier to read."""
    return Label(BOILERPLATE, rule="no_words", text=block.text)


def _caption(text: str, credit_text: str) -> Label:
    """A caption, its credit markup (or a credit pattern at its end) split off."""
    flat = squash(text)  # the DOM's credit text has its spaces squashed
    if credit_text and flat.endswith(credit_text) and len(credit_text) < len(flat):
        return Label(CAPTION, rule="html_caption", text=flat[:-len(credit_text)].rstrip(),
                     credit=_credit(credit_text))
    split = split_trailing(text)
    if split:
        return Label(CAPTION, rule="html_caption", text=split.text, glue=split.glue, credit=split.credit)
    return Label(CAPTION, rule="html_caption", text=text)


def _credit(text: str) -> Credit:
    """A credit from credit markup: parsed when it has a known shape, else kept whole as the photographer."""
    return parse_credit(text) or Credit(text, text.strip("()[] "), "")


def _score(block: Block, label: Label, d: DomLine | None) -> float:
    if label.kind == BOILERPLATE:
        return CHROME_SCORE if d is not None else SHORT_SCORE
    if label.kind != BODY:
        return 0.0
    if d is not None and d.link_share > LINK_SHARE_MAX:
        return LINK_SCORE
    if _is_prose(block):
        return float(min(block.words, PROSE_CAP))
    return SENTENCE_SCORE if block.words >= 8 or block.text.endswith(_TERMINAL) else SHORT_SCORE


def _is_prose(block: Block) -> bool:
    return block.words >= 20 or block.words >= 8 and block.text.endswith(_TERMINAL)


def _region(blocks: list[Block], labels: list[Label], dom: list[DomLine | None]) -> tuple[int, int]:
    """The maximum-sum run of line scores (Kadane): [start, end); everything when nothing scores."""
    best, best_range, run, run_start = 0.0, (0, len(blocks)), 0.0, 0
    for i, b in enumerate(blocks):
        s = _score(b, labels[i], dom[i])
        run, run_start = (s, i) if run <= 0 else (run + s, run_start)
        if run > best:
            best, best_range = run, (run_start, i + 1)
    return best_range


def _content(block: Block, d: DomLine, *, inside: bool, matcher: Matcher) -> Label:
    if not inside:
        return Label(BOILERPLATE, rule="outside_article", text=block.text)
    if d.link_share > LINK_SHARE_MAX and block.words < LINK_LINE_MAX_WORDS:
        return Label(BOILERPLATE, rule="html_link", text=block.text)
    sig = matcher.match(block.text)
    if sig is not None:
        return Label(BOILERPLATE, rule=sig.name, text=block.text)
    credit = parse_credit(block.text) if block.words <= CREDIT_MAX_WORDS else None
    if credit is not None:  # a credit without credit markup ("Top photo by ..." under the article)
        return Label(CREDIT, rule="credit_line", text=block.text, credit=credit)
    return Label(BODY, text=block.text)


def _pair_credits(labels: list[Label], dom: list[DomLine | None]) -> None:
    """Each credit line to the nearest caption of its figure (or any caption next to it)."""
    for i, lab in enumerate(labels):
        if lab.kind != CREDIT or dom[i] is None:
            continue
        near = sorted(range(max(0, i - CREDIT_REACH), min(len(labels), i + CREDIT_REACH + 1)),
                      key=lambda j: (abs(j - i), j))
        captions = [j for j in near if labels[j].kind == CAPTION]
        same = [j for j in captions if dom[j] is not None and dom[j].figure == dom[i].figure]
        if same or captions:
            lab.credit_of = (same or captions)[0]


def _first_only(labels: list[Label], kinds: tuple[str, ...]) -> None:
    """Headline, byline and dateline are fields: the first of each stays, the rest leave as chrome."""
    for kind in kinds:
        seen = False
        for i, lab in enumerate(labels):
            if lab.kind == kind:
                if seen:
                    labels[i] = Label(BOILERPLATE, rule=f"extra_{kind}", text=lab.text)
                seen = True

