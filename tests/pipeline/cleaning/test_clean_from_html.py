"""Cleaning from the clipboard's HTML: roles from the markup, credits split, every plain-text line accounted for."""
from __future__ import annotations

from pathlib import Path

import pytest

from enrichment.pipeline import clean
from enrichment.pipeline.cleaning.boilerplate import DEFAULT_MATCHER
from enrichment.pipeline.cleaning.classify import classify
from enrichment.pipeline.cleaning.from_html import PLAIN_CONTEXT, html_labels
from enrichment.pipeline.cleaning.normalize import normalize
from enrichment.pipeline.cleaning.segment import segment
from tests.fixtures.articles import HEADLINE, PARAGRAPHS

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
HTML = (FIXTURES / "clipboard-ferry.html").read_text(encoding="utf-8")
TEXT = (FIXTURES / "clipboard-ferry.txt").read_text(encoding="utf-8")
EDITED = "ending a strike that had kept the island boats in port for ten days"  # the HTML says "nine days"
ADDED = "A spokesperson for the island council said on Tuesday afternoon"      # not in the HTML at all
CAPTION_1 = "Crew members untie the morning ferry at the Norhaven pier on Tuesday."
CAPTION_2 = "A borrowed tug carries supplies to Kessin Island during the strike."


@pytest.fixture(scope="module")
def result():
    return clean(TEXT, html=HTML)


def accounted(result) -> list[str]:
    """Every string the result keeps or lists as removed (a caption line is its text and its credit)."""
    out = [*result.body, result.headline, result.byline, result.dateline]
    out += [s for c in result.captions for s in (c.text, c.credit, f"{c.text} {c.credit}")]
    return out + [r.text for r in result.removed]


def test_body_is_the_article_with_the_editors_changes(result):
    assert len(result.body) == 7
    assert result.body[0].startswith("Ferry crews in Norhaven") and EDITED in result.body[0]
    assert any(p.startswith(ADDED) for p in result.body)  # the plain-text fallback kept it
    assert result.body[-1].startswith("Brisco said the union")


def test_headline_byline_and_date_come_from_the_markup(result):
    assert result.headline == "Norhaven ferry crews end their strike after a night of talks"
    assert result.byline == "By Marta Okafor"
    assert result.dateline == "March 17, 2026"


def test_captions_with_their_credits_split(result):
    assert [(c.text, c.credit, c.photographer, c.agency) for c in result.captions] == [
        (CAPTION_1, "Photo: Lena Varnov / Reuters", "Lena Varnov", "Reuters"),
        (CAPTION_2, "Tomas Ferrand/AFP", "Tomas Ferrand", "AFP"),
    ]


@pytest.mark.parametrize("text,reason,rule", [
    ("News", "boilerplate", "html_header"),            # the site's header with its menu
    ("FacebookTwitterEmail", "boilerplate", "html_share"),
    ("Subscribe", "boilerplate", "html_newsletter"),
    ("Island school reopens after the storm", "boilerplate", "html_aside"),
    ("Privacy", "boilerplate", "html_footer"),
    (CAPTION_1, "duplicate_caption", ""),              # the lightbox's copy of the first caption
])
def test_chrome_is_removed_with_its_reason(result, text, reason, rule):
    assert any(r.text == text and r.reason == reason and r.rule == rule for r in result.removed), \
        [(r.text, r.reason, r.rule) for r in result.removed if r.text == text]


def test_nothing_is_lost(result):
    kept = accounted(result)
    for block in segment(normalize(TEXT)):
        assert any(block.text == k or block.text in k for k in kept if k), block.text


def test_nothing_from_scripts_styles_or_attributes(result):
    assert not any("Secret words" in s or "steal" in s or "margin" in s for s in accounted(result))


def test_without_html_the_same_paste_is_cleaned_as_plain_text():
    plain = clean(TEXT)
    assert not any(r.rule.startswith("html_") for r in plain.removed)
    assert any(p.startswith("Ferry crews in Norhaven") for p in plain.body)


def test_html_that_explains_no_line_falls_back_to_the_plain_text_classifier():
    unrelated = "<article><p>Words that the paste does not carry anywhere in its lines at all.</p></article>"
    assert clean(TEXT, html=unrelated) == clean(TEXT)


@pytest.mark.parametrize("html", ["", "   ", "<", "<!-- only a comment -->", "\x00\x01"])
def test_empty_or_broken_html_changes_nothing(html):
    assert clean(TEXT, html=html).body == clean(TEXT).body


def test_the_html_path_is_idempotent_on_its_body(result):
    again = clean("\n\n".join(result.body), html=HTML)
    assert again.body == result.body


def test_without_an_h1_the_typed_title_is_the_headline():
    title = "Norhaven ferry crews end their strike after a night of talks"
    html = HTML.replace('<h1 class="headline">', "<p>").replace("</h1>", "</p>")
    result = clean(TEXT, title=title, html=html)
    assert result.headline == title and title not in result.body


def test_html_far_larger_than_the_text_limit_is_ignored():
    from enrichment.pipeline import Options
    from enrichment.pipeline.cleaning.clean import HTML_SIZE_FACTOR

    options = Options(max_chars=len(TEXT) + 1)
    assert len(HTML) <= options.max_chars * HTML_SIZE_FACTOR  # the fixture's HTML is used...
    assert clean(TEXT, html=HTML, options=options) == clean(TEXT, html=HTML)
    huge = HTML + " " * (options.max_chars * HTML_SIZE_FACTOR)  # ...a huge one is not
    assert clean(TEXT, html=huge, options=options) == clean(TEXT, options=options)


def test_a_line_the_html_lacks_is_classified_with_its_neighbours_not_the_whole_page():
    paragraphs = [f"Paragraph {n} of the council report says the harbor works will run until the spring of next year."
                  for n in range(3 * PLAIN_CONTEXT)]
    html = "<article>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article>"
    added = "An editor's note typed into the middle of the article after the paste, in a sentence of its own."
    lines = [*paragraphs[:PLAIN_CONTEXT + 5], added, *paragraphs[PLAIN_CONTEXT + 5:]]
    blocks = segment(normalize("\n\n".join(lines)))
    seen: list[int] = []

    def fallback(part):
        seen.append(len(part))
        return classify(part, title="", matcher=DEFAULT_MATCHER)

    labels = html_labels(blocks, html, fallback=fallback, matcher=DEFAULT_MATCHER)
    assert seen == [2 * PLAIN_CONTEXT + 1]   # one stretch around the added line, not the page's 121 lines
    assert labels[PLAIN_CONTEXT + 5].kind == "body" and all(lab.kind == "body" for lab in labels)


def test_a_line_the_html_lacks_outside_the_article_is_not_body():
    # a widget the browser drew but did not copy, written as a sentence, among a rail's and a footer's links:
    # its own neighbourhood (all the plain-text classifier sees of it) makes it the densest prose there
    chrome = ("Readers in Norhaven can expect a mild and cloudy afternoon with light winds from the lake and "
              "a chance of rain after six in the evening.")
    rail = [f"Another story from the island, number {n}" for n in range(12)]
    footer = [f"Footer link {n}" for n in range(12)]
    html = ("<article>" + _paras(PARAGRAPHS) + "</article><aside>" + "".join(f'<a href="/s{n}">{t}</a><br>'
            for n, t in enumerate(rail)) + "</aside><footer>" + "".join(f"<p>{t}</p>" for t in footer) + "</footer>")
    result = clean("\n\n".join([*PARAGRAPHS, *rail, chrome, *footer]), html=html)
    assert result.body == list(PARAGRAPHS)
    assert any(r.text == chrome and r.rule == "outside_article" for r in result.removed)


ARTICLE_HTML = "<article><h1>{h}</h1><p>By Ana Ruiz</p>{ps}</article>"


def _paras(paragraphs) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def test_a_headline_the_html_lacks_stays_the_headline():
    html = "<article>" + _paras(PARAGRAPHS) + "</article>"
    result = clean("\n\n".join([HEADLINE, "By Ana Ruiz", *PARAGRAPHS]), html=html)
    assert result.headline == HEADLINE
    assert result.body == list(PARAGRAPHS)


def test_a_paragraph_typed_among_paragraphs_the_container_keeps_stays():
    typed = "The harbor master added on Wednesday that the night ferries would run again from the first of May."
    related = '<div class="related-stories">' + "".join(
        f'<a href="/story-{n}"><p>Another story about the lake, number {n}</p></a>' for n in range(30)) + "</div>"
    html = f"<article><h1>{HEADLINE}</h1>{_paras(PARAGRAPHS[:4])}{related}{_paras(PARAGRAPHS[4:])}</article>"
    teasers = [f"Another story about the lake, number {n}" for n in range(30)]
    lines = [HEADLINE, *PARAGRAPHS[:4], *teasers, PARAGRAPHS[4], typed, PARAGRAPHS[5]]
    result = clean("\n\n".join(lines), html=html)  # the densest run ends at the box; the container goes on
    assert result.body == [*PARAGRAPHS[:5], typed, PARAGRAPHS[5]]


def test_a_credit_line_the_html_lacks_goes_to_its_caption():
    caption = "Crew members untie the morning ferry at the Norhaven pier on Tuesday."
    credit = "Photo: Lena Varnov / Reuters"  # typed under the caption after the paste
    many = [f"{p} It was paragraph {n} of the report." for n in range(3) for p in PARAGRAPHS]
    html = ("<article>" + _paras(many[:12]) + f"<figure><img src=a.jpg><figcaption>{caption}</figcaption></figure>"
            + _paras(many[12:]) + "</article>")
    result = clean("\n\n".join([*many[:12], caption, credit, *many[12:]]), html=html)
    assert [(c.text, c.photographer, c.agency) for c in result.captions] == [(caption, "Lena Varnov", "Reuters")]


def test_html_that_came_as_mojibake_is_repaired_and_read():
    nav = "<nav><ul>" + "".join(f"<li>Secção {n}</li>" for n in range(6)) + "</ul></nav>"
    html = nav + "<article>" + _paras(p.replace("e", "é") for p in PARAGRAPHS) + "</article>"
    broken = html.encode("utf-8").decode("cp1252", errors="replace")  # UTF-8 read as Windows-1252
    text = "\n\n".join([*(f"Secção {n}" for n in range(6)), *(p.replace("e", "é") for p in PARAGRAPHS)])
    result = clean(text, html=broken)
    assert [r.rule for r in result.removed] == ["html_nav"] * 6


def test_links_after_the_article_in_its_container_are_teasers_not_paragraphs():
    # The container keeps paragraphs past the densest run (a story cut by a box), but not lines of links
    # to other stories, however long their titles.
    teasers = [f"Ferry company names a new captain for the night crossing to Kessin, number {n}" for n in range(4)]
    html = ("<article>" + _paras(PARAGRAPHS) + '<div class="box">' + "".join(f'<p><a href="/s{n}">{t}</a></p>'
            for n, t in enumerate(teasers)) + "</div></article>")
    result = clean("\n\n".join([*PARAGRAPHS, *teasers]), html=html)
    assert result.body == list(PARAGRAPHS)
    assert [r.rule for r in result.removed] == ["outside_article"] * 4
