"""The readable pipeline: behaviour and bad input."""

import numpy as np
import pytest

from addition_lib import ALPHABET, integer_encode, invert, one_hot_encode, random_sum_pairs, to_string


def test_random_sum_pairs_ranges_and_sums():
    X, y = random_sum_pairs(500, 4, 7, seed=3)
    assert len(X) == len(y) == 500
    assert all(len(row) == 4 and all(1 <= t <= 7 for t in row) for row in X)
    assert [sum(row) for row in X] == y
    assert {t for row in X for t in row} == set(range(1, 8))


@pytest.mark.parametrize(
    "args, error, message",
    [
        ((-1, 2, 10), ValueError, "n_examples must be an integer >= 0, got -1"),
        ((1, 0, 10), ValueError, "n_numbers must be an integer >= 1, got 0"),
        ((1, 2, 0), ValueError, "largest must be an integer >= 1, got 0"),
        ((1, 2.0, 10), TypeError, "n_numbers must be an integer, got 2.0"),
    ],
)
def test_random_sum_pairs_bad_sizes(args, error, message):
    with pytest.raises(error, match=message):
        random_sum_pairs(*args)


def test_to_string_pads_on_the_left():
    assert to_string([[1, 2, 3], [10, 10, 10]], [6, 30], 3, 10) == (["   1+2+3", "10+10+10"], [" 6", "30"])


def test_to_string_rejects_what_does_not_fit():
    with pytest.raises(ValueError, match=r"X\[1\] written as '100\+100' has 7 characters, more than its padded width 5"):
        to_string([[1, 2], [100, 100]], [3, 200], 2, 10)
    with pytest.raises(ValueError, match=r"y\[0\] written as '123' has 3 characters, more than its padded width 2"):
        to_string([[1, 2]], [123], 2, 10)


@pytest.mark.parametrize(
    "X, y, message",
    [
        ([[1, 2, 3]], [6], "X must have n_numbers=2 terms per row, got rows of 3"),
        ([[1, 2]], [3, 4], "X and y must have the same length, got 1 and 2"),
        ([[1, -2]], [-1], "X must hold whole numbers >= 0, got -2"),
        ([[1, 2], [3]], [3, 3], "X must be a rectangular"),
    ],
)
def test_to_string_bad_pairs(X, y, message):
    with pytest.raises(ValueError, match=message):
        to_string(X, y, 2, 10)


def test_to_string_rejects_floats():
    with pytest.raises(TypeError, match="X must hold integers, got dtype float64"):
        to_string([[1.5, 2.0]], [3], 2, 10)


def test_integer_encode_names_the_bad_character_and_position():
    with pytest.raises(ValueError, match=r"X\[0\] = ' \|3\+10' has character '\|' at position 1"):
        integer_encode([" |3+10"], ["13"], ALPHABET)
    with pytest.raises(ValueError, match=r"y\[1\] = '-4' has character '-' at position 0"):
        integer_encode([" 3+10", " 1+1"], ["13", "-4"], ALPHABET)


@pytest.mark.parametrize(
    "alphabet, error, message",
    [
        (list("0123456789+ 1"), ValueError, r"alphabet has the symbol '1' twice \(positions 1 and 12\)"),
        (list("0123456789+"), ValueError, "is missing the padding symbol ' '"),
        (list("0123456789 "), ValueError, "is missing the plus symbol '\\+'"),
        (list("012345678+ "), ValueError, "is missing '9'"),
        ("0123456789+ ", TypeError, "alphabet must be a list or tuple"),
        (["0", "12"], ValueError, "alphabet must hold one-character strings, got '12' at position 1"),
    ],
)
def test_bad_alphabets(alphabet, error, message):
    with pytest.raises(error, match=message):
        integer_encode([" 3+10"], ["13"], alphabet)


def test_one_hot_encode_rejects_codes_outside_the_alphabet():
    with pytest.raises(ValueError, match=r"X holds the code 12, outside 0..11 \(max_int=12\)"):
        one_hot_encode([[1, 12]], [[1]], 12)
    with pytest.raises(ValueError, match=r"y holds the code -1"):
        one_hot_encode([[1]], [[-1]], 12)


def test_one_hot_encode_rejects_wrong_rank():
    with pytest.raises(ValueError, match=r"X must be a 2-D array of shape \(n_examples, n_steps\), got an array of shape \(3,\)"):
        one_hot_encode([1, 2, 3], [[1]], 12)
    with pytest.raises(ValueError, match="y must be a 2-D array"):
        one_hot_encode([[1]], [[[1]]], 12)
    with pytest.raises(ValueError, match="max_int must be an integer >= 1, got 0"):
        one_hot_encode([[1]], [[1]], 0)


def test_invert_round_trips_and_reads_probabilities():
    X, _ = one_hot_encode(*integer_encode([" 9+10+9"], ["28"], ALPHABET), 12)
    assert invert(X[0], ALPHABET) == " 9+10+9"
    probabilities = np.full((2, 12), 0.05)
    probabilities[0, 2], probabilities[1, 8] = 0.4, 0.4
    assert invert(probabilities, ALPHABET) == "28"


def test_invert_rejects_wrong_shapes():
    with pytest.raises(ValueError, match=r"seq must be a 2-D array of shape \(n_steps, 12\), got shape \(1, 2, 12\)"):
        invert(np.zeros((1, 2, 12)), ALPHABET)
    with pytest.raises(ValueError, match="seq has rows of width 11, but the alphabet has 12 symbols"):
        invert(np.zeros((2, 11)), ALPHABET)
