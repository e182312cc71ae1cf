"""Checks for exercise 10 (digit-aligned columns, units first)."""

from __future__ import annotations

from collections.abc import Callable

from ..columns import column_digits, number_from_digits
from .core import build_cases, compare_with, random_int, run_check


def _random_columns(rng) -> tuple[int, int, int]:
    width = random_int(rng, 1, 10)
    a, b = (random_int(rng, 0, 10 ** random_int(rng, 1, width) - 1) for _ in range(2))
    return a, b, width + random_int(rng, 0, 1)


def _columns_hint(a: int, b: int, width: int, result) -> str | None:
    right = column_digits(a, b, width)
    if not isinstance(result, list | tuple) or len(result) != len(right):
        return f"return one (digit of a, digit of b) pair per column: {width} pairs"
    pairs = [tuple(pair) if isinstance(pair, list | tuple) else pair for pair in result]
    if pairs == right[::-1]:
        return "the columns are in the wrong order: units first, as a person adds"
    if pairs == [(y, x) for x, y in right]:
        return "each pair must hold the digit of a first, then the digit of b"
    return None


def check_column_digits(student_fn: Callable, *, n_random: int = 40, seed=0) -> None:
    """Check ``column_digits(a, b, width)``: ``[(5, 8), (4, 7), (3, 6), (0, 0)]`` for
    ``345, 678, 4``. The reference is :func:`addition_lib.columns.column_digits`."""
    named = [
        (345, 678, 4),
        (999, 1, 4),
        (7, 5, 2),
        (0, 0, 1),
        (1234567890, 9876543210, 11),
    ]
    exact = compare_with(column_digits)

    def judge(args, result):
        problem = exact(args, result)
        if problem is None:
            return None
        hint = _columns_hint(*args, result)
        return f"{problem}\n  hint: {hint}" if hint else problem

    run_check(student_fn, build_cases(named, _random_columns, n_random, seed), judge)


def check_number_from_digits(student_fn: Callable, *, n_random: int = 40, seed=0) -> None:
    """Check ``number_from_digits(digits)``: 1023 for ``[3, 2, 0, 1]`` (units first).

    The reference is :func:`addition_lib.columns.number_from_digits`.
    """
    named = [([3, 2, 0, 1],), ([8, 2, 0, 0],), ([0],), ([0] * 10 + [1],)]

    def make_random(rng):
        return ([random_int(rng, 0, 9) for _ in range(random_int(rng, 1, 11))],)

    exact = compare_with(number_from_digits)

    def judge(args, result):
        problem = exact(args, result)
        digits = args[0]
        if problem and result == int("".join(map(str, digits))):
            return (
                f"{problem}\n  hint: the first digit is the units, the last the "
                "highest place"
            )
        return problem

    run_check(student_fn, build_cases(named, make_random, n_random, seed), judge)
