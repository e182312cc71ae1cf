"""Checks for exercise 4 (a variable number of terms)."""

from __future__ import annotations

from collections.abc import Callable

from ..step_by_step import to_string_variable_terms
from .core import (
    build_cases,
    compare_with,
    random_int,
    random_largest,
    run_check,
    teaching_check,
)


@teaching_check
def check_to_string_variable_terms(
    student_fn: Callable, *, n_random: int = 30, seed=0
) -> None:
    """Check ``to_string_variable_terms(X, y, max_terms, largest)``: rows of different
    lengths, one width.

    The reference is :func:`addition_lib.step_by_step.to_string_variable_terms`. The
    cases include widths where the chapter's formula for sums is wider than the largest
    sum needs, the largest terms of a range, sums given as a NumPy array, and rows that
    must be left as they were.
    """
    named = [
        ([[3, 10], [9, 6, 9]], [13, 24], 3, 10),
        ([[7]], [7], 3, 10),
        ([[2, 2]], [4], 5, 10),
        ([[1, 2, 3, 4, 5]], [15], 5, 10),
        ([[100, 1], [5]], [101, 5], 4, 100),
        (
            [[33], [33, 33, 33]],
            [33, 99],
            3,
            33,
        ),  # sums keep the chapter's width for max_terms
        ([[1000, 1000], [1]], [2000, 1], 2, 1000),
        ([[999, 999, 999, 999], [1]], [3996, 1], 4, 999),
    ]

    def make_random(rng):
        max_terms, largest = random_int(rng, 1, 5), random_largest(rng)
        X = [
            [random_int(rng, 1, largest) for _ in range(random_int(rng, 1, max_terms))]
            for _ in range(random_int(rng, 1, 3))
        ]
        if rng.random() < 0.3:
            X[0] = [largest] * max_terms
        return X, [sum(row) for row in X], max_terms, largest

    cases = build_cases(named, make_random, n_random, seed, arrays=(1,))
    run_check(student_fn, cases, compare_with(to_string_variable_terms))
