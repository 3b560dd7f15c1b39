"""Credit formats: recognized on their own line or glued to a caption, photographer and agency parsed."""
from __future__ import annotations

import pytest

from enrichment.pipeline.cleaning.credits import parse_credit, split_trailing

CREDITS = [
    ("name_slash_agency", "Pavel Okafor / AP", "Pavel Okafor", "AP"),
    ("ap_photo", "(AP Photo/Luis Brisco)", "Luis Brisco", "AP"),
    ("photo_by_epa", "Photo by Irina Tamsin/EPA-EFE", "Irina Tamsin", "EPA-EFE"),
    ("reuters_slash", "REUTERS/Yuri Kovacs", "Yuri Kovacs", "REUTERS"),
    ("pipes", "Anna Moreau | Bloomberg | Getty Images", "Anna Moreau", "Bloomberg | Getty Images"),
    ("photo_colon", "Photo: Clara Ulrichs", "Clara Ulrichs", ""),
    ("credit_colon", "Credit: Clara Ulrichs", "Clara Ulrichs", ""),
    ("photograph_slash", "Photograph: Boris Nyberg/Getty Images", "Boris Nyberg", "Getty Images"),
    ("name_comma_agency", "Elena Varnov, Associated Press", "Elena Varnov", "Associated Press"),
    ("agency_file", "Katya Lindqvist / AP file", "Katya Lindqvist", "AP"),
    ("image_copyright", "Image copyright Getty Images", "", "Getty Images"),
    ("agency_alone_parens", "(AFP)", "", "AFP"),
    ("bracket_file", "[File: Reuters]", "", "Reuters"),
    ("image_credit_parens", "(Image credit: Sundberg Observatory)", "Sundberg Observatory", ""),
    ("photo_credit_spaced_colon", "(Photo Credit : Lakeside File Photo )", "Lakeside File Photo", ""),
    ("image_credit_company", "(Image credit: Lakeside Media plc)", "", "Lakeside Media plc"),
    ("image_copyright_capital_handle", "Image Copyright @KessinHarbor", "@KessinHarbor", ""),
    ("via_getty", "AFP via Getty Images", "", "AFP via Getty Images"),
    ("name_slash_outlet", "Jonas Ferrand/Kessin Times", "Jonas Ferrand", "Kessin Times"),
]


@pytest.mark.parametrize("text,photographer,agency", [r[1:] for r in CREDITS], ids=[r[0] for r in CREDITS])
def test_credit_parsed(text, photographer, agency):
    credit = parse_credit(text)
    assert credit is not None
    assert (credit.text, credit.photographer, credit.agency) == (text, photographer, agency)


NOT_CREDITS = [
    ("sentence", "The council met on Tuesday."),
    ("nav", "Home"),
    ("section_slash", "Weddings/Celebrations"),
    ("image_caption_label", "Image: Greta Halvorsen pulls a net onto her boat on the northern shore of the lake"),
    ("weak_word_alone", "STAFF"),
    ("byline_with_outlet", "By Marta Quintero | Morrow Courier"),
]


@pytest.mark.parametrize("text", [r[1] for r in NOT_CREDITS], ids=[r[0] for r in NOT_CREDITS])
def test_not_a_credit(text):
    assert parse_credit(text) is None


GLUED = [
    ("read_more", "Farmers gather near Kessin, Tuesday, May 5, 2020.Read moreRosa Delacroix / AP",
     "Farmers gather near Kessin, Tuesday, May 5, 2020.", "Read more", "Rosa Delacroix / AP"),
    ("no_space", "The mayor speaks at the harbor on July 2, 2020.Olga Brisco / AP file",
     "The mayor speaks at the harbor on July 2, 2020.", "", "Olga Brisco / AP file"),
    ("ap_photo", "A ferry leaves Port Amrin on Monday. (AP Photo/Hugo Moreau)",
     "A ferry leaves Port Amrin on Monday.", "", "(AP Photo/Hugo Moreau)"),
    ("bracket", "Troops remain in the valley after the floods [File: Reuters]",
     "Troops remain in the valley after the floods", "", "[File: Reuters]"),
    # a site's visually hidden "Credit" label, glued to the caption and the name in the copy
    ("hidden_credit_label", "Rain floods the market square of Kessin in 1981.CreditCreditOlga Brisco/Morrow Times",
     "Rain floods the market square of Kessin in 1981.", "", "CreditCreditOlga Brisco/Morrow Times"),
    ("hidden_credit_label_no_slash", "Rain floods the market square of Kessin in 1981.CreditOlga Brisco",
     "Rain floods the market square of Kessin in 1981.", "", "CreditOlga Brisco"),
    ("pipe_photo_by", "Ana Ruiz at the glass workshop in Norhaven | photo by Tomas Ferrand",
     "Ana Ruiz at the glass workshop in Norhaven", "", "photo by Tomas Ferrand"),
]


@pytest.mark.parametrize("line,text,glue,credit", [r[1:] for r in GLUED], ids=[r[0] for r in GLUED])
def test_glued_credit_split(line, text, glue, credit):
    split = split_trailing(line)
    assert split is not None
    assert (split.text, split.glue, split.credit.text) == (text, glue, credit)


@pytest.mark.parametrize("line", [
    "The photo agency said the pictures were sold to Getty Images",
    "He said the archive had been licensed to Reuters.",
    "Last updated on May 3 | Source: Kessin Harbor Office",   # a pipe before a label that is not a photo's
    "The council raised the rates again.Credit unions were not consulted.",
    "The bond fund said so in March.CreditSights disagreed.",
], ids=["agency_in_prose", "agency_after_said", "pipe_source", "credit_as_a_word", "company_named_credit"])
def test_prose_mentioning_an_agency_is_not_split(line):
    assert split_trailing(line) is None
