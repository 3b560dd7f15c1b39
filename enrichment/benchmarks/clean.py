"""Cleaning throughput: words/s on a corpus next to spaCy NER, and the time of 0.5-5 MB pastes."""
from __future__ import annotations

import html as html_escape
import json
import re
import time

from ..pipeline import Options, clean

_WORD = re.compile(r"\w+")


def load_texts(corpus: str | None) -> list[str]:
    """Texts of a JSON Lines corpus (text or pasted_text), or generated article pastes."""
    return [text for text, _ in load_pastes(corpus)]


def load_pastes(corpus: str | None) -> list[tuple[str, str]]:
    """(plain text, HTML) of each paste: the corpus' pasted_html (or html), or markup made from the text."""
    if corpus is None:
        from .texts import generate
        return [(t, as_html(t)) for t in generate(200)]
    with open(corpus, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    pastes = []
    for r in rows:
        text = r.get("pasted_text") or r.get("text") or ""
        if text:
            pastes.append((text, r.get("pasted_html") or r.get("html") or as_html(text)))
    return pastes


def as_html(text: str) -> str:
    """A clipboard-like HTML for a plain text: one <p> a line, inside an <article>."""
    return "<article>" + "".join(f"<p>{html_escape.escape(line)}</p>" for line in text.splitlines()) + "</article>"


def html_cleaning_rate(pastes: list[tuple[str, str]]) -> float:
    """Words per second (of the plain text) of `clean` given the HTML too."""
    words = sum(len(_WORD.findall(t)) for t, _ in pastes)
    return words / _best_seconds(lambda: [clean(text, html=html) for text, html in pastes])


# Each rate is the best of this many runs, in CPU seconds of this process: on a shared machine wall time
# measures the neighbours too. Cleaning and NER (nlp.pipe, one process) are timed the same way.
REPEATS = 3


def _best_seconds(run, repeats: int = REPEATS) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return max(best, 1e-9)


def cleaning_rate(texts: list[str]) -> tuple[float, int]:
    """Words per second of `clean` over the texts, and their word count."""
    words = sum(len(_WORD.findall(t)) for t in texts)
    return words / _best_seconds(lambda: [clean(t) for t in texts]), words


def ner_rate(texts: list[str], model: str) -> float:
    """Words per second of spaCy NER (nlp.pipe) over the same texts."""
    from ..pipeline.nlp import load_nlp

    nlp = load_nlp(model)
    nlp.max_length = max(nlp.max_length, max(map(len, texts)) + 1)
    words = sum(len(_WORD.findall(t)) for t in texts)
    return words / _best_seconds(lambda: [None for _ in nlp.pipe(texts, batch_size=16)])


def big_paste(texts: list[str], size_bytes: int) -> str:
    """A paste of about `size_bytes`: the texts concatenated and repeated (repeats exercise dedup)."""
    joined = "\n\n".join(texts)
    reps = size_bytes // max(len(joined.encode("utf-8")), 1) + 1
    return ("\n\n".join([joined] * reps)).encode("utf-8")[:size_bytes].decode("utf-8", "ignore")


def size_times(texts: list[str], sizes_mb: tuple[float, ...]) -> list[tuple[float, float]]:
    """(MB, seconds) for cleaning one paste of each size."""
    out = []
    for mb in sizes_mb:
        paste = big_paste(texts, int(mb * 1_000_000))
        start = time.perf_counter()
        clean(paste, options=Options(max_chars=len(paste) + 1))
        out.append((mb, time.perf_counter() - start))
    return out


def run(corpus: str | None, *, model: str | None, sizes_mb: tuple[float, ...] = (0.5, 1, 2, 5)) -> str:
    """The benchmark report as text."""
    pastes = load_pastes(corpus)
    texts = [t for t, _ in pastes]
    rate, words = cleaning_rate(texts)
    html_rate = html_cleaning_rate(pastes)
    lines = [f"texts: {len(texts)}, words: {words:,}", f"cleaning: {rate:,.0f} words/s",
             f"cleaning from HTML (text + text/html): {html_rate:,.0f} words/s"]
    if model:
        ner = ner_rate(texts, model)
        lines.append(f"spaCy NER ({model}, nlp.pipe): {ner:,.0f} words/s -> cleaning is {rate / ner:,.1f}x faster, "
                     f"cleaning from HTML {html_rate / ner:,.1f}x faster")
    times = size_times(texts, sizes_mb)
    base_mb, base_s = times[0] if times else (1, 1)
    for mb, s in times:
        lines.append(f"paste {mb:>4} MB: {s:6.2f} s  ({s / base_s * base_mb / mb:4.2f}x the per-MB time of "
                     f"{base_mb} MB)")
    return "\n".join(lines)
