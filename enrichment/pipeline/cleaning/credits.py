"""Photo credits: recognizing them on a line or glued to a caption's end, and parsing photographer and agency."""
from __future__ import annotations

import re
from typing import NamedTuple

from ..lexicon import CREDIT_SOURCES, PHOTO_DESKS


class Credit(NamedTuple):
    text: str
    photographer: str
    agency: str


class Split(NamedTuple):
    text: str    # the caption part, untouched
    glue: str    # a button label between caption and credit ("Read more", "Enlarge"), or ""
    credit: Credit


_AGENCY = "(?:" + "|".join(sorted({re.escape(a) for n in CREDIT_SOURCES for a in (n, n.upper())},
                                   key=len, reverse=True)) + r")\b"
_AGENCY_SEQ = _AGENCY + r"(?:\s*(?:/|\||,|via|for|and|&)\s*" + _AGENCY + r")*(?:,?\s*(?:file|File|FILE))?"
_PHOTO_DESK = "|".join(map(re.escape, PHOTO_DESKS))
_UPPER = r"A-ZÀ-ÖØ-ÞĀ-Ž"
_NAME_WORD = rf"(?:[{_UPPER}][\w'’.-]*|[{_UPPER}]\.)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|de|van|von|da|di|del|der|la|le|bin|al|dos)){{0,4}}"
_CAP_WORDS = rf"[{_UPPER}\w][\w'’.&-]*(?:\s+[{_UPPER}][\w'’.&-]*){{0,3}}"
_LABEL = (r"(?:(?:Photo|Photograph|Image|Picture|Pic|Illustration|Graphic|Video|Main image|Top image|Top photo|Lead image|Lead photo|"
          r"Header image)s?(?:\s+(?:credit|courtesy|copyright))?\s*(?::|by\b|-|–)"
          r"|[Pp]hoto(?:graph)?s?\s+by\b|Image(?:s)?\s+(?:[Cc]opyright|[Cc]ourtesy)\b:?"
          # "Credit" glued to the name: a label the site hides on screen but the copy keeps
          rf"|(?:Credit){{1,2}}(?=[{_UPPER}][a-z]+\.?\s+[{_UPPER}])"
          r"|(?:Credits?|Photo [Cc]redit|Image [Cc]redit|Copyright|Source|File|Photographer)\s*:"
          r"|Courtesy(?:\s+of)?\b:?|©)")
_CREDIT_FORMS = (
    ("agency_photo", rf"(?P<ag>(?:{_PHOTO_DESK})\s+)?Photos?\s*/\s*(?P<ph>.{{2,80}}?)"),
    ("labeled", rf"{_LABEL}\s*(?P<rest>.{{1,100}}?)"),
    ("agency_slash", rf"(?P<ag>{_AGENCY})\s*/\s*(?P<ph>{_NAME})"),
    ("name_agency", rf"(?P<ph>{_NAME})\s*(?:/|\||,|–|-|for)\s*(?P<ag>{_AGENCY_SEQ})"),
    ("name_slash", rf"(?P<ph>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}})\s*(?:/|\|)\s*(?P<ag>{_CAP_WORDS})"),
    ("agency", rf"(?P<ag>{_AGENCY_SEQ})"),
)
_ALT = "|".join(f"(?:{p})" for _, p in _CREDIT_FORMS).replace("?P<", "?:<").replace("(?:<ag>", "(?:").replace(
    "(?:<ph>", "(?:").replace("(?:<rest>", "(?:")
_FORMS = tuple((name, re.compile(p)) for name, p in _CREDIT_FORMS)
_GLUE = r"(?:Read more|Read More|READ MORE|Expand|Enlarge|Hide caption|hide caption|Toggle caption|toggle caption|Show caption|Open gallery|View gallery|Zoom|Close)"
_TRAILING = re.compile(
    rf"(?:(?P<glue>{_GLUE})\s*|(?<=[.!?\"”’])\s*|(?<!\s)\s+(?=[(\[])|(?<!\s)\s+[|•]\s+(?=(?:[Pp]hoto|PHOTO|Image|Picture|Credit)))"
    rf"(?P<credit>[(\[]\s*(?:{_ALT})\s*[)\]]|(?:{_ALT}))\s*$")
_LEADING_LABEL = re.compile(r"(?:Photo|Image|Picture)s?\s*:", re.I)
_LOWER_OK = frozenset("for via of and the de van von da di del der la le bin al dos file staff photo photos "
                      "images image courtesy by left right from top bottom center centre credit credits copyright "
                      "plc inc ltd llc gmbh".split())
_BYLINE = re.compile(r"(?:By|BY)\s+[A-Z]")
_COMPANY = re.compile(r"\b(?:plc|PLC|Inc\.?|Ltd\.?|LLC|GmbH|Media|Studios?|Agency)$")
# A separator's spaces start at the first space of a run ((?<!\s)): a match tried from every space of a
# long run would rescan the run each time.
_PARTS = re.compile(r"(?<!\s)\s*(?:/|\||,|\bvia\b|\bfor\b)\s*")
_TAIL = 240
# Words that are a credit's agency part but, alone on a line, are more often something else.
_WEAK_ALONE = frozenset("staff file courtesy future pool handout supplied stringer stf twitter instagram "
                        "facebook youtube flickr invision keystone gamma rex mega redux magnum polaris "
                        "nasa esa jpl".split())


# Credits that are one only next to a caption: an agency unknown to the list in capitals, "Name for Outlet".
_WEAK_FORMS = re.compile(rf"(?P<ag>[{_UPPER}][{_UPPER}0-9&]{{2,24}})|"
                         rf"(?P<ph>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})\s+for\s+(?P<outlet>{_CAP_WORDS})")
# Capitalized one-word lines that head a section rather than credit a photo.
_NOT_AGENCY = frozenset("UPDATE UPDATED BREAKING ANALYSIS OPINION EXCLUSIVE WATCH LISTEN RELATED MORE VIDEO "
                        "VIDEOS PHOTOS PHOTO GALLERY CORRECTION NOTE EDITORIAL ADVERTISEMENT SPONSORED LIVE "
                        "READ TOPICS SHARE SUBSCRIBE MENU SEARCH NEWS SPORTS WEATHER HOME TRENDING ALSO "
                        "INTERVIEW REVIEW COMMENT COMMENTS FEATURES".split())


def parse_weak_credit(text: str) -> Credit | None:
    """A line that is a credit if it stands under a caption; the caller checks that it does."""
    m = _WEAK_FORMS.fullmatch(text.strip())
    if not m or m.group("ag") and (m.group("ag") in _NOT_AGENCY or not any(c.isalpha() for c in m.group("ag"))):
        return None
    if m.group("ag"):
        return Credit(text, "", m.group("ag"))
    return Credit(text, m.group("ph"), m.group("outlet"))


def _credit_like(text: str, max_words: int = 12) -> bool:
    words = text.split()
    if not words or len(words) > max_words or text.endswith((".", "!", "?")) and len(words) > 4:
        return False
    lower = [w for w in words if w[:1].islower() and w.strip("():,.").lower() not in _LOWER_OK]
    return len(lower) <= 1


def parse_credit(text: str) -> Credit | None:
    """The credit, when the whole string is one; its photographer and agency parsed."""
    if not _credit_like(text.replace("/", " ").replace("|", " ")):
        return None
    inner = _unwrapped(text)
    if _BYLINE.match(inner):
        return None  # "By Name | Outlet" signs the article, not a photo
    for name, regex in _FORMS:
        found = regex.fullmatch(inner)
        if not found:
            continue
        groups = found.groupdict()
        if name == "agency" and inner.strip().lower() in _WEAK_ALONE:
            return None
        if name == "labeled":
            return _from_rest(text, groups["rest"])
        return Credit(text, (groups.get("ph") or "").strip(" ,"), _agency(groups.get("ag") or ""))
    return None


def _unwrapped(text: str) -> str:
    """The text without surrounding spaces and one pair of brackets: str.strip, not a regex, which
    would retry its trailing spaces from every space of a long run."""
    inner = text.strip()
    if len(inner) >= 2 and inner[0] in "([" and inner[-1] in ")]":
        return inner[1:-1].strip()
    return inner


def _from_rest(text: str, rest: str) -> Credit | None:
    rest = rest.strip().lstrip("©").strip()
    if not rest or not _credit_like(rest, 10):
        return None
    inner = parse_credit(rest) if not _LEADING_LABEL.match(rest) else None
    if inner and (inner.photographer or inner.agency):
        return Credit(text, inner.photographer, inner.agency)
    parts = [p for p in _PARTS.split(rest) if p]
    if re.fullmatch(_AGENCY_SEQ, rest) or len(parts) == 1 and _COMPANY.search(rest):
        return Credit(text, "", _agency(rest))
    if len(parts) > 1:
        return Credit(text, parts[0], _agency(rest[_PARTS.search(rest).end():]))
    return Credit(text, rest, "")


def _agency(text: str) -> str:
    return re.sub(r",?\s*(?:file|File|FILE)$", "", text.strip(" ,")).strip()


_LEADING = re.compile(
    rf"(?P<credit>©\s*(?:{_AGENCY_SEQ}|{_NAME_WORD}\s+{_NAME_WORD}(?:\s*/\s*{_AGENCY_SEQ})?))"
    rf"\s+(?=[{_UPPER}\"“‘'])")
_LEADING_MIN_WORDS = 4


def split_leading(line: str) -> Split | None:
    """A caption with a copyright credit before it ("© Name Surname A man walks..."), split in two.

    Without a separator the credit's end is a guess: an agency name, or a name of two words."""
    m = _LEADING.match(line)
    if not m:
        return None
    text = line[m.end():]
    words = text.split()
    if len(words) < _LEADING_MIN_WORDS or not any(w[:1].islower() for w in words[:4]):
        return None  # a caption is a sentence; an address or a company name runs on in capitals
    credit = m.group("credit")
    rest = credit.lstrip("©").strip()
    parsed = parse_credit(rest)
    return Split(text, "", Credit(credit, parsed.photographer if parsed else rest, parsed.agency if parsed else ""))


# A person's name in brackets at a line's end: "Glass jars on a shelf (Ana Ruiz)". A credit only when the
# same name ends several lines of the paste (a photographer's credit under each photo).
_BRACKETED_NAME = re.compile(rf"(?<!\s)\s+\((?P<ph>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}})\)$")


# Words of a bracketed phrase that is a position or an institution, not a photographer ("(Left To Right)",
# "(White House)", "(Manchester United)" after each goal of a live report).
_NOT_A_NAME = frozenset("left right top bottom center centre from to house united city club council ministry "
                        "office department university fc".split())


def split_bracketed_name(line: str) -> Split | None:
    """A line ending in a bracketed name, split: the caller decides whether the name is a credit."""
    m = _BRACKETED_NAME.search(line, max(0, len(line) - _TAIL))
    text = line[:m.start()] if m else ""
    if not m or len(text.split()) < 2 or _NOT_A_NAME & set(m.group("ph").lower().split()):
        return None
    return Split(text, "", Credit(line[m.start():].strip(), m.group("ph"), ""))


def split_trailing(line: str) -> Split | None:
    """A caption with a credit (and maybe a button label) glued to its end, split in three."""
    start = max(0, len(line) - _TAIL)
    for m in _TRAILING.finditer(line, start):
        credit = parse_credit(m.group("credit").strip())
        text = line[:m.start()].rstrip()
        if credit and len(text.split()) >= 3:
            return Split(text, (m.group("glue") or ""), credit)
    return None
