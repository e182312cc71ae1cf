"""Checks for exercise 3 (the model-size study)."""

from __future__ import annotations

from collections.abc import Mapping

from ..experiments.model_size import OBJECTIVE, smallest_reaching
from .core import (
    Case,
    build_cases,
    random_int,
    run_check,
    show_value,
)


def check_smallest_reaching(student_fn, *, n_random: int = 30, seed=0) -> None:
    """Check ``smallest_reaching(rows, threshold)`` against :func:`smallest_reaching`.

    Named cases cover the edges: a score exactly at the threshold, no model reaching it, a
    larger model failing where a smaller one succeeded, and rows in any order.
    """

    def row(digits, terms, units, score):
        return {"digits": digits, "terms": terms, "units": units, OBJECTIVE: score}

    named = [
        ([row(1, 2, 16, 0.995), row(1, 2, 32, 1.0)], 0.99),
        ([row(1, 3, 16, 0.99), row(1, 3, 32, 0.999)], 0.99),  # exactly at the threshold counts
        ([row(2, 4, 16, 0.01), row(2, 4, 128, 0.3)], 0.99),  # nobody reaches it: None
        ([row(1, 4, 16, 0.995), row(1, 4, 32, 0.9), row(1, 4, 64, 1.0)], 0.99),  # a larger model failed
        ([row(2, 2, 128, 1.0), row(2, 2, 16, 0.2), row(2, 2, 64, 0.999)], 0.99),  # any order
        ([row(1, 2, 16, 1.0), row(2, 2, 16, 0.5), row(2, 2, 32, 0.995)], 0.99),
        ([row(1, 3, 16, 0.995), row(1, 3, 32, 1.0)], 1.0),
    ]

    def make_random(rng):
        rows = [
            row(digits, terms, units, round(float(rng.choice([rng.random(), 1 - rng.random() / 50, 1.0])), 4))
            for digits in range(1, random_int(rng, 1, 3) + 1)
            for terms in range(2, random_int(rng, 2, 4) + 1)
            for units in (16, 32, 64, 128)
            if rng.random() < 0.8
        ] or [row(1, 2, 16, 0.5)]
        order = rng.permutation(len(rows))
        return [rows[i] for i in order], float(rng.choice((0.9, 0.99, 0.999, 1.0)))

    def judge(args, result):
        expected = smallest_reaching(*args)
        if not isinstance(result, Mapping):
            return f"gave {show_value(result)}, expected a dict {{(digits, terms): units or None}} such as {expected!r}"
        for size, units in expected.items():
            if size not in result:
                return f"gave {dict(result)!r}, which has no entry for (digits, terms) = {size}; expected {units!r}"
            if result[size] != units or type(result[size]) is not type(units):
                why = "no model reached the threshold" if units is None else "the fewest units that reached it"
                return (f"gave {result[size]!r} for (digits, terms) = {size}, expected {units!r} ({why}); "
                        f"the whole answer expected is {expected!r}")
        extra = sorted(set(result) - set(expected), key=repr)
        if extra:
            return f"gave an entry for {extra[0]!r}, which is not a problem size in the rows; expected {expected!r}"
        return None

    cases: list[Case] = build_cases(named, make_random, n_random, seed)
    run_check(student_fn, cases, judge, name=getattr(student_fn, "__name__", "smallest_reaching"))
