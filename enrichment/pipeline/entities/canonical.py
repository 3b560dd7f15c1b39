"""Canonicalization: mentions clustered into one entity per real-world thing, with its aliases."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from ..types import Rules
from .joins import Group, acronym_letters, join_all
from .mentions import BODY, CAPTION, HEADLINE, OWNER_LABELS, Mention

# ---------------------------------------------------------------------------------------------
# Titles and honorifics: data. Stripped from names; seen just before a name, they say "person".

TITLES = (
    "President", "Vice President", "President-elect", "Prime Minister", "Foreign Minister",
    "Defense Minister", "Defence Minister", "Finance Minister", "Interior Minister", "Minister",
    "Deputy Minister", "Secretary of State", "Secretary of Defense", "Secretary-General",
    "Secretary General", "Secretary", "Special Counsel", "Attorney General", "Chancellor",
    "Senator", "Sen.", "Rep.", "Representative", "Congressman", "Congresswoman", "Gov.", "Governor",
    "Mayor", "Gen.", "General", "Adm.", "Admiral", "Col.", "Colonel", "Lt.", "Sgt.", "Capt.", "Captain",
    "Judge", "Justice", "Ambassador", "spokesman", "spokeswoman", "spokesperson", "aide", "adviser",
    "Chairman", "Chairwoman", "Chief Executive", "CEO", "Dr.", "Dr", "Mr.", "Mr", "Mrs.", "Mrs",
    "Ms.", "Ms", "Miss", "Prof.", "Professor", "Sir", "Dame", "Lord", "Lady", "King", "Queen",
    "Prince", "Princess", "Pope", "Rev.", "Reverend", "Premier", "Speaker", "Sheriff", "Detective",
    "Inspector", "Coach", "director", "Director", "Commissioner", "Chief", "leader", "Leader",
    "coach", "Quarterback", "quarterback", "manager", "captain", "founder", "co-founder", "chief executive",
)
# Titles stripped whatever the NER label ("President Trump" tagged ORG is still Trump);
# the others ("General", "King", "Chief") only from PERSON spans ("General Motors" stays).
SAFE_TITLES = frozenset({
    "President", "Vice President", "Prime Minister", "Foreign Minister", "Secretary of State",
    "Sen.", "Rep.", "Gov.", "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Special Counsel", "Chancellor",
    "President-elect", "Senator", "Governor", "Mayor", "Judge", "Ambassador", "Mr", "Mrs", "Ms", "Dr",
})
TITLE_MODIFIERS = r"(?:(?:former|Former|acting|Acting|Deputy|deputy|then-|U\.S\.|Russian|Foreign|Senior|senior)\s*)*"

_ALT = "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True))
_SAFE_ALT = "|".join(re.escape(t) for t in sorted(SAFE_TITLES, key=len, reverse=True))
_STRIP_ANY = re.compile(rf"^{TITLE_MODIFIERS}(?:{_ALT})\s+(?=[A-Z])")
_STRIP_SAFE = re.compile(rf"^{TITLE_MODIFIERS}(?:{_SAFE_ALT})\s+(?=[A-Z])")
_TITLE_BEFORE = re.compile(rf"(?:^|[\s,(])(?:{_ALT}),?[ \t]+$")

# Words that make a capitalized span an organisation or a place, not a person's name.
ORG_WORDS = frozenset({
    "Union", "Bank", "Institute", "Party", "Association", "Council", "Committee", "Ministry", "Department",
    "Company", "Corp", "Inc", "Group", "University", "Agency", "Fund", "Organization", "Organisation",
    "Center", "Centre", "Foundation", "Federation", "Court", "Commission", "Railways", "Airlines", "News",
    "Times", "Club", "League", "Office", "Service", "Army", "Navy", "Police", "House", "Street", "City",
})
_NAME_SHAPED = re.compile(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,3}")

# Short forms that name one well-known place or body, whatever the article: the full name
# becomes canonical even when only the short form is used (data, not per-article fixes).
KNOWN_FULL_NAMES = {
    "U.S.": "United States", "US": "United States", "U.S.A.": "United States", "USA": "United States",
    "America": "United States", "U.K.": "United Kingdom", "UK": "United Kingdom", "Britain": "United Kingdom",
    "Great Britain": "United Kingdom", "U.N.": "United Nations", "UN": "United Nations",
    "EU": "European Union", "E.U.": "European Union",
}

# An organisation named through an office: "Secretary of State" -> "State Department".
OFFICE_ORGS = ((re.compile(r"\bSecretary of\s+$"), "{} Department"),)

# Transliteration: spellings of one name reduced to one key (Sergey/Sergei, Dmitry/Dmitri,
# Yuri/Yury, Aleksandr/Alexander, Smirnoff/Smirnov). Generic rewrites, not a list of names.
TRANSLITERATION = (
    (re.compile(r"ks"), "x"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"^j(?=[aeiou])"), "y"),
    (re.compile(r"([a-z])\1"), r"\1"),
    (re.compile(r"(?<=[^aeiouy])er$"), "r"),
    (re.compile(r"(?:iy|ii|yi|ey|ei|y|i)$"), "i"),
    (re.compile(r"of$"), "ov"),
)


_WEB_DOMAIN = re.compile(r"\.(?:com|org|net|gov|co\.uk)$", re.I)


@dataclass(slots=True)
class Cluster:
    """Mentions of one real-world thing, with its canonical name (plain data)."""

    name: str
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    titled: bool = False  # seen with an honorific or title
    rule_name: bool = False  # the name comes from an editors' rule


# ---------------------------------------------------------------------------------------------
# Names and keys


def strip_title(text: str, label: str) -> tuple[str, bool]:
    """("President Donald Trump", PERSON) -> ("Donald Trump", True)."""
    pattern = _STRIP_ANY if label == "PERSON" else _STRIP_SAFE
    stripped, titled = text, False
    while True:
        m = pattern.match(stripped)
        if not m:
            return stripped, titled
        stripped, titled = stripped[m.end():], True


def titled_before(before: str) -> bool:
    """True when the text before a mention ends with a title: "Kremlin spokesman " + Peskov."""
    return bool(_TITLE_BEFORE.search(before))


def name_shaped(text: str) -> bool:
    """Two to four capitalized words, none of them an organisation word: "Maksim Orlov"."""
    return bool(_NAME_SHAPED.fullmatch(text.strip())) and not ORG_WORDS & set(text.split())


def known_full_name(m: Mention) -> str:
    """"United States" for a "U.S." tagged as a place or organisation; "" otherwise."""
    return KNOWN_FULL_NAMES.get(m.text.strip(), "") if m.label != "PERSON" else ""


def title_before(before: str) -> str:
    """The capitalized title just before a mention ("President" of "President Trump"), or ""."""
    m = _TITLE_BEFORE.search(before)
    title = m.group().strip(" ,(\t\n") if m else ""
    return title if title[:1].isupper() else ""


def office_name(m: Mention) -> str:
    """The organisation an office title names, "" when the mention is not one."""
    if m.label == "ORG" and " " not in m.text:
        for before, template in OFFICE_ORGS:
            if before.search(m.before):
                return template.format(m.text)
    return ""


def _deaccent(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def token_key(token: str) -> str:
    key = re.sub(r"[^0-9a-z]", "", _deaccent(token).lower())
    if len(key) < 3 or any(ch.isdigit() for ch in key):
        return key
    for pattern, repl in TRANSLITERATION:
        key = pattern.sub(repl, key)
    return key


def name_key(name: str) -> tuple[str, ...]:
    """The comparison key of a name: transliteration-normalized tokens, stopwords kept."""
    name = _WEB_DOMAIN.sub("", name)  # "Snopes.com" is Snopes
    return tuple(k for k in (token_key(t) for t in re.split(r"[\s\-]+", name)) if k)


# ---------------------------------------------------------------------------------------------
# Clustering: dictionaries and one union-find, so linear in the number of mentions


def cluster(mentions: list[Mention], *, rules: Rules = Rules(), text: str = "") -> list[Cluster]:
    """Group the mentions of one article into entities. Order of clusters: first appearance.
    `text` is the article's kept text: a business name it never writes without its "'s" keeps it."""
    alias_rules = {name_key(a): c for a, c in rules.aliases.items()}
    groups: dict[tuple[str, ...], Group] = {}
    keys: dict[str, tuple[str, ...]] = {}  # per call: names repeat within an article

    def key_of(text: str) -> tuple[str, ...]:
        if text not in keys:
            keys[text] = name_key(text)
        return keys[text]

    bare = _bare_words(text) if any(m.possessive for m in mentions) else Counter()
    for m in mentions:
        name, titled = strip_title(m.text, m.label)
        if m.possessive and m.label in OWNER_LABELS and not bare[name.split()[-1] if name.split() else name]:
            name = name + m.possessive  # "McDonald's", never named without its "'s"
        titled = titled or ((m.label == "PERSON" or name_shaped(name)) and titled_before(m.before)) \
            or title_before(m.before) in SAFE_TITLES
        canonical = (m.ent_id or alias_rules.get(key_of(name)) or alias_rules.get(key_of(m.text))
                     or office_name(m))
        full = "" if canonical else known_full_name(m)
        key = key_of(canonical or full or name) or key_of(m.text)
        g = groups.get(key)
        if g is None:
            g = groups[key] = Group(key)
        g.names.append(name)
        g.mentions.append(m)
        g.labels[m.label] = g.labels.get(m.label, 0) + 1
        g.titled = g.titled or titled
        if canonical:
            g.rule_name = canonical
        g.full_name = g.full_name or full
    order = list(groups.values())
    uf = join_all(order)
    merged: dict[int, list[Group]] = {}
    for i, g in enumerate(order):
        merged.setdefault(uf.find(i), []).append(g)
    clusters = [_to_cluster(gs) for _, gs in sorted(merged.items(), key=lambda kv: _first(kv[1]))]
    return [c for c in clusters if not _headline_guess(c)]


_WORD_AND_POSSESSIVE = re.compile(r"(\w+)(['’]s\b)?")


def _bare_words(text: str) -> Counter:
    """How often the text writes each word without a possessive after it (one pass: a name is
    "named bare" when its last word is)."""
    return Counter(word for word, possessive in _WORD_AND_POSSESSIVE.findall(text) if not possessive)


def _headline_guess(c: Cluster) -> bool:
    """One word tagged only in the headline: title case misleads NER ("Ferry strike strands...");
    a headline names what the body names, so the body's entity is the one kept."""
    return not c.rule_name and " " not in c.name and all(m.source == HEADLINE for m in c.mentions)


def _first(groups: list[Group]) -> tuple[int, int, int]:
    rank = {HEADLINE: 0, BODY: 1, CAPTION: 2}
    return min((rank.get(m.source, 3), m.block, m.start) for g in groups for m in g.mentions)


def _to_cluster(groups: list[Group]) -> Cluster:
    mentions = sorted((m for g in groups for m in g.mentions), key=lambda m: (m.source != BODY, m.block, m.start))
    rule_name = next((g.rule_name for g in groups if g.rule_name), "")
    full_name = next((g.full_name for g in groups if g.full_name), "")
    name = rule_name or full_name or _canonical_name(groups)
    aliases = [name]
    seen = {name}
    for m in mentions:
        titled_form = _titled_form(m)
        for form in (m.text, titled_form):
            if form and form not in seen:
                seen.add(form)
                aliases.append(form)
    return Cluster(name=name, mentions=mentions, aliases=aliases,
                   titled=any(g.titled for g in groups), rule_name=bool(rule_name))


def _titled_form(m: Mention) -> str:
    """"President Trump" when a surname follows a capitalized title: editors search for it."""
    if " " in m.text.strip() or acronym_letters(m.text):
        return ""
    title = title_before(m.before)
    return f"{title} {m.text}" if title else ""


def _canonical_name(groups: list[Group]) -> str:
    """The longest full form; among equals, the one the body uses, then the most frequent."""
    stats: dict[str, list] = {}
    for g in groups:
        for name, m in zip(g.names, g.mentions):
            s = stats.setdefault(name, [0, 0, (9, 0, 0)])
            s[0] += m.source == BODY
            s[1] += 1
            s[2] = min(s[2], ({HEADLINE: 1, BODY: 0, CAPTION: 2}.get(m.source, 3), m.block, m.start))
    def rank(name: str):
        body, count, first = stats[name]
        words = len(name.split())
        shouting = name.isupper() and name.casefold() in quiet  # "BRUSSELS" of a dateline
        return (not acronym_letters(name), not shouting, words, body > 0, count, len(name),
                tuple(-x for x in first))
    quiet = {n.casefold() for n in stats if not n.isupper()}
    return max(stats, key=rank)
