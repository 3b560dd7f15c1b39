"""The evaluation metrics, on hand-computed cases."""
from __future__ import annotations

import pytest

from enrichment.evaluation.cleaning import (
    body_scores,
    caption_pairs,
    duplicate_lines,
    leaks,
    page_counts,
    score,
    shingles,
    token_f1,
)


@pytest.mark.parametrize("text,expected", [
    ("", 0), ("one two", 1), ("a b c d", 1), ("a b c d e f", 3),
], ids=["empty", "short", "exact4", "six"])
def test_shingle_counts(text, expected):
    assert sum(shingles(text).values()) == expected


def test_page_counts_normalised():
    tp, fp, fn = page_counts("a b c d e", "a b c d x")
    assert (tp, fp, fn) == pytest.approx((1 / 3, 1 / 3, 1 / 3))


def test_body_scores_average_pages_then_f1():
    res = body_scores([(1.0, 0.0, 0.0), (0.5, 0.5, 0.0)])
    assert res["precision"] == pytest.approx(0.75) and res["recall"] == pytest.approx(1.0)
    assert res["f1"] == pytest.approx(2 * 0.75 / 1.75)


def test_caption_pairs_one_to_one():
    gold = ["The mayor speaks at the harbor", "Boats on the lake"]
    assert caption_pairs(gold, ["the mayor speaks at the harbor", "the mayor speaks at the harbor"]) == 1
    assert token_f1(["a", "b"], ["a", "c"]) == pytest.approx(0.5)


def test_leaks_and_duplicates():
    body = "Intro line here.\nThe mayor speaks at the harbor on Monday\nThe mayor speaks at the harbor on Monday"
    assert leaks(["the mayor speaks", "Boats"], body, 1) == (1, 2)
    assert leaks(["AP"], body, 2) == (0, 0)
    assert duplicate_lines(body) == (1, 2)


def test_score_missing_prediction_counts_as_empty():
    corpus = [{"id": "x", "gold_body": "a b c d e", "gold_captions": ["cap one two"], "gold_credits": []}]
    res = score(corpus, {})
    assert res["missing_predictions"] == 1 and res["recall"] == 0.0 and res["caption_recall"] == 0.0
