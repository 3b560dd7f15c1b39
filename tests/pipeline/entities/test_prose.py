"""Which kept paragraphs are the article's prose. Standard library, no model."""
from __future__ import annotations

import pytest

from enrichment.pipeline.entities.prose import MIN_LIST_ITEMS, article_blocks, is_prose, lower_case_words

SENTENCE = "The council voted on Tuesday to close the old ferry pier at the end of the summer season."


@pytest.mark.parametrize("line, expected", [
    (SENTENCE, True),
    ("National news", False),
    ("• Shadow", False),
    ("Escape your echo chamber", False),
    ("Good News Newsletter", False),
    ("WILL THE COUNCIL CHANGE ITS MIND ABOUT THE PIER?", False),
    ("Ferry Operator Makes Special Delivery to Island Families During Storm", False),
    ("Why islanders may want to keep their boats in the harbour this winter", False),
    ("Click to share on Twitter (Opens in new window)", False),
    ("Ana Ruiz contributed to this report from the harbour office.", False),
    ("Tom Avery is a senior reporter for the Valley Courier and covers transport.", False),
    ("“We will keep the pier open,” the mayor said.", True),
    ("Join our Harbour Forums to keep talking about ferries, tides and more!", False),
    ("Still curious? Head over to the Harbour Community to ask the crews.", False),
    ("The crews will join the harbour board for a vote on the new pier next week.", True),
])
def test_is_prose(line, expected):
    assert is_prose(line) is expected


def test_teasers_after_the_article_are_not_the_article():
    article = [SENTENCE] * 4
    teaser = ["Harbour Town Names a New Ferry Captain", "A longtime deckhand takes the wheel of the island ferry next month.",
              "Valley Courier", "Save", "More like this", "Fewer like this"]
    body = article + teaser * 4
    assert article_blocks(body) == frozenset(range(4))


def test_a_code_listing_inside_the_article_does_not_cut_it():
    body = [SENTENCE] * 3 + ["list: ["] * 30 + [SENTENCE] * 3
    assert article_blocks(body) == frozenset({0, 1, 2, 33, 34, 35})


def test_a_bulleted_list_of_sentences_is_prose_a_lone_one_is_not():
    bullet = "the island must keep its ferry to hold on to its school and its doctor"
    lone = [SENTENCE, SENTENCE, bullet, SENTENCE]
    listed = [SENTENCE, *[bullet] * MIN_LIST_ITEMS, SENTENCE]
    assert 2 not in article_blocks(lone)
    assert {1, 2, 3} <= article_blocks(listed)


def test_a_body_without_prose_is_all_article():
    assert article_blocks(["Anna Okafor met Luis Ferrand."]) == frozenset({0})


def test_lower_case_words():
    assert lower_case_words("Marijuana sales rose; marijuana is legal. Okafor's view") == {
        "sales", "rose", "marijuana", "is", "legal", "view"}
