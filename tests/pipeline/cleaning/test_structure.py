"""The DOM side: class-name cues, line roles, the alignment of plain-text lines, hostile markup."""
from __future__ import annotations

import lxml.html
import pytest

from enrichment.pipeline import clean
from enrichment.pipeline.cleaning import roles as R
from enrichment.pipeline.cleaning.align import align
from enrichment.pipeline.cleaning.dom import parse
from enrichment.pipeline.cleaning.structure import CONTENT, HEADLINE, dom_lines
from tests.scaling import assert_linear

PARAGRAPH = ("The council met for three hours on Monday evening and agreed, after a long debate, to keep the "
             "old library open for another year while the new building is finished.")


def roles_of(html: str) -> list[tuple[str, str]]:
    return [(line.role, line.text) for line in dom_lines(parse(html))]


@pytest.mark.parametrize("token,parts", [
    ("Figure-credit", ["figure", "credit"]),
    ("shareBar", ["share", "bar"]),
    ("article__caption--wide", ["article", "caption", "wide"]),
    ("NEWSLETTER_box2", ["newsletter", "box", "2"]),
])
def test_class_tokens_split_into_words(token, parts):
    assert R.parts(token) == parts


@pytest.mark.parametrize("tag,attrs,chrome", [
    ("div", "site-header", "header"),
    ("div", "main-nav", "nav"),
    ("nav", "", "nav"),
    ("div", "newsletter-signup", "newsletter"),
    ("div", "related-stories", "related"),
    ("div", "ad-slot", "ad"),
    ("div", "shareBar", "share"),
    ("div", "headerless load-more thread", ""),   # "ad" is a whole word, not a piece of "load" or "thread"
    ("div", "story-body", ""),
], ids=lambda v: str(v))
def test_chrome_cues(tag, attrs, chrome):
    assert R.cues(tag, R.kinds_of(attrs, {})).chrome == chrome


@pytest.mark.parametrize("attrs,caption,credit", [
    ("figure-caption", True, False),
    ("imageCaption", True, False),
    ("photo-credit", False, True),
    ("no-caption", False, False),         # a negation is not a caption
    ("caption-toggle", False, False),     # a button that shows the caption
    ("photo_source attr_no_caption", False, True),  # "no" denies the caption only, not the credit beside it
    ("no-photo-caption", True, False),    # "no" denies "photo": still a caption (one without a photo)
])
def test_caption_and_credit_cues(attrs, caption, credit):
    found = R.cues("div", R.kinds_of(attrs, {}))
    assert (found.caption, found.credit) == (caption, credit)


@pytest.mark.parametrize("html,expected", [
    ("<figure><img src=a.jpg><figcaption>A dog on a beach</figcaption></figure>", [("caption", "A dog on a beach")]),
    ('<div class="article-caption">Rain over the port</div>', [("caption", "Rain over the port")]),
    ('<figure><figcaption>Boats</figcaption><span class="credit">AP</span></figure>',
     [("caption", "Boats"), ("credit", "AP")]),
    ("<nav><ul><li>Home</li><li>World</li></ul></nav>", [("nav", "Home"), ("nav", "World")]),
    ('<div class="newsletter-box"><p>Sign up today</p></div>', [("newsletter", "Sign up today")]),
    ('<aside class="related"><a href="/x">Another story</a></aside>', [("aside", "Another story")]),
    ("<h1>The headline</h1>", [(HEADLINE, "The headline")]),
    ('<div class="byline">By Ann Lee</div>', [("byline", "By Ann Lee")]),
    (f"<p>{PARAGRAPH}</p>", [(CONTENT, PARAGRAPH)]),
    ('<div class="related-box"><figure><figcaption>A teaser</figcaption></figure></div>', [("related", "A teaser")]),
], ids=["figcaption", "caption_class", "credit_span", "nav", "newsletter", "aside", "h1", "byline", "paragraph",
        "caption_in_related"])
def test_line_roles(html, expected):
    assert roles_of(html) == expected


def test_a_caption_line_keeps_its_credit_part():
    [line] = dom_lines(parse('<figcaption>Boats at dawn. <span class="Figure-credit">(Ann Lee / AP)</span></figcaption>'))
    assert (line.role, line.text, line.credit) == ("caption", "Boats at dawn. (Ann Lee / AP)", "(Ann Lee / AP)")


def test_a_class_cue_on_the_whole_page_is_a_layout_wrapper_not_chrome():
    html = f'<div class="page with-sidebar"><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></div>'
    assert {role for role, _ in roles_of(html)} == {CONTENT}


def test_lines_break_at_blocks_and_br_only():
    assert [t for _, t in roles_of("<p>One <b>bold</b> word<br>Next line</p><div>After</div>")] == \
        ["One bold word", "Next line", "After"]


def test_pre_keeps_its_line_breaks_and_options_are_lines():
    html = "<pre>x = 1\ny = <b>2</b>\n</pre><select><option>May</option><option>June</option></select>"
    assert [t for _, t in roles_of(html)] == ["x = 1", "y = 2", "May", "June"]


# --------------------------------------------------------------------------------- alignment
def test_equal_lines_pair_in_order():
    assert align(["a b c", "x y", "a b c"], ["a b c", "q", "a  B c!", "x y"]) == [0, 3, 2]


def test_a_line_split_differently_is_matched_by_its_trigrams():
    dom = ["Name", "one two three four five six seven eight", "Other"]
    assert align(["one two three four five six seven eight nine"], dom) == [1]


def test_a_line_not_in_the_html_gets_none():
    assert align(["words the editor typed after the paste", "x y"], ["x y", "something else entirely"]) == [None, 0]


def test_alignment_is_linear():
    def make(n: int) -> tuple[list[str], list[str]]:
        text = [f"line number {i} of the article text here" for i in range(n)]
        dom = [f"line number {i} of the article text" for i in range(n)]  # every line needs the trigram vote
        return text, dom
    assert align(*make(50))[49] == 49
    assert_linear(lambda pair: align(*pair), make, what="align")


# ---------------------------------------------------------------------------------- hostile
def test_deep_nesting_never_recurses():
    html = "<div>" * 10_000 + "deep text" + "</div>" * 10_000
    lines = dom_lines(parse(html))  # libxml2 stops nesting at its depth limit; nothing recurses
    assert all(line.role == CONTENT for line in lines)
    rest = "The rest of the paste, which the HTML does not explain, is cleaned as plain text."
    result = clean(f"deep text\n\n{rest}", html=html)
    assert rest in result.body + [r.text for r in result.removed]


def test_a_huge_attribute_is_cut_before_its_cues_are_read():
    html = f'<p>{PARAGRAPH}</p><div class="{"newsletter " * 500_000}">Sign up</div>'
    found = roles_of(html)  # the cues read the first MAX_ATTR characters of the 5 MB value
    assert found == [(CONTENT, PARAGRAPH), ("newsletter", "Sign up")]


def test_scripts_styles_and_event_attributes_are_dropped():
    root = parse('<p onclick="steal()" onLoad="x()">Hi<script>alert(1)</script><style>p{}</style></p>'
                 '<img src="a.jpg" onerror="steal()"><iframe src="https://x.example">frame</iframe>')
    markup = lxml.html.tostring(root, encoding="unicode")
    assert "steal" not in markup and "alert" not in markup and "onload" not in markup.lower()
    assert "<script" not in markup and "<style" not in markup and "<iframe" not in markup
    assert [line.text for line in dom_lines(root)] == ["Hi"]


def test_script_text_in_the_html_never_reaches_the_output():
    html = f"<article><p>{PARAGRAPH}</p><script>var s = 'Secret words';</script></article>"
    result = clean(PARAGRAPH, html=html)
    assert result.body == [PARAGRAPH]
    assert not any("Secret" in r.text for r in result.removed)


def test_cleaning_from_html_is_linear_in_the_page():
    def make(n: int) -> tuple[str, str]:
        paras = [f"Paragraph {i} of the report says that the council met again and agreed on item {i}."
                 for i in range(n)]
        figure = "<figure><figcaption>Photo {} of the port</figcaption></figure>"
        body = "".join(f"<p>{p}</p>" + (figure.format(i) if i % 10 == 0 else "") for i, p in enumerate(paras))
        deep = "<div>" * 200 + "x" + "</div>" * 200
        return "\n\n".join(paras), f'<nav><a>Home</a></nav><article>{body}</article><div class="related">{deep}</div>'
    text, html = make(30)
    assert len(clean(text, html=html).body) == 30
    assert_linear(lambda pair: clean(pair[0], html=pair[1]), make, what="clean from HTML")


def test_a_link_is_an_anchor_to_another_page():
    html = (f'<p>{PARAGRAPH}</p><a target="_blank"><p>Held in an anchor that goes nowhere</p></a>'
            '<a href="#top"><p>Back to the top of this page</p></a><a href="/other"><p>Another story</p></a>')
    assert [line.link_share for line in dom_lines(parse(html))] == [0.0, 0.0, 0.0, 1.0]


LINKED_FIGURE = ('<a href="https://news.example/{slug}"><figure><img src="a.jpg">'
                 '<figcaption>{text}</figcaption></figure></a>')


def test_a_linked_figure_beside_the_article_is_a_teaser_not_a_caption():
    teaser = "Harbor seals return to the estuary for the first time in decades"
    own = "Workers lift the old library's sign onto a truck on Monday"
    html = ("<article>" + f"<p>{PARAGRAPH}</p>" + LINKED_FIGURE.format(slug="library-photos", text=own)
            + f"<p>{PARAGRAPH.replace('Monday', 'Tuesday')}</p></article>"
            + '<div class="rail">' + LINKED_FIGURE.format(slug="seals", text=teaser) + "</div>")
    text = "\n\n".join([PARAGRAPH, own, PARAGRAPH.replace("Monday", "Tuesday"), teaser])
    result = clean(text, html=html)
    assert [c.text for c in result.captions] == [own]   # a linked photo inside the article stays its caption
    assert any(r.text == teaser and r.rule == "html_related" for r in result.removed)
