"""Caption rules, one row per behaviour: where the credit is, what stands for a credit, what a caption looks like."""
from __future__ import annotations

import pytest

from enrichment.pipeline import clean
from tests.fixtures.articles import HEADLINE, PARAGRAPHS, paste

SHORE = "Fishermen haul their nets onto the pier at Kessin harbor before dawn"
CHART = "Spring catch on Lake Morrow by village, from 2015 to 2020."

# (id, lines between paragraphs, caption text, credit, photographer, agency)
FOUND = [
    ("copyright_name_before", (f"© Ilse Brandt {SHORE}.",), SHORE + ".", "© Ilse Brandt", "Ilse Brandt", ""),
    ("copyright_agency_before", (f"© Getty Images {SHORE}.",), SHORE + ".", "© Getty Images", "", "Getty Images"),
    ("capitals_agency_named_above", ("This chart, compiled by Fathomly, shows how the catch fell.", CHART, "FATHOMLY"),
     CHART, "FATHOMLY", "", "FATHOMLY"),
    ("capitals_agency_under_labeled_caption",
     ("Video: Greta Halvorsen shows how the new locks changed the currents near her village", "MORROWTV"),
     "Video: Greta Halvorsen shows how the new locks changed the currents near her village", "MORROWTV", "",
     "MORROWTV"),
    ("name_for_outlet", (SHORE + ".", "Ilse Brandt for Morrow Weekly Magazine"), SHORE + ".",
     "Ilse Brandt for Morrow Weekly Magazine", "Ilse Brandt", "Morrow Weekly Magazine"),
    ("name_for_outlet_after_unfinished_line", (SHORE, "Ilse Brandt for Lakeside Pictures"), SHORE,
     "Ilse Brandt for Lakeside Pictures", "Ilse Brandt", "Lakeside Pictures"),
    ("image_credit_with_company", (SHORE + ".  (Image credit: Lakeside Media plc)",), SHORE + ".",
     "(Image credit: Lakeside Media plc)", "", "Lakeside Media plc"),
]


@pytest.mark.parametrize("lines,text,credit,photographer,agency", [r[1:] for r in FOUND], ids=[r[0] for r in FOUND])
def test_caption_found_and_credit_split(lines, text, credit, photographer, agency):
    result = clean(paste(*lines), title=HEADLINE)
    assert [(c.text, c.credit, c.photographer, c.agency) for c in result.captions] == [
        (text, credit, photographer, agency)]
    assert text not in result.body and credit not in result.body


# (id, a line between paragraphs that describes a photo with no credit, label or repeat)
DESCRIBED = [
    ("left_right", "Greta Halvorsen, left, and Jonas Halvorsen mend a net on the pier at Kessin."),
    ("initial_in_parens", "Judge Farid Azimov (R) leaves the regional court after the ruling"),
    ("poses", "Greta Halvorsen poses for a photo beside her boat on the northern shore"),
    ("in_this_photo", "In this undated handout photo, the Kessin canal locks fill with water"),
    ("file_photo", "FILE PHOTO: Cargo barges wait in a line at the Kessin canal locks"),
    ("present_tense_dated", "Fishermen gather outside the regional court in Sundberg, Tuesday, May 5, 2020."),
    ("published_stamp", "A video of the celebration at the harbor was shared by the association (Published Tuesday, May 5, 2020)"),
]


@pytest.mark.parametrize("line", [r[1] for r in DESCRIBED], ids=[r[0] for r in DESCRIBED])
def test_line_describing_a_photo_is_a_caption(line):
    result = clean(paste(line), title=HEADLINE)
    assert [c.text for c in result.captions] == [line]
    assert result.body == list(PARAGRAPHS)


# (id, lines between paragraphs): they stay in the body, no caption is made
KEPT = [
    ("capitals_section_word", (PARAGRAPHS[5], "ANALYSIS")),
    ("capitals_word_not_named_above", ("The harbor master counted the boats twice that morning.", "KESSINA")),
    ("subheading_with_for", ("The court heard from eleven witnesses over three days.", "Plans for Kessin")),
    ("copyright_then_address", ("© Morrow Courier Media, 14 Harbor Street, Kessin",)),
    ("pictured_in_reported_speech", ("Greta Halvorsen, pictured with her brother, said the ruling came too late.",)),
    ("present_tense_no_date", ("The association gathers every spring to count the boats on the lake.",)),
    ("imperative_with_time", ("Listen to the harbor report live at 12:45 on weekdays.",)),
    ("stamp_alone", ("(Published Tuesday, May 5, 2020)",)),
]


@pytest.mark.parametrize("lines", [r[1] for r in KEPT], ids=[r[0] for r in KEPT])
def test_line_is_not_a_caption(lines):
    result = clean(paste(*lines), title=HEADLINE)
    assert result.captions == []


def test_byline_line_does_not_take_a_credit():
    result = clean(paste(head=(HEADLINE, "By Marta Quintero | Morrow Courier", "Photo: Rosa Delacroix")), title=HEADLINE)
    assert result.byline == "By Marta Quintero | Morrow Courier"
    assert result.captions == []


def test_menu_run_is_the_same_once_the_title_has_left():
    """The title between short lines must not decide whether they are a menu (cleaning is idempotent)."""
    text = "\n".join(["By Marta Quintero", "0", HEADLINE, "0", "0"])
    first = clean(text, title=HEADLINE)
    again = clean("\n\n".join([first.headline, *first.body]), title=first.headline)
    assert again.body == first.body


GALLERY = "Kessin harbor festival 2020 [Boats of the northern shore] ‘Night of the lanterns’"
TEASER = "Ferry fares on Lake Morrow rise for the third time"


def lines_of(*lines: str) -> str:
    return "\n\n".join(["Menu", HEADLINE, *lines, "Share this:"])


def test_line_repeated_between_sentences_is_a_gallery_caption():
    p = PARAGRAPHS
    result = clean(lines_of(p[0], GALLERY, p[1], p[2], GALLERY, p[3], p[4], p[5]), title=HEADLINE)
    assert result.body == list(p)
    assert [c.text for c in result.captions] == [GALLERY]
    assert [r.text for r in result.removed if r.reason == "duplicate_caption"] == [GALLERY]


def test_line_repeated_beside_chrome_is_not_a_caption():
    p = PARAGRAPHS
    result = clean(lines_of(p[0], TEASER, "2H ago", p[1], p[2], p[3], TEASER, "5H ago", p[4], p[5]), title=HEADLINE)
    assert result.captions == []


def test_social_handle_credit_does_not_take_the_paragraph_above():
    result = clean(paste("Image copyright @KessinHarbor @KessinHarbor"), title=HEADLINE)
    assert result.body == list(PARAGRAPHS)
    assert result.captions == []
    assert [r.text for r in result.removed if r.reason == "credit"] == ["Image copyright @KessinHarbor @KessinHarbor"]


STEPS = ("Fill the jar with gravel. (Ilse Brandt)", "Press the moss down. (Ilse Brandt)")


def test_the_same_bracketed_name_under_several_photos_is_their_credit():
    p = PARAGRAPHS
    result = clean(lines_of(p[0], STEPS[0], p[1], p[2], STEPS[1], p[3], p[4], p[5]), title=HEADLINE)
    assert result.body == list(p)
    assert [(c.text, c.photographer) for c in result.captions] == [
        ("Fill the jar with gravel.", "Ilse Brandt"), ("Press the moss down.", "Ilse Brandt")]


def test_one_bracketed_name_is_a_sentence_naming_someone():
    p = PARAGRAPHS
    result = clean(lines_of(p[0], STEPS[0], p[1], p[2], p[3], p[4], p[5]), title=HEADLINE)
    assert STEPS[0] in result.body and result.captions == []


def test_a_list_ending_in_the_same_bracketed_words_is_not_captions():
    items = ["Blue kettle for the stove (Large Size)", "Steel kettle with a whistle (Large Size)",
             "Glass teapot with an infuser (Large Size)"]
    p = PARAGRAPHS
    result = clean(lines_of(p[0], p[1], p[2], p[3], p[4], p[5], "Shop the kettles", *items), title=HEADLINE)
    assert result.captions == []
