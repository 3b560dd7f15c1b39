"""The vocabulary of page structure: which tags and class-name cues mark chrome, captions, credits and bylines.

Data, not code: adding a cue means adding a word. Cues are matched against the parts of an element's
class and id tokens (``Figure-credit`` -> ``figure``, ``credit``; ``shareBar`` -> ``share``, ``bar``),
so a short cue such as ``ad`` never matches inside ``header`` or ``load``.
"""
from __future__ import annotations

import re
from typing import NamedTuple

# Roles of an element (and of everything inside it).
NAV, HEADER, FOOTER, ASIDE = "nav", "header", "footer", "aside"
SHARE, RELATED, NEWSLETTER, AD, COMMENTS, FORM, HIDDEN = (
    "share", "related", "newsletter", "ad", "comments", "form", "hidden")
CAPTION, CREDIT, FIGURE, BYLINE, DATE = "caption", "credit", "figure", "byline", "date"

# Chrome by tag name alone.
CHROME_TAGS = {
    "nav": NAV, "header": HEADER, "footer": FOOTER, "aside": ASIDE,
    "form": FORM, "button": FORM, "select": FORM, "textarea": FORM, "label": FORM, "dialog": FORM,
}
# Chrome by a part of a class or id token. The part must equal the cue, or start with it when the
# cue is marked with a trailing "*" ("newsletter*" matches "newsletters", "newslettersignup").
CHROME_CUES: dict[str, tuple[str, ...]] = {
    NAV: ("nav*", "menu*", "breadcrumb*", "skip", "pagination", "pager", "toolbar", "masthead", "topbar"),
    FOOTER: ("footer*", "colophon"),
    HEADER: ("header", "banner"),
    ASIDE: ("sidebar*", "aside", "rail", "widget*", "sidebox"),
    SHARE: ("share*", "sharing", "social*", "follow"),
    RELATED: ("related*", "recommend*", "recirc*", "teaser*", "promo*", "trending", "popular", "mostread",
              "most", "outbrain", "taboola", "readmore", "upnext", "tags", "tag", "topics", "keywords",
              "stream", "feed", "playlist", "carousel"),
    NEWSLETTER: ("newsletter*", "subscribe*", "subscription*", "signup", "paywall*", "regwall", "meter",
                 "cta", "optin", "membership", "donate", "donation", "login", "register*"),
    AD: ("ad", "ads", "advert*", "adslot", "adunit", "dfp", "gpt", "sponsor*", "commercial", "dianomi"),
    COMMENTS: ("comment*", "disqus", "respond", "replies", "discussion"),
    # Text for screen readers only ("Share on Facebook" behind an icon). A modal or a lightbox is not
    # here: without the site's CSS the browser shows it, and it may hold the article itself.
    HIDDEN: ("sronly", "offscreen", "screenreader*"),
}
CAPTION_CUES = ("caption*", "figcaption", "cutline*", "imagetext", "photodesc")
CREDIT_CUES = ("credit*", "copyright", "attribution", "photographer", "source")
FIGURE_TAGS = frozenset({"figure"})
FIGURE_CUES = ("figure*", "image*", "img", "photo*", "picture", "media", "gallery", "slide*", "wp")
BYLINE_CUES = ("byline*", "author*", "contributor*", "writer")
DATE_CUES = ("date*", "time", "timestamp", "published", "updated", "dateline", "pubdate")
# Class parts that make the element a control, not what the other parts name: a caption toggle is a button.
NEGATED = frozenset({"toggle", "btn", "button", "icon", "count", "counter"})
# Class parts that deny the part after them, in the same class token: "no-caption" is not a caption, and
# "attr_no_caption credit" is still a credit.
DENIALS = frozenset({"no", "non", "not", "without"})

_PARTS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def parts(token: str) -> list[str]:
    """The lower-case word parts of a class or id token: ``Figure-credit`` -> ["figure", "credit"]."""
    return [p.lower() for p in _PARTS.findall(token)]


def _compile(cues: tuple[str, ...]) -> re.Pattern:
    """One pattern for a list of cues, matched against a whole part: "nav*" -> nav\\w*, "ad" -> ad.
    An alternation of literals with at most one trailing \\w*: linear, no backtracking blow-up."""
    alts = sorted((re.escape(c[:-1]) + r"\w*" if c.endswith("*") else re.escape(c)) for c in cues)
    return re.compile("(?:" + "|".join(alts) + ")")


# Every kind of cue a class word may carry, with its pattern; a word may carry several.
_KINDS = (*((role, _compile(c)) for role, c in CHROME_CUES.items()),
          (CAPTION, _compile(CAPTION_CUES)), (CREDIT, _compile(CREDIT_CUES)), (FIGURE, _compile(FIGURE_CUES)),
          (BYLINE, _compile(BYLINE_CUES)), (DATE, _compile(DATE_CUES)))
_NEGATED = "negated"
# Most class words carry no cue: one pattern of all cues turns them away in one match.
_ANY = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _KINDS))


class Cues(NamedTuple):
    """What an element's tag and class/id words say about it."""

    chrome: str = ""
    caption: bool = False
    credit: bool = False
    figure: bool = False
    byline: bool = False
    date: bool = False


def _word_kinds(word: str) -> list[str]:
    kinds = [kind for kind, pattern in _KINDS if pattern.fullmatch(word)] if _ANY.fullmatch(word) else []
    return kinds + [_NEGATED] if word in NEGATED else kinds


def kinds_of(value: str, memo: dict[str, frozenset[str]]) -> frozenset[str]:
    """The kinds of cue a class or id value carries. `memo` keeps them for the document, per value and
    per word: a page repeats the same classes thousands of times."""
    found = memo.get(value)
    if found is None:
        kinds: set[str] = set()
        for token in value.split():
            denied = False
            for word in parts(token):
                if not denied:
                    known = memo.get(word)
                    if known is None:
                        known = memo[word] = frozenset(_word_kinds(word))
                    kinds |= known
                denied = word in DENIALS
        found = memo[value] = frozenset(kinds)
    return found


def cues(tag: str, kinds: frozenset[str]) -> Cues:
    """The cues of an element from its tag and the kinds its class and id values carry."""
    chrome = CHROME_TAGS.get(tag) or next((role for role in CHROME_CUES if role in kinds), "")
    if _NEGATED in kinds:
        return Cues(chrome)
    return Cues(chrome, CAPTION in kinds, CREDIT in kinds, tag in FIGURE_TAGS or FIGURE in kinds,
                BYLINE in kinds, DATE in kinds)
