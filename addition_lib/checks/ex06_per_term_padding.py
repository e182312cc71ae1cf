"""Checks for exercise 6 (per-term padding)."""

from __future__ import annotations

from collections.abc import Callable

from ..step_by_step import to_string_per_term
from .core import (
    build_cases,
    compare_with,
    random_int,
    random_largest,
    random_sums,
    run_check,
    teaching_check,
)
from .fair_comparison import check_fair_runs


@teaching_check
def check_to_string_per_term(student_fn: Callable, *, n_random: int = 30, seed=0) -> None:
    """Check ``to_string_per_term(X, y, n_numbers, largest)``: each term left-padded on
    its own.

    The reference is :func:`addition_lib.step_by_step.to_string_per_term`. The cases
    include the chapter's spare answer column (3 terms of 1..33), powers of ten, the
    largest terms of a range, and ``X`` and ``y`` as NumPy arrays as well as lists.
    """
    named = [
        ([[3, 10]], [13], 2, 10),
        ([[9, 6, 9]], [24], 3, 10),
        ([[1, 1]], [2], 2, 10),
        ([[5, 100, 42]], [147], 3, 100),
        ([[7]], [7], 1, 9),
        ([[1, 2], [10, 10]], [3, 20], 2, 10),
        (
            [[33, 33, 33]],
            [99],
            3,
            33,
        ),  # sums keep the chapter's width, here one wider than 99 needs
        ([[1000, 1, 1000]], [2001], 3, 1000),
    ]

    def make_random(rng):
        n_numbers, largest = random_int(rng, 1, 4), random_largest(rng)
        return (*random_sums(rng, n_numbers, largest), n_numbers, largest)

    cases = build_cases(named, make_random, n_random, seed, arrays=(0, 1))
    run_check(student_fn, cases, compare_with(to_string_per_term))


__all__ = ["check_fair_runs", "check_to_string_per_term"]
