"""Checks for exercise 7 (reversed input)."""

from __future__ import annotations

from collections.abc import Callable

from ..rules import OPERATORS, evaluate
from ..step_by_step import reverse_inputs, to_string_with_operator
from .core import (
    build_cases,
    compare_with,
    random_int,
    random_largest,
    run_check,
    teaching_check,
)
from .fair_comparison import check_fair_runs


@teaching_check
def check_reverse_inputs(student_fn: Callable, *, n_random: int = 30, seed=0) -> None:
    """Check ``reverse_inputs(X_str, y_str)``: padded inputs reversed, outputs untouched.

    The reference is :func:`addition_lib.step_by_step.reverse_inputs`. The cases include
    other operators and negative answers, and inputs that must be left as they were (no
    reversing in place).
    """
    named = [
        ([" 3+10"], ["13"]),
        (["   9+6+9", " 9+ 6+ 9"], ["24", "24"]),
        (["10+10+10"], ["30"]),
        (["  9-10-9"], ["-10"]),
        (["100*100", " 7/2"], ["10000", "    3"]),
        (["   1+2", "  9-10"], [" 3", "-1"]),  # answers keep their padding
    ]

    def make_random(rng):
        n_numbers, largest = random_int(rng, 1, 4), random_largest(rng)
        operator = str(rng.choice(OPERATORS))
        X = [
            [random_int(rng, 1, largest) for _ in range(n_numbers)]
            for _ in range(random_int(rng, 1, 3))
        ]
        return to_string_with_operator(
            X, [evaluate(row, operator) for row in X], n_numbers, largest, operator
        )

    run_check(
        student_fn,
        build_cases(named, make_random, n_random, seed),
        compare_with(reverse_inputs),
    )


__all__ = ["check_fair_runs", "check_reverse_inputs"]
