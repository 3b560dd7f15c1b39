"""Properties of cleaning on generated pastes: never raises, deterministic, nothing lost, idempotent."""
from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from enrichment.pipeline import InputError, Options, clean
from enrichment.pipeline.cleaning.html import looks_like_html, parse_html
from enrichment.pipeline.cleaning.normalize import normalize
from tests.fixtures.articles import CAPTION, CHROME_BOTTOM, CHROME_TOP, CREDIT, HEADLINE, PARAGRAPHS
from tests.scaling import assert_linear

PIECES = (*PARAGRAPHS, HEADLINE, CAPTION, CREDIT, CAPTION + "Read more" + CREDIT, CAPTION + " (AP Photo/Anna Moreau)",
          PARAGRAPHS[0][:60] + "...", "Yes.", "Advertisement", "Related Stories", "By Marta Quintero",
          "MORROW (AP) — " + PARAGRAPHS[1], "Image copyright Getty Images", "Published March 3, 2020",
          "Ünïcödé — ﬁnal “quotes” ‘here’ …", "\u200bzero\u00a0width\ufeff", "\x00\x07bell", "日本語の文章です。",
          *CHROME_TOP, *CHROME_BOTTOM)
SEPARATORS = ("\n", "\n\n", "\r\n", "\n \n", "\u2028")
piece = st.one_of(st.sampled_from(PIECES), st.text(max_size=40))
pastes = st.lists(st.tuples(piece, st.sampled_from(SEPARATORS)), max_size=40).map(
    lambda items: "".join(p + s for p, s in items))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def output_pieces(result) -> list[str]:
    """Every slot of a result that holds input text (a dateline left inside the body is not a slot)."""
    out = [result.headline, result.byline, *result.body]
    if not result.dateline_in_body:
        out.append(result.dateline)
    for c in result.captions:
        out += [c.text, c.credit]
    out += [r.text for r in result.removed]
    return [p for p in out if p]


def chars(texts) -> Counter:
    return Counter(ch for t in texts for ch in t if not ch.isspace())


def read(text: str) -> str:
    """What cleaning reads of a paste: the text of an HTML paste (generated text can look like one)."""
    return parse_html(text).text if looks_like_html(text) else text


def try_clean(text: str, **kwargs):
    try:
        return clean(text, **kwargs)
    except InputError:
        assert not normalize(read(text)).strip() or len(text) > Options().max_chars
        return None


@SETTINGS
@given(pastes, st.sampled_from(("", HEADLINE)))
def test_never_raises_and_is_deterministic(text, title):
    first = try_clean(text, title=title)
    assert first == try_clean(text, title=title)


@SETTINGS
@given(pastes)
def test_nothing_lost(text):
    """Each non-blank line of the normalized paste is split into pieces that land in exactly one slot:
    every output piece is a part of some input line, and the non-space characters of all pieces are
    exactly those of the input (a multiset: nothing dropped, nothing counted twice)."""
    result = try_clean(text)
    if result is None:
        return
    lines = [line.strip() for line in normalize(read(text)).split("\n") if line.strip()]
    pieces = output_pieces(result)
    assert chars(pieces) == chars(lines)
    for p in pieces:
        assert any(p in line for line in lines), p


# Pastes hypothesis found (rewritten with other words) where re-cleaning the output moved the article.
_QUOTE = ("\"The reeds were knee high by March and nobody at the depot would answer a single letter,\" said Odile "
          "Fenwright, who has rowed the eastern inlet for thirty years.")
_LEDE = ("Oyster farmers on the Pellan estuary won their claim against the harbour board on Friday, after a tribunal "
         "found that dredging had smothered two of their beds last winter.")
_REPLY = ("\"It took us three winters to be believed, and the beds will take longer than that to recover,\" said "
          "Tomas Brekke, who chairs the farmers' cooperative.")
_NO_PROSE = f"By Ilse Brandvold\n7\n{HEADLINE}\n7\n7\n"
_QUOTE_BEFORE_TITLE = (f"{_QUOTE}\n{HEADLINE}\nBy Ilse Brandvold\nPublished June 9, 2021\n7\n7\n"
                       "Oyster farmers on the Pellan estuary won their claim against the harbour...\n")
_REPEATED_AROUND_CAPTION = (f"{_LEDE}\nTomas Brekke, left, and his daughter Ana sort shells on the quay at Pellan, "
                            f"Friday, May 7, 2021, the week before the hearing.\nSalt marsh at dawn\n"
                            f"Salt marsh at dawn\n{_REPLY}\n")
_AGENCY_AFTER_REPEAT = f"{_LEDE}\nXQ7\n{_LEDE}\nSalt marsh at dawn over the quay\nXQ7\n{_REPLY}\n"


@SETTINGS
@given(pastes)
@example(_NO_PROSE)
@example(_QUOTE_BEFORE_TITLE)
@example(_REPEATED_AROUND_CAPTION)
@example(_AGENCY_AFTER_REPEAT)
def test_idempotent(text):
    """Whatever the first pass kept as body, cleaning its output (headline + body) keeps exactly."""
    result = try_clean(text, title=HEADLINE)
    if result is None or not result.body:
        return
    again = clean("\n\n".join([result.headline, *result.body]), title=result.headline)
    assert again.body == result.body


@pytest.mark.parametrize("text, body, byline, dateline", [
    # no prose at all: the byline before the title is a byline, bare numbers are not body
    (_NO_PROSE, [], "By Ilse Brandvold", ""),
    # the title's bonus goes to the article after it, not to a quote before it (which then drags the
    # byline and the date into the body)
    (_QUOTE_BEFORE_TITLE, ["Oyster farmers on the Pellan estuary won their claim against the harbour..."],
     "By Ilse Brandvold", "Published June 9, 2021"),
], ids=["no_prose", "quote_before_title"])
def test_article_follows_its_title(text, body, byline, dateline):
    result = clean(text, title=HEADLINE)
    assert (result.body, result.headline, result.byline, result.dateline) == (body, HEADLINE, byline, dateline)


def test_bare_numbers_leave_the_body():
    text = "\n\n".join([HEADLINE, _LEDE, "12", "3,409", _REPLY, "$139.00"])
    result = clean(text, title=HEADLINE)
    assert result.body == [_LEDE, _REPLY]
    assert [(r.text, r.rule) for r in result.removed] == [("12", "bare_number"), ("3,409", "bare_number"),
                                                          ("$139.00", "outside_article")]


@pytest.mark.parametrize("unit", [
    "Tiny paragraph number {i}.",
    "The same long line repeated again and again across the page, word for word, until the end.",
    "A gallery caption without an end repeated under every photo of the page",
], ids=["many_tiny_paragraphs", "one_repeated_line", "one_repeated_caption"])
def test_roughly_linear(unit):
    def paste(lines: int) -> str:
        return "\n\n".join(unit.format(i=i) for i in range(lines))

    # Ratios of CPU time in this test (tests/scaling.py); the seconds per MB are in `bench-clean`.
    assert_linear(lambda text: clean(text, options=Options(max_chars=len(text) + 1)), paste,
                  sizes=(2_000, 4_000, 16_000), what="clean")
