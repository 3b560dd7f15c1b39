"""Evaluation of cleaning against a gold corpus: body shingle P/R/F1, caption P/R, leak and duplicate rates."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

WORD = re.compile(r"\w+")
SHINGLE = 4
CAPTION_THRESHOLD = 0.8


# --------------------------------------------------------------- body -----
def shingles(text: str) -> Counter:
    """Multiset of 4-word shingles (case kept); a text of 1..3 words is one short shingle."""
    words = WORD.findall(text or "")
    if len(words) < SHINGLE:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def page_counts(gold: str, pred: str) -> tuple[float, float, float]:
    """tp, fp, fn of one page, normalised to sum 1 so every page weighs the same."""
    g, p = shingles(gold), shingles(pred)
    tp, fp, fn = (float(sum(c.values())) for c in (g & p, p - g, g - p))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (tp, fp, fn)


def _ratio(num: float, den: float, perfect: bool) -> float:
    return 1.0 if perfect else (num / den if den else 0.0)


def body_scores(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    """Precision and recall averaged over pages, F1 their harmonic mean."""
    ps = [_ratio(tp, tp + fp, fp == 0 and fn == 0) for tp, fp, fn in counts if tp + fp > 0]
    rs = [_ratio(tp, tp + fn, fp == 0 and fn == 0) for tp, fp, fn in counts if tp + fn > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return {"f1": 2 * p * r / (p + r) if p + r else 0.0, "precision": p, "recall": r}


# ----------------------------------------------------------- captions -----
def lower_tokens(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text or "")]


def token_f1(a: list[str], b: list[str]) -> float:
    common = sum((Counter(a) & Counter(b)).values()) if a and b else 0
    if not common:
        return 0.0
    p, r = common / len(b), common / len(a)
    return 2 * p * r / (p + r)


def caption_pairs(gold: list[str], pred: list[str], threshold: float = CAPTION_THRESHOLD) -> int:
    """One-to-one pairs of gold and predicted captions with token F1 >= threshold, best first."""
    gt, pt = [lower_tokens(g) for g in gold], [lower_tokens(p) for p in pred]
    cands = sorted(((token_f1(g, p), i, j) for i, g in enumerate(gt) for j, p in enumerate(pt)),
                   key=lambda c: (-c[0], c[1], c[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    for f, i, j in cands:
        if f >= threshold and i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    return len(used_g)


def _contains(hay: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return bool(n) and any(hay[i] == needle[0] and hay[i:i + n] == needle for i in range(len(hay) - n + 1))


def _squash(text: str) -> str:
    return " ".join((text or "").split()).lower()


def leaks(items: Iterable[str], body: str, min_tokens: int) -> tuple[int, int]:
    """How many items (of at least min_tokens words) still appear in the body, out of how many."""
    hay, flat = lower_tokens(body), _squash(body)
    leaked = total = 0
    for item in items:
        toks = lower_tokens(item)
        if len(toks) >= min_tokens:
            total += 1
            leaked += _contains(hay, toks) or _squash(item) in flat
    return leaked, total


def duplicate_lines(body: str) -> tuple[int, int]:
    """Body lines of 5+ words that repeat an earlier line, out of all such lines."""
    seen: set[str] = set()
    dup = total = 0
    for line in (body or "").splitlines():
        toks = lower_tokens(line)
        if len(toks) >= 5:
            total += 1
            key = " ".join(toks)
            dup += key in seen
            seen.add(key)
    return dup, total


# -------------------------------------------------------------- corpus ----
def prediction_parts(pred: dict) -> tuple[str, list[str]]:
    """Body text (paragraphs joined by newlines) and caption texts of one prediction."""
    body = pred.get("body") or ""
    if isinstance(body, list):
        body = "\n".join(str(p) for p in body)
    caps = [c.get("text") or "" if isinstance(c, dict) else c for c in pred.get("captions") or []]
    return body, [c for c in caps if isinstance(c, str) and c.strip()]


def score(corpus: list[dict], predictions: dict[str, dict]) -> dict:
    """All figures for predictions keyed by page id; a missing page counts as an empty prediction."""
    counts, tally = [], Counter()
    for rec in corpus:
        body, caps = prediction_parts(predictions.get(rec["id"], {}))
        gold_caps = rec.get("gold_captions") or []
        counts.append(page_counts(rec.get("gold_body") or "", body))
        tally["pairs"] += caption_pairs(gold_caps, caps)
        tally["gold"] += len(gold_caps)
        tally["pred"] += len(caps)
        for name, (a, b) in (("leak", leaks(gold_caps, body, 1)),
                             ("credit_leak", leaks(rec.get("gold_credits") or [], body, 2)),
                             ("dup", duplicate_lines(body))):
            tally[name] += a
            tally[name + "_total"] += b
        tally["missing"] += rec["id"] not in predictions
    div = lambda a, b: a / b if b else None  # noqa: E731
    res = body_scores(counts)
    res.update(pages=len(corpus), missing_predictions=tally["missing"],
               caption_precision=div(tally["pairs"], tally["pred"]),
               caption_recall=div(tally["pairs"], tally["gold"]),
               caption_leak_rate=div(tally["leak"], tally["leak_total"]),
               credit_leak_rate=div(tally["credit_leak"], tally["credit_leak_total"]),
               duplicate_line_rate=div(tally["dup"], tally["dup_total"]),
               gold_captions=tally["gold"], pred_captions=tally["pred"], captions_found=tally["pairs"])
    return res
