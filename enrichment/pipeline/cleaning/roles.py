"""The vocabulary of page structure: which tags and class-name cues mark chrome, captions, credits and bylines.

Data, not code: adding a cue means adding a word. Cues are matched against the parts of an element's
class and id tokens (``Figure-credit`` -> ``figure``, ``credit``; ``shareBar`` -> ``share``, ``bar``),
so a short cue such as ``ad`` never matches inside ``header`` or ``load``.
"""
from __future__ import annotations

import re

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
              "playlist", "carousel"),
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
# Class parts that say "not this": a caption toggle is a button, "no-caption" is not a caption.
NEGATED = frozenset({"no", "non", "not", "without", "toggle", "btn", "button", "icon", "count", "counter"})

_PARTS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def parts(token: str) -> list[str]:
    """The lower-case word parts of a class or id token: ``Figure-credit`` -> ["figure", "credit"]."""
    return [p.lower() for p in _PARTS.findall(token)]


def _matches(cue: str, part: str) -> bool:
    return part.startswith(cue[:-1]) if cue.endswith("*") else part == cue


def find_cue(cues: tuple[str, ...], words: list[str]) -> bool:
    """Whether one of the element's class/id words carries one of the cues (and no negation)."""
    return any(_matches(c, w) for w in words for c in cues) and not NEGATED.intersection(words)


def chrome_role(tag: str, words: list[str]) -> str:
    """The chrome role an element's tag or class/id words give it, or ""."""
    if tag in CHROME_TAGS:
        return CHROME_TAGS[tag]
    for role, cues in CHROME_CUES.items():
        if any(_matches(c, w) for w in words for c in cues):
            return role
    return ""
