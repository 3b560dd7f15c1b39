"""What follows the article: teaser lists and comment threads under a section heading leave the body."""
from __future__ import annotations

from enrichment.pipeline import clean
from tests.fixtures.articles import HEADLINE, PARAGRAPHS, paste

# More of the story, so that the article is a short news story's length (300 words and more).
MORE = (
    "The ruling is the first in the region to hold a canal operator responsible for the fish in the water it "
    "moves, and lawyers in Norhaven said other lake communities were already asking for copies of the judgment.",
    "Inspectors had measured the currents near the locks twice last year, but their reports were never shared "
    "with the villages, according to documents the association obtained through a request to the ministry.",
    "Several families who gave up fishing after the poor seasons said they would wait for the survey before "
    "deciding whether to buy new boats, since the damages may take years to reach them.",
    "The association's chair thanked the volunteers who had counted the catch at dawn every week for three "
    "seasons, saying that their notebooks had done more for the case than any expert the villages could afford.",
)
ARTICLE = (*PARAGRAPHS, *MORE)

TEASERS = (
    "Ferry fares rise on Lake Morrow",
    "Passengers crossing between Kessin and Sundberg will pay a fifth more from June, the ferry company said, "
    "blaming the price of fuel and the cost of repairing its oldest boat.",
    "2 hours ago",
    "Norhaven opens its new harbor wall",
    "After three winters of storms and two years of building work, the wall was opened by the mayor on Friday "
    "in front of a crowd of several hundred residents and visiting sailors.",
    "5 hours ago",
    "Sundberg council votes on a market square",
    "Councillors will decide next week whether to close the old square to cars on weekends, a plan the shop "
    "owners on the square have asked for since the bypass opened last spring.",
    "1 day ago",
)

COMMENTS = (
    "Ilse Brandt on May 4, 2020",
    "Good news at last for the northern shore, although I doubt the authority will pay anything before the "
    "survey is finished and the lawyers have had their share.",
    "Reply",
    "Pavel Okafor on May 4, 2020",
    "My grandfather fished that shore for fifty years and always said the water changed when they widened "
    "the channel, so this ruling comes far too late for him.",
    "Reply",
    "Jonas Weber on May 5, 2020",
    "Does anyone know whether the survey will also cover the southern bays, where the ferries turn and the "
    "water is shallow enough to feel the locks?",
    "Reply",
)


def story(*tail: str, middle: tuple[str, ...] = ()) -> str:
    return paste(*middle, *MORE, after=len(PARAGRAPHS), bottom=tail)


def test_teaser_list_under_a_section_heading_after_the_article_leaves_the_body():
    result = clean(story("More from the Courier", *TEASERS), title=HEADLINE)
    assert result.body == list(ARTICLE)


def test_comment_thread_after_the_article_leaves_the_body():
    result = clean(story("Comments", *COMMENTS), title=HEADLINE)
    assert result.body == list(ARTICLE)


def test_article_going_on_after_a_related_box_keeps_its_paragraphs():
    box = ("Related stories", "Ferry fares rise on Lake Morrow", "Norhaven opens its new harbor wall")
    result = clean(paste(*box, *MORE, after=3), title=HEADLINE)
    assert [p for p in result.body if p not in box] == [*PARAGRAPHS[:3], *MORE, *PARAGRAPHS[3:]]


LATER = (
    "By the evening the harbor office had posted the ruling on its door, and a queue of fishermen formed to read "
    "it before the light went, some of them copying whole pages into the notebooks they keep on their boats.",
    "The canal authority's own engineers, speaking without permission to be named, said the locks could be run "
    "more slowly in spring at little cost, a change the association has asked for since the first bad season.",
    "A second hearing on the damages is expected after the survey, and both sides said they would bring their "
    "own experts, which the judge warned could push the case into the following year.",
)


def test_a_story_going_on_in_a_run_of_paragraphs_after_a_late_box_is_not_cut():
    # The box comes after a story's worth of prose; what follows is paragraphs in a row, not single ones.
    box = ("Related stories", "Ferry fares rise on Lake Morrow", "Norhaven opens its new harbor wall")
    lines = [HEADLINE, *ARTICLE, *box, *LATER]
    result = clean("\n\n".join(lines), title=HEADLINE)
    assert [p for p in result.body if p not in box] == [*ARTICLE, *LATER]


def test_a_short_article_does_not_end_at_a_heading_before_single_paragraphs():
    # Under a story's worth of prose, a heading may be an inline label (a deals box) the article goes on after.
    lines = [HEADLINE, *PARAGRAPHS[:2], "Related stories"]
    for name, para in zip(("Kessin", "Norhaven", "Sundberg"), MORE):
        lines += [f"{name} harbor", para]
    result = clean("\n\n".join(lines), title=HEADLINE)
    assert set(MORE[:3]) <= set(result.body)


HEADLINES = (
    "Kessin ferry crews vote to strike over the winter timetable",
    "Norhaven mayor promises a new bridge before the next election",
    "Sundberg bakers win the regional bread prize for the third year",
    "Lake Morrow ice festival moves to February after a mild December",
    "Morrow valley farmers count the cost of the late spring frost",
    "Harbor police in Kessin recover a stolen sailing boat near the locks",
    "Norhaven library reopens its reading room after two years of repairs",
    "Sundberg school choir travels to the capital for the national final",
    "Kessin rowing club celebrates a century on the lake this summer",
    "Morrow Courier launches a weekly podcast about the villages of the shore",
)
BLURB = ("The Morrow Courier has reported on the towns and villages of the lake since 1921 and is read in "
         "every harbor from Kessin to Norhaven.")


def test_teaser_headlines_after_the_article_weigh_against_the_prose_after_them():
    result = clean(paste(bottom=(*HEADLINES, BLURB)), title=HEADLINE)
    assert result.body == list(PARAGRAPHS)


def test_a_long_subheading_between_paragraphs_stays_in_the_body():
    subhead = "What the ruling means for the villages on the northern shore"
    result = clean(paste(subhead, after=3), title=HEADLINE)
    assert result.body == [*PARAGRAPHS[:3], subhead, *PARAGRAPHS[3:]]
