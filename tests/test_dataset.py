"""The vectorised pipeline agrees with the readable one, and is reproducible."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addition_lib import (
    ALPHABET,
    all_sum_pairs,
    decode_batch,
    encode_sum_pairs,
    generate_data,
    input_length,
    integer_encode,
    one_hot_encode,
    random_terms,
    to_string,
)


def step_by_step(X, y, n_numbers, largest, alphabet=ALPHABET):
    encoded = one_hot_encode(*integer_encode(*to_string(X, y, n_numbers, largest), alphabet), len(alphabet))
    return tuple(np.array(part, dtype=np.uint8) for part in encoded)


@st.composite
def sum_pairs(draw):
    n_numbers = draw(st.integers(1, 5))
    largest = draw(st.integers(1, 5000))
    rows = draw(st.lists(st.lists(st.integers(1, largest), min_size=n_numbers, max_size=n_numbers), min_size=1, max_size=30))
    return rows, [sum(row) for row in rows], n_numbers, largest


@given(sum_pairs())
@settings(max_examples=200, deadline=None)
def test_fast_path_equals_step_by_step_path(case):
    X, y, n_numbers, largest = case
    fast_X, fast_y = encode_sum_pairs(X, y, n_numbers, largest)
    slow_X, slow_y = step_by_step(X, y, n_numbers, largest)
    assert fast_X.dtype == np.uint8
    np.testing.assert_array_equal(fast_X, slow_X)
    np.testing.assert_array_equal(fast_y, slow_y)


@given(st.permutations(ALPHABET), st.integers(0, 2**32 - 1))
@settings(max_examples=30, deadline=None)
def test_any_symbol_order_gives_the_same_text(alphabet, seed):
    terms = random_terms(20, 3, 10, seed)
    fast_X, fast_y = encode_sum_pairs(terms, terms.sum(axis=1), 3, 10, alphabet)
    slow_X, slow_y = step_by_step(terms.tolist(), terms.sum(axis=1).tolist(), 3, 10, alphabet)
    np.testing.assert_array_equal(fast_X, slow_X)
    assert decode_batch(fast_y, alphabet) == to_string(terms, terms.sum(axis=1), 3, 10)[1]


@pytest.mark.parametrize("n_numbers, largest", [(3, 10), (2, 999), (5, 10), (4, 100)])
def test_generate_data_matches_encode_sum_pairs_of_the_same_terms(n_numbers, largest):
    # Small spaces take the precomputed-table path, large ones the column writer.
    X, y = generate_data(2000, n_numbers, largest, seed=7)
    terms = random_terms(2000, n_numbers, largest, seed=7)
    expected_X, expected_y = encode_sum_pairs(terms, terms.sum(axis=1), n_numbers, largest)
    np.testing.assert_array_equal(X, expected_X)
    np.testing.assert_array_equal(y, expected_y)


def test_generate_data_shapes_dtype_and_one_hot():
    X, y = generate_data(75_000, 3, 10, seed=1)
    assert X.shape == (75_000, 8, 12) and y.shape == (75_000, 2, 12)
    assert X.dtype == y.dtype == np.uint8
    assert (X.sum(axis=2) == 1).all() and (y.sum(axis=2) == 1).all()


def test_generate_data_answers_are_the_sums():
    X, y = generate_data(300, 4, 50, seed=2)
    for question, answer in zip(decode_batch(X), decode_batch(y), strict=True):
        assert sum(int(term) for term in question.split("+")) == int(answer)


def test_seeds_reproduce_and_differ():
    a = generate_data(100, 3, 10, seed=5)
    b = generate_data(100, 3, 10, seed=np.random.default_rng(5))
    c = generate_data(100, 3, 10, seed=6)
    np.testing.assert_array_equal(a[0], b[0])
    assert not np.array_equal(a[0], c[0])


def test_generate_data_covers_the_range():
    terms = random_terms(20_000, 3, 10, seed=0)
    assert terms.min() == 1 and terms.max() == 10


def test_all_sum_pairs_lists_every_problem_once():
    space = all_sum_pairs(3, 10)
    assert space.shape == (1000, 3)
    assert len({tuple(row) for row in space.tolist()}) == 1000
    assert space[0].tolist() == [1, 1, 1] and space[-1].tolist() == [10, 10, 10]
    with pytest.raises(ValueError, match="problem has 10,000,000,000 questions, more than limit=1,000,000"):
        all_sum_pairs(5, 100)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: generate_data(10, 0, 10), ValueError, "n_numbers must be an integer >= 1, got 0"),
        (lambda: generate_data(10, 3, -5), ValueError, "largest must be an integer >= 1, got -5"),
        (lambda: generate_data(10.0, 3, 10), TypeError, "n_samples must be an integer, got 10.0"),
        (lambda: generate_data(10, 3, 10, seed=-1), ValueError, "seed must be an integer >= 0, got -1"),
        (lambda: generate_data(10, 3, 10, seed="a"), TypeError, "seed must be an integer, got 'a'"),
        (lambda: generate_data(10, 3, 10, list("0123456789+")), ValueError, "missing the padding symbol"),
        (lambda: encode_sum_pairs([[1, 2]], [3], 3, 10), ValueError, "X must have n_numbers=3 terms per row"),
        (lambda: encode_sum_pairs([[100, 20]], [120], 2, 10), ValueError, r"question 0 \('100\+20'\) needs 6 characters, more than the input width 5"),
        (lambda: encode_sum_pairs([[99, 99]], [198], 2, 10), ValueError, r"answer 0 \(198\) needs 3 characters, more than the output width 2"),
        (lambda: encode_sum_pairs([[1, 2]], [3, 3], 2, 10), ValueError, "X and y must have the same length"),
        (lambda: encode_sum_pairs([1, 2], [3], 2, 10), ValueError, "X must be a 2-D array"),
        (lambda: decode_batch(np.zeros((2, 12))), ValueError, r"encoded must be a 3-D array .* got shape \(2, 12\)"),
        (lambda: decode_batch(np.zeros((2, 3, 11))), ValueError, "encoded has vectors of width 11"),
    ],
)
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_input_width_is_the_formula():
    X, _ = generate_data(5, 4, 999, seed=0)
    assert X.shape[1] == input_length(4, 999) == 15
