"""Joining the name groups of one article: the ways news names one person, body or place again.

A group is every mention with one comparison key ("Sergei Lavrov" and "Sergey Lavrov" already
share one). The rules below join groups that are one thing, each a general pattern of news
writing, each through dictionaries so an article costs linear time:

- a surname, a multi-word surname or a first name joins the one person it ends or starts
  ("Lavrov", "Van Der Beek", "Murray-Bruce", "Serena");
- an acronym joins the name whose initials it spells, with or without "of" ("DOH"), or the
  name it follows in brackets ("Nikkei 225 (N225)");
- a short form of an organisation or place joins its long form when what the long form adds
  is a designator ("Carlyle" / "Carlyle Group", "Inner Mongolia Autonomous Region"), a
  country ("US Congress" / "Congress") or initials ("W.M. Keck Observatory");
- a plural nationality joins its singular ("African Americans" / "African American");
- a one-word short form joins the one organisation whose name ends with it, as a team's
  nickname does ("Eagles" / "Philadelphia Eagles"); the city joins the team only where that
  city's mentions sit among words of a game ("beat", "season", "coach").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .mentions import Mention

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
STOPWORDS = frozenset({"of", "the", "and", "for", "de", "du", "la", "le", "von", "van", "der", "&"})
ACRONYM = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]{2,6}|[A-Z]-?\d{1,3}|[A-Z][A-Z0-9&]{1,7}")

# Words a name adds to say what kind of body or place it is: "Carlyle Group" is Carlyle.
DESIGNATORS = frozenset({
    "group", "inc", "corp", "corporation", "co", "company", "holdings", "ltd", "llc", "plc", "ag",
    "news", "autonomous", "region", "province", "county", "state", "city", "district",
})
# Country short forms that open an organisation's name: "US Congress" is Congress.
COUNTRY_PREFIXES = frozenset({"us", "usa", "uk", "eu", "un"})
# Words of a game around a city that stands for its team ("Philadelphia beat Dallas").
SPORTS_CONTEXT = re.compile(
    r"\b(?:beat|beats|beaten|defeat(?:ed|s)?|lost to|los(?:e|es|ing) to|win over|victory over|game|games|"
    r"season|coach|quarterback|playoffs?|touchdowns?|innings|goals?|league|match|fans|scored?|"
    r"draft|roster|home field|kickoff|halftime|series|standings)\b",
    re.I,
)
TEAM_LABELS = frozenset({"ORG", "FAC"})  # NER tags a team as a body or as its stadium
_BRACKETED = re.compile(r"^\s*\(\s*([A-Z][A-Za-z0-9.&-]{1,9})\s*\)")


@dataclass(slots=True)
class Group:
    """Mentions of one comparison key, with what the joins need to know of them."""

    key: tuple[str, ...]
    names: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    labels: dict[str, int] = field(default_factory=dict)
    titled: bool = False
    rule_name: str = ""
    full_name: str = ""  # from KNOWN_FULL_NAMES

    def majority(self) -> str:
        return max(self.labels, key=self.labels.get) if self.labels else ""

    def personish(self) -> bool:
        return self.labels.get("PERSON", 0) > 0 or self.titled


class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, keep: int, other: int) -> None:
        a, b = self.find(keep), self.find(other)
        if a != b:
            self.parent[b] = a


def acronym_letters(name: str) -> str:
    """"U.S." -> "US", "G-20" -> "G20", "DOH" -> "DOH"; "" when the name is not an acronym."""
    name = name.strip()
    if not ACRONYM.fullmatch(name) or (name.isalpha() and not name.isupper()):
        return ""
    return re.sub(r"[^A-Z0-9&]", "", name).replace("&", "")


def initials(name: str, *, keep_stopwords: bool = False) -> str:
    """"United States" -> "US", "Group of 20" -> "G20", "Department of Health" -> "DH" (or "DOH")."""
    parts = [p for p in re.split(r"[\s\-]+", name) if p and (keep_stopwords or p.lower() not in STOPWORDS)]
    if len(parts) < 2:
        return ""
    return "".join(p if p.isdigit() else p[0].upper() for p in parts if p[0].isalnum())


def join_all(order: list[Group]) -> UnionFind:
    """Every join rule over the groups of one article (in first-appearance order)."""
    index = {id(g): i for i, g in enumerate(order)}
    uf = UnionFind(len(order))

    def union(a: Group, b: Group) -> None:
        uf.union(index[id(a)], index[id(b)])

    join_short_forms(order, union)
    join_acronyms(order, union)
    join_designated(order, union)
    join_plurals(order, union)
    join_teams(order, union)
    return uf


def _unique_best(candidates: list[Group]) -> Group | None:
    """The candidate with the most mentions, when no other has as many."""
    if not candidates:
        return None
    best = max(candidates, key=lambda c: len(c.mentions))
    return best if sum(len(c.mentions) == len(best.mentions) for c in candidates) == 1 else None


def _a_place_every_time(g: Group) -> bool:
    """"Washington" the city, named as a place at least twice and never with a title."""
    place = sum(v for k, v in g.labels.items() if k in PLACE_LABELS)
    return place == len(g.mentions) and place >= 2 and not g.titled


def join_short_forms(order: list[Group], union) -> None:
    """A surname ("Lavrov", "Van Der Beek", "Murray-Bruce") or a first name ("Serena") joins the
    one person whose full name ends or starts with it; "Donald J. Trump" joins "Donald Trump"."""
    by_tail: dict[tuple[str, ...], list[Group]] = {}
    by_first: dict[str, list[Group]] = {}
    by_ends: dict[tuple[str, str], Group] = {}
    for g in order:
        if len(g.key) >= 2 and g.personish() and not acronym_letters(g.names[0]):
            for k in range(1, len(g.key)):
                by_tail.setdefault(g.key[k:], []).append(g)
            by_first.setdefault(g.key[0], []).append(g)
            first = by_ends.setdefault((g.key[0], g.key[-1]), g)
            if first is not g:
                union(first, g)
    for g in order:
        if g.rule_name or _a_place_every_time(g):
            continue
        tails = [c for c in by_tail.get(g.key, []) if c is not g]
        best = _unique_best(tails)
        if best is None and not tails and len(g.key) == 1:
            best = _unique_best([c for c in by_first.get(g.key[0], []) if c is not g])
        if best is not None:
            union(best, g)


def join_acronyms(order: list[Group], union) -> None:
    """"U.S." joins "United States", "G-20" "Group of 20", "DOH" "Department of Health", and an
    acronym joins the name it follows in brackets (not for people)."""
    by_initials: dict[str, Group] = {}
    defined: dict[str, Group] = {}
    for g in order:
        if g.labels.get("PERSON", 0) < len(g.mentions):
            longest = max(g.names, key=len)
            for keep in (False, True):
                ini = initials(longest, keep_stopwords=keep)
                if ini:
                    by_initials.setdefault(ini, g)
        for m in g.mentions:
            bracket = _BRACKETED.match(m.after)
            if bracket and " " in m.text.strip():
                defined.setdefault(acronym_letters(bracket.group(1)) or bracket.group(1), g)
    for g in order:
        letters = acronym_letters(g.names[0])
        if not letters:
            continue
        full = defined.get(letters) or by_initials.get(letters)
        if full is not None and full is not g:
            union(full, g)


def join_designated(order: list[Group], union) -> None:
    """"Carlyle" joins "Carlyle Group", "Congress" joins "US Congress", "Keck Observatory"
    joins "W.M. Keck Observatory": one candidate only, never for people."""
    by_core: dict[tuple[str, ...], list[Group]] = {}
    for g in order:
        if g.personish() or len(g.key) < 2:
            continue
        for core in _cores(g.key, g.names[0]):
            by_core.setdefault(core, []).append(g)
    for g in order:
        if g.personish() and g.majority() == "PERSON" and len(g.key) >= 2:
            continue  # a person's full name; a lone word NER called a person may ("Carlyle")
        candidates = [c for c in by_core.get(g.key, []) if c is not g]
        if len(candidates) == 1:
            union(candidates[0], g)


def _cores(key: tuple[str, ...], name: str) -> list[tuple[str, ...]]:
    """The shorter keys a long name stands for: without its designators or its opening country
    or initials."""
    cores = []
    end = len(key)
    while end > 1 and key[end - 1] in DESIGNATORS:
        end -= 1
        cores.append(key[:end])
    first = name.split()[0] if name.split() else ""
    if key[0] in COUNTRY_PREFIXES or re.fullmatch(r"(?:[A-Z]\.){1,3}", first):
        cores.append(key[1:])
    return cores


def join_plurals(order: list[Group], union) -> None:
    """"Americans" joins "American": a nationality named in the plural (NORP only)."""
    by_key = {g.key: g for g in order if g.majority() == "NORP"}
    for g in order:
        if g.majority() == "NORP" and g.key and g.key[-1].endswith("s") and len(g.key[-1]) > 3:
            singular = by_key.get(g.key[:-1] + (g.key[-1][:-1],))
            if singular is not None and singular is not g:
                union(singular, g)


def join_teams(order: list[Group], union) -> None:
    """"Eagles" joins "Philadelphia Eagles"; "Philadelphia" joins it only when most of its
    mentions sit among words of a game, and only one team bears that city's name."""
    by_city: dict[tuple[str, ...], list[Group]] = {}
    by_nickname: dict[tuple[str, ...], list[Group]] = {}
    for g in order:
        if g.majority() in TEAM_LABELS and len(g.key) >= 2:
            by_city.setdefault(g.key[:-1], []).append(g)
            by_nickname.setdefault(g.key[-1:], []).append(g)
    for g in order:
        if len(g.key) != 1 or g.personish() or g.rule_name:
            continue
        teams = by_nickname.get(g.key, [])
        if len(teams) == 1 and teams[0] is not g and g.majority() not in PLACE_LABELS:
            union(teams[0], g)
            continue
        teams = by_city.get(g.key, [])
        if len(teams) == 1 and teams[0] is not g and _sports_context(g.mentions):
            union(teams[0], g)


def _sports_context(mentions: list[Mention]) -> bool:
    hits = sum(bool(SPORTS_CONTEXT.search(m.before + " " + m.after)) for m in mentions)
    return hits * 2 > len(mentions)
