"""Cleaning: a paste in; headline, byline, dateline, body, captions and everything removed (with why) out."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..types import Caption, CleanResult, InputError, Options, Reason, Removal
from .boilerplate import DEFAULT_MATCHER, Matcher
from .classify import BODY, BOILERPLATE, BYLINE, CAPTION, CREDIT, DATELINE, HEADLINE, Label, classify, dateline_prefix
from .dedup import find_duplicates, key
from .from_html import html_labels
from .html import looks_like_html, parse_html
from .normalize import normalize
from .segment import segment

# The clipboard's HTML carries inline styles and attributes: many times the text's size. Larger HTML is
# ignored (the plain text is cleaned alone), so a hostile clipboard cannot make a run arbitrarily long.
HTML_SIZE_FACTOR = 20


def check_input(text: str, *, options: Options) -> None:
    """Refuse what cannot be cleaned, with a message an editor understands."""
    if not isinstance(text, str):
        raise InputError("The text must be a string.", "not_a_string")
    if not text or not text.strip():
        raise InputError("The text is empty.", "empty_text")
    if len(text) > options.max_chars:
        raise InputError(f"The text has {len(text):,} characters; the limit is {options.max_chars:,}.",
                         "text_too_long", length=len(text), limit=options.max_chars)


def clean(text: str, *, title: str = "", html: str | None = None, options: Options = Options()) -> CleanResult:
    """Clean one paste (plain text or HTML). `title` is the headline the editor typed, if any; `html`
    is the clipboard's text/html that came with the plain text `text`: its markup gives the lines' roles."""
    check_input(text, options=options)
    html = html if html and html.strip() and len(html) <= options.max_chars * HTML_SIZE_FACTOR else None
    hints: frozenset[str] = frozenset()
    if html is None and looks_like_html(text):
        page = parse_html(text)
        text, hints, title = page.text, page.captions, title or page.h1
    blocks = segment(normalize(text))
    if not blocks:
        raise InputError("The text has no visible characters.", "no_visible_text")
    matcher = Matcher(tuple(options.extra_boilerplate)) if options.extra_boilerplate else DEFAULT_MATCHER
    title = normalize(title or "").strip()
    if html is not None:
        labels = html_labels(blocks, html, matcher=matcher, title=title,
                             fallback=lambda part: classify(part, title=title, matcher=matcher))
    else:
        labels = classify(blocks, title=title, matcher=matcher, caption_hints=hints)
    return replace(_assemble(labels, _duplicates(labels)), warnings=matcher.warnings())


def paste_lines(text: str) -> list[str]:
    """The paste's lines as cleaning sees them (HTML made text, normalized, stripped): what its
    body paragraphs and removed items are made of."""
    if looks_like_html(text):
        text = parse_html(text).text
    return [block.text for block in segment(normalize(text))]


def _duplicates(labels: list[Label]) -> dict[int, int]:
    """Repeat index -> kept index, among body paragraphs and among captions."""
    found: dict[int, int] = {}
    for kind in (BODY, CAPTION):
        items = [(i, lab.text) for i, lab in enumerate(labels) if lab.kind == kind]
        found.update((d.index, d.original) for d in find_duplicates(items))
    return found


def _assemble(labels: list[Label], dups: dict[int, int]) -> CleanResult:
    shown, given = _representatives(labels, dups)
    parts = _Parts()
    for i, lab in enumerate(labels):
        parts.add(i, lab, dups=dups, shown=shown, given=given)
    # A credit line may precede its caption: credits are attached once all captions exist.
    for i, lab in enumerate(labels):
        if lab.kind == CREDIT and i not in dups:
            parts.attach_credit_line(lab, target=dups.get(lab.credit_of, lab.credit_of))
    return parts.result()


def _representatives(labels: list[Label], dups: dict[int, int]) -> tuple[dict[int, str], dict[int, str]]:
    """For each group of repeats: the text shown at the first position (the most complete
    one), and the text each repeat hands back to the removed list."""
    groups: dict[int, list[int]] = {}
    for index, orig in dups.items():
        groups.setdefault(orig, []).append(index)
    shown: dict[int, str] = {}
    given: dict[int, str] = {}
    for orig, members in groups.items():
        texts = [labels[i].text for i in [orig, *members]]
        best = max(range(len(texts)), key=lambda t: (len(key(texts[t])), -t))  # most words, then first
        shown[orig] = texts[best]
        given.update(zip(members, texts[:best] + texts[best + 1:]))
    return shown, given


@dataclass
class _Parts:
    """The result being assembled, label by label."""

    fields: dict[str, str] = field(default_factory=lambda: {HEADLINE: "", BYLINE: "", DATELINE: ""})
    body: list[str] = field(default_factory=list)
    captions: dict[int, dict] = field(default_factory=dict)
    removed: list[Removal] = field(default_factory=list)

    def add(self, i: int, lab: Label, *, dups: dict[int, int], shown: dict[int, str], given: dict[int, str]) -> None:
        if lab.kind in self.fields:
            self.fields[lab.kind] = lab.text
        elif lab.kind == BOILERPLATE:
            self.removed.append(Removal(lab.text, Reason.BOILERPLATE, rule=lab.rule))
        elif i in dups:
            self.add_repeat(lab, given[i], kept=dups[i], kept_text=shown[dups[i]])
        elif lab.kind == BODY:
            self.body.append(shown.get(i, lab.text))
        elif lab.kind == CAPTION:
            self.captions[i] = {"text": shown.get(i, lab.text), **_credit_fields(lab.credit)}
            self.remove_glue(lab)

    def add_repeat(self, lab: Label, text: str, *, kept: int, kept_text: str) -> None:
        reason = Reason.DUPLICATE_CAPTION if lab.kind == CAPTION else Reason.DUPLICATE_PARAGRAPH
        self.removed.append(Removal(text, reason, kept_text))
        self.remove_glue(lab)
        if lab.credit is not None:
            self.credit_to(kept, lab.credit, lab.credit.text)

    def remove_glue(self, lab: Label) -> None:
        if lab.glue:  # "Read more" and the like, glued to a caption
            self.removed.append(Removal(lab.glue, Reason.BOILERPLATE, rule="caption_button"))

    def attach_credit_line(self, lab: Label, *, target: int) -> None:
        if target >= 0:
            self.credit_to(target, lab.credit, lab.text)
        else:
            self.removed.append(Removal(lab.text, Reason.CREDIT, rule="no_caption"))

    def credit_to(self, target: int, credit, source_text: str) -> None:
        """A caption takes its first credit; any other credit is listed as removed."""
        cap = self.captions.get(target)
        if cap is not None and not cap["credit"]:
            cap.update(_credit_fields(credit))
        else:
            self.removed.append(Removal(source_text, Reason.CREDIT if cap is None else Reason.DUPLICATE_CREDIT,
                                        cap["credit"] if cap else ""))

    def result(self) -> CleanResult:
        dateline, in_body = self.fields[DATELINE], False
        if not dateline and self.body:
            dateline = dateline_prefix(self.body[0])
            in_body = bool(dateline)
        return CleanResult(
            body=self.body, headline=self.fields[HEADLINE], byline=self.fields[BYLINE], dateline=dateline,
            captions=[Caption(**self.captions[i]) for i in sorted(self.captions)], removed=self.removed,
            dateline_in_body=in_body)


def _credit_fields(credit) -> dict[str, str]:
    if credit is None:
        return {"credit": "", "photographer": "", "agency": ""}
    return {"credit": credit.text, "photographer": credit.photographer, "agency": credit.agency}
