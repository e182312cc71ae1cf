"""Checks for exercise 3 (the model-size study)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from ..experiments.model_size import OBJECTIVE, smallest_reaching
from .core import (
    build_cases,
    plain,
    random_int,
    run_check,
    show_value,
    teaching_check,
)


def _row(digits, terms, units, score):
    return {"digits": digits, "terms": terms, "units": units, OBJECTIVE: score}


@teaching_check
def check_smallest_reaching(student_fn: Callable, *, n_random: int = 30, seed=0) -> None:
    """Check ``smallest_reaching(rows, threshold)`` against
    :func:`addition_lib.experiments.model_size.smallest_reaching`.

    Named cases cover the edges: a score exactly at the threshold, no model reaching it,
    a larger model failing where a smaller one succeeded, and rows in any order. The
    answer must list the problem sizes **sorted**, must leave ``rows`` as they were (no
    sorting in place), and may hold NumPy numbers where the rows do (scores read from an
    array).
    """
    named = [
        ([_row(1, 2, 16, 0.995), _row(1, 2, 32, 1.0)], 0.99),
        (
            [_row(1, 3, 16, 0.99), _row(1, 3, 32, 0.999)],
            0.99,
        ),  # exactly at the threshold counts
        ([_row(2, 4, 16, 0.01), _row(2, 4, 128, 0.3)], 0.99),  # nobody reaches it: None
        (
            [_row(1, 4, 16, 0.995), _row(1, 4, 32, 0.9), _row(1, 4, 64, 1.0)],
            0.99,
        ),  # a larger one failed
        (
            [_row(2, 2, 128, 1.0), _row(2, 2, 16, 0.2), _row(2, 2, 64, 0.999)],
            0.99,
        ),  # any order
        (
            [
                _row(2, 3, 16, 1.0),
                _row(1, 2, 16, 0.5),
                _row(1, 2, 32, 0.995),
                _row(2, 2, 64, 1.0),
            ],
            0.99,
        ),  # problem sizes out of order: the answer is sorted
        ([_row(1, 3, 16, 0.995), _row(1, 3, 32, 1.0)], 1.0),
        (
            [
                _row(np.int64(1), np.int64(2), np.int64(16), np.float64(0.99)),
                _row(np.int64(1), np.int64(2), np.int64(8), np.float64(0.5)),
            ],
            0.99,
        ),  # NumPy numbers
    ]

    def make_random(rng):
        numpy_numbers = rng.random() < 0.5
        rows = [
            _row(
                digits,
                terms,
                units,
                round(float(rng.choice([rng.random(), 1 - rng.random() / 50, 1.0])), 4),
            )
            for digits in range(1, random_int(rng, 1, 3) + 1)
            for terms in range(2, random_int(rng, 2, 4) + 1)
            for units in (16, 32, 64, 128)
            if rng.random() < 0.8
        ] or [_row(1, 2, 16, 0.5)]
        if numpy_numbers:
            rows = [
                {
                    key: np.float64(value) if key == OBJECTIVE else np.int64(value)
                    for key, value in row.items()
                }
                for row in rows
            ]
        order = rng.permutation(len(rows))
        return [rows[i] for i in order], float(rng.choice((0.9, 0.99, 0.999, 1.0)))

    def judge(args, result):
        expected = {
            tuple(plain(key)): plain(value)
            for key, value in smallest_reaching(*args).items()
        }
        if not isinstance(result, Mapping):
            return (
                f"gave {show_value(result)}, expected a dict "
                f"{{(digits, terms): units or None}} such as {expected!r}"
            )
        got = {}
        for key, value in result.items():
            got[tuple(plain(key)) if isinstance(key, tuple) else plain(key)] = plain(
                value
            )
        for size, units in expected.items():
            if size not in got:
                return (
                    f"gave {got!r}, which has no entry for (digits, terms) = {size}; "
                    f"expected {units!r}"
                )
            if got[size] != units or type(got[size]) is not type(units):
                why = (
                    "no model reached the threshold"
                    if units is None
                    else "the fewest units that reached it"
                )
                return (
                    f"gave {got[size]!r} for (digits, terms) = {size}, expected "
                    f"{units!r} ({why}); "
                    f"the whole answer expected is {expected!r}"
                )
        extra = sorted(set(got) - set(expected), key=repr)
        if extra:
            return (
                f"gave an entry for {extra[0]!r}, which is not a problem size in the "
                f"rows; expected {expected!r}"
            )
        if list(got) != list(expected):
            return (
                f"gave the problem sizes in the order {list(got)}, expected them sorted: "
                f"{list(expected)} (dict(sorted(...)) sorts a dict by its keys)"
            )
        return None

    run_check(
        student_fn,
        build_cases(named, make_random, n_random, seed),
        judge,
        name=getattr(student_fn, "__name__", "smallest_reaching"),
    )
