"""Checks for notebook 15's your-turn cell (the longest carry chain of a sum)."""

from __future__ import annotations

from collections.abc import Callable

from ..carries import longest_carry_chain
from .core import build_cases, compare_with, random_int, run_check


def _random_terms(rng) -> list[int]:
    """2 to 4 terms of up to 6 digits, rich in 9s so that carries run far."""

    def one():
        digits = [
            str(9 if rng.random() < 0.5 else random_int(rng, 0, 9))
            for _ in range(random_int(rng, 1, 6))
        ]
        return int("".join(digits))

    return [one() for _ in range(random_int(rng, 2, 4))]


def _columns(terms: list[int], *, with_carry: bool) -> list[int]:
    """Each column's carry out, units first (with or without the carry coming in)."""
    carries, carry = [], 0
    while any(terms) or carry:
        total = sum(term % 10 for term in terms) + (carry if with_carry else 0)
        carry = total // 10
        carries.append(carry)
        terms = [term // 10 for term in terms]
    return carries


def _longest_run(flags) -> int:
    longest = run = 0
    for flag in flags:
        run = run + 1 if flag else 0
        longest = max(longest, run)
    return longest


def _carry_chain_hint(terms: list[int], result) -> str | None:
    """A sentence for the usual slips with carry chains, or None."""
    if isinstance(result, bool) or not isinstance(result, int):
        return "return one whole number: the length of the longest chain"
    carries = _columns(list(terms), with_carry=True)
    if result == sum(carry > 0 for carry in carries) != longest_carry_chain(terms):
        return (
            "that is every column that passes a carry on; count only the longest run "
            "of neighbouring ones (reset the count when a column passes none)"
        )
    if result == _longest_run(_columns_capped(list(terms))):
        return (
            "with more than two terms a carry can be 2 or more: carry total // 10, not 1"
        )
    if result == _longest_run(c > 0 for c in _columns(list(terms), with_carry=False)):
        return (
            "a column's total must include the carry coming in from the column "
            "before: that is how 999+1 carries through three columns"
        )
    return None


def _columns_capped(terms: list[int]) -> list[bool]:
    """Carries as if a carry were never more than 1."""
    flags, carry = [], 0
    while any(terms) or carry:
        total = sum(term % 10 for term in terms) + carry
        carry = 1 if total >= 10 else 0
        flags.append(bool(carry))
        terms = [term // 10 for term in terms]
    return flags


def check_longest_carry_chain(
    student_fn: Callable, *, n_random: int = 40, seed=0
) -> None:
    """Check ``longest_carry_chain(terms)``: 3 for ``[999, 1]``, 0 for ``[123, 456]``.

    The reference is :func:`addition_lib.carries.longest_carry_chain`.
    """
    named = [
        ([999, 1],),
        ([123, 456],),
        ([5555, 4445],),
        ([109, 901],),
        ([55, 35, 9, 1],),
        ([5, 5],),
        ([7],),
        ([0, 0],),
    ]
    exact = compare_with(longest_carry_chain)

    def judge(args, result):
        problem = exact(args, result)
        if problem is None:
            return None
        hint = _carry_chain_hint(*args, result)
        return f"{problem}\n  hint: {hint}" if hint else problem

    cases = build_cases(named, lambda rng: (_random_terms(rng),), n_random, seed)
    run_check(student_fn, cases, judge)
