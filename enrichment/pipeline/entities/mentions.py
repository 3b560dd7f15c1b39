"""Mentions: spaCy entity spans turned into plain data, with split spans repaired and noise dropped."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable, Iterator

from ..lexicon import NEWS_AGENCIES
from ..types import CleanResult, Rules

BODY, CAPTION, HEADLINE = "body", "caption", "headline"

# Numeric labels are facts about the text, not things an article is about.
NUMERIC_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"})

CONTEXT_CHARS = 40


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity span as NER (or the editors' ruler) found it. Offsets are in `source`'s text:
    for the body, into `CleanResult.body_text`; for a caption, into that caption's text."""

    text: str
    label: str
    start: int
    end: int
    source: str = BODY  # body | caption | headline
    block: int = 0  # body paragraph index, or caption index
    before: str = ""  # up to CONTEXT_CHARS of the block before the mention
    after: str = ""
    ent_id: str = ""  # canonical name given by an editors' rule
    possessive: str = ""  # the "'s" cut off the end ("Lavrov's"), which a business name may own


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of an article that NER reads, with where its offsets land."""

    source: str
    block: int
    base: int  # offset of the segment's start in its source text
    shown: str = ""  # the text as written, when NER read a re-cased copy of the same length


# ---------------------------------------------------------------------------------------------
# Signatures: data, not if-chains


# Spans that spaCy cuts in two: a mention plus the next token that together match one of these.
SPLIT_NAMES = (
    re.compile(r"(?:Group|Gang) of (?:\d+|[A-Z][a-z]+)"),
    re.compile(r"G-?\d+"),
)
_NEXT_TOKEN = re.compile(r"[ \t]?[\w-]+")

_AGENCY = "|".join(re.escape(a) for a in sorted(NEWS_AGENCIES, key=len, reverse=True))
# A credit: "Name / AP", "AP/Name", "Photo: Name", "(AP Photo/Name)", "© Name".
CREDIT_INSIDE = re.compile(rf"\S\s*/\s*\S|^(?:{_AGENCY})$")
CREDIT_AFTER = re.compile(rf"^\s*/\s*(?:[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*)?\s*$|^\s*/\s*(?:{_AGENCY})\b")
CREDIT_BEFORE = re.compile(rf"(?:/|\b(?:Photo|Photograph|Credit|Image|Picture)s?\s*(?:by)?:?|©|\((?:{_AGENCY}) Photo/?)\s*$", re.I)
# A paragraph that opens with "By " and a person is the byline the cleaner left in the body
# ("By Ana Ruiz, transport editor"): the page's credit, not the article's person.
BYLINE_OPENING = re.compile(r"^\s*(?:By|BY)\s+$")

BUTTONS = re.compile(
    r"\b(?:Read more|Read More|Continue reading|Click here|Sign up|Subscribe|Log in|Skip to content|"
    r"Link copied|Share this|Show comments|Advertisement|Play video|Watch video)\b|^(?:Share|Tweet|Email|Print)$"
)

# A portfolio before an office is part of a title, not an organisation: "Defense Minister X",
# "Transport Secretary Y" (NER tags "Defense" ORG). One capitalized word, not an acronym.
PORTFOLIO_BEFORE_OFFICE = re.compile(r"^\s+(?:Minister|Secretary|Ministers|Secretaries)\b")

_POSSESSIVE_TAIL = re.compile(r"['’]s?$")
_POSSESSIVE_AFTER = re.compile(r"['’]s\b")
_POSSESSIVE_INSIDE = re.compile(r"['’]s\s")
# Leading bullets and dashes of a list line ("• Shadow") are no part of a name.
_EDGE_JUNK = re.compile(r"^[\s\"'`“”‘’(\[•·▪►*–—-]+|[\s\"'`“”‘’)\],;:•·]+$")
# A question opens with a verb NER may take for a first name: "Will Warren ...?", "Can Smith ...".
_SENTENCE_VERB = re.compile(r"(?:Will|Can|Could|Would|Should|Did|Does|Do|Has|Have|Is|Was|Were|Are|Shall|May|Might|Must)\s+(?=[A-Z])")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s*|[\"“]\s*)$")
# "Big Machine, Braun": two names NER ran together; a company's suffix after a comma stays.
_COMMA_SPLIT = re.compile(r",\s+(?!(?:Inc|Ltd|LLC|Co|Corp|Jr|Sr|PLC|plc|S\.A|AG|GmbH)\b)(?=[A-Z])")
# Labels a business name carries: its possessive belongs to the name ("McDonald's", "Macy's Herald
# Square") unless the article also names it without; a person's or a place's is grammar.
OWNER_LABELS = frozenset({"ORG", "FAC", "PRODUCT", "WORK_OF_ART"})
SPLIT_AT_COMMA_LABELS = frozenset({"ORG", "PERSON"})
_LIST_IN_NAME = re.compile(r"\s(?:and|&)\s")  # "Academy of Allergy, Asthma and Immunology" is one name
_UNCLOSED_BRACKET = re.compile(r"\s*\([^)]*$")  # "Shanghai Composite (SHCOMP": NER stopped inside
# A bracket closed that the span never opened: "(Harbour News)The vote..." glued a dateline's
# source to the first word, and NER ran over the ")".
_UNOPENED_CLOSE = re.compile(r"[^()\[\]]*[)\]]")
# A name starts with a capital or a digit, or with a particle: "de Blasio", "al-Bashir", "van Gogh".
_PARTICLE_START = re.compile(r"(?:de|da|di|du|del|van|von|der|al|el|bin|ibn|la|le|dos|das)[\s-]+[A-Z]")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_DOTTED_ACRONYM_HYPHEN = re.compile(r"^((?:[A-Z]\.){2,})-(\S.*)$")  # "U.S.-Russia"


# ---------------------------------------------------------------------------------------------
# From spaCy docs (call inside nlp.memory_zone(): nothing spaCy-owned leaves this function)


def doc_mentions(doc, segment: Segment) -> list[Mention]:
    """Plain mentions of one processed segment, with split spans repaired and numbers dropped."""
    text = segment.shown or doc.text
    spans = [(ent.start_char, ent.end_char, ent.label_, ent.ent_id_) for ent in doc.ents]
    spans = repair_splits(text, spans)
    mentions: list[Mention] = []
    for start, end, label, ent_id in spans:
        if label in NUMERIC_LABELS:
            continue
        for s, e in tidy_span(text, start, end, label):
            cut = _POSSESSIVE_AFTER.match(text, e)
            mentions.append(
                Mention(
                    text=text[s:e], label=label, start=segment.base + s, end=segment.base + e,
                    source=segment.source, block=segment.block,
                    before=text[max(0, s - CONTEXT_CHARS):s], after=text[e:e + CONTEXT_CHARS], ent_id=ent_id,
                    possessive=cut.group() if cut and e <= end else "",
                )
            )
    return mentions


def repair_splits(text: str, spans: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """Join "Group of" + "20" (two spans, or a span and the bare next token) into one span."""
    out: list[tuple[int, int, str, str]] = []
    skip_until = -1
    for start, end, label, ent_id in spans:
        if start < skip_until:
            continue
        nxt = _NEXT_TOKEN.match(text, end)
        if nxt and label not in NUMERIC_LABELS:
            joined = text[start:nxt.end()]
            if any(p.fullmatch(joined) for p in SPLIT_NAMES):
                out.append((start, nxt.end(), label, ent_id))
                skip_until = nxt.end()
                continue
        out.append((start, end, label, ent_id))
    return out


def tidy_span(text: str, start: int, end: int, label: str = "") -> Iterator[tuple[int, int]]:
    """Trim quotes, bullets, "the", possessives, sentence dots and a question's verb; split
    "U.S.-Russia", "Big Machine, Braun" and "Trump's `X" (a business name keeps its inner "'s")."""
    span = text[start:end]
    inner = _POSSESSIVE_INSIDE.search(span)
    if inner and (label not in OWNER_LABELS or re.match(r"['’]s\s+[`'\"‘“]", span[inner.start():])):
        end = start + inner.start()  # "Trump’s `America First": NER ran past a possessive
    if label in SPLIT_AT_COMMA_LABELS:
        comma = _COMMA_SPLIT.search(text, start, end)
        if comma and not _LIST_IN_NAME.search(text, comma.end(), end):
            yield from tidy_span(text, start, comma.start(), label)
            yield from tidy_span(text, comma.end(), end, label)
            return
    start, end = _trim_edges(text, start, end)
    bracket = _UNCLOSED_BRACKET.search(text, start, end)
    if bracket and bracket.start() > start:
        start, end = _trim_edges(text, start, bracket.start())
    close = _UNOPENED_CLOSE.match(text, start, end)
    if close and close.end() - 1 > start:
        start, end = _trim_edges(text, start, close.end() - 1)
    verb = _SENTENCE_VERB.match(text, start, end)
    if verb and verb.end() < end and _SENTENCE_START.search(text, max(0, start - 3), start):
        start = verb.end()
    span = text[start:end]
    m = _POSSESSIVE_TAIL.search(span)
    if m and m.start() > 0 and (m.group() != "’" and m.group() != "'" or span[m.start() - 1] == "s"):
        end = start + m.start()
    span = text[start:end]
    if span.endswith(".") and " " in span and not re.search(r"\.\S*\.$", span.split()[-1]):
        end -= 1  # "World War I." at the end of a sentence; keep "U.S." and "Jr."-like tokens alone
    span = text[start:end]
    m = _DOTTED_ACRONYM_HYPHEN.match(span)
    if m:
        yield start, start + len(m.group(1))
        yield start + m.start(2), end
    elif span.strip():
        yield start, end


def _trim_edges(text: str, start: int, end: int) -> tuple[int, int]:
    span = text[start:end]
    m = _EDGE_JUNK.search(span)
    while m and m.group():
        if m.start() == 0:
            start += m.end()
        else:
            end = start + m.start()
        span = text[start:end]
        m = _EDGE_JUNK.search(span)
    m = _LEADING_THE.match(span)
    if m and len(span) > m.end():
        start += m.end()
    return start, end


# ---------------------------------------------------------------------------------------------
# Filters: what is never an entity


def credit_names(cleaned: CleanResult) -> frozenset[str]:
    """Photographers, agencies in credits and the byline: the people who made the page."""
    names = {c.photographer for c in cleaned.captions} | {c.credit for c in cleaned.captions}
    byline = re.sub(r"^\s*(?:By|BY|by)\s+", "", cleaned.byline or "")
    names.update(part.strip() for part in re.split(r",|\band\b|/|\|", byline))
    return frozenset(n.strip().casefold() for n in names if n and n.strip())


def is_noise(m: Mention, *, rules: Rules, credits: frozenset[str] = frozenset()) -> str:
    """Why this mention is not an entity ("" when it is one)."""
    folded = m.text.casefold()
    if folded in _folded(rules.not_entities):
        return "rule"
    if not any(ch.isalpha() for ch in m.text):
        return "no_letters"
    if m.text[:1].islower() and not _PARTICLE_START.match(m.text):
        return "lower_case"  # "marijuana legalization", "devs": names are capitalized
    if BUTTONS.search(m.text):
        return "button"
    if _is_portfolio(m):
        return "title"
    if CREDIT_INSIDE.search(m.text) and ("/" in m.text or _is_agency_in_credit(m)):
        return "credit"
    if CREDIT_AFTER.search(m.after[:30]) or CREDIT_BEFORE.search(m.before[-20:]):
        return "credit"
    if folded in credits or (m.label == "PERSON" and BYLINE_OPENING.match(m.before)):
        return "credit"
    return ""


def _is_portfolio(m: Mention) -> bool:
    word = m.text.strip()
    return (" " not in word and word[:1].isupper() and not word.isupper()
            and bool(PORTFOLIO_BEFORE_OFFICE.match(m.after)))


def _is_agency_in_credit(m: Mention) -> bool:
    return bool(re.search(r"/\s*$|\(\s*$", m.before[-3:]) or re.match(r"^\s*(?:/|Photo\b|\))", m.after))


_FOLD_CACHE: dict[frozenset[str], frozenset[str]] = {}


def _folded(names: frozenset[str]) -> frozenset[str]:
    if names not in _FOLD_CACHE:
        if len(_FOLD_CACHE) > 16:
            _FOLD_CACHE.clear()
        _FOLD_CACHE[names] = frozenset(n.casefold() for n in names)
    return _FOLD_CACHE[names]


def split_possessors(mentions: list[Mention]) -> list[Mention]:
    """"Braun's Ithaca Holdings" -> "Braun" + "Ithaca Holdings" when the article names Braun on
    its own; a name that keeps its inner "'s" otherwise ("Rosalita's Roadside Cantina")."""
    alone = {m.text for m in mentions if not _POSSESSIVE_INSIDE.search(m.text)}
    out: list[Mention] = []
    for m in mentions:
        inner = _POSSESSIVE_INSIDE.search(m.text)
        if inner is None or m.text[:inner.start()] not in alone:
            out.append(m)
            continue
        rest = inner.end()
        out.append(replace(m, text=m.text[:inner.start()], end=m.start + inner.start(),
                           after=m.text[inner.start():] + m.after, possessive=inner.group().strip()))
        out.append(replace(m, text=m.text[rest:], start=m.start + rest, before=m.before + m.text[:rest]))
    return out


def keep(mentions: Iterable[Mention], *, rules: Rules, credits: frozenset[str] = frozenset()) -> list[Mention]:
    return [m for m in mentions if not is_noise(m, rules=rules, credits=credits)]
