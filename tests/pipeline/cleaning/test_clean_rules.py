"""Cleaning rules, one row per behaviour: boilerplate, headline, byline, dateline, captions, duplicates."""
from __future__ import annotations

import pytest

from enrichment.pipeline import InputError, Options, clean
from enrichment.pipeline.cleaning import site_patterns
from enrichment.pipeline.cleaning.site_patterns import nested_quantifiers
from tests.fixtures.articles import CAPTION, CREDIT, HEADLINE, PARAGRAPHS, paste


def removed(result, reason=None):
    return [r.text for r in result.removed if reason is None or r.reason == reason]


BOILERPLATE_ROWS = [
    ("skip_link", "Skip to content"),
    ("skip_main", "Skip to main content"),
    ("link_copied", "Link copied to clipboard"),
    ("advertisement", "Advertisement"),
    ("advertisement_caps", "ADVERTISEMENT"),
    ("continues_below", "Story continues below advertisement"),
    ("read_more", "Read more"),
    ("continue_reading", "Continue reading the main story"),
    ("share_this", "Share this:"),
    ("share_article", "Share this article"),
    ("newsletter", "Sign up for our morning newsletter"),
    ("newsletter_long", "Get the best of the Courier delivered to your inbox every morning: sign up now."),
    ("cookies", "We use cookies to improve your experience. By continuing you accept our cookie policy."),
    ("paywall", "Already a subscriber? Log in to keep reading."),
    ("paywall_free", "You have 2 free articles remaining this month"),
    ("copyright", "Copyright © 2020 The Morrow Courier. All rights reserved."),
    ("follow_us", "Follow us on Twitter"),
    ("ticker", "DOW 27,934.02 +0.12%"),
    ("related_link", "Related: Kessin canal locks reopen after repairs"),
    ("comment_header", "Pavel Okafor on May 3, 2020 at 4:12 pm said:"),
    ("comments_count_bracketed", "[ 12 comments ]"),
    ("comments_count_sentence", "There are 4 comments"),
    ("comments_ranked", "Top Rated Comments"),
    ("comments_expand", "Expand Comments +"),
    ("more_named_stories", "More Great Courier Stories"),
    ("other_columns", "Other Opinion Columns"),
    ("read_next", "Read this next"),
    ("next_up_in", "Next Up In Culture"),
    ("tags", "Tags: fishing, courts, Lake Morrow"),
    ("breadcrumb", "Home > News > Region"),
    ("hide_ad", "Hide Ad"),
    ("paywall_trial", "Free for 30 days"),
    ("paywall_ending", "Your subscription will end shortly"),
    ("newsletter_pitch", "For the news that moves Kessin and the lakes, sign up to receive our morning briefing "
                         "in your inbox before breakfast, every weekday."),
    ("newsletter_imperative", "Start the day with the Harbor Bell from the Morrow Courier, the paper of every pier. "
                              "Sign up for the free daily newsletter."),
    ("video_player", "Morrow Brightcove Video"),
    ("video_player_loading", "Video Player is loading."),
    ("image_url", "https://cdn.morrow.example/images/2020/05/ferry-pier-1200x800.jpg?w=1200"),
]

# Near misses: prose about the same things, reported rather than addressed to the reader.
NOT_BOILERPLATE_ROWS = [
    ("newsletter_reported", "The council's newsletter, which goes out to 4,000 households, asked residents to "
                            "subscribe before the spring vote on the ferry fares."),
    ("link_not_image", "https://www.morrow.example/reports/ferry-fares-2020"),
    ("video_prose", "The video, filmed from the pier by a fisherman, shows the ferry turning back in the storm."),
    ("subscribe_to_its_alerts", "Critics say the ferry app nags users to subscribe to its alerts and then fills "
                                "your inbox with offers nobody in Kessin asked for."),
    ("sign_up_rates", "Sign up rates for the council's e-mail alerts doubled after the floods, officials said on "
                      "Tuesday."),
    ("quoted_pitch", "\"Subscribe to our newsletter and you will never miss a ferry,\" the old posters on the "
                     "Norhaven pier read."),
]


@pytest.mark.parametrize("line", [r[1] for r in NOT_BOILERPLATE_ROWS], ids=[r[0] for r in NOT_BOILERPLATE_ROWS])
def test_prose_near_a_signature_stays_in_the_body(line):
    assert line in clean(paste(line)).body


@pytest.mark.parametrize("line", [r[1] for r in BOILERPLATE_ROWS], ids=[r[0] for r in BOILERPLATE_ROWS])
def test_boilerplate_signature_inside_article_is_removed(line):
    result = clean(paste(line))
    assert line not in result.body
    assert line in removed(result, "boilerplate")


@pytest.mark.parametrize("line", ["More than forty boats sailed out to meet the judge.", "Other stories told of hard winters",
                                  "Top harbor news anchors gathered in Kessin on Friday"])
def test_section_heading_near_miss_stays_in_the_body(line):
    assert line in clean(paste(line)).body


def test_related_list_after_article_is_chrome():
    bottom = ("Related Stories", "Kessin canal locks reopen after repairs", "Ferry fares rise on Lake Morrow",
              "Sundberg council to vote on harbor plan")
    result = clean(paste(bottom=bottom))
    assert result.body == list(PARAGRAPHS)
    assert set(bottom) <= set(removed(result, "boilerplate"))


def test_site_pattern_from_options():
    line = "Morrow Courier Radio: listen live every weekday"
    result = clean(paste(line), options=Options(extra_boilerplate=(r"Morrow Courier Radio:.*",)))
    assert line in removed(result, "boilerplate")
    assert line in clean(paste(line)).body  # without the site's pattern it reads as prose


def test_invalid_site_pattern_names_the_setting():
    with pytest.raises(ValueError, match="extra_boilerplate"):
        clean(paste(), options=Options(extra_boilerplate=("(unclosed",)))


HEAD_ROWS = [
    ("title_given", dict(title=HEADLINE), HEADLINE),
    ("title_with_site_suffix", dict(title=HEADLINE + " | The Morrow Courier"), HEADLINE),
    ("no_title_short_line_before_body", dict(), HEADLINE),
    ("typed_title_not_in_paste", dict(title="Canal ruling"), HEADLINE),
]


@pytest.mark.parametrize("kwargs,expected", [r[1:] for r in HEAD_ROWS], ids=[r[0] for r in HEAD_ROWS])
def test_headline(kwargs, expected):
    result = clean(paste(), **kwargs)
    assert result.headline == expected
    assert expected not in result.body


def test_headline_repeated_in_page_is_removed_once():
    result = clean(paste(HEADLINE), title=HEADLINE)
    assert result.headline == HEADLINE
    assert removed(result).count(HEADLINE) == 1


BYLINE_ROWS = [
    ("by", "By Marta Quintero"),
    ("by_staff", "By Marta Quintero, Staff Writer"),
    ("name_dash_date", "Marta Quintero - Nov 19, 2019"),
    ("staff_writer", "Marta Quintero, Staff Writer"),
]


@pytest.mark.parametrize("line", [r[1] for r in BYLINE_ROWS], ids=[r[0] for r in BYLINE_ROWS])
def test_byline(line):
    result = clean(paste(head=(HEADLINE, line)), title=HEADLINE)
    assert result.byline == line
    assert line not in result.body


DATELINE_ROWS = [
    ("published_line", "Published 4:00 am CST, Wednesday, November 20, 2019", None),
    ("date_time", "20 Nov 2019 08:00 GMT", None),
    ("updated", "Updated March 12, 2020 at 9:40 a.m.", None),
]


@pytest.mark.parametrize("line", [r[1] for r in DATELINE_ROWS], ids=[r[0] for r in DATELINE_ROWS])
def test_dateline_line(line):
    result = clean(paste(head=(HEADLINE, "By Marta Quintero", line)), title=HEADLINE)
    assert result.dateline == line
    assert not result.dateline_in_body


@pytest.mark.parametrize("opening,expected", [
    ("MORROW (AP) — ", "MORROW (AP) —"),
    ("Kessin, Veltria — ", "Kessin, Veltria —"),
], ids=["agency", "city_region"])
def test_dateline_opening_the_first_paragraph_stays_in_body(opening, expected):
    text = paste(head=(HEADLINE,)).replace(PARAGRAPHS[0], opening + PARAGRAPHS[0])
    result = clean(text, title=HEADLINE)
    assert result.dateline == expected and result.dateline_in_body
    assert result.body[0] == opening + PARAGRAPHS[0]


CAPTION_ROWS = [
    ("credit_line_after", (CAPTION, CREDIT), CREDIT, "Rosa Delacroix", "AP"),
    ("glued_ap_photo", (CAPTION + " (AP Photo/Rosa Delacroix)",), "(AP Photo/Rosa Delacroix)", "Rosa Delacroix", "AP"),
    ("glued_read_more", (CAPTION + "Read more" + CREDIT,), CREDIT, "Rosa Delacroix", "AP"),
    ("credit_line_before_labeled", ("Image copyright Getty Images", "Image caption " + CAPTION), "Image copyright Getty Images",
     "", "Getty Images"),
    ("photo_label", (CAPTION, "Photo: Rosa Delacroix"), "Photo: Rosa Delacroix", "Rosa Delacroix", ""),
    ("reuters", (CAPTION, "REUTERS/Rosa Delacroix"), "REUTERS/Rosa Delacroix", "Rosa Delacroix", "REUTERS"),
]


@pytest.mark.parametrize("lines,credit,photographer,agency", [r[1:] for r in CAPTION_ROWS],
                         ids=[r[0] for r in CAPTION_ROWS])
def test_caption_with_credit_leaves_the_body(lines, credit, photographer, agency):
    result = clean(paste(*lines), title=HEADLINE)
    assert result.body == list(PARAGRAPHS)
    assert len(result.captions) == 1
    cap = result.captions[0]
    assert CAPTION in cap.text
    assert (cap.credit, cap.photographer, cap.agency) == (credit, photographer, agency)


def test_caption_twice_glued_to_read_more_and_credit():
    result = clean(paste(CAPTION, CAPTION + "Read more" + CREDIT, PARAGRAPHS[0]), title=HEADLINE)
    assert [c.text for c in result.captions] == [CAPTION]
    assert result.captions[0].credit == CREDIT
    assert removed(result, "duplicate_caption") == [CAPTION]
    assert "Read more" in removed(result, "boilerplate")
    assert result.body == list(PARAGRAPHS)


DUP_ROWS = [
    ("repeated_lede", PARAGRAPHS[0], PARAGRAPHS[0]),
    ("whitespace_and_quotes", PARAGRAPHS[1].replace('"', "“", 1).replace(" ", "  ", 3), PARAGRAPHS[1]),
    ("truncated_teaser_after", PARAGRAPHS[0][:80] + "...", PARAGRAPHS[0]),
]


@pytest.mark.parametrize("line,kept", [r[1:] for r in DUP_ROWS], ids=[r[0] for r in DUP_ROWS])
def test_duplicate_paragraph_removed(line, kept):
    result = clean(paste(line, after=3), title=HEADLINE)
    assert result.body == list(PARAGRAPHS)
    assert [(r.text, r.duplicate_of) for r in result.removed if r.reason == "duplicate_paragraph"] == [(line, kept)]


def test_truncated_teaser_before_full_paragraph_keeps_full_text_first():
    teaser = PARAGRAPHS[3][:70] + "…"
    text = paste(after=0).replace(PARAGRAPHS[0], teaser + "\n\n" + PARAGRAPHS[0], 1)
    result = clean(text, title=HEADLINE)
    assert result.body[0] == PARAGRAPHS[3]
    assert result.body.count(PARAGRAPHS[3]) == 1
    assert [(r.text, r.duplicate_of) for r in result.removed if r.reason == "duplicate_paragraph"] == [
        (teaser, PARAGRAPHS[3])]


@pytest.mark.parametrize("line", ["Yes.", "\"Never again.\"", "Amen"], ids=["one_word", "short_quote", "bare_word"])
def test_natural_short_repetition_is_kept(line):
    result = clean(paste(line, PARAGRAPHS[2], line, after=2), title=HEADLINE)
    assert result.body.count(line) == 2


INPUT_ERRORS = [("empty", ""), ("whitespace", " \n\t \n"), ("controls_only", "\x00\x01\u200b")]


@pytest.mark.parametrize("text", [r[1] for r in INPUT_ERRORS], ids=[r[0] for r in INPUT_ERRORS])
def test_input_errors(text):
    with pytest.raises(InputError):
        clean(text)


def test_too_long_is_refused_with_the_limit():
    with pytest.raises(InputError, match="limit is 100"):
        clean("x" * 101, options=Options(max_chars=100))


def test_normalization_keeps_text_otherwise():
    text = paste().replace(PARAGRAPHS[2], PARAGRAPHS[2].replace(" ", "\u00a0", 2) + "\u200b").replace("\n", "\r\n")
    result = clean(text, title=HEADLINE)
    assert result.body == list(PARAGRAPHS)


# Rows: a site pattern, and whether the static check calls it likely to backtrack.
NESTED_ROWS = [
    (r"(a+)+b", True), (r"(?:\w+\s?)*$", True), (r"(?:x{1,30})+", True), (r"(?=(a+)+)", True),
    (r"Morrow Courier Radio:.*", False), (r"(a++)+b", False), (r"(?>a+)+b", False), (r"(?:ab|cd)+", False),
    (r"[A-Z]+ \d+", False), (r"(unclosed", False),
]


@pytest.mark.parametrize("pattern, nested", NESTED_ROWS, ids=[p for p, _ in NESTED_ROWS])
def test_nested_quantifiers(pattern, nested):
    assert nested_quantifiers(pattern) is nested


def test_a_site_pattern_that_backtracks_is_timed_out_and_the_line_kept():
    lines = ["a" * 60 + f" {i}" for i in range(site_patterns.MAX_TIMEOUTS + 2)]
    result = clean(paste(*lines), options=Options(extra_boilerplate=(r"(?:a|aa)+b", r"Morrow Courier Radio:.*")))
    [warning] = result.warnings
    assert "(?:a|aa)+b" in warning and "left out for the rest of the paste" in warning
    assert warning.code == "site_pattern_timeout" and warning.params["pattern"] == "(?:a|aa)+b"
    assert warning.params["gave_up"] is True and warning.params["lines"] == site_patterns.MAX_TIMEOUTS
    assert result.as_dict()["warnings"] == [warning.as_dict()]  # stored as the code, params and text
    assert not set(lines) & set(removed(result, "boilerplate"))


def test_a_timed_out_pattern_is_tried_no_more_than_the_limit():
    site = site_patterns.SitePattern(r"(?:a|aa)+b")
    assert [site.fullmatch("a" * 60) for _ in range(site_patterns.MAX_TIMEOUTS + 3)] == [False] * (site_patterns.MAX_TIMEOUTS + 3)
    assert site.timeouts == site_patterns.MAX_TIMEOUTS
