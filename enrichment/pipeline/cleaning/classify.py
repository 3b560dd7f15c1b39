"""Classification: each block's kind (body, headline, byline, dateline, caption, credit, boilerplate)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import DATELINE_SOURCES
from .boilerplate import Matcher
from .credits import Credit, Split, parse_credit, parse_weak_credit, split_bracketed_name, split_leading, split_trailing
from .dedup import find_duplicates
from .segment import WORD, Block

BODY, HEADLINE, BYLINE, DATELINE = "body", "headline", "byline", "dateline"
CAPTION, CREDIT, BOILERPLATE = "caption", "credit", "boilerplate"

_TERMINAL = tuple('.!?"”’\')…:;»。！？')
_CAPTION_PREFIX = re.compile(r"(?:Image|Media|Photo|Video)\s*caption|Caption\s*:|\d{1,3}\s*(?:of|/)\s*\d{1,3}(?=[^\d\s/])|(?:Image|Photo|Pictured|Video|Graphic|Map|Chart)\s*:\s*\S+(?:\s+\S+){3}", re.I)
_CAPTION_CUE = re.compile(r"\((?:left|right|center|centre|top|bottom|pictured|background|foreground|file)\)|"
                          r", (?:left|right|center|centre)(?: to right)?,|\bpictured\b|\bposes? for a (?:photo|picture)\b|"
                          r"\bIn this (?:\w+ )*(?:photo|image|file photo|handout|picture)", re.I)
# What a line describing a photo says (standalone: no credit, no label, no repeat needed).
_PHOTO_CUE = re.compile(
    r"\((?:left|right|center|centre|top|bottom|front|back|foreground|background|L|R|L-R|R-L|from left|from right)\)"
    r"|, (?:left|right|center|centre)(?: to right)?,|\b(?:is|are) pictured\b"
    r"|\bpictured (?:with|at|in|on|during|after|before|outside|inside|here|left|right)\b"
    r"|\bposes? for (?:a )?(?:photo|picture|portrait)s?\b|\bIn this (?:[\w,]+ )*?(?:photo|image|file photo|handout|picture)\b"
    r"|^FILE(?: PHOTO)?\s*[-:–—]|\bfile (?:photo|picture|image)\b|\(file\)"
    r"|(?<=\S)\s*\((?:Published|Updated|Posted|Uploaded)\b[^()]{3,60}\)$", re.I)
_PHOTO_VERB = re.compile(r"\s(?:arrives?|speaks?|poses?|gestures?|looks on|waves?|walks?|stands?|sits?|holds?|attends?|"
                         r"(?:is|are) seen|celebrates?|reacts?|listens?|delivers?|addresses|leaves|takes part|rides?|"
                         r"marches|march|gathers?|watch(?:es)?|shakes? hands)\b")
_STANDALONE_MAX_WORDS = 45
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATE = re.compile(rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|"
                   r"\b\d{4}-\d{2}-\d{2}|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?|GMT|UTC|ET|EST|EDT|BST|CET)?\b|"
                   r"\b(?:\d+|an?)\s+(?:minutes?|hours?|days?|weeks?)\s+ago\b", re.I)
_TAIL_DATE = re.compile(rf"(?:{_DATE.pattern}|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
                        r"\bin (?:19|20)\d\d)\.?\s*$", re.I)
_DATE_WORDS = re.compile(rf"(?:published|updated|posted|last updated|first published|modified|on|at|by|"
                         rf"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|"
                         rf"am|pm|a\.m\.|p\.m\.|gmt|utc|et|est|edt|pst|pdt|cst|cdt|bst|cet|ist|uk|today|yesterday|"
                         rf"ago|minutes?|hours?|days?|an?|{_MONTH}|\d+(?:st|nd|rd|th)?)$", re.I)
_BYLINE = re.compile(r"(?:By|BY|by|Written by|Words by|Reporting by|Story by|Posted by|Author:?)\s+[\w@][^.!?]{1,120}|"
                     r".{2,60}\b(?:Staff Writer|Staff Reporter|Correspondent|Contributor|Reporter|Editor|Columnist|"
                     r"Political Writer|Writer|Bureau|Senior Writer|Special to)\b.{0,80}|"
                     r"[\w.'’-]+(?:\s+[\w.'’-]+){1,3}\s+[-–|·]\s+.{0,40}\d{4}.{0,20}", re.I)
_DATELINE_PREFIX = re.compile(r"(?:[A-ZÀ-Þ][A-ZÀ-Þ'’.-]+(?:[ ,]+[A-ZÀ-Þ][\w'’.-]*){0,4}|[A-ZÀ-Þ][a-zà-ÿ]+(?:,? [A-ZÀ-Þ][\w.]*){0,3})"
                              r",?\s*(?:\([\w .&-]{1,20}\)\s*)?[—–]+|[A-ZÀ-Þ][A-ZÀ-Þ'’.-]+(?:[ ,]+[A-ZÀ-Þ][\w'’.-]*){0,4}"
                              rf"\s*\((?:{'|'.join(DATELINE_SOURCES)})\)\s*[—–-]*")
_SENTENCE_END = re.compile(r"[.!?…:;]['\"”’»)\]]*$")
_MEDIA_OUTLET = re.compile(r"\b(?:Magazine|Times|News|Post|Journal|Herald|Tribune|Press|Review|Gazette|Chronicle|"
                           r"Telegraph|Guardian|Observer|Standard|Independent|Network|TV|Radio|Daily|Weekly|Media)$")
_SITE_NOTICE = re.compile(r"rights reserved|\b(?:19|20)\d\d\b|\bterms\b|\bprivacy\b", re.I)
_NAV_MAX_WORDS = 3
_NAV_RUN = 4
_CAPTION_MAX_WORDS = 70
_WEAK_CAPTION_MAX_WORDS = 50
_WINDOW = 10
_ANCHOR_BONUS = 60.0
_MAX_LINE_SCORE = 60
_BARE_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# A credit or a byline is a short line: "Photo: Ana Ruiz / Reuters" is 6 words, the longest
# agency-and-photographer forms about a dozen.
_SHORT_LINE_WORDS = 14
# Prose: a long line, or a medium one that ends like a sentence (a list item or label does not).
_PROSE_WORDS = 20
_SENTENCE_WORDS = 8
# Scores of the densest-region search: chrome inside a section the signatures know (a footer,
# comments) cuts the article hard; other chrome costs a paragraph's worth; a line that is no prose
# a little, one that ends like a sentence less.
_SECTION_CHROME_SCORE = -25.0
_CHROME_SCORE = -6.0
_SHORT_LINE_SCORE = -3.0
_STRAY_LINE_SCORE = -1.0
# Captions sit near the article: looked for from two windows before it to a few lines after.
_CAPTION_LOOKBACK = 2 * _WINDOW
_CAPTION_LOOKAHEAD = 3
# A glued credit needs a caption in front of it: at least a few words; a leading credit more.
_TRAILING_CREDIT_MIN_WORDS = 4
_LEADING_CREDIT_MIN_WORDS = 6
# A subheading or label between paragraphs is a handful of words.
_LABEL_MAX_WORDS = 7
# A section heading ends the article only after a short story's worth of prose words.
_LIST_AFTER_WORDS = 300


@dataclass(slots=True)
class Label:
    kind: str
    rule: str = ""
    text: str = ""                # the part of the block that is `kind` (a caption without its credit)
    glue: str = ""                # a button label glued between caption and credit
    credit: Credit | None = None  # glued credit, or the credit this caption got from a credit line
    credit_of: int = -1           # for a credit line: the caption block it belongs to


def classify(blocks: list[Block], *, title: str, matcher: Matcher,
             caption_hints: frozenset[str] = frozenset()) -> list[Label]:
    """One label per block; headline, byline and dateline at most once each."""
    labels = [Label(BODY, text=b.text) for b in blocks]
    if not blocks:
        return labels
    sigs = [matcher.match(b.text) for b in blocks]
    credits = [parse_credit(b.text) if b.words <= _SHORT_LINE_WORDS and (sigs[i] is None or not _SITE_NOTICE.search(b.text))
               else None for i, b in enumerate(blocks)]
    for i, b in enumerate(blocks):
        if credits[i]:
            labels[i] = Label(CREDIT, text=b.text, credit=credits[i])
        elif sigs[i]:
            labels[i] = Label(BOILERPLATE, rule=sigs[i].name, text=b.text)
    anchor = _title_anchor(blocks, title)
    repeats = {d.index for d in find_duplicates([(i, b.text) for i, b in enumerate(blocks) if labels[i].kind == BODY])}
    tkey = _key(title)
    titled = {i for i, b in enumerate(blocks) if tkey and _matches_title(_key(b.text), tkey)}
    start, end = main_region(blocks, labels, sigs, anchor, repeats)
    end = _cut_list_tail(blocks, labels, sigs, start, end)
    if not any(_is_prose(blocks[i]) for i in range(start, end)) and titled and min(titled) < len(blocks) - 1:
        start, end = min(titled) + 1, len(blocks)  # no prose anywhere: what follows the title, not what precedes it
    titled = {i for i in titled if start <= i < end}
    _mark_bare_numbers(blocks, labels, start, end)
    _mark_captions(blocks, labels, start, end, caption_hints, titled | repeats)
    _mark_nav_runs(blocks, labels, start, end, titled | repeats)
    start, end = _kept_region(blocks, labels, start, end, anchor, repeats | titled)
    start, end = _trim(blocks, labels, start, end, repeats | titled)
    for i in (*range(0, start), *range(end, len(blocks))):
        if labels[i].kind == BODY:
            labels[i] = Label(BOILERPLATE, rule="outside_article", text=blocks[i].text)
    _mark_headline(blocks, labels, start, end, title)
    _mark_byline_dateline(blocks, labels, start, end)
    return labels


def _score(block: Block, label: Label, section: bool) -> float:
    if label.kind == CREDIT:
        return 0.0
    if label.kind == BOILERPLATE:
        return _SECTION_CHROME_SCORE if section else _CHROME_SCORE
    words, text = block.words, block.text
    if _is_prose(block):
        return float(min(words, _MAX_LINE_SCORE))
    # A line that ends as a sentence does, yet too short for prose, costs little; one that does not, of any
    # length, is a headline, a label or a list item: a run of teaser headlines weighs against the article.
    return _STRAY_LINE_SCORE if text.endswith(_TERMINAL) else _SHORT_LINE_SCORE


def _title_anchor(blocks: list[Block], title: str) -> int:
    """The first block that is the editor's title and is followed by prose soon after, or -1."""
    tkey = _key(title)
    if not tkey:
        return -1
    for i, b in enumerate(blocks):
        if _matches_title(_key(b.text), tkey) and any(
                _is_prose(n) for n in blocks[i + 1:i + 1 + _WINDOW]):
            return i
    return -1


def _is_prose(block: Block) -> bool:
    return block.words >= _PROSE_WORDS or (block.words >= _SENTENCE_WORDS and block.text.endswith(_TERMINAL)
                                           and not _is_date_line(block))


def main_region(blocks: list[Block], labels: list[Label], sigs: list, anchor: int = -1,
                repeats: frozenset[int] | set[int] = frozenset()) -> tuple[int, int]:
    """The densest run of prose (maximum-sum subarray of block scores): [start, end); all blocks if no prose.

    Repeats score nothing, so the region is the same with or without them (cleaning is idempotent)."""
    scores = [0.0 if i in repeats else _score(b, labels[i], bool(sigs[i] and sigs[i].section))
              for i, b in enumerate(blocks)]
    return _densest(scores, anchor if anchor >= 0 else None) or (0, len(blocks))


def _cut_list_tail(blocks: list[Block], labels: list[Label], sigs: list, start: int, end: int) -> int:
    """The region's end, moved up to a section heading (related, comments) that follows a story's worth
    of prose and after which paragraphs mostly stand alone between short lines: teasers under their
    headlines, comments under their authors. An article resumes after a box with paragraphs in a row."""
    prose = [labels[i].kind == BODY and _is_prose(blocks[i]) for i in range(start, end)]
    alone = joined = 0  # prose words from position k to the end: single paragraphs, runs of two or more
    after: list[tuple[int, int]] = [(0, 0)] * len(prose)
    for k in range(len(prose) - 1, -1, -1):
        if prose[k] and (k > 0 and prose[k - 1] or k + 1 < len(prose) and prose[k + 1]):
            joined += blocks[start + k].words
        elif prose[k]:
            alone += blocks[start + k].words
        after[k] = (alone, joined)
    seen = 0
    for k, i in enumerate(range(start, end)):
        if sigs[i] is not None and sigs[i].section and seen >= _LIST_AFTER_WORDS and after[k][0] > after[k][1]:
            return i
        seen += blocks[i].words if prose[k] else 0
    return end


def _densest(scores: list[float], anchor: int | None = None) -> tuple[int, int] | None:
    """The maximum-sum run of scores, or None when no score is positive.

    With the editor's title at `anchor` (-1: just before the scores), a run that starts after the title
    and holds the first positive block after it gets a bonus: the article follows its headline. A run
    that starts before the title gets no bonus: the output puts the headline before the body, and
    cleaning that output again must find the same run (there, the bonus goes to the body's first paragraph)."""
    best, best_range, run, run_start = 0.0, None, 0.0, 0
    for i, s in enumerate(scores):
        if run <= 0:
            run, run_start = s, i
        else:
            run += s
        if run > best:
            best, best_range = run, (run_start, i + 1)
    if anchor is None:
        return best_range
    first = next((i for i in range(anchor + 1, len(scores)) if scores[i] > 0), -1)
    if first < 0:
        return best_range
    start, left, acc = first, 0.0, 0.0  # the best start in (anchor, first]: nothing before first scores > 0
    for i in range(first - 1, anchor, -1):
        acc += scores[i]
        if acc > left:
            left, start = acc, i
    end, right, acc = first + 1, 0.0, 0.0  # the shortest end with the best sum after first
    for i in range(first + 1, len(scores)):
        acc += scores[i]
        if acc > right:
            right, end = acc, i + 1
    total = left + scores[first] + _ANCHOR_BONUS + right
    return (start, end) if total > best else best_range


def _kept_region(blocks: list[Block], labels: list[Label], start: int, end: int, anchor: int,
                 skip: set[int]) -> tuple[int, int]:
    """The region again, once captions, menus, chrome, repeats and the title (`skip`) have left it: what
    cleaning the output again sees. Those score nothing, so a caption between two paragraphs does not
    hold them together when the output, without the caption, would split them."""
    scores = [_score(blocks[i], labels[i], False) if labels[i].kind == BODY and i not in skip else 0.0
              for i in range(start, end)]
    found = _densest(scores, None if anchor < 0 else max(anchor - start, -1))
    return (start + found[0], start + found[1]) if found else (start, end)


def _mark_bare_numbers(blocks: list[Block], labels: list[Label], start: int, end: int) -> None:
    """A line that is only a number (a share count, a page number, a year in an archive list) is not body."""
    for i in range(start, end):
        if labels[i].kind == BODY and _BARE_NUMBER.fullmatch(blocks[i].text):
            labels[i] = Label(BOILERPLATE, rule="bare_number", text=blocks[i].text)


def _trim(blocks: list[Block], labels: list[Label], start: int, end: int, skip) -> tuple[int, int]:
    """The region from its first to its last prose body block, once captions have left the body."""
    prose = [i for i in range(start, end) if labels[i].kind == BODY and i not in skip and _is_prose(blocks[i])]
    return (prose[0], prose[-1] + 1) if prose else (start, end)


def _mark_nav_runs(blocks: list[Block], labels: list[Label], start: int, end: int, skip: set[int]) -> None:
    """Runs of menu items (short title-case lines) inside the region. Chrome, credits, captions, repeats and
    the title (`skip`) do not break a run, so the run is the same once they have left (cleaning is
    idempotent); a byline does."""
    i = start
    while i < end:
        j = i
        items = 0
        while j < end and (labels[j].kind in (BOILERPLATE, CREDIT, CAPTION) or j in skip
                           or _nav_item(blocks[j], labels[j])):
            items += labels[j].kind == BODY and j not in skip
            j += 1
        if items >= _NAV_RUN:  # chrome between menu items does not break the menu
            for k in range(i, j):
                if labels[k].kind == BODY and k not in skip:
                    labels[k] = Label(BOILERPLATE, rule="nav_menu", text=blocks[k].text)
        i = max(j, i + 1)


def _nav_item(block: Block, label: Label) -> bool:
    return (label.kind == BODY and block.words <= _NAV_MAX_WORDS and not block.text.endswith(_TERMINAL)
            and _title_case(block.text) and not _BYLINE_START.match(block.text))


def _title_case(text: str) -> bool:
    return all(w[:1].isupper() or not w[:1].isalpha() for w in text.split())


def _captionable(block: Block, label: Label) -> bool:
    return label.kind == BODY and 3 <= block.words <= _CAPTION_MAX_WORDS and not _is_date_line(block)


def _mark_captions(blocks: list[Block], labels: list[Label], start: int, end: int,
                   hints: frozenset[str], skip: set[int] = frozenset()) -> None:
    lo, hi = max(0, start - _CAPTION_LOOKBACK), min(len(blocks), end + _CAPTION_LOOKAHEAD)
    for i in range(lo, hi):
        b, lab = blocks[i], labels[i]
        if lab.kind != BODY:
            continue
        split = split_trailing(b.text) if b.words >= _TRAILING_CREDIT_MIN_WORDS else None
        leading = split_leading(b.text) if not split and b.words >= _LEADING_CREDIT_MIN_WORDS else None
        if split:
            labels[i] = Label(CAPTION, rule="glued_credit", text=split.text, glue=split.glue, credit=split.credit)
        elif leading:
            labels[i] = Label(CAPTION, rule="credit_before", text=leading.text, credit=leading.credit)
        elif b.text in hints:
            labels[i] = Label(CAPTION, rule="figcaption", text=b.text)
        elif b.words <= _CAPTION_MAX_WORDS and _CAPTION_PREFIX.match(b.text):
            labels[i] = Label(CAPTION, rule="caption_label", text=b.text)
        elif _describes_photo(b):
            labels[i] = Label(CAPTION, rule="caption_cue", text=b.text)
    _mark_shared_credits(blocks, labels, lo, hi)
    for i in range(lo, hi):
        if labels[i].kind != CREDIT:
            continue
        j = _caption_for_credit(blocks, labels, i)
        if j is not None:
            if labels[j].kind == BODY:
                labels[j] = Label(CAPTION, rule="credit_line", text=blocks[j].text)
            labels[i].credit_of = j
    _mark_weak_credits(blocks, labels, lo, hi, skip)
    _mark_repeated_lines(blocks, labels, start, end, skip)
    # a caption shown twice (image and lightbox, teaser and article): every copy is a caption
    caption_keys = {tuple(_key(labels[i].text)) for i in range(lo, hi) if labels[i].kind == CAPTION}
    caption_keys.discard(())
    for i in range(lo, hi):
        if labels[i].kind == BODY and _captionable(blocks[i], labels[i]) and tuple(_key(blocks[i].text)) in caption_keys:
            labels[i] = Label(CAPTION, rule="repeated_caption", text=blocks[i].text)


def _mark_shared_credits(blocks: list[Block], labels: list[Label], lo: int, hi: int) -> None:
    """Short lines that end in the same bracketed name, several times: captions, each with its
    photographer's credit ("Dig a hole in the soil. (Ana Ruiz)" under each step's photo), each next to
    a paragraph. One such line alone is too often a sentence naming someone; a run of them with no
    prose around is a list ("Blue kettle (Large Size)")."""
    by_name: dict[str, list[tuple[int, Split]]] = {}
    for i in range(lo, hi):
        if labels[i].kind == BODY and blocks[i].words <= _WEAK_CAPTION_MAX_WORDS and _by_prose(blocks, i):
            split = split_bracketed_name(blocks[i].text)
            if split:
                by_name.setdefault(split.credit.photographer, []).append((i, split))
    for found in by_name.values():
        if len(found) >= 2:
            for i, split in found:
                labels[i] = Label(CAPTION, rule="shared_credit", text=split.text, credit=split.credit)


def _by_prose(blocks: list[Block], i: int) -> bool:
    return i > 0 and _is_prose(blocks[i - 1]) or i + 1 < len(blocks) and _is_prose(blocks[i + 1])


def _describes_photo(block: Block) -> bool:
    """Who is where, left or right, pictured or posing; or someone doing something now, on a date."""
    text = block.text
    if not 4 <= block.words <= _STANDALONE_MAX_WORDS or not _caption_like(text) or _is_date_line(block):
        return False
    return _PHOTO_CUE.search(text) is not None or (
        _PHOTO_VERB.search(text) is not None and _TAIL_DATE.search(text) is not None)


def _mark_repeated_lines(blocks: list[Block], labels: list[Label], start: int, end: int,
                         skip: set[int] = frozenset()) -> None:
    """A line that is not a sentence and comes back between sentences of the article (a gallery's caption
    under each photo) is a caption, every copy of it. Related headlines, product names and share bars that
    repeat sit next to other chrome, not between two sentences."""
    copies: dict[tuple[str, ...], list[int]] = {}
    for i in range(start, end):
        b = blocks[i]
        if labels[i].kind == BODY and 3 <= b.words <= _CAPTION_MAX_WORDS and not _SENTENCE_END.search(b.text) \
                and not _is_date_line(b) and not _BYLINE_START.match(b.text):
            copies.setdefault(tuple(_key(b.text)), []).append(i)
    for k, where in copies.items():
        placed = sum(_between_sentences(blocks, labels, i, k, (start, end), skip) for i in where) \
            if len(where) >= 2 else 0
        if placed and 2 * placed >= len(where):
            for i in where:
                labels[i] = Label(CAPTION, rule="repeated_line", text=blocks[i].text)


def _between_sentences(blocks: list[Block], labels: list[Label], i: int, k: tuple[str, ...],
                       bounds: tuple[int, int], skip: set[int]) -> bool:
    """The nearest lines around block i inside the region that are neither copies of it nor leaving the
    body (captions, credits, chrome, repeats and the title: `skip`) are both body sentences. What leaves
    is not looked at, so cleaning the output again, without it, finds the same neighbours."""
    lo, hi = bounds

    def sentence(j: int, step: int) -> bool:
        stop = j + step * _WINDOW  # a bounded look: a line repeated thousands of times stays linear
        while j != stop and lo <= j < hi and (labels[j].kind != BODY or j in skip or tuple(_key(blocks[j].text)) == k):
            j += step
        return lo <= j < hi and labels[j].kind == BODY and j not in skip \
            and _SENTENCE_END.search(blocks[j].text) is not None
    return sentence(i - 1, -1) and sentence(i + 1, 1)


def _mark_weak_credits(blocks: list[Block], labels: list[Label], lo: int, hi: int,
                       skip: set[int] = frozenset()) -> None:
    """Lines that are a credit only under a caption: an unknown agency in capitals, "Name for Outlet".
    Repeats and the title (`skip`) are passed over: cleaning the output again does not see them."""
    for i in range(max(lo, 1), hi):
        if labels[i].kind != BODY or blocks[i].words > _LABEL_MAX_WORDS or i in skip:
            continue
        before = _previous(i, lo, skip, 2)
        credit = parse_weak_credit(blocks[i].text)
        if credit is not None and before and _weak_credit_fits(blocks, labels, i, credit, before):
            p = before[0]
            if labels[p].kind == BODY:
                labels[p] = Label(CAPTION, rule="weak_credit_line", text=blocks[p].text)
            labels[i] = Label(CREDIT, rule="weak_credit", text=blocks[i].text, credit=credit, credit_of=p)


def _previous(i: int, lo: int, skip: set[int], n: int) -> list[int]:
    """Up to n blocks before block i (nearest first), not before lo, passing over `skip`."""
    out: list[int] = []
    j = i - 1
    while j >= max(lo, i - n - _WINDOW) and len(out) < n:
        if j not in skip:
            out.append(j)
        j -= 1
    return out


def _weak_credit_fits(blocks: list[Block], labels: list[Label], i: int, credit: Credit, before: list[int]) -> bool:
    """A caption without a credit above it; or a caption-like line that names the agency or, before a
    "Name for Outlet" line, does not end as a sentence does (body paragraphs do)."""
    prev, plab = blocks[before[0]], labels[before[0]]
    if plab.kind == CAPTION:
        return plab.credit is None
    if not (_captionable(prev, plab) and prev.words <= _WEAK_CAPTION_MAX_WORDS and _caption_like(prev.text)):
        return False
    if _CAPTION_CUE.search(prev.text):
        return True
    if credit.photographer:
        return _MEDIA_OUTLET.search(credit.agency) is not None or not _SENTENCE_END.search(prev.text)
    name = credit.agency.lower()
    return any(name in blocks[j].text.lower() for j in before)


def _caption_for_credit(blocks: list[Block], labels: list[Label], i: int) -> int | None:
    """The caption a credit line belongs to: a caption next to it, else a caption-like line before it."""
    prev, nxt = i - 1, i + 1
    if nxt < len(blocks) and (labels[nxt].kind == CAPTION and labels[nxt].credit is None
                              or labels[nxt].kind == BODY and _CAPTION_PREFIX.match(blocks[nxt].text)):
        return nxt
    if prev >= 0 and labels[prev].kind == CAPTION:
        return prev
    embed = labels[i].credit is not None and labels[i].credit.photographer.startswith("@")
    if prev >= 0 and not embed and _captionable(blocks[prev], labels[prev]) and _caption_like(blocks[prev].text):
        return prev  # a social handle credits an embedded post, whose text a paste does not carry
    return None


_BYLINE_START = re.compile(r"(?:By|BY)\s+[A-Z]")
_REPORTED = re.compile(r"^[\"“”'‘’«]|[\"“”'‘’»]$|\b(?:said|says|told|according to|disclosure)\b", re.I)


def _caption_like(text: str) -> bool:
    """Not reported speech, a quote or a byline: what a body paragraph looks like next to a stray credit."""
    return not _REPORTED.search(text) and not text.endswith(":") and not _BYLINE_START.match(text)


def _key(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def _mark_headline(blocks: list[Block], labels: list[Label], start: int, end: int, title: str) -> None:
    found = _title_lines(blocks, labels, title)
    if found:
        before = [i for i in found if i <= start]
        _set_headline(blocks, labels, before[-1] if before else found[0], found)
        return
    # No title typed, or one the paste does not carry: the paste's own headline line, if any.
    for i in range(start - 1, max(-1, start - _WINDOW), -1):
        b = blocks[i]
        if labels[i].kind in (CAPTION, CREDIT):
            continue
        if 3 <= b.words <= 25 and not b.text.endswith((".", ",", ";")) and _title_like(b.text) \
                and labels[i].rule in ("outside_article", ""):
            _set_headline(blocks, labels, i, _title_lines(blocks, labels, b.text))
            return


def _title_lines(blocks: list[Block], labels: list[Label], title: str) -> list[int]:
    """Body or chrome lines that are the title (a typed one, or the paste's own headline)."""
    tkey = _key(title)
    return [i for i in range(len(blocks)) if tkey and labels[i].kind in (BODY, BOILERPLATE)
            and _matches_title(_key(blocks[i].text), tkey)]


def _set_headline(blocks: list[Block], labels: list[Label], pick: int, copies: list[int]) -> None:
    """The headline at `pick`; its other copies leave the body, as they would on a second pass."""
    labels[pick] = Label(HEADLINE, text=blocks[pick].text)
    for i in copies:
        if i != pick:
            labels[i] = Label(BOILERPLATE, rule="duplicate_headline", text=blocks[i].text)


def _matches_title(key: list[str], tkey: list[str]) -> bool:
    if key == tkey:
        return True
    n = len(key)
    return n >= 4 and (tkey[:n] == key and n >= 0.6 * len(tkey) or key[:len(tkey)] == tkey and len(tkey) >= 0.8 * n)


def _title_like(text: str) -> bool:
    return not _DATE.search(text) and not _BYLINE.fullmatch(text) and text[:1].isupper()


def _is_date_line(block: Block) -> bool:
    if block.words > 16 or not _DATE.search(block.text):
        return False
    words = re.findall(r"[\w.]+", _DATE.sub(" ", block.text))
    return sum(not _DATE_WORDS.match(w) for w in words) <= 2


def _mark_byline_dateline(blocks: list[Block], labels: list[Label], start: int, end: int) -> None:
    lo, hi = max(0, start - _WINDOW), start  # the article starts with prose: they come before it
    byline = dateline = -1
    for i in range(lo, hi):
        b, lab = blocks[i], labels[i]
        if lab.kind not in (BODY, BOILERPLATE) or lab.rule not in ("", "outside_article"):
            continue
        if byline < 0 and b.words <= _SHORT_LINE_WORDS and not b.text.endswith(".") and _BYLINE.fullmatch(b.text):
            byline = i
            labels[i] = Label(BYLINE, text=b.text)
        elif dateline < 0 and _is_date_line(b):
            dateline = i
            labels[i] = Label(DATELINE, text=b.text)


def dateline_prefix(paragraph: str) -> str:
    """A dateline opening the first paragraph ("MOSCOW (AP) —"), or ""."""
    m = _DATELINE_PREFIX.match(paragraph)
    return m.group(0).strip() if m and len(m.group(0)) < 60 else ""
