"""The rules of the problem: operators, answers, and the widths they need.

* A question is ``k`` **terms** joined by **one operator**, for example ``'9-10-9'``;
  every term is a whole number in ``smallest..largest`` (never negative, so a
  ``'-'`` in a question is always the operator).
* Operators are evaluated **left to right**: ``'+'`` adds, ``'-'`` subtracts
  (``9-10-9 = -10``), ``'*'`` multiplies, and ``'/'`` keeps the quotient ``a // b``
  (``20/3/2 = 3``). A divisor is always a term, so ``smallest >= 1`` keeps it non-zero.
* Answers are written in decimal, with a leading ``'-'`` when negative.

Widths: inputs are padded to :func:`input_length` characters; answers to the exact
width every answer needs (:func:`answer_width`) or, for the chapter's problem, to the
chapter's formula :func:`output_length`, which can be one column wider (3 instead
of 2 for three terms of 1..33). Every width is computed with whole numbers, so no
floating-point rounding can creep in.
"""

from __future__ import annotations

from collections.abc import Sequence

from .validation import check_int

PLUS, MINUS, TIMES, DIVIDE = "+", "-", "*", "/"
OPERATORS: tuple[str, ...] = (PLUS, MINUS, TIMES, DIVIDE)
"""Every operator the library knows, in the order alphabets list them."""


def _ceil_log10(k: int) -> int:
    """``ceil(log10(k))`` for a whole number ``k >= 1``, in exact arithmetic."""
    return 0 if k == 1 else len(str(k - 1))


def input_length(n_numbers: int, largest: int) -> int:
    """Width of a padded input string such as ``'10+10+10'`` (8 for 3 terms of 1..10).

    Taught in notebook 03.
    """
    n_numbers = check_int("n_numbers", n_numbers, minimum=1)
    largest = check_int("largest", largest, minimum=1)
    return n_numbers * _ceil_log10(largest + 1) + n_numbers - 1


def output_length(n_numbers: int, largest: int) -> int:
    """Width of a padded output string such as ``'30'`` (2 for 3 terms of 1..10).

    The chapter's formula can leave one spare column: for 3 terms of 1..33 the
    largest sum, 99, has two digits but the formula gives 3. It never gives too
    few, so no sum is ever cut.
    Taught in notebook 03.
    """
    n_numbers = check_int("n_numbers", n_numbers, minimum=1)
    largest = check_int("largest", largest, minimum=1)
    return _ceil_log10(n_numbers * (largest + 1))


INT64_MAX = 2**63 - 1


def check_operator(name: str, operator) -> str:
    """Return ``operator`` if it is one of :data:`OPERATORS`, else raise naming
    ``name``."""
    if not isinstance(operator, str):
        raise TypeError(
            f"{name} must be one of {list(OPERATORS)!r}, got {operator!r} "
            f"({type(operator).__name__})"
        )
    if operator not in OPERATORS:
        raise ValueError(f"{name} must be one of {list(OPERATORS)!r}, got {operator!r}")
    return operator


def check_operators(name: str, operators) -> tuple[str, ...]:
    """Validate a non-empty set of operators (``'+-'`` or ``['+', '-']``); return them
    in :data:`OPERATORS` order."""
    if isinstance(operators, str):
        operators = tuple(operators)
    if not isinstance(operators, Sequence):
        raise TypeError(
            f"{name} must be a string such as '+-' or a list of operators, got "
            f"{operators!r}"
        )
    if not operators:
        raise ValueError(
            f"{name} must hold at least one of {list(OPERATORS)!r}, got {operators!r}"
        )
    for operator in operators:
        check_operator(f"each of {name}", operator)
    duplicates = sorted({op for op in operators if list(operators).count(op) > 1})
    if duplicates:
        raise ValueError(f"{name} lists {duplicates!r} more than once, got {operators!r}")
    return tuple(op for op in OPERATORS if op in operators)


def evaluate(terms: Sequence[int], operator: str) -> int:
    """The answer to one question: ``terms`` joined by ``operator``, evaluated left to
    right.

    >>> evaluate([9, 10, 9], '+'), evaluate([9, 10, 9], '-')
    (28, -10)
    >>> evaluate([2, 3, 4], '*'), evaluate([20, 3, 2], '/')
    (24, 3)

    ``'/'`` keeps the quotient ``a // b``; a zero divisor raises ``ValueError``.
    """
    operator = check_operator("operator", operator)
    if isinstance(terms, (str, bytes)) or not isinstance(terms, Sequence) or not terms:
        raise TypeError(f"terms must be a non-empty list of whole numbers, got {terms!r}")
    values = [check_int(f"terms[{i}]", term, minimum=0) for i, term in enumerate(terms)]
    answer = values[0]
    for position, term in enumerate(values[1:], start=1):
        if operator == PLUS:
            answer += term
        elif operator == MINUS:
            answer -= term
        elif operator == TIMES:
            answer *= term
        elif term == 0:
            raise ValueError(
                f"terms[{position}] is a divisor of 0 in {terms!r}; a divisor is "
                "never zero"
            )
        else:
            answer //= term
    return answer


def result_range(
    operator: str, n_terms: int, largest: int, smallest: int = 1
) -> tuple[int, int]:
    """The smallest and largest answer of ``n_terms`` terms in ``smallest..largest``
    joined by ``operator``.

    Both ends are reached by some question, so widths built on them are exact:

    * ``'+'``: ``n*smallest .. n*largest``
    * ``'-'``: ``smallest - (n-1)*largest .. largest - (n-1)*smallest``
    * ``'*'``: ``smallest**n .. largest**n``
    * ``'/'``: ``smallest // largest**(n-1) .. largest // smallest**(n-1)``
      (left-to-right floor division by positive terms equals one division by their
      product).

    >>> result_range('-', 3, 10)
    (-19, 8)
    """
    operator = check_operator("operator", operator)
    n_terms = check_int("n_terms", n_terms, minimum=1)
    smallest, largest = check_term_range(smallest, largest)
    if operator == DIVIDE and smallest == 0 and n_terms > 1:
        raise ValueError(
            f"operator '/' needs divisors >= 1, but smallest={smallest} puts 0 in "
            "the divisor range"
        )
    others = n_terms - 1
    if operator == PLUS:
        return n_terms * smallest, n_terms * largest
    if operator == MINUS:
        return smallest - others * largest, largest - others * smallest
    if operator == TIMES:
        return smallest**n_terms, largest**n_terms
    return smallest // largest**others, largest // smallest**others


def written_width(value: int) -> int:
    """Characters needed to write the whole number ``value`` (``'-'`` included): 2 for
    10 and for -9."""
    return len(str(check_int("value", value)))


def answer_width(operator: str, n_terms: int, largest: int, smallest: int = 1) -> int:
    """Characters needed for every answer of ``n_terms`` terms in ``smallest..largest``
    joined by ``operator``.

    >>> answer_width('+', 3, 10), answer_width('-', 3, 10), answer_width('*', 2, 99)
    (2, 3, 4)
    """
    low, high = result_range(operator, n_terms, largest, smallest)
    return max(written_width(low), written_width(high))


def check_term_range(smallest, largest) -> tuple[int, int]:
    smallest = check_int("smallest", smallest, minimum=0)
    largest = check_int("largest", largest, minimum=1)
    if smallest > largest:
        raise ValueError(
            f"the term range smallest..largest is empty: smallest={smallest} > "
            f"largest={largest}"
        )
    return smallest, largest
