"""The chapter's data pipeline, one readable step at a time.

These functions keep the chapter's names, arguments and plain-Python lists, so
a student can print every intermediate value and compare it with the book.
``generate_data`` in :mod:`addition_lib.dataset` does the same work on NumPy
arrays, hundreds of times faster; a property test checks that the two agree.

    pairs -> to_string -> integer_encode -> one_hot_encode -> model -> invert
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np

from ._validate import as_int_array, check_int
from .alphabet import ALPHABET, PAD, PLUS, char_to_int, check_alphabet
from .lengths import input_length, output_length


def random_sum_pairs(n_examples: int, n_numbers: int, largest: int, *, seed=None):
    """Draw ``n_examples`` lists of ``n_numbers`` integers in ``1..largest`` and their sums.

    With ``seed=None`` the draws come from Python's global ``random`` module, as
    in the chapter, so ``random.seed(1)`` first reproduces its listings. Pass an
    ``int`` or a ``random.Random`` to draw from a private generator instead.

    Returns ``(X, y)``: a list of lists of ints and a list of ints.
    """
    n_examples = check_int("n_examples", n_examples, minimum=0)
    n_numbers = check_int("n_numbers", n_numbers, minimum=1)
    largest = check_int("largest", largest, minimum=1)
    if seed is None:
        draw = random
    elif isinstance(seed, random.Random):
        draw = seed
    else:
        draw = random.Random(check_int("seed", seed))
    X, y = [], []
    for _ in range(n_examples):
        terms = [draw.randint(1, largest) for _ in range(n_numbers)]
        X.append(terms)
        y.append(sum(terms))
    return X, y


def _left_pad(text: str, width: int, what: str) -> str:
    if len(text) > width:
        raise ValueError(
            f"{what} {text!r} has {len(text)} characters, more than its padded width {width}"
        )
    return PAD * (width - len(text)) + text


def to_string(X, y, n_numbers: int, largest: int):
    """Write each list of terms as ``'a+b+c'`` and each sum as digits, left-padded with spaces.

    Every input string is padded to :func:`input_length` characters and every
    output string to :func:`output_length`, so ``[[3, 10]], [13]`` with two terms
    of 1..10 becomes ``[' 3+10'], ['13']``. A string that would not fit raises
    ``ValueError``; nothing is cut.
    """
    in_width = input_length(n_numbers, largest)
    out_width = output_length(n_numbers, largest)
    terms = as_int_array("X", X, 2, "(n_examples, n_numbers)") if len(X) else np.zeros((0, n_numbers), int)
    sums = as_int_array("y", y, 1, "(n_examples,)") if len(y) else np.zeros(0, int)
    if terms.shape[1] != n_numbers:
        raise ValueError(f"X must have n_numbers={n_numbers} terms per row, got rows of {terms.shape[1]}")
    if len(terms) != len(sums):
        raise ValueError(f"X and y must have the same length, got {len(terms)} and {len(sums)}")
    if terms.size and terms.min() < 0:
        raise ValueError(f"X must hold non-negative terms, got {terms.min()}")
    if sums.size and sums.min() < 0:
        raise ValueError(f"y must hold non-negative sums, got {sums.min()}")
    X_str = [
        _left_pad(PLUS.join(str(term) for term in row), in_width, f"X[{i}] written as")
        for i, row in enumerate(terms.tolist())
    ]
    y_str = [_left_pad(str(total), out_width, f"y[{i}] written as") for i, total in enumerate(sums.tolist())]
    return X_str, y_str


def _encode_strings(name: str, strings: Sequence[str], lookup: dict[str, int], alphabet) -> list[list[int]]:
    encoded = []
    for i, text in enumerate(strings):
        if not isinstance(text, str):
            raise TypeError(f"{name}[{i}] must be a string, got {text!r}")
        codes = []
        for position, char in enumerate(text):
            if char not in lookup:
                raise ValueError(
                    f"{name}[{i}] = {text!r} has character {char!r} at position {position}, "
                    f"which is not in the alphabet {list(alphabet)!r}"
                )
            codes.append(lookup[char])
        encoded.append(codes)
    return encoded


def integer_encode(X, y, alphabet=ALPHABET):
    """Replace every character by its position in ``alphabet``.

    ``[' 3+10'], ['13']`` becomes ``[[11, 3, 10, 1, 0]], [[1, 3]]``. A character
    that is not in the alphabet raises ``ValueError`` naming it and its position.
    """
    alphabet = check_alphabet(alphabet)
    lookup = char_to_int(alphabet)
    return _encode_strings("X", X, lookup, alphabet), _encode_strings("y", y, lookup, alphabet)


def _one_hot_rows(name: str, sequences, max_int: int) -> list[list[list[int]]]:
    codes = as_int_array(name, sequences, 2, "(n_examples, n_steps)") if len(sequences) else np.zeros((0, 0), int)
    if codes.size and (codes.min() < 0 or codes.max() >= max_int):
        bad = codes[(codes < 0) | (codes >= max_int)][0]
        raise ValueError(f"{name} holds the code {bad}, outside 0..{max_int - 1} (max_int={max_int})")
    rows = []
    for sequence in codes.tolist():
        pattern = []
        for code in sequence:
            vector = [0] * max_int
            vector[code] = 1
            pattern.append(vector)
        rows.append(pattern)
    return rows


def one_hot_encode(X, y, max_int: int):
    """Turn each integer code into a vector of ``max_int`` zeros with a single one.

    ``max_int`` is the size of the alphabet (12 for the chapter's). Returns
    nested lists of shape ``(n_examples, n_steps, max_int)``.
    """
    max_int = check_int("max_int", max_int, minimum=1)
    return _one_hot_rows("X", X, max_int), _one_hot_rows("y", y, max_int)


def invert(seq, alphabet=ALPHABET) -> str:
    """Decode one sequence of one-hot vectors (or of predicted probabilities) to text.

    ``seq`` has shape ``(n_steps, len(alphabet))``; each row becomes the symbol
    with the highest value, so a model's softmax output decodes the same way as
    an exact one-hot target.
    """
    alphabet = check_alphabet(alphabet, required=())
    array = np.asarray(seq)
    if array.ndim != 2:
        raise ValueError(
            f"seq must be a 2-D array of shape (n_steps, {len(alphabet)}), got shape {array.shape}; "
            "pass one sample such as X[0], not the whole batch"
        )
    if array.shape[1] != len(alphabet):
        raise ValueError(
            f"seq has rows of width {array.shape[1]}, but the alphabet has {len(alphabet)} symbols"
        )
    return "".join(alphabet[code] for code in np.argmax(array, axis=1))
