"""Evaluation of entities against hand-annotated gold: precision, recall, types, merges, noise, double counts.

Gold of one article (JSON): {"entities": [{"name", "type", "aliases", "mentions"?}], "credits": [...],
"buttons": [...], "ignore"?: [...], "labels"?: [...]}. "labels" limits scoring to those types: a
predicted entity of another type that names no gold entity is left out (neither right nor wrong).
A predicted entity is the `as_dict()` shape of the pipeline's result (name, type, aliases,
mentions, offsets) next to the clean body and captions.

A case read from a corpus page (`{"id", "file"}`, e.g. ../shared/eval/dev.jsonl) also knows the
page's article text (its gold body): a predicted entity that no form of which the article names
is page chrome, counted as such; one named only in the page's captions or headline is left out.
Scoring is pure (standard library); `predict` runs the pipeline, `predict_baseline` plain spaCy.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

GOLD_SUFFIX = ".json"
TEXT_SUFFIX = ".txt"
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


@dataclass(slots=True)
class Case:
    """One annotated article: its paste and its gold."""

    id: str
    text: str
    gold: dict[str, Any]
    title: str = ""
    article: str | None = None  # the page's own article text, when known: what is not chrome
    aside: str = ""  # captions and headline of the page: neither article nor chrome
    html: str | None = None  # the clipboard's HTML that came with the paste, when there is one


@dataclass(slots=True)
class ArticleScore:
    id: str
    counts: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Surface forms


def norm(text: str) -> str:
    return " ".join(str(text).translate(_QUOTES).split()).casefold()


def forms(entity: dict[str, Any]) -> set[str]:
    """Every surface form of an entity, normalized: its name and aliases."""
    return {norm(f) for f in (entity.get("name", ""), *entity.get("aliases", ())) if str(f).strip()}


def _contains(outer: str, inner: str) -> bool:
    return bool(inner) and re.search(rf"(?<!\w){re.escape(inner)}(?!\w)", outer) is not None


def noise_hits(pred: dict[str, Any], noise: Iterable[str], gold_forms: set[str]) -> list[str]:
    """The noise strings (credits, buttons) a predicted entity names, outside the gold's own forms."""
    hits = []
    for n in {norm(x) for x in noise if str(x).strip()}:
        for f in forms(pred) - gold_forms:
            if f == n or _contains(f, n) or _contains(n, f):
                hits.append(n)
                break
    return hits


def kept_occurrences(surface: Iterable[str], texts: Iterable[str]) -> int:
    """How often the kept text names an entity by any of its forms, longest form first, no overlaps."""
    spans: list[tuple[int, int, int]] = []
    for t_index, text in enumerate(texts):
        folded = text.translate(_QUOTES).casefold()
        for f in {norm(s) for s in surface if str(s).strip()}:
            for m in re.finditer(rf"(?<!\w){re.escape(f)}(?!\w)", folded):
                spans.append((t_index, m.start(), m.end()))
    spans.sort(key=lambda s: (s[0], s[1], -s[2]))
    count, last = 0, (-1, -1)
    for t_index, start, end in spans:
        if (t_index, start) >= last or t_index != last[0]:
            count += 1
            last = (t_index, end)
    return count


# ---------------------------------------------------------------------------------------------
# One article


def match(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> dict[int, int]:
    """Predicted index -> gold index, one to one: most shared forms first, then the same name."""
    gold_forms = [forms(g) for g in gold]
    cands = []
    for p, pe in enumerate(pred):
        pf = forms(pe)
        for g, gf in enumerate(gold_forms):
            shared = len(pf & gf)
            if shared:
                cands.append((-shared, norm(pe.get("name", "")) != norm(gold[g]["name"]), p, g))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, _, p, g in sorted(cands):
        if p not in pairs and g not in used:
            pairs[p] = g
            used.add(g)
    return pairs


def _types(g: dict[str, Any]) -> set[str]:
    t = g.get("type", "")
    return set(t) if isinstance(t, list) else {t}


def _names_in(entity: dict[str, Any], text: str) -> bool:
    return any(_contains(text, f) for f in forms(entity))


def _ignored(pf: set[str], ignored: set[str], gold_forms: set[str]) -> bool:
    """Named by an ignored string, or a fragment of one ("Vision Pro" of "Apple Vision Pro"),
    unless it names a gold entity."""
    if pf & ignored:
        return True
    return not pf & gold_forms and any(_contains(i, f) for f in pf for i in ignored)


def _scored(pents: list[dict[str, Any]], gold: dict[str, Any], gold_forms: set[str], ignored: set[str],
            article: str | None, aside: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The predicted entities that count, and those of them that are page chrome."""
    labels = set(gold.get("labels") or ())
    article_text = norm(article) if article is not None else None
    aside_text = norm(aside)
    kept, chrome = [], []
    for p in pents:
        pf = forms(p)
        if _ignored(pf, ignored, gold_forms) or (labels and p.get("type") not in labels and not pf & gold_forms):
            continue
        if article_text is not None and not _names_in(p, article_text):
            if _names_in(p, aside_text):
                continue  # a caption's or the headline's own entity: not annotated, not chrome
            chrome.append(p)
        kept.append(p)
    return kept, chrome


def score_article(case_id: str, gold: dict[str, Any], pred: dict[str, Any], *,
                  article: str | None = None, aside: str = "") -> ArticleScore:
    """Counts of one article. `pred` is the pipeline's result as a dict (entities, body, captions);
    `article` the page's article text when known (see the module's docstring)."""
    out = ArticleScore(case_id)
    c = out.counts
    gents = list(gold.get("entities", []))
    ignored = {norm(x) for x in gold.get("ignore", [])}
    gold_forms = [forms(g) for g in gents]
    all_gold_forms = set().union(*gold_forms) if gold_forms else set()
    pents, chrome = _scored(pred.get("entities", []), gold, all_gold_forms, ignored, article, aside)
    pairs = match(gents, pents)
    c.update(gold=len(gents), predicted=len(pents), correct=len(pairs))
    for p, pe in enumerate(pents):
        if p not in pairs:
            out.errors.append(f"extra entity {pe.get('name')!r} ({pe.get('type')})")
    matched_gold = set(pairs.values())
    for g, ge in enumerate(gents):
        if g not in matched_gold:
            out.errors.append(f"missed {ge['name']!r} ({ge.get('type')})")
    for p, g in pairs.items():
        pe, ge = pents[p], gents[g]
        c["type_correct"] += pe.get("type") in _types(ge)
        c["name_correct"] += pe.get("name") == ge["name"]
        c["alias_forms"] += len(gold_forms[g])
        c["alias_forms_found"] += len(gold_forms[g] & forms(pe))
        if pe.get("type") not in _types(ge):
            out.errors.append(f"type of {ge['name']!r}: {pe.get('type')} (gold {ge.get('type')})")
    # merges: a gold entity is merged right when exactly one predicted entity names it, and that
    # one names no other gold entity
    for g, ge in enumerate(gents):
        touching = [p for p, pe in enumerate(pents) if forms(pe) & gold_forms[g]]
        right = len(touching) == 1 and sum(bool(forms(pents[touching[0]]) & gf) for gf in gold_forms) == 1
        person = "PERSON" in _types(ge)
        multi = len(gold_forms[g]) >= 2
        c["multi_alias"] += multi
        c["multi_alias_merged"] += multi and right
        c["persons"] += person
        c["persons_merged"] += person and right
        if not right and (multi or person) and touching:
            out.errors.append(f"{ge['name']!r} split or over-merged: {[pents[p].get('name') for p in touching]}")
    # credits, buttons and the rest of the page's chrome
    flagged: set[int] = set()
    for kind in ("credits", "buttons"):
        for p, pe in enumerate(pents):
            hits = noise_hits(pe, gold.get(kind, []), all_gold_forms)
            if hits:
                c[kind[:-1] + "_entities"] += 1
                flagged.add(p)
                out.errors.append(f"{kind[:-1]} as entity: {pe.get('name')!r}")
    for p, pe in enumerate(pents):
        if any(pe is ch for ch in chrome):
            c["outside_article"] += 1
            flagged.add(p)
            out.errors.append(f"page chrome as entity (not in the article): {pe.get('name')!r} ({pe.get('type')})")
    c["chrome_entities"] += len(flagged)
    # double counting: more mentions than the gold count, or than the kept text holds
    kept = list(pred.get("body", [])) + [cap.get("text", "") if isinstance(cap, dict) else str(cap)
                                         for cap in pred.get("captions", [])]
    pred_by_gold = {g: pents[p] for p, g in pairs.items()}
    for p, pe in enumerate(pents):
        n = int(pe.get("mentions", 0))
        ge = gents[pairs[p]] if p in pairs else None
        limit = kept_occurrences(forms(pe), kept)
        over_gold = ge is not None and ge.get("mentions") is not None and n > int(ge["mentions"])
        if over_gold or n > limit:
            c["double_counted"] += 1
            out.errors.append(f"{pe.get('name')!r} counted {n} times (gold {ge.get('mentions') if ge else '-'}, "
                              f"kept text {limit})")
    for g, pe in pred_by_gold.items():
        if gents[g].get("mentions") is not None:
            c["counted"] += 1
            c["count_exact"] += int(pe.get("mentions", 0)) == int(gents[g]["mentions"])
    return out


# ---------------------------------------------------------------------------------------------
# A corpus


def _div(a: float, b: float) -> float | None:
    return round(a / b, 4) if b else None


def summarize(scores: list[ArticleScore]) -> dict[str, Any]:
    """Micro-averaged figures over articles; the must-be-zero counts as plain totals."""
    t: Counter = Counter()
    for s in scores:
        t.update(s.counts)
    return {
        "articles": len(scores),
        "gold_entities": t["gold"], "predicted_entities": t["predicted"], "correct": t["correct"],
        "precision": _div(t["correct"], t["predicted"]),
        "recall": _div(t["correct"], t["gold"]),
        "f1": _div(2 * t["correct"], t["predicted"] + t["gold"]),
        # the entity stage alone: what it made of the text the cleaner kept as the article
        "article_precision": _div(t["correct"], t["predicted"] - t["outside_article"]),
        "article_f1": _div(2 * t["correct"], t["predicted"] - t["outside_article"] + t["gold"]),
        "type_accuracy": _div(t["type_correct"], t["correct"]),
        "name_accuracy": _div(t["name_correct"], t["correct"]),
        "alias_recall": _div(t["alias_forms_found"], t["alias_forms"]),
        "multi_alias_entities": t["multi_alias"],
        "multi_alias_merged": _div(t["multi_alias_merged"], t["multi_alias"]),
        "persons": t["persons"], "persons_merged": _div(t["persons_merged"], t["persons"]),
        "credit_entities": t["credit_entities"], "button_entities": t["button_entities"],
        "outside_article_entities": t["outside_article"], "chrome_entities": t["chrome_entities"],
        "double_counted": t["double_counted"],
        "mention_count_exact": _div(t["count_exact"], t["counted"]),
    }


# ---------------------------------------------------------------------------------------------
# Reading cases and running the pipeline


def load_cases(path: str | Path, *, corpus: str | Path | None = None) -> list[Case]:
    """A directory of NAME.txt + NAME.json, one such .txt, or JSON Lines of
    {"id", "text" | "pasted_text" | "text_file" | "file", "title"?, "gold": {...}}: text_file is
    relative to the JSON Lines file; "file" names a corpus file in `corpus` (default
    DEFAULT_CORPUS, relative to the working directory) holding the page `id`, whose pasted_text
    is the paste and whose gold body is the article."""
    path = Path(path)
    if path.is_dir():
        return [_pair(t) for t in sorted(path.glob(f"*{TEXT_SUFFIX}")) if t.with_suffix(GOLD_SUFFIX).exists()]
    if path.suffix == TEXT_SUFFIX:
        return [_pair(path)]
    pages = _CorpusPages(Path(corpus) if corpus else DEFAULT_CORPUS)
    cases = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        rec = json.loads(line)
        key = str(rec.get("id", n))
        if "file" in rec:
            cases.append(pages.case(rec["file"], key, rec["gold"]))
            continue
        text = rec.get("text", rec.get("pasted_text"))
        if text is None:
            text = (path.parent / rec["text_file"]).read_text(encoding="utf-8")
        cases.append(Case(key, text, rec["gold"], rec.get("title") or rec.get("headline") or ""))
    return cases


DEFAULT_CORPUS = Path("..") / "shared" / "eval"


class _CorpusPages:
    """Pages of corpus JSON Lines files ({"id", "pasted_text", "gold_body", ...}), each file read once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, dict[str, dict[str, Any]]] = {}

    def case(self, name: str, key: str, gold: dict[str, Any]) -> Case:
        if name not in self.files:
            lines = (self.root / name).read_text(encoding="utf-8").splitlines()
            self.files[name] = {r["id"]: r for r in map(json.loads, filter(str.strip, lines))}
        page = self.files[name].get(key)
        if page is None:
            raise KeyError(f"page {key} is not in {self.root / name}")
        aside = [*(page.get("gold_captions") or ()), page.get("headline_hint") or "", page.get("gold_headline") or ""]
        # the paste as an editor gives it: no typed title
        return Case(key, page["pasted_text"], gold, "", article=page["gold_body"], aside="\n".join(aside),
                    html=page.get("pasted_html"))


def _pair(text_path: Path) -> Case:
    gold = json.loads(text_path.with_suffix(GOLD_SUFFIX).read_text(encoding="utf-8"))
    return Case(text_path.stem, text_path.read_text(encoding="utf-8"), gold, gold.get("title", ""))


def predict(cases: list[Case], *, nlp, rules=None, with_html: bool = True) -> dict[str, dict[str, Any]]:
    """The pipeline's result for every case, as dicts; an InputError becomes an empty prediction.
    With ``with_html``, a case's clipboard HTML goes along with its paste, as the admin sends it."""
    from ..pipeline import InputError, Rules
    from ..pipeline.enrich import enrich_many

    out: dict[str, dict[str, Any]] = {}
    items = ((c.id, c.text, c.title, c.html if with_html else None) for c in cases)
    for key, result in enrich_many(items, nlp=nlp, rules=rules or Rules()):
        out[key] = {} if isinstance(result, InputError) else result.as_dict()
    return out


def predict_baseline(cases: list[Case], *, nlp) -> dict[str, dict[str, Any]]:
    """Plain spaCy on the whole paste: every distinct entity text of a name type is one entity,
    typed by its most frequent label; no cleaning, no merging, no filters."""
    from ..pipeline.entities.mentions import NUMERIC_LABELS

    out: dict[str, dict[str, Any]] = {}
    with nlp.memory_zone():
        for doc, key in nlp.pipe(((c.text, c.id) for c in cases), as_tuples=True):
            labels: dict[str, Counter] = {}
            for ent in doc.ents:
                if ent.label_ not in NUMERIC_LABELS and ent.text.strip():
                    labels.setdefault(ent.text.strip(), Counter())[ent.label_] += 1
            out[key] = {"body": [doc.text], "captions": [], "entities": [
                {"name": name, "type": c.most_common(1)[0][0], "aliases": [], "mentions": sum(c.values())}
                for name, c in labels.items()]}
    return out


def evaluate(cases: list[Case], predictions: dict[str, dict[str, Any]]) -> dict[str, Any]:
    scores = [score_article(c.id, c.gold, predictions.get(c.id, {}), article=c.article, aside=c.aside)
              for c in cases]
    return {"summary": summarize(scores),
            "articles": [{"id": s.id, **summarize([s]), "errors": s.errors} for s in scores]}
