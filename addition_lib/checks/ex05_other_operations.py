"""Checks for exercise 5 (other operations)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..rules import OPERATORS, answer_width, evaluate
from ..step_by_step import to_string_with_operator
from .core import (
    build_cases,
    compare_with,
    random_int,
    random_largest,
    run_check,
    teaching_check,
)


@teaching_check
def check_evaluate(student_fn: Callable, *, n_random: int = 40, seed=0) -> None:
    """Check ``evaluate(terms, operator)``: left to right, ``'/'`` the quotient ``a //
    b``.

    The reference is :func:`addition_lib.problem.evaluate`. The cases cover every
    operator, negative answers, the largest products, and terms that must be left as
    they were.
    """
    named = [
        ([9, 10, 9], "+"),
        ([9, 10, 9], "-"),
        ([1, 10], "-"),
        ([10, 3, 4], "-"),
        ([2, 3, 4], "*"),
        ([20, 3, 2], "/"),
        ([7, 2], "/"),
        ([3, 10], "/"),
        ([5], "-"),
        ([100, 100, 100], "*"),
        ([1, 1000, 1000, 1000], "-"),
    ]

    def make_random(rng):
        operator = str(rng.choice(OPERATORS))
        largest = int(rng.choice((9, 10, 99, 100, 999)))
        terms = [random_int(rng, 1, largest) for _ in range(random_int(rng, 1, 4))]
        if rng.random() < 0.2:
            terms = [largest] * len(terms)
        return terms, operator

    run_check(
        student_fn,
        build_cases(named, make_random, n_random, seed),
        compare_with(evaluate),
    )


@teaching_check
def check_answer_width(student_fn: Callable, *, n_random: int = 40, seed=0) -> None:
    """Check ``answer_width(operator, n_numbers, largest)``: characters the widest
    answer needs, ``'-'`` included.

    Terms are in ``1..largest``. The reference is
    :func:`addition_lib.problem.answer_width`. The cases include widths where the
    chapter's formula for sums gives one too many, the largest values of a range, and
    NumPy integers.
    """
    named = [
        ("+", 3, 10),
        ("+", 3, 33),  # the chapter's formula gives 3; 99 needs 2
        ("-", 3, 10),
        ("-", 2, 10),
        ("-", 1, 10),
        ("*", 2, 99),
        ("*", 2, 100),
        ("/", 2, 10),
        ("/", 3, 1000),
        ("+", np.int64(2), np.int64(999)),
    ]

    def make_random(rng):
        return str(rng.choice(OPERATORS)), random_int(rng, 1, 5), random_largest(rng)

    run_check(
        student_fn,
        build_cases(named, make_random, n_random, seed),
        compare_with(answer_width),
    )


@teaching_check
def check_to_string_with_operator(
    student_fn: Callable, *, n_random: int = 40, seed=0
) -> None:
    """Check ``to_string_with_operator(X, y, n_numbers, largest, operator)``.

    The reference is :func:`addition_lib.step_by_step.to_string_with_operator`. The
    cases cover every operator, negative answers, the exact answer width where the
    chapter's formula differs, the largest values, and ``X`` and ``y`` as NumPy arrays
    as well as lists.
    """
    named = [
        ([[9, 10, 9]], [-10], 3, 10, "-"),
        ([[1, 10], [10, 1]], [-9, 9], 2, 10, "-"),
        ([[3, 10]], [13], 2, 10, "+"),
        ([[10, 10]], [100], 2, 10, "*"),
        ([[7, 2]], [3], 2, 10, "/"),
        ([[3, 10]], [0], 2, 10, "/"),
        (
            [[33, 33, 33]],
            [99],
            3,
            33,
            "+",
        ),  # the exact width: 2, where the chapter's formula gives 3
        ([[1, 1000, 1000]], [-1999], 3, 1000, "-"),
    ]

    def make_random(rng):
        operator, n_numbers, largest = (
            str(rng.choice(OPERATORS)),
            random_int(rng, 1, 4),
            random_largest(rng),
        )
        X = [
            [random_int(rng, 1, largest) for _ in range(n_numbers)]
            for _ in range(random_int(rng, 1, 3))
        ]
        if rng.random() < 0.2:
            X[0] = [1] + [largest] * (n_numbers - 1)
        return X, [evaluate(row, operator) for row in X], n_numbers, largest, operator

    cases = build_cases(named, make_random, n_random, seed, arrays=(0, 1))
    run_check(student_fn, cases, compare_with(to_string_with_operator))
