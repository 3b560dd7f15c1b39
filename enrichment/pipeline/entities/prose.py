"""Article prose: which kept body paragraphs are the article's own sentences, for NER support.

The cleaner keeps what it cannot tell from the article: related-story teasers after the end,
a list of links in the middle, a short label line ("National news", "• Shadow", "Escape your
echo chamber"). An entity named only there is page chrome. A paragraph is prose when it reads
as sentences; the article is the densest run of prose (maximum-sum run: prose scores its
words, any other line costs a fixed amount), so a tail of teasers, each a headline and a short
blurb between label lines, falls outside it. Teasers with blurbs as long as paragraphs, and
comment threads, still fall inside: telling those apart is the cleaner's part. Standard
library only.
"""
from __future__ import annotations

import re

# Fewer words than this is a label, a heading or a fragment, whatever its punctuation.
MIN_PROSE_WORDS = 6
# A line without a closing mark (. ! ? : ” ") is a headline, a label or a teaser's title, unless
# it is one of a bulleted list: at least MIN_LIST_ITEMS such lines in a row, each with this
# many words (a summary's points written as sentences).
MIN_UNPUNCTUATED_WORDS = 10
MIN_LIST_ITEMS = 3
# Share of capitalized content words above which an unpunctuated line is a headline or a list
# of names ("Pizza Man Making Special Delivery to ..."), not a sentence.
TITLE_CASE_SHARE = 0.5
# What a non-prose line costs in the maximum-sum run, in words of prose: a teaser block (a
# headline, a 30-word blurb, the source, "Save", "More like this", "Fewer like this") sums
# below zero; a subheading or a list item's heading and link between two paragraphs does not.
NON_PROSE_COST = 12
# A run of non-prose lines costs at most this much: a code listing or a table inside the
# article is one interruption, not forty.
MAX_RUN_COST = 40

_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_CLOSING = re.compile(r"[.!?:;…”\"’')\]]\s*$")
# Sentences that are buttons or the page's credits, not the article: share and sign-up links
# written out, the staff line ("X contributed to this report"), the author's bio, a call to
# join the site's forum ("Questions? Head over to the X Community").
BUTTON_LINE = re.compile(
    r"^(?:Click|Tap) (?:to|here)\b|\((?:O|o)pens in (?:a )?new window\)|^(?:Notify me|Sign up|Subscribe)\b"
    r"|\bcontributed (?:to )?(?:this )?(?:report|story)|\bnewsletter from\b|\bFollow (?:him|her|them|us) on\b"
    r"|\bis an? (?:[\w-]+ ){0,3}(?:reporter|writer|editor|correspondent|columnist|contributor) (?:for|at|with)\b"
    r"|(?:^|[?!]\s+)(?:Join|Head over to) (?:us|our|the)\b"
)
_FUNCTION_WORDS = frozenset(
    "a an and as at but by for from in into is of on or the to with vs via".split()
)


def is_prose(paragraph: str) -> bool:
    """A paragraph that reads as sentences: enough words, a closing mark, not shouted."""
    return _reads_as_sentence(paragraph) is True


def _reads_as_sentence(paragraph: str) -> bool | None:
    """True: a sentence; None: an unpunctuated line that would be one in a bulleted list
    (enough words, sentence case); False: neither."""
    words = _WORD.findall(paragraph)
    if len(words) < MIN_PROSE_WORDS or BUTTON_LINE.search(paragraph):
        return False
    letters = [ch for ch in paragraph if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) > 0.6 * len(letters):
        return False  # "WILL SOMEONE STAND UP?": a shouted label
    if _CLOSING.search(paragraph):
        return True
    content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
    capitalized = sum(w[0].isupper() for w in content)
    if len(words) >= MIN_UNPUNCTUATED_WORDS and capitalized <= TITLE_CASE_SHARE * len(content):
        return None
    return False


def _with_lists(body: list[str]) -> list[bool]:
    """Prose flags, where a run of MIN_LIST_ITEMS or more sentence-like unpunctuated lines is a
    bulleted list of the article (a teaser list alternates its headlines with blurbs)."""
    raw = [_reads_as_sentence(p) for p in body]
    flags = [r is True for r in raw]
    i = 0
    while i < len(raw):
        j = i
        while j < len(raw) and raw[j] is None:
            j += 1
        if j - i >= MIN_LIST_ITEMS:
            flags[i:j] = [True] * (j - i)
        i = max(j, i + 1)
    return flags


def article_blocks(body: list[str]) -> frozenset[int]:
    """Indices of the body paragraphs that are the article's prose: prose inside the densest run.
    A body with no prose at all (a brief, a one-line note) is all article."""
    prose = _with_lists(body)
    if not any(prose):
        return frozenset(range(len(body)))
    scores, run = [], 0
    for paragraph, ok in zip(body, prose):
        if ok:
            scores.append(len(_WORD.findall(paragraph)))
            run = 0
        else:
            scores.append(-NON_PROSE_COST if run < MAX_RUN_COST else 0)
            run += NON_PROSE_COST
    start, end = _densest(scores)
    return frozenset(i for i in range(start, end) if prose[i])


def _densest(scores: list[int]) -> tuple[int, int]:
    """The maximum-sum run [start, end) of scores (Kadane); (0, 0) when none is positive."""
    best, best_span = 0, (0, 0)
    acc, start = 0, 0
    for i, s in enumerate(scores):
        if acc <= 0:
            acc, start = 0, i
        acc += s
        if acc > best:
            best, best_span = acc, (start, i + 1)
    return best_span


_LOWER_WORD = re.compile(r"(?<![\w'’.-])[a-z][a-z'’-]+")


def lower_case_words(text: str) -> frozenset[str]:
    """The words the text writes in lower case: common words, whatever NER made of them elsewhere."""
    return frozenset(_LOWER_WORD.findall(text))
