"""Cleaning: a paste in; headline, byline, dateline, body, captions and everything removed (with why) out."""
from __future__ import annotations

from .boilerplate import DEFAULT_MATCHER, Matcher
from .classify import BODY, BOILERPLATE, BYLINE, CAPTION, CREDIT, DATELINE, HEADLINE, Label, classify, dateline_prefix
from .dedup import find_duplicates, key
from .html import looks_like_html, parse_html
from .normalize import normalize
from .segment import segment
from .types import Caption, CleanResult, InputError, Options, Removal


def check_input(text: str, *, options: Options) -> None:
    """Refuse what cannot be cleaned, with a message an editor understands."""
    if not isinstance(text, str):
        raise InputError("The text must be a string.")
    if not text or not text.strip():
        raise InputError("The text is empty.")
    if len(text) > options.max_chars:
        raise InputError(f"The text has {len(text):,} characters; the limit is {options.max_chars:,}.")


def clean(text: str, *, title: str = "", options: Options = Options()) -> CleanResult:
    """Clean one paste (plain text or HTML). `title` is the headline the editor typed, if any."""
    check_input(text, options=options)
    hints: frozenset[str] = frozenset()
    if looks_like_html(text):
        page = parse_html(text)
        text, hints, title = page.text, page.captions, title or page.h1
    blocks = segment(normalize(text))
    if not blocks:
        raise InputError("The text has no visible characters.")
    matcher = Matcher(tuple(options.extra_boilerplate)) if options.extra_boilerplate else DEFAULT_MATCHER
    labels = classify(blocks, title=normalize(title or "").strip(), matcher=matcher, caption_hints=hints)
    return _assemble(labels, _duplicates(labels))


def _duplicates(labels: list[Label]) -> dict[int, int]:
    """Repeat index -> kept index, among body paragraphs and among captions."""
    found: dict[int, int] = {}
    for kind in (BODY, CAPTION):
        items = [(i, lab.text) for i, lab in enumerate(labels) if lab.kind == kind]
        found.update((d.index, d.original) for d in find_duplicates(items))
    return found


def _assemble(labels: list[Label], dups: dict[int, int]) -> CleanResult:
    groups: dict[int, list[int]] = {}
    for index, orig in dups.items():
        groups.setdefault(orig, []).append(index)
    shown: dict[int, str] = {}      # kept index -> the most complete text of its group
    given: dict[int, str] = {}      # repeat index -> the text it hands back to the removed list
    for orig, members in groups.items():
        texts = [labels[i].text for i in [orig, *members]]
        best = max(range(len(texts)), key=lambda t: (len(key(texts[t])), -t))  # most words, then first
        shown[orig] = texts[best]
        rest = texts[:best] + texts[best + 1:]
        for index, t in zip(members, rest):
            given[index] = t

    out = {"headline": "", "byline": "", "dateline": ""}
    body: list[str] = []
    captions: dict[int, dict] = {}
    removed: list[Removal] = []

    def credit_to(target: int, credit, source_text: str) -> None:
        cap = captions.get(target)
        if cap is not None and not cap["credit"]:
            cap.update(credit=credit.text, photographer=credit.photographer, agency=credit.agency)
        else:
            removed.append(Removal(source_text, "credit" if cap is None else "duplicate_credit",
                                   cap["credit"] if cap else ""))

    for i, lab in enumerate(labels):
        if lab.kind in (HEADLINE, BYLINE, DATELINE):
            out[lab.kind] = lab.text
        elif lab.kind == BOILERPLATE:
            removed.append(Removal(lab.text, "boilerplate", rule=lab.rule))
        elif i in dups:
            orig = dups[i]
            reason = "duplicate_caption" if lab.kind == CAPTION else "duplicate_paragraph"
            removed.append(Removal(given[i], reason, shown[orig]))
            if lab.glue:
                removed.append(Removal(lab.glue, "boilerplate", rule="caption_button"))
            if lab.credit is not None:
                credit_to(orig, lab.credit, lab.credit.text)
        elif lab.kind == BODY:
            body.append(shown.get(i, lab.text))
        elif lab.kind == CAPTION:
            c = lab.credit
            captions[i] = {"text": shown.get(i, lab.text), "credit": c.text if c else "",
                           "photographer": c.photographer if c else "", "agency": c.agency if c else ""}
            if lab.glue:
                removed.append(Removal(lab.glue, "boilerplate", rule="caption_button"))
        elif lab.kind == CREDIT:
            pass  # attached after all captions exist (a credit line may precede its caption)
    for i, lab in enumerate(labels):
        if lab.kind == CREDIT and i not in dups:
            target = dups.get(lab.credit_of, lab.credit_of)
            credit_to(target, lab.credit, lab.text) if target >= 0 else \
                removed.append(Removal(lab.text, "credit", rule="no_caption"))
    dateline, in_body = out["dateline"], False
    if not dateline and body:
        dateline = dateline_prefix(body[0])
        in_body = bool(dateline)
    return CleanResult(
        body=body, headline=out["headline"], byline=out["byline"], dateline=dateline,
        captions=[Caption(**captions[i]) for i in sorted(captions)], removed=removed,
        dateline_in_body=in_body)
