"""Editors' rules as a spaCy component before "ner": aliases and types win over the model."""
from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from typing import Any

from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

from ..types import Rules

RULER_NAME = "newsroom_rules"
COMPILED_CACHE_SIZE = 8


def fingerprint(rules: Rules) -> str:
    """Stable id of a rule set: same rules, same compiled ruler."""
    return hashlib.sha1(json.dumps(rules.as_dict(), sort_keys=True).encode()).hexdigest()


def compile_patterns(rules: Rules) -> list[dict[str, Any]]:
    """Phrase patterns with canonical names as ids.

    types: "Twitter" -> ORG becomes a pattern labelled ORG. aliases: "Sergey Lavrov" ->
    "Sergei Lavrov" becomes a pattern with id "Sergei Lavrov", labelled with the canonical
    name's type rule when there is one. An alias whose type nobody gave is left to NER and
    joined after it (canonical.cluster reads `rules.aliases` too), so the ruler never guesses.
    """
    patterns: list[dict[str, Any]] = []
    for name, label in sorted(rules.types.items()):
        if name not in rules.not_entities:
            patterns.append({"label": label, "pattern": name, "id": rules.aliases.get(name, name)})
    for alias, canonical in sorted(rules.aliases.items()):
        label = rules.types.get(canonical) or rules.types.get(alias)
        if label and alias not in rules.types and alias not in rules.not_entities:
            patterns.append({"label": label, "pattern": alias, "id": canonical})
    return patterns


class NewsroomRules:
    """Our own component: a wrapped entity ruler whose patterns follow the current Rules.

    `set_rules` swaps in a ruler compiled for those rules (kept in a small cache by
    fingerprint), so a rule change needs no model reload and alternating rule sets do not
    recompile. The span ruler can replace the wrapped ruler without callers noticing.
    """

    def __init__(self, nlp: Language, name: str = RULER_NAME) -> None:
        self.nlp = nlp
        self.name = name
        self.fingerprint = fingerprint(Rules())
        self._ruler: EntityRuler | None = None
        self._compiled: OrderedDict[str, EntityRuler | None] = OrderedDict()

    def set_rules(self, rules: Rules) -> None:
        fp = fingerprint(rules)
        if fp == self.fingerprint:
            return
        if fp not in self._compiled:
            self._compiled[fp] = self._compile(rules)
            while len(self._compiled) > COMPILED_CACHE_SIZE:
                self._compiled.popitem(last=False)
        self._compiled.move_to_end(fp)
        self._ruler, self.fingerprint = self._compiled[fp], fp

    def _compile(self, rules: Rules) -> EntityRuler | None:
        patterns = compile_patterns(rules)
        if not patterns:
            return None
        ruler = EntityRuler(self.nlp, name=f"{self.name}_ruler", overwrite_ents=True)
        ruler.add_patterns(patterns)
        return ruler

    @property
    def patterns(self) -> list[dict[str, Any]]:
        return list(self._ruler.patterns) if self._ruler is not None else []

    def __call__(self, doc: Doc) -> Doc:
        return self._ruler(doc) if self._ruler is not None else doc


@Language.factory(RULER_NAME, assigns=["doc.ents", "token.ent_type", "token.ent_iob", "token.ent_id"])
def make_newsroom_rules(nlp: Language, name: str) -> NewsroomRules:
    return NewsroomRules(nlp, name)


def apply_rules(nlp: Language, rules: Rules) -> None:
    """Make `nlp` follow `rules`: adds our component before "ner" the first time it matters.

    Call it outside `nlp.memory_zone()`: compiling adds labels and ids to the shared strings.
    """
    if RULER_NAME not in nlp.pipe_names:
        if not rules:
            return
        where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
        nlp.add_pipe(RULER_NAME, **where)
    nlp.get_pipe(RULER_NAME).set_rules(rules)
