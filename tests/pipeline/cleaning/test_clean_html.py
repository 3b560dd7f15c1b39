"""HTML pastes give the same result structure as plain text ones."""
from __future__ import annotations

import pytest

from enrichment.pipeline import clean
from enrichment.pipeline.cleaning.html import looks_like_html, parse_html
from tests.fixtures.articles import CAPTION, CREDIT, HEADLINE, PARAGRAPHS

HTML = f"""<html><head><title>Courier</title><style>p {{ color: red }}</style></head><body>
<nav><ul><li>Home</li><li>World</li><li>Sport</li><li>Weather</li></ul></nav>
<article><h1>{HEADLINE}</h1>
<p>{PARAGRAPHS[0]}</p>
<figure><img src="net.jpg"><figcaption>{CAPTION}</figcaption><span>{CREDIT}</span></figure>
{''.join(f'<p>{p.replace("&", "&amp;")}</p>' for p in PARAGRAPHS[1:])}
<script>var tracking = "Secret words that must never reach the body.";</script>
</article><footer><p>Copyright © 2020 The Morrow Courier. All rights reserved.</p></footer></body></html>"""


def test_html_paste_is_parsed():
    result = clean(HTML)
    assert result.headline == HEADLINE
    assert result.body == list(PARAGRAPHS)
    assert [(c.text, c.credit, c.agency) for c in result.captions] == [(CAPTION, CREDIT, "AP")]
    assert not any("Secret words" in r.text for r in result.removed)


@pytest.mark.parametrize("text,expected", [
    (HTML, True),
    ("<p>One.</p><p>Two.</p>", True),
    ("Prices rose 3% while x < y and y > z in the table.", False),
    ("<3 this story", False),
], ids=["page", "fragment", "math_signs", "heart"])
def test_looks_like_html(text, expected):
    assert looks_like_html(text) is expected


def test_broken_markup_never_raises():
    page = parse_html("<p>Open <b>bold <i>nested</p><div>after</span></div><p>end")
    assert page.text.split("\n\n") == ["Open bold nested", "after", "end"]
