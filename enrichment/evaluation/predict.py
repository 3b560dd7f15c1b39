"""Predictions to score: our cleaning from the plain text or with its HTML, and trafilatura on the same input."""
from __future__ import annotations

import html as html_escape

SOURCES = ("text", "html")
TEXT_KEYS = ("pasted_text", "text")
HTML_KEYS = ("pasted_html", "html")


def field(rec: dict, keys: tuple[str, ...]) -> str:
    return next((rec[k] for k in keys if isinstance(rec.get(k), str) and rec[k]), "")


def has_html(corpus: list[dict]) -> bool:
    return any(field(rec, HTML_KEYS) for rec in corpus)


def ours(corpus: list[dict], *, source: str, use_title: bool = True) -> dict[str, dict]:
    """Our cleaning of every page: from the plain text alone, or from the plain text with its HTML."""
    from ..pipeline import InputError, clean

    preds: dict[str, dict] = {}
    for rec in corpus:
        title = rec.get("title") or rec.get("headline_hint") or "" if use_title else ""
        html = field(rec, HTML_KEYS) if source == "html" else None
        try:
            result = clean(field(rec, TEXT_KEYS), title=title, html=html or None)
        except InputError:
            continue
        preds[rec["id"]] = {"id": rec["id"], "body": result.body,
                            "captions": [{"text": c.text} for c in result.captions]}
    return preds


def trafilatura_available() -> bool:
    try:
        import trafilatura  # noqa: F401  (an optional benchmark dependency)
    except ImportError:
        return False
    return True


def trafilatura(corpus: list[dict], *, source: str) -> dict[str, dict]:
    """trafilatura's extraction (defaults) on the same input: the HTML, or the plain text as one <p> a line."""
    import trafilatura as t

    preds: dict[str, dict] = {}
    for rec in corpus:
        if source == "html":
            page = field(rec, HTML_KEYS)
        else:
            page = "".join(f"<p>{html_escape.escape(line)}</p>" for line in field(rec, TEXT_KEYS).splitlines())
            page = f"<html><body>{page}</body></html>"
        body = t.extract(page) if page.strip() else None
        preds[rec["id"]] = {"id": rec["id"], "body": body or "", "captions": []}
    return preds
