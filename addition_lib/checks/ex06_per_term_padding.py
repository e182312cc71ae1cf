"""Checks for exercise 6 (per-term padding)."""

from __future__ import annotations

from collections.abc import Callable

from ..step_by_step import (
    to_string_per_term,
)
from .core import (
    build_cases,
    compare_with,
    random_int,
    random_largest,
    random_sums,
    run_check,
)


def check_to_string_per_term(student_fn: Callable, *, n_random: int = 30, seed=0) -> None:
    """Check ``to_string_per_term(X, y, n_numbers, largest)``: each term left-padded on its own.

    The reference is :func:`addition_lib.step_by_step.to_string_per_term`.
    """
    named = [
        ([[3, 10]], [13], 2, 10),
        ([[9, 6, 9]], [24], 3, 10),
        ([[1, 1]], [2], 2, 10),
        ([[5, 100, 42]], [147], 3, 100),
        ([[7]], [7], 1, 9),
        ([[1, 2], [10, 10]], [3, 20], 2, 10),
        ([[33, 33, 33]], [99], 3, 33),  # sums keep the chapter's width, here one wider than 99 needs
    ]

    def make_random(rng):
        n_numbers, largest = random_int(rng, 1, 4), random_largest(rng)
        return (*random_sums(rng, n_numbers, largest), n_numbers, largest)

    run_check(student_fn, build_cases(named, make_random, n_random, seed), compare_with(to_string_per_term))
