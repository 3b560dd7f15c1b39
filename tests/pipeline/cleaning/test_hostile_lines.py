"""Every cleaning regex and loop is linear on hostile input: separator, digit, space and letter runs,
footers of thousands of links, deep tag nests. Checked by time ratios inside each test (tests/scaling.py)."""
from __future__ import annotations

import re

import pytest

from enrichment.benchmarks.hostile import COPYRIGHT, LINES, PAGES
from enrichment.pipeline import Options, clean
from enrichment.pipeline.cleaning import boilerplate, classify, credits, dedup, html, normalize, segment
from enrichment.pipeline.cleaning.segment import Block
from tests.scaling import assert_linear

HOSTILE = LINES  # lines of about n characters that make a backtracking pattern try many splits


def _usage() -> list[tuple[str, callable]]:
    """Each regex of the cleaner, called the way the cleaner calls it."""
    out = [(f"signature:{s.name}", rx.fullmatch) for s, rx in boilerplate._BUILT_IN]
    out.append(("boilerplate._CHROME_OPENER", boilerplate._CHROME_OPENER.match))
    out += [(f"credits.form:{name}", rx.fullmatch) for name, rx in credits._FORMS]
    out += [("credits._TRAILING", lambda s: list(credits._TRAILING.finditer(s, max(0, len(s) - credits._TAIL)))),
            ("credits._LEADING", credits._LEADING.match), ("credits._LEADING_LABEL", credits._LEADING_LABEL.match),
            ("credits._WEAK_FORMS", credits._WEAK_FORMS.fullmatch), ("credits._PARTS", credits._PARTS.split),
            ("credits._COMPANY", credits._COMPANY.search), ("credits._AGENCY_SEQ", re.compile(credits._AGENCY_SEQ).fullmatch),
            ("credits.parse_credit", credits.parse_credit), ("credits.split_trailing", credits.split_trailing),
            ("credits.split_leading", credits.split_leading), ("credits.parse_weak_credit", credits.parse_weak_credit)]
    for name, how in [("_CAPTION_PREFIX", "match"), ("_CAPTION_CUE", "search"), ("_PHOTO_CUE", "search"),
                      ("_PHOTO_VERB", "search"), ("_DATE", "search"), ("_TAIL_DATE", "search"), ("_DATE_WORDS", "match"),
                      ("_BYLINE", "fullmatch"), ("_DATELINE_PREFIX", "match"), ("_SENTENCE_END", "search"),
                      ("_MEDIA_OUTLET", "search"), ("_SITE_NOTICE", "search"), ("_BARE_NUMBER", "fullmatch"),
                      ("_BYLINE_START", "match"), ("_REPORTED", "search")]:
        out.append((f"classify.{name}", getattr(getattr(classify, name), how)))
    out += [("classify._is_date_line", lambda s: classify._is_date_line(Block(0, s, False, 3))),
            ("dedup._ELLIPSIS", dedup._ELLIPSIS.search), ("dedup.key", dedup.key),
            ("segment.word_count", segment.word_count), ("normalize", normalize.normalize),
            ("html.looks_like_html", html.looks_like_html), ("html._SPACE", lambda s: html._SPACE.sub(" ", s))]
    return out


USAGE = _usage()


@pytest.mark.parametrize("name, run", USAGE, ids=[name for name, _ in USAGE])
def test_each_regex_is_linear_in_the_line(name, run):
    # Far past the 400 characters the matcher tries: linear in the line, not saved by the cap.
    for family, make in HOSTILE.items():
        assert_linear(run, make, what=f"{name} on {family}")


def test_every_signature_is_tested():
    names = {name for name, _ in USAGE}
    assert {f"signature:{s.name}" for s in boilerplate.SIGNATURES} <= names


def test_the_matcher_is_linear_in_the_line_and_the_paste():
    matcher = boilerplate.DEFAULT_MATCHER
    for family, make in HOSTILE.items():
        assert_linear(matcher.match, make, sizes=(25, 50, 100, 200, 400), what=f"Matcher.match on {family}")


@pytest.mark.parametrize("links", [18, 10_000])
def test_a_footer_of_links_finishes_and_nothing_is_lost(links):
    footer = " | ".join(f"Section {i}" for i in range(links)) + " | " + COPYRIGHT
    article = "The council met on Tuesday and voted for the new harbour plan after a long debate."
    result = clean("\n\n".join([article, footer, article.replace("Tuesday", "Friday")]))
    assert footer in result.body + [r.text for r in result.removed]


def test_the_breadcrumb_signature_is_linear_in_the_number_of_links():
    breadcrumb = {s.name: rx for s, rx in boilerplate._BUILT_IN}["breadcrumb"]

    def footer(links: int) -> str:
        return " | ".join(f"Link {i % 10}" for i in range(links)) + " | " + COPYRIGHT

    assert_linear(breadcrumb.fullmatch, footer, sizes=(16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192),
                  what="breadcrumb on a footer of links")


@pytest.mark.parametrize("family", sorted(HOSTILE))
def test_clean_is_linear_in_the_number_of_hostile_lines(family):
    line = HOSTILE[family](300)

    def paste(lines: int) -> str:
        return "\n\n".join(f"{line} {i}" for i in range(lines))

    assert_linear(lambda text: clean(text, options=Options(max_chars=len(text) + 1)), paste,
                  sizes=(20, 40, 80, 160, 320), what=f"clean on lines of {family}")


@pytest.mark.parametrize("family", sorted(HOSTILE))
def test_clean_is_linear_in_the_length_of_one_hostile_line(family):
    def paste(n: int) -> str:
        return "Morrow council votes on the harbour plan\n\n" + HOSTILE[family](n)

    assert_linear(lambda text: clean(text, options=Options(max_chars=len(text) + 1)), paste,
                  sizes=(250, 500, 1000, 2000, 4000, 8000, 16000), what=f"clean on one line of {family}")


NESTS = PAGES  # HTML pages of about n tags


@pytest.mark.parametrize("nest", sorted(NESTS))
def test_the_html_path_is_linear_in_the_number_of_tags(nest):
    assert_linear(html.parse_html, NESTS[nest], sizes=(250, 500, 1000, 2000, 4000, 8000, 16000),
                  what=f"parse_html on {nest}")


def test_deep_nests_keep_their_text_caption_and_headline():
    page = html.parse_html("<div>" + "<span>" * 5000 + "<h1>Harbour plan</h1>" + "</span>" * 5000
                           + "<figure><figcaption>" + "<i>" * 5000 + "Divers at the pier</figcaption></figure></div>")
    assert page.h1 == "Harbour plan"
    assert "Divers at the pier" in page.captions
