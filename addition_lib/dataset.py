"""The whole pipeline on NumPy arrays: fast enough to make data on every run.

``encode_sum_pairs`` produces exactly what ``one_hot_encode(*integer_encode(
*to_string(X, y, ...)))`` produces, but writes the digits straight into a code
matrix column by column instead of building strings, and one-hot encodes with
a single table lookup. The arrays are ``uint8``: Keras accepts them as they are,
and they take an eighth of the memory of ``int64``.
"""

from __future__ import annotations

import functools

import numpy as np

from ._validate import as_int_array, check_int
from .alphabet import ALPHABET, PAD, PLUS, char_to_int, check_alphabet
from .lengths import input_length, output_length

ONE_HOT_DTYPE = np.uint8


def as_generator(seed) -> np.random.Generator:
    """Accept ``None``, an ``int`` or a ``numpy.random.Generator`` and return a Generator."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    return np.random.default_rng(check_int("seed", seed, minimum=0))


def _digit_count(values: np.ndarray) -> np.ndarray:
    """Number of decimal digits of each non-negative integer (0 has one digit)."""
    count = np.ones(values.shape, dtype=np.int64)
    bound = 10
    while True:
        more = values >= bound
        if not more.any():
            return count
        count += more
        bound *= 10


def _right_aligned_codes(name, rows: np.ndarray, width: int, lookup) -> np.ndarray:
    """Write each row of non-negative ints as ``'a+b+c'`` right-aligned in ``width`` codes.

    ``rows`` has shape ``(n, k)``. The terms are written from the last digit of
    the last term leftwards; ``position`` tracks where the next character goes
    in each row, so every row gets its own amount of left padding.
    """
    n, k = rows.shape
    digit_codes = np.array([lookup[str(d)] for d in range(10)], dtype=ONE_HOT_DTYPE)
    digits = _digit_count(rows)
    needed = digits.sum(axis=1) + (k - 1)
    if n and needed.max() > width:
        i = int(np.argmax(needed))
        text = PLUS.join(str(v) for v in rows[i])
        raise ValueError(
            f"{name}[{i}] written as {text!r} has {needed[i]} characters, more than its padded width {width}"
        )
    codes = np.full((n, width), lookup[PAD], dtype=ONE_HOT_DTYPE)
    position = np.full(n, width, dtype=np.int64)
    every_row = np.arange(n)
    for term in range(k - 1, -1, -1):
        values = rows[:, term].copy()
        for place in range(int(digits[:, term].max(initial=1))):
            has_digit = place < digits[:, term]
            position -= has_digit
            where = every_row[has_digit]
            codes[where, position[has_digit]] = digit_codes[values[has_digit] % 10]
            values //= 10
        if term:
            position -= 1
            codes[every_row, position] = lookup[PLUS]
    return codes


def encode_sum_pairs(X, y, n_numbers: int, largest: int, alphabet=ALPHABET):
    """One-hot encode sum pairs, as the step-by-step pipeline does, in one vectorised pass.

    ``X`` has shape ``(n_samples, n_numbers)`` and ``y`` shape ``(n_samples,)``.
    Returns ``(X_onehot, y_onehot)`` of shapes ``(n_samples, input_length,
    len(alphabet))`` and ``(n_samples, output_length, len(alphabet))``, dtype uint8.
    """
    n_numbers = check_int("n_numbers", n_numbers, minimum=1)
    largest = check_int("largest", largest, minimum=1)
    alphabet = check_alphabet(alphabet)
    terms = as_int_array("X", X, 2, "(n_samples, n_numbers)").reshape(len(X), -1)
    sums = as_int_array("y", y, 1, "(n_samples,)")
    if terms.shape[1] != n_numbers:
        raise ValueError(f"X must have n_numbers={n_numbers} terms per row, got rows of {terms.shape[1]}")
    if len(terms) != len(sums):
        raise ValueError(f"X and y must have the same length, got {len(terms)} and {len(sums)}")
    if terms.size and terms.min() < 0:
        raise ValueError(f"X must hold non-negative terms, got {terms.min()}")
    if sums.size and sums.min() < 0:
        raise ValueError(f"y must hold non-negative sums, got {sums.min()}")
    lookup = char_to_int(alphabet)
    x_codes = _right_aligned_codes("X", terms, input_length(n_numbers, largest), lookup)
    y_codes = _right_aligned_codes("y", sums[:, None], output_length(n_numbers, largest), lookup)
    return one_hot_codes(x_codes, len(alphabet)), one_hot_codes(y_codes, len(alphabet))


def one_hot_codes(codes: np.ndarray, n_symbols: int) -> np.ndarray:
    """One-hot encode an integer array of codes into a uint8 array with one more axis.

    Each code picks a row of the identity matrix. Viewing that row as a single
    opaque ``n_symbols``-byte item lets NumPy copy it in one move per code.
    """
    rows = np.ascontiguousarray(np.eye(n_symbols, dtype=ONE_HOT_DTYPE)).view(f"V{n_symbols}").ravel()
    return np.take(rows, codes).view(ONE_HOT_DTYPE).reshape(codes.shape + (n_symbols,))


# Above this many problems, generate_data encodes each sample on its own.
_TABLE_LIMIT = 1 << 16


@functools.lru_cache(maxsize=8)
def _code_tables(n_numbers: int, largest: int, alphabet: tuple[str, ...]):
    """Integer codes of every problem in the space, in :func:`all_sum_pairs` order."""
    terms = all_sum_pairs(n_numbers, largest)
    lookup = char_to_int(alphabet)
    x_codes = _right_aligned_codes("X", terms, input_length(n_numbers, largest), lookup)
    y_codes = _right_aligned_codes("y", terms.sum(axis=1)[:, None], output_length(n_numbers, largest), lookup)
    return x_codes, y_codes


def problem_index(terms: np.ndarray, largest: int) -> np.ndarray:
    """Position of each row of ``terms`` in :func:`all_sum_pairs` (terms read as base-``largest`` digits)."""
    index = np.zeros(len(terms), dtype=np.int64)
    for column in terms.T:
        index = index * largest + (column - 1)
    return index


def random_terms(n_samples: int, n_numbers: int, largest: int, seed=None) -> np.ndarray:
    """Draw an ``(n_samples, n_numbers)`` array of integers in ``1..largest``."""
    n_samples = check_int("n_samples", n_samples, minimum=0)
    n_numbers = check_int("n_numbers", n_numbers, minimum=1)
    largest = check_int("largest", largest, minimum=1)
    return as_generator(seed).integers(1, largest + 1, size=(n_samples, n_numbers))


def generate_data(n_samples: int, n_numbers: int, largest: int, alphabet=ALPHABET, *, seed=None):
    """Make ``n_samples`` random one-hot encoded sums, ready for ``model.fit``.

    ``seed`` is ``None``, an ``int`` or a ``numpy.random.Generator``; the same
    seed gives the same arrays. Returns ``(X, y)`` as in :func:`encode_sum_pairs`.
    """
    terms = random_terms(n_samples, n_numbers, largest, seed)
    alphabet = check_alphabet(alphabet)
    if largest**n_numbers > _TABLE_LIMIT:
        return encode_sum_pairs(terms, terms.sum(axis=1), n_numbers, largest, alphabet)
    # A small problem space is encoded once; each sample then copies its rows.
    x_table, y_table = _code_tables(n_numbers, largest, alphabet)
    index = problem_index(terms, largest)
    return one_hot_codes(x_table[index], len(alphabet)), one_hot_codes(y_table[index], len(alphabet))


def all_sum_pairs(n_numbers: int, largest: int, *, limit: int = 1_000_000) -> np.ndarray:
    """Every possible list of terms, in order: an ``(largest**n_numbers, n_numbers)`` array.

    Three terms of 1..10 give the 1,000 problems ``[1,1,1], [1,1,2], ..., [10,10,10]``.
    Raises ``ValueError`` when there are more than ``limit`` problems.
    """
    n_numbers = check_int("n_numbers", n_numbers, minimum=1)
    largest = check_int("largest", largest, minimum=1)
    limit = check_int("limit", limit, minimum=1)
    count = largest**n_numbers
    if count > limit:
        raise ValueError(
            f"{n_numbers} terms of 1..{largest} make {count:,} problems, more than limit={limit:,}"
        )
    grids = np.indices((largest,) * n_numbers).reshape(n_numbers, -1).T
    return grids + 1


def decode_batch(encoded, alphabet=ALPHABET) -> list[str]:
    """Decode a batch of one-hot vectors or predicted probabilities to strings.

    ``encoded`` has shape ``(n_samples, n_steps, len(alphabet))``; this is
    :func:`addition_lib.steps.invert` applied to every sample at once.
    """
    alphabet = check_alphabet(alphabet, required=())
    array = np.asarray(encoded)
    if array.ndim != 3:
        raise ValueError(
            f"encoded must be a 3-D array of shape (n_samples, n_steps, {len(alphabet)}), "
            f"got shape {array.shape}"
        )
    if array.shape[2] != len(alphabet):
        raise ValueError(
            f"encoded has vectors of width {array.shape[2]}, but the alphabet has {len(alphabet)} symbols"
        )
    table = np.array(alphabet)
    chars = table[np.argmax(array, axis=2)]
    return ["".join(row) for row in chars]
