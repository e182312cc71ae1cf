"""The chapter's printed listings, reproduced exactly with random.seed(1)."""

import random

import numpy as np
import pytest

from addition_lib import ALPHABET, integer_encode, one_hot_encode, random_sum_pairs, to_string


@pytest.fixture
def chapter_pairs():
    random.seed(1)
    return random_sum_pairs(1, 2, 10)


def test_listing_9_7_sum_pairs(chapter_pairs):
    assert chapter_pairs == ([[3, 10]], [13])


def test_listing_9_13_padded_strings(chapter_pairs):
    assert to_string(*chapter_pairs, 2, 10) == ([" 3+10"], ["13"])


def test_listing_9_16_integer_codes(chapter_pairs):
    # The book prints the sum as [[13]] here; the pairs step really gives [13] (see docs/errata.md).
    assert integer_encode(*to_string(*chapter_pairs, 2, 10), ALPHABET) == ([[11, 3, 10, 1, 0]], [[1, 3]])


def test_listing_9_18_one_hot_rows(chapter_pairs):
    X, y = one_hot_encode(*integer_encode(*to_string(*chapter_pairs, 2, 10), ALPHABET), len(ALPHABET))
    expected_X = [
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
        [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0],
        [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    ]
    expected_y = [
        [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0],
    ]
    assert X == [expected_X]
    assert y == [expected_y]
    assert len(X[0][0]) == 12  # the book says 11-element vectors; the alphabet has 12 symbols


def test_seed_argument_matches_global_seed():
    random.seed(1)
    from_global = random_sum_pairs(20, 3, 10)
    assert random_sum_pairs(20, 3, 10, seed=1) == from_global
    assert random_sum_pairs(20, 3, 10, seed=random.Random(1)) == from_global


def test_chapter_alphabet():
    assert ALPHABET == tuple("0123456789") + ("+", " ")
    assert np.all([len(symbol) == 1 for symbol in ALPHABET])
