"""Type voting: one label per entity, from all its mentions and their context."""
from __future__ import annotations

import re
from collections import Counter

from .canonical import Cluster, name_shaped, strip_title
from .mentions import HEADLINE, Mention

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
# A nationality used as a modifier ("Ukrainian officials") that NER took for a place or an
# organisation: the demonym endings, followed by a lowercase word.
DEMONYM = re.compile(r"[A-Z][a-z]+(?:ian|ean|ese|ish)")
_LOWERCASE_NEXT = re.compile(r"^\s+[a-z]")
SOURCE_WEIGHT = {HEADLINE: 0.5}  # headline casing misleads NER; body and captions count 1
PERSON_EVIDENCE_BONUS = 1.0  # plus half the mentions: a first name or a title outweighs stray tags


def mention_vote(m: Mention, *, person_evidence: bool) -> str:
    """The label this mention votes for: its NER label, unless context contradicts it."""
    one_word = " " not in m.text.strip()
    if m.label == "PERSON" and not person_evidence and one_word:
        for pattern, label in NOT_A_PERSON_BEFORE:
            if pattern.search(m.before[-20:]):
                return label
    if m.label != "PERSON" and person_evidence and name_shaped(strip_title(m.text, "PERSON")[0]):
        return "PERSON"  # "union leader Maksim Orlov" tagged ORG: a titled full name is a person
    if m.label in ("GPE", "ORG", "LOC") and one_word and DEMONYM.fullmatch(m.text.strip()) \
            and _LOWERCASE_NEXT.match(m.after):
        return "NORP"
    return m.label


def has_person_evidence(c: Cluster) -> bool:
    """Ever seen with a title, or as a PERSON with a first name ("Mike Pompeo")."""
    if c.titled:
        return True
    for m in c.mentions:
        if m.label == "PERSON":
            name, _ = strip_title(m.text, m.label)
            words = name.split()
            if len(words) >= 2 and all(w[:1].isupper() for w in words):
                return True
    return False


def vote(c: Cluster, *, types: dict[str, str] | None = None) -> str:
    """The entity's label. Editors' type rules win; then a weighted majority with priors."""
    if types:
        for name in (c.name, *c.aliases):
            if name in types:
                return types[name]
    evidence = has_person_evidence(c)
    scores: Counter[str] = Counter()
    for m in c.mentions:
        scores[mention_vote(m, person_evidence=evidence)] += SOURCE_WEIGHT.get(m.source, 1.0)
    if evidence:
        scores["PERSON"] += PERSON_EVIDENCE_BONUS + 0.5 * len(c.mentions)
    canonical_labels = Counter(m.label for m in c.mentions if m.text == c.name)
    return max(scores, key=lambda label: (scores[label], canonical_labels[label], -_priority(label)))


def _priority(label: str) -> int:
    return LABEL_PRIORITY.index(label) if label in LABEL_PRIORITY else len(LABEL_PRIORITY)
