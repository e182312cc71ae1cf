"""Carries: how far a carry travels through a sum, and the questions that test it.

Adding by hand, a column whose digits (plus the carry coming in) reach 10 passes a
carry to the next column. A **carry chain** is a run of neighbouring columns that each
pass one on; ``999+1`` has a chain of 3, ``123+456`` none. Notebook 15 asks whether
long chains are what a model gets wrong.

* :func:`longest_carry_chain`: the longest chain of one sum, written column by column
  as a person adds (any number of terms).
* :func:`carry_chains`: the same for a whole :class:`~addition_lib.Questions` batch at
  once; :func:`carries_out` is a second, independent way to see the carries, by place
  value, that the tests use to check the first.
* :func:`carry_edge_cases`: the fixed **edge-case set** of a two-term sum: every
  question (or a fixed sample, when there are too many) in which one carry is born in
  the units column and runs through every column of the longer term, such as ``999+1``
  or ``5555+4445``.
* :func:`exact_match_by`: the share of questions answered right, group by group (by
  chain length, by number of digits).
"""

from __future__ import annotations

import numpy as np

from .problem import ArithmeticProblem
from .questions import Questions
from .rules import PLUS
from .seeds import as_generator
from .validation import (
    IntArray,
    Integer,
    Seed,
    check_problem,
    check_questions,
    validate,
)


@validate(terms=IntArray(1, "(n_terms,)", minimum=0))
def longest_carry_chain(terms) -> int:
    """The longest run of neighbouring columns that pass a carry on, in ``sum(terms)``.

    The columns are added from the units up, as by hand; a column passes a carry on when
    its digits plus the carry coming in reach 10 (with many terms, a carry can be more
    than 1). Taught in notebook 15.

    >>> longest_carry_chain([999, 1]), longest_carry_chain([5555, 4445])
    (3, 4)
    >>> longest_carry_chain([123, 456]), longest_carry_chain([19, 1, 90])
    (0, 2)
    """
    terms = [int(term) for term in terms]
    longest = run = carry = 0
    while any(terms) or carry:
        column = sum(term % 10 for term in terms) + carry
        carry = column // 10
        run = run + 1 if carry else 0
        longest = max(longest, run)
        terms = [term // 10 for term in terms]
    return longest


def _sums_only(questions: Questions) -> Questions:
    questions = check_questions(questions)
    several = questions.n_terms > 1
    if (several & (questions.operators != PLUS)).any():
        i = int(np.argmax(several & (questions.operators != PLUS)))
        raise ValueError(
            f"questions must be sums; question {i} ({questions.texts()[i]!r}) is not"
        )
    if (questions.terms < 0).any():
        raise ValueError("questions must have non-negative terms to count carries")
    return questions


def carry_chains(questions: Questions) -> np.ndarray:
    """:func:`longest_carry_chain` of every question of a batch of sums: an int64
    ``(n,)`` array.

    >>> carry_chains(Questions.from_lists([[999, 1], [123, 456], [9, 9, 9]], '+'))
    array([3, 0, 1])
    """
    questions = _sums_only(questions)
    used = np.arange(questions.terms.shape[1]) < questions.n_terms[:, None]
    terms = np.where(used, questions.terms, 0)
    longest = np.zeros(len(terms), dtype=np.int64)
    run = np.zeros_like(longest)
    carry = np.zeros_like(longest)
    while terms.any() or carry.any():
        carry = ((terms % 10).sum(axis=1) + carry) // 10
        run = np.where(carry > 0, run + 1, 0)
        longest = np.maximum(longest, run)
        terms = terms // 10
    return longest


def carries_out(questions: Questions, column: int) -> np.ndarray:
    """The carry each sum passes on from ``column`` (0 for the units), by place value.

    The carry out of column ``i`` is how many times ``10**(i + 1)`` fits into the sum of
    the terms' last ``i + 1`` digits: no column-by-column loop, a second way to the same
    carries as :func:`carry_chains`. Returns an int64 ``(n,)`` array.
    """
    questions = _sums_only(questions)
    column = Integer(0)("column", column, {})
    place = 10 ** (column + 1)
    used = np.arange(questions.terms.shape[1]) < questions.n_terms[:, None]
    low = np.where(used, questions.terms % place, 0)
    return low.sum(axis=1) // place


def _digits(values: np.ndarray) -> np.ndarray:
    return np.array([len(str(int(v))) for v in values], dtype=np.int64)


def _is_edge_case(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One carry from the units runs to the top: ``a + b`` is ``10**w`` plus the units'
    excess, where ``w`` is the longer term's number of digits."""
    width = _digits(np.maximum(a, b))
    units = a % 10 + b % 10
    return (units >= 10) & (a + b == 10**width + units - 10)


def _named_edge_cases(width: int) -> list[tuple[int, int]]:
    """``99..9+1`` both ways round, and ``dd..d + (10**width - dd..d)`` for each digit."""
    top = 10**width
    pairs = [(top - 1, 1), (1, top - 1)]
    pairs += [(int(str(d) * width), top - int(str(d) * width)) for d in range(1, 10)]
    return pairs


def _random_edge_pairs(widths: np.ndarray, rng) -> tuple[np.ndarray, np.ndarray]:
    """One random edge case per entry of ``widths`` (the longer term's digits)."""
    a = rng.integers(1, 10**widths)
    a = np.where(a % 10 == 0, a + 1, a)  # the units of a must exceed the excess below
    b = 10**widths + rng.integers(0, a % 10) - a
    return a, b


@validate(n_samples=Integer(0), max_digits=Integer(1), seed=Seed())
def random_edge_cases(n_samples: int, max_digits: int, *, seed=None) -> Questions:
    """``n_samples`` random two-term sums in which one carry runs the whole length.

    The longer term has ``1..max_digits`` digits, each width equally likely; the rule is
    :func:`carry_edge_cases`'s. Long chains are too rare among random questions for a
    model to learn them; mixing some of these into training shows it them.

    >>> sums = random_edge_cases(50, 6, seed=0)
    >>> bool((carry_chains(sums) == _digits(sums.terms.max(axis=1))).all())
    True
    """
    rng = as_generator(seed)
    a, b = _random_edge_pairs(rng.integers(1, max_digits + 1, size=n_samples), rng)
    n = np.full(n_samples, 2)
    return Questions(np.stack([a, b], axis=1), n, np.full(n_samples, PLUS))


@validate(limit=Integer(1), seed=Seed())
def carry_edge_cases(
    problem: ArithmeticProblem, *, limit: int = 10_000, seed=0
) -> Questions:
    """The edge-case set of a two-term sum: one carry runs the whole length.

    A question is an edge case when its units column passes a carry on and every other
    column of the longer term sums to exactly 9, so that one carry must travel through
    all of them: ``999+1``, ``5555+4445``, ``123+877``, ``7+5``. Its answer is a 1, then
    zeros, then the units' excess (``1000``, ``10000``, ``1002``). Every such question of
    ``problem`` is returned if there are at most ``limit``; otherwise ``limit`` of them:
    for every width the named ones (``99..9+1`` both ways round and ``dd..d`` plus its
    complement), then random ones drawn with ``seed`` over the widths in turn. The same
    arguments always give the same set, sorted and without repeats. ``problem`` must be
    two-term addition. Taught in notebook 15.

    >>> carry_edge_cases(ArithmeticProblem(2, 9)).texts()[:4]
    ['1+9', '2+8', '2+9', '3+7']
    """
    problem = check_problem(problem)
    if problem.n_terms != (2, 2) or problem.operators != (PLUS,):
        raise ValueError(f"problem must be two-term addition, got {problem!r}")
    widths = range(1, len(str(problem.largest)) + 1)
    low, high = problem.smallest, problem.largest

    def inside(a, b):
        return (a >= low) & (a <= high) & (b >= low) & (b <= high)

    if 10 ** widths[-1] <= 100_000:  # few enough candidates to list them all
        a = np.arange(1, 10 ** widths[-1], dtype=np.int64)
        found = []
        for width in widths:
            for excess in range(9):
                b = 10**width + excess - a
                keep = (b >= 1) & _is_edge_case(a, np.maximum(b, 0)) & inside(a, b)
                found.append(np.stack([a[keep], b[keep]], axis=1))
        pairs = np.unique(np.concatenate(found), axis=0)
        if len(pairs) <= limit:
            return Questions.from_lists(pairs.tolist(), PLUS)
    rng = as_generator(seed)
    named = {pair for width in widths for pair in _named_edge_cases(width)}
    chosen = set(sorted((a, b) for a, b in named if inside(a, b))[:limit])
    for _ in range(1000):
        if len(chosen) >= limit:
            break
        a, b = _random_edge_pairs(np.repeat(np.array(widths), 64), rng)
        keep = inside(a, b)
        for pair in zip(a[keep].tolist(), b[keep].tolist(), strict=True):
            if len(chosen) < limit:
                chosen.add(pair)
    return Questions.from_lists(sorted(chosen), PLUS)


def exact_match_by(keys, right) -> dict[int, tuple[float, int]]:
    """``{key: (share right, how many)}`` for every value in ``keys``, in order.

    ``keys`` is an ``(n,)`` array of whole numbers (a carry-chain length, a number of
    digits), ``right`` an ``(n,)`` bool array (which questions were answered right), or
    ``(n_runs, n)`` for several runs, whose shares are then averaged.

    >>> exact_match_by([0, 1, 1], [True, True, False])
    {0: (1.0, 1), 1: (0.5, 2)}
    """
    keys = IntArray(1, "(n,)")("keys", keys, {})
    right = np.asarray(right)
    if right.dtype != bool:
        raise TypeError(f"right must be a bool array, got dtype {right.dtype}")
    if right.shape[-1:] != keys.shape or right.ndim > 2:
        raise ValueError(
            f"right must have shape ({len(keys)},) or (n_runs, {len(keys)}), "
            f"got {right.shape}"
        )
    right = np.atleast_2d(right)
    return {
        int(key): (float(right[:, keys == key].mean()), int((keys == key).sum()))
        for key in np.unique(keys)
    }


__all__ = [
    "carries_out",
    "carry_chains",
    "carry_edge_cases",
    "random_edge_cases",
    "exact_match_by",
    "longest_carry_chain",
]
