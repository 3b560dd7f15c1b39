"""Fuzz: generated pastes never crash, hang or produce something that cannot be stored.

Each paste either cleans (plain, JSON-ready data) or is refused with InputError; nothing else.
2 000 through clean(), 1 000 through enrich() on a blank pipeline (the ruler, the mention code,
canonicalization, language), and a few through the trained model.
"""
from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enrichment.pipeline import InputError, Options, Rules, clean
from enrichment.pipeline.cleaning.normalize import normalize
from enrichment.pipeline.cleaning.segment import segment
from enrichment.pipeline.enrich import enrich

FRAGMENTS = [
    "Skip to content", "Read more", "Advertisement", "Share this article", "Photo: Jane Doe/Reuters",
    "By Ada Okonkwo", "LAGOS, March 3 (Reuters) -", "Sergei Lavrov met Antony Blinken in Geneva.",
    "The harbour workers' union said talks would resume.", "<p>Hello <b>world</b></p>",
    "<script>alert('x')</script>", "<style>body{display:none}</style>", '<img src=x onerror="alert(1)">',
    "<a href='javascript:alert(1)' onclick='steal()'>click</a>", "<!-- comment -->", "&amp; &lt; &#0; &#xD800;",
    "مرحبا بالعالم، قال الوزير", "שלום עולם", "\u202eevil\u202c", "東京で首相が会談した。", "北京市政府表示",
    "😀👍🏽👨‍👩‍👧", "e\u0301\u0301\u0301 Zalgo t\u0336e\u0337x\u0338t", "\x00", "\x07\x1b[31m", "\r\n", "\t",
    "\u2028", "\ufeff", "\u200b", "Le président a dit que la réforme est nécessaire.", "Caption: A man walks.",
    "(AP Photo/John Smith)", "Getty Images", "1/12", "© 2024 Example News", "                ", "\n\n\n",
]
paste_parts = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(max_size=80),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
)
pastes = st.lists(paste_parts, max_size=40).flatmap(
    lambda parts: st.sampled_from(["\n", "\n\n", " ", ""]).map(lambda sep: sep.join(parts))
)
titles = st.one_of(st.just(""), st.sampled_from(FRAGMENTS), st.text(max_size=30))
SMALL = Options(max_chars=50_000)


def check_result(data: dict) -> None:
    json.dumps(data, ensure_ascii=False)  # storable: plain data only
    assert all(isinstance(p, str) and p.strip() for p in data["body"])
    assert all(isinstance(r["reason"], str) and r["reason"] for r in data["removed"])


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=pastes, title=titles)
def test_clean_never_crashes(text, title):
    try:
        result = clean(text, title=title, options=SMALL)
    except InputError as exc:
        assert str(exc)  # a message an editor can read
        return
    check_result(result.as_dict())


HTML_PARTS = st.one_of(
    st.sampled_from(["<figure>", "</figure>", "<figcaption>", "</figcaption>", '<span class="credit">', "</span>",
                     "<nav>", "</nav>", '<div class="newsletter">', "</div>", "<aside>", "<h1>", "<p>", "</p>",
                     "<br>", "<meta charset='utf-8'>", "<table><tr><td>", "</td></tr></table>"]),
    paste_parts,
)
htmls = st.lists(HTML_PARTS, max_size=60).map("".join)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=pastes, html=htmls, title=titles)
def test_clean_with_html_never_crashes_and_loses_no_line(text, html, title):
    """Any HTML beside any text: a clean result or InputError, and every non-blank line accounted for."""
    try:
        result = clean(text, title=title, html=html, options=SMALL)
    except InputError as exc:
        assert str(exc)
        return
    data = result.as_dict()
    check_result(data)
    kept = " ".join([*result.body, result.headline, result.byline, result.dateline,
                     *(f"{c.text} {c.credit}" for c in result.captions), *(r.text for r in result.removed)])
    if html.strip():  # with HTML, the plain text's lines are what the result accounts for
        # every word character of every line is somewhere in the result (a line may be cut in pieces:
        # a caption, its credit, a button label between them)
        pasted = Counter("".join(re.findall(r"\w", " ".join(b.text for b in segment(normalize(text))))))
        assert not pasted - Counter("".join(re.findall(r"\w", kept)))


RULES = Rules(aliases={"Lavrov": "Sergei Lavrov"}, not_entities=frozenset({"Reuters"}), types={"Geneva": "GPE"})


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=pastes, title=titles)
def test_enrich_never_crashes_on_a_blank_pipeline(blank_nlp, text, title):
    try:
        result = enrich(text, nlp=blank_nlp, title=title, rules=RULES, options=SMALL)
    except InputError:
        return
    data = result.as_dict()
    check_result(data)
    assert isinstance(data["language"], str)


@pytest.mark.model
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=pastes, title=titles)
def test_enrich_never_crashes_with_the_trained_model(nlp, text, title):
    try:
        result = enrich(text, nlp=nlp, title=title, rules=RULES, options=SMALL)
    except InputError:
        return
    check_result(result.as_dict())

