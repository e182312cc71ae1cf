"""Checks for the data steps' "your turn" cells (notebooks 02 to 06).

Each notebook asks the student to write the step it teaches before it shows the
library's version; the check compares the student's function with that version (or, for
random draws, with the rules a draw must follow):

=========================  ========  ==============================================
check                      notebook  the student writes
=========================  ========  ==============================================
check_random_sum_pairs     02        ``(n_examples, n_numbers, largest, seed)``
check_to_string            03        ``(X, y, n_numbers, largest)``
check_integer_encode       04        ``(X, y, alphabet)``
check_one_hot_encode       05        ``(X, y, max_int)``
check_invert               06        ``(seq, alphabet)``
=========================  ========  ==============================================
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable

import numpy as np

from ..alphabet import ALPHABET, DIGITS, PAD, PLUS
from ..step_by_step import integer_encode, invert, one_hot_encode, to_string
from .core import (
    build_cases,
    call_student,
    compare_with,
    difference,
    plain,
    random_int,
    random_largest,
    random_sums,
    run_check,
    same,
    show_value,
    teaching_check,
)

# ---------------------------------------------------------------- 02: drawing sum pairs


@teaching_check
def check_random_sum_pairs(student_fn: Callable, *, n_random: int = 12, seed=0) -> None:
    """Check ``random_sum_pairs(n_examples, n_numbers, largest, seed)`` against the
    rules of a draw.

    Draws are random, so they are not compared with one answer. Every result must

    * be a pair ``(X, y)``: ``n_examples`` rows of ``n_numbers`` whole numbers, and
      their sums;
    * hold terms in ``1..largest``, both ends included: when there are many terms, both
      ends must turn up (the classic slip is an upper end left out);
    * come out the same again for the same ``seed``, and differently for another seed;
    * draw from a private generator: it must neither depend on nor move Python's or
      NumPy's global random state (other code drawing in between must not change the
      data).
    """
    named = [
        (1, 2, 10, 1),
        (5, 3, 10, 1),
        (300, 3, 10, 7),  # 900 terms: 1 and 10 both turn up
        (200, 1, 1, 2),  # largest 1: every term is 1
        (100, 2, 1000, 3),
        (40, 5, 2, 4),
    ]

    def make_random(rng):
        return (
            random_int(rng, 1, 300),
            random_int(rng, 1, 5),
            random_largest(rng),
            random_int(rng, 0, 10_000),
        )

    def judge(args, result):
        n_examples, n_numbers, largest, draw_seed = args
        problem = _sum_pairs_problem(result, n_examples, n_numbers, largest)
        if problem:
            return problem
        X = plain(result[0])
        terms = [term for row in X for term in row]
        if len(terms) >= 20 * largest:  # missing an end by chance: under e**-20
            for end in (1, largest):
                if end not in terms:
                    return (
                        f"never drew {end} in {len(terms)} terms of 1..{largest}: is "
                        "that end "
                        "included? (random.randint(1, largest) includes it; NumPy's "
                        "integers(1, largest) leaves largest out)"
                    )
        return _private_and_seeded(student_fn, args, result, draw_seed)

    run_check(student_fn, build_cases(named, make_random, n_random, seed), judge)


def _sum_pairs_problem(result, n_examples, n_numbers, largest) -> str | None:
    expected_form = (
        f"a pair (X, y) of {n_examples} rows of {n_numbers} terms and {n_examples} sums"
    )
    if not (isinstance(result, (list, tuple)) and len(result) == 2):
        return f"gave {show_value(result)}, expected {expected_form}"
    X, y = plain(result[0]), plain(result[1])
    if not (isinstance(X, (list, tuple)) and isinstance(y, (list, tuple))):
        return f"gave {show_value(result)}, expected {expected_form}"
    if len(X) != n_examples or len(y) != n_examples:
        return f"gave {len(X)} rows and {len(y)} sums, expected {n_examples} of each"
    for i, (row, total) in enumerate(zip(X, y, strict=True)):
        if not isinstance(row, (list, tuple)) or len(row) != n_numbers:
            return f"gave X[{i}] = {row!r}, expected a list of {n_numbers} terms"
        for term in row:
            if type(term) is not int:
                return f"gave X[{i}] = {row!r}: {term!r} is not a whole number (int)"
            if not 1 <= term <= largest:
                return f"gave X[{i}] = {row!r}: the term {term} is outside 1..{largest}"
        if type(total) is not int or total != sum(row):
            return (
                f"gave y[{i}] = {total!r} for X[{i}] = {row!r}, expected its sum "
                f"{sum(row)}"
            )
    return None


def _global_states():
    return random.getstate(), np.random.get_state(legacy=False)


def _same_states(a, b) -> bool:
    return a[0] == b[0] and same(_flatten_state(a[1]), _flatten_state(b[1]))


def _flatten_state(state: dict) -> list:
    return [state["bit_generator"], plain(state["state"]["key"]), state["state"]["pos"]]


def _private_and_seeded(student_fn, args, result, draw_seed) -> str | None:
    before = _global_states()
    try:
        random.seed(
            draw_seed + 12345
        )  # other code drawing in between must change nothing
        np.random.seed(draw_seed + 12345)
        disturbed = _global_states()
        again = call_student(student_fn, args)
        moved = not _same_states(disturbed, _global_states())
    finally:
        random.setstate(before[0])
        np.random.set_state(before[1])
    if moved:
        return (
            "drew from the global random generator (random.randint, random.seed or "
            "np.random...): other code that draws in between changes your data. Draw "
            "from a private generator instead: random.Random(seed)."
        )
    if not same(again, result):
        return (
            f"gave different draws when called again with the same seed={draw_seed} "
            "(after other code had drawn random numbers); expected the same"
        )
    n_examples, n_numbers, largest, _ = args
    if n_examples * n_numbers >= 10 and largest > 1:
        other = call_student(student_fn, (*args[:3], draw_seed + 1))
        if same(other, result):
            return (
                f"gave the same draws for seed={draw_seed} and seed={draw_seed + 1}: "
                "does it use its seed?"
            )
    return None


# ---------------------------------------------------------------- 03: padded strings


@teaching_check
def check_to_string(student_fn: Callable, *, n_random: int = 30, seed=0) -> None:
    """Check ``to_string(X, y, n_numbers, largest)`` against
    :func:`addition_lib.to_string`.

    The cases include the chapter's pair, powers of ten (where the ``+ 1`` of the width
    formula matters), 3 terms of 1..33 (where the chapter's answer width has a spare
    column), the largest terms of a range, and ``X`` and ``y`` as NumPy arrays as well
    as lists.
    """
    named = [
        ([[3, 10]], [13], 2, 10),
        ([[1, 2, 3], [10, 10, 10]], [6, 30], 3, 10),
        (
            [[33, 33, 33], [1, 2, 3]],
            [99, 6],
            3,
            33,
        ),  # the chapter's width for sums: 3, not 2
        ([[100, 100], [7, 1]], [200, 8], 2, 100),
        ([[9]], [9], 1, 9),
        ([[999, 999, 1]], [1999], 3, 999),
    ]

    def make_random(rng):
        n_numbers, largest = random_int(rng, 1, 5), random_largest(rng)
        return (*random_sums(rng, n_numbers, largest), n_numbers, largest)

    cases = build_cases(named, make_random, n_random, seed, arrays=(0, 1))
    run_check(student_fn, cases, compare_with(to_string))


# ---------------------------------------------------------------- 04: integer codes


@teaching_check
def check_integer_encode(student_fn: Callable, *, n_random: int = 30, seed=0) -> None:
    """Check ``integer_encode(X, y, alphabet)`` against
    :func:`addition_lib.integer_encode`.

    A symbol's code is its position in ``alphabet``: the cases use the chapter's
    alphabet, alphabets with more symbols (such as ``'-'``) and alphabets in another
    order, so code that assumes ``'7'`` is 7 or that there are 12 symbols is caught.
    """
    shuffled = tuple("+ 9876543210")
    named = [
        ([" 3+10"], ["13"], ALPHABET),
        (["  9+10+9", "10+10+10"], ["28", "30"], ALPHABET),
        ([" 3-10"], ["-7"], (*ALPHABET, "-")),
        ([" 3+10", "   1+2"], ["13", " 3"], shuffled),
        (["12+7"], ["19"], list(ALPHABET)),
    ]

    def make_random(rng):
        n_numbers, largest = random_int(rng, 1, 4), random_largest(rng)
        X_str, y_str = to_string(
            *random_sums(rng, n_numbers, largest), n_numbers, largest
        )
        alphabet = [
            *DIGITS,
            PLUS,
            PAD,
            *rng.choice(["-", "*", "/"], random_int(rng, 0, 3), replace=False).tolist(),
        ]
        if rng.random() < 0.5:
            alphabet = [str(symbol) for symbol in rng.permutation(alphabet)]
        return X_str, y_str, tuple(alphabet)

    cases = build_cases(named, make_random, n_random, seed, arrays=(0, 1))
    run_check(student_fn, cases, compare_with(integer_encode))


# ---------------------------------------------------------------- 05: one-hot vectors


@teaching_check
def check_one_hot_encode(student_fn: Callable, *, n_random: int = 30, seed=0) -> None:
    """Check ``one_hot_encode(X, y, max_int)`` against
    :func:`addition_lib.one_hot_encode`.

    Every code becomes a vector of ``max_int`` numbers, all 0 but a 1 at the code's
    position. The ones and zeros may be ints or floats (``np.eye`` gives floats);
    booleans are not numbers here. The cases use other sizes than 12, the largest code
    ``max_int - 1``, and NumPy arrays as well as lists.
    """
    named = [
        ([[11, 3, 10, 1, 0]], [[1, 3]], 12),
        ([[0, 1], [2, 3]], [[4]], 5),
        ([[12, 0, 12]], [[12, 11]], 13),
        ([[0]], [[0]], 1),
    ]

    def make_random(rng):
        max_int = random_int(rng, 2, 16)
        n = random_int(rng, 1, 3)
        X = rng.integers(0, max_int, size=(n, random_int(rng, 1, 8))).tolist()
        y = rng.integers(0, max_int, size=(n, random_int(rng, 1, 4))).tolist()
        return X, y, max_int

    def judge(args, result):
        expected = one_hot_encode(*copy.deepcopy(args))
        numbers = _as_numbers(result)
        return difference(result if numbers is None else numbers, expected)

    cases = build_cases(named, make_random, n_random, seed, arrays=(0, 1))
    run_check(student_fn, cases, judge)


def _as_numbers(value):
    """``value`` with whole floats as ints (1.0 as 1), or ``None`` if it holds something
    else."""
    value = plain(value)
    if isinstance(value, (list, tuple)):
        items = [_as_numbers(item) for item in value]
        return None if any(item is None for item in items) else type(value)(items)
    if type(value) is float and value.is_integer():
        return int(value)
    return value if type(value) is int else None


# ---------------------------------------------------------------- 06: decoding


@teaching_check
def check_invert(student_fn: Callable, *, n_random: int = 30, seed=0) -> None:
    """Check ``invert(seq, alphabet)`` against :func:`addition_lib.invert`.

    Each row becomes the symbol with the largest value, so the cases include one-hot
    rows, a model's probabilities (no row holds a 1), scores that are all negative,
    alphabets of other sizes and orders, and NumPy arrays as well as lists.
    """
    one_hot = one_hot_rows(" 3+10", ALPHABET)
    probabilities = np.full((2, 12), 0.01)
    probabilities[0, 2], probabilities[1, 7], probabilities[1, 8] = 0.89, 0.54, 0.36
    named = [
        (one_hot, ALPHABET),
        (probabilities.tolist(), ALPHABET),
        ((-np.arange(1, 13, dtype=float)[::-1] * np.ones((3, 1))).tolist(), ALPHABET),
        (one_hot_rows("-10", (*ALPHABET, "-")), (*ALPHABET, "-")),
        (one_hot_rows("28", tuple("+ 9876543210")), tuple("+ 9876543210")),
    ]

    def make_random(rng):
        alphabet = [*DIGITS, PLUS, PAD] + (["-"] if rng.random() < 0.4 else [])
        if rng.random() < 0.5:
            alphabet = [str(symbol) for symbol in rng.permutation(alphabet)]
        scores = rng.normal(size=(random_int(rng, 1, 8), len(alphabet)))
        if rng.random() < 0.5:
            scores = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
        return scores.tolist(), tuple(alphabet)

    cases = build_cases(named, make_random, n_random, seed, arrays=(0,))
    run_check(student_fn, cases, compare_with(invert))


def one_hot_rows(text: str, alphabet) -> list[list[int]]:
    """``text`` one-hot encoded over ``alphabet``, as lists."""
    return [[int(symbol == char) for symbol in alphabet] for char in text]


__all__ = [
    "check_integer_encode",
    "check_invert",
    "check_one_hot_encode",
    "check_random_sum_pairs",
    "check_to_string",
]
