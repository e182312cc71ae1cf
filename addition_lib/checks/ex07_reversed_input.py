"""Checks for exercise 7 (reversed input)."""

from __future__ import annotations

from collections.abc import Callable

from ..step_by_step import (
    reverse_inputs,
    to_string,
)
from .core import (
    build_cases,
    compare_with,
    random_int,
    random_largest,
    random_sums,
    run_check,
)


def check_reverse_inputs(student_fn: Callable, *, n_random: int = 30, seed=0) -> None:
    """Check ``reverse_inputs(X_str, y_str)``: padded inputs reversed, outputs untouched.

    The reference is :func:`addition_lib.step_by_step.reverse_inputs`.
    """
    named = [
        ([" 3+10"], ["13"]),
        (["   9+6+9", " 9+ 6+ 9"], ["24", "24"]),
        (["10+10+10"], ["30"]),
        (["  9-10-9"], ["-10"]),
    ]

    def make_random(rng):
        n_numbers, largest = random_int(rng, 1, 4), random_largest(rng)
        return to_string(*random_sums(rng, n_numbers, largest), n_numbers, largest)

    run_check(student_fn, build_cases(named, make_random, n_random, seed), compare_with(reverse_inputs))
