"""Type voting: one label per entity, from all its mentions and their context."""
from __future__ import annotations

import re
from collections import Counter

from ..lexicon import SEATS_OF_POWER
from .canonical import ORG_WORDS, SAFE_TITLES, Cluster, name_shaped, strip_title, title_before
from .mentions import BODY, HEADLINE, Mention

# Order of preference when votes tie and the canonical form does not settle it.
LABEL_PRIORITY = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE")

# Where a "PERSON" tag on a bare one-word name never seen with a first name or title (news
# style names people in full first) is not believable: "wrote on Twitter",
# "a Twitter announcement", "via Telegram". Data: (pattern on the text before, label it means).
NOT_A_PERSON_BEFORE = (
    (re.compile(r"\b(?:on|via|wrote on|posted on|said on)\s+$", re.I), "ORG"),
    (re.compile(r"\b(?:a|an|the)\s+$", re.I), "ORG"),
    (re.compile(r"\b(?:in|from|across|near)\s+$"), "GPE"),
)
# Where a lone word is a person all the same: named by a relation ("his wife, Kimberly") or
# speaking ("Kimberly said"). Anywhere else a one-word PERSON tag with no first name and no
# title in the whole article is a brand or a product ("integration with Zoom"): ORG.
PERSON_BEFORE = re.compile(
    r"\b(?:wife|husband|son|daughter|mother|father|brother|sister|friend|partner|widow|aunt|uncle|"
    r"cousin|grandson|granddaughter|girlfriend|boyfriend|fiancée?|named|called|dubbed|(?:he|she|I|we) and)\s*,?\s*$",
    re.I)
PERSON_AFTER = re.compile(r"^\s*,?\s*(?:said|says|told|added|asked|wrote|explained|recalled|tweeted|who)\b")
# Where a name is a place whatever NER tagged: "the city of Harwick", "the regional capital of
# Kyzyl", "a start-up based out of Pune", "the remote Tuva region".
PLACE_BEFORE = re.compile(
    r"\b(?:(?:city|town|village|capital|suburb|county|province|region|state|district)\s+of"
    r"|(?:based|living|lives|located|headquartered|born)\s+(?:out\s+of|in))\s+$", re.IGNORECASE)
PLACE_AFTER = re.compile(r"^\s+(?:region|province|county|district|oblast|prefecture|republic)\b")
# What a place has and a business or a person does not: "the Velta government", "the Marlowe
# State governorship race", "Harwick police". Lower case: "Velta Government Services" is a name.
GOVERNED_AFTER = re.compile(r"^\s+(?:government|governorship|governor|gubernatorial|police|council)\b")
# ...except where the article never names it otherwise: "Mercia police said", "Mercia police
# told" name the force (British forces are named by area), not the area.
FORCE_AFTER = re.compile(r"^\s+(?:police|council)\b")
# Celestial and natural features named by what they are: "Saturn's moon Enceladus", "the dwarf
# planet Ceres", "the river Tees".
LOC_BEFORE = re.compile(r"\b(?:moon|planet|asteroid|comet|galaxy|volcano|river|lake|island)\s+$")
# A business named by what it does, just before its name: "e-commerce giant Alibaba", "game
# developer Mojang", "NASA supplier SpaceX".
ORG_BEFORE = re.compile(
    r"\b(?:company|firm|maker|manufacturer|developer|publisher|retailer|startup|start-up|giant|carrier|"
    r"broadcaster|network|brand|platform|website|chain|supplier|shipper|operator|insurer|lender|bank|airline)\s+$")
# A publication named before what it is: "Tidewater magazine reported" (not "a Leeds
# newspaper": a place, with an article before it).
ORG_HEAD_AFTER = re.compile(r"^\s+(?:magazine|newspaper|tabloid|network|website)\b")
_INDEFINITE_BEFORE = re.compile(r"\b(?:a|an|one|local)\s+$", re.IGNORECASE)
# What only a business owns: "Tarrowa's secondary listing", "Tarrowa's New York-listed shares".
# Not "chief executive", "founder", "revenue" or "profits": a place has them too ("Hong Kong's chief executive",
# "Norway's oil revenue").
BUSINESS_OWNED_AFTER = re.compile(
    r"^['’]s\s+(?:[\w-]+\s+){0,2}(?:shares|listing|IPO|offering|share price|market value|subscribers)\b")
# A person's name holds no acronym ("Orbital ATK", "Zanu-PF"); roman numerals are no acronyms.
ACRONYM_WORD = re.compile(r"\b(?![IVXLCDM]+\b|(?:JR|SR)\b)[A-Z]{2,}\b")
# A nationality used as a modifier ("Ukrainian officials") that NER took for a place or an
# organisation: the demonym endings, followed by a lowercase word.
DEMONYM = re.compile(r"[A-Z][a-z]+(?:ian|ean|ese|ish)")
_LOWERCASE_NEXT = re.compile(r"^\s+[a-z]")
# Plural nationalities NER takes for people: "Africans", "Kenyans", "Europeans", "Americans".
PLURAL_DEMONYM = re.compile(r"[A-Z][a-z]+(?:ians|eans|icans)")
# Words of a name that say what kind of thing it is, whatever NER tagged: "West Mercia police",
# "Ithaca Holdings", "Center for Health and Human Rights" (anywhere in the name); "Shasta
# County", "Inner Mongolia Autonomous Region" (the last word). "State" is not one of them:
# "Islamic State", "Secretary of State".
ORG_NAME_WORDS = frozenset((
    "police", "holdings", "institute", "university", "magazine", "newspaper", "agency", "party",
    "committee", "commission", "council", "ministry", "department", "center", "centre", "foundation",
    "association", "inc", "corp", "company", "group", "network", "community",
))
PLACE_NAME_ENDS = frozenset(("province", "county", "region", "district"))
NAME_WORD_BONUS = 1.0  # plus the mentions: what the name says outweighs every tag
SOURCE_WEIGHT = {HEADLINE: 0.5}  # headline casing misleads NER; body and captions count 1
OUTSIDE_PROSE_WEIGHT = 0.25  # a body line that is not the article's prose: a label, a teaser
PERSON_EVIDENCE_BONUS = 1.0  # plus half the mentions: a first name or a title outweighs stray tags


def mention_vote(m: Mention, *, person_evidence: bool) -> str:
    """The label this mention votes for: its NER label, unless context contradicts it."""
    one_word = " " not in m.text.strip()
    if one_word and PERSON_BEFORE.search(m.before):
        return "PERSON"  # "his wife, Kimberly": a relation names a person, whatever NER tagged
    if not person_evidence and (kind := _kind_around(m)):
        return kind
    if m.label in ("ORG", "PERSON", "NORP") and (PLACE_BEFORE.search(m.before) or PLACE_AFTER.match(m.after)):
        return "GPE"
    if m.label != "ORG" and (ORG_BEFORE.search(m.before[-25:]) or
                             (m.label == "PERSON" and ACRONYM_WORD.search(m.text) and not m.text.isupper())):
        return "ORG"
    if m.label in ("PERSON", "GPE", "ORG") and one_word and PLURAL_DEMONYM.fullmatch(m.text.strip()):
        return "NORP"
    if m.label == "PERSON" and not person_evidence and one_word:
        for pattern, label in NOT_A_PERSON_BEFORE:
            if pattern.search(m.before[-20:]):
                return label
        if not (PERSON_BEFORE.search(m.before) or PERSON_AFTER.match(m.after)):
            return "ORG"
    if m.label != "PERSON" and person_evidence and name_shaped(strip_title(m.text, "PERSON")[0]):
        return "PERSON"  # "union leader Maksim Orlov" tagged ORG: a titled full name is a person
    if m.label in ("GPE", "ORG", "LOC") and one_word and DEMONYM.fullmatch(m.text.strip()) \
            and _LOWERCASE_NEXT.match(m.after):
        return "NORP"
    return m.label


def _kind_around(m: Mention) -> str:
    """ORG, GPE or LOC when the words around a mention of no person say what it is, else ""."""
    if m.label != "ORG" and (BUSINESS_OWNED_AFTER.match(m.after) or
                             (ORG_HEAD_AFTER.match(m.after) and not _INDEFINITE_BEFORE.search(m.before))):
        return "ORG"
    if m.label in ("ORG", "PERSON") and GOVERNED_AFTER.match(m.after) and not ORG_WORDS & set(m.text.split()):
        return "GPE"
    return "LOC" if LOC_BEFORE.search(m.before) else ""


def defined_as(m: Mention) -> str:
    """The label an appositive gives the thing itself ("game developer Mojang", "the city of
    Harwick", "the moon Enceladus"): what the article says it is holds for every mention, where
    NER tags each alone. "" when the mention has none."""
    if ORG_BEFORE.search(m.before[-25:]):
        return "ORG"
    if PLACE_BEFORE.search(m.before):
        return "GPE"
    return "LOC" if LOC_BEFORE.search(m.before) else ""


def has_person_evidence(c: Cluster, mentions: list[Mention] | None = None) -> bool:
    """Ever seen with a title, or as a PERSON with a first name ("Mike Pompeo")."""
    if c.titled:
        return True
    for m in c.mentions if mentions is None else mentions:
        if title_before(m.before) in SAFE_TITLES:
            return True
        if m.label == "PERSON":
            name, _ = strip_title(m.text, m.label)
            words = name.split()
            if len(words) >= 2 and all(w[:1].isupper() for w in words) and not ACRONYM_WORD.search(name):
                return True
    return False


def name_kind(name: str) -> str:
    """ORG or GPE when a word of the name says so ("Ithaca Holdings", "Shasta County"), else ""."""
    words = [w.casefold() for w in name.split()]
    if len(words) < 2:
        return ""
    if ORG_NAME_WORDS.intersection(words):
        return "ORG"
    return "GPE" if words[-1] in PLACE_NAME_ENDS else ""


def _kind(c: Cluster) -> str:
    """What the name, or every use of it, says the entity is: "Ithaca Holdings", an institution
    ("the White House said"), a place only ever named before "police" (the force)."""
    if c.name in SEATS_OF_POWER:
        return "ORG"
    if all(FORCE_AFTER.match(m.after) and m.label != "NORP" for m in c.mentions):  # not "French police"
        return "ORG"
    return name_kind(c.name)


def _surnames(c: Cluster) -> frozenset[str]:
    """Last words of the cluster's full names tagged PERSON: "Webb" of "Michael Webb" is a person
    wherever NER put it."""
    return frozenset(m.text.split()[-1] for m in c.mentions if m.label == "PERSON" and len(m.text.split()) >= 2)


def vote(c: Cluster, *, types: dict[str, str] | None = None, article: frozenset[int] | None = None) -> str:
    """The entity's label. Editors' type rules win; then a weighted majority with priors.
    `article`: the body paragraphs that are the article's prose (all when None); a mention in
    another kept line (a teaser, a title-case label) weighs little and proves no person."""
    if types:
        for name in (c.name, *c.aliases):
            if name in types:
                return types[name]
    trusted = [m for m in c.mentions if _in_prose(m, article)]
    evidence = has_person_evidence(c, trusted)
    surnames = _surnames(c) if evidence else frozenset()
    scores: Counter[str] = Counter()
    for m in c.mentions:
        titled = title_before(m.before) in SAFE_TITLES
        label = "PERSON" if titled or m.text.strip() in surnames else mention_vote(m, person_evidence=evidence)
        scores[label] += SOURCE_WEIGHT.get(m.source, 1.0) * (1.0 if _in_prose(m, article) else OUTSIDE_PROSE_WEIGHT)
    if evidence:
        scores["PERSON"] += PERSON_EVIDENCE_BONUS + 0.5 * len(c.mentions)
    else:
        kind = _kind(c)
        if kind:
            scores[kind] += NAME_WORD_BONUS + len(c.mentions)
        for label in {defined_as(m) for m in trusted} - {""}:
            scores[label] += len(c.mentions)  # what the article says it is outweighs every tag
    canonical_labels = Counter(m.label for m in c.mentions if m.text == c.name)
    return max(scores, key=lambda label: (scores[label], canonical_labels[label], -_priority(label)))


def _in_prose(m: Mention, article: frozenset[int] | None) -> bool:
    return article is None or m.source != BODY or m.block in article


def _priority(label: str) -> int:
    return LABEL_PRIORITY.index(label) if label in LABEL_PRIORITY else len(LABEL_PRIORITY)
