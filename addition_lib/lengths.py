"""How many characters an input or output string needs.

The chapter pads every string to a fixed width so that all samples have the
same number of time steps. Both widths follow from the problem's size:

* input:  ``n * ceil(log10(largest + 1)) + (n - 1)``: ``n`` terms of at most
  ``ceil(log10(largest + 1))`` digits each, plus ``n - 1`` plus signs;
* output: ``ceil(log10(n * (largest + 1)))``: enough digits for the largest sum.

``ceil(log10(k))`` for a whole number ``k >= 1`` is the number of digits of
``k - 1``; the functions below use that identity so that no floating-point
rounding can creep in (``log10`` of a large power of ten is not always exact).
"""

from __future__ import annotations

from ._validate import check_int


def _ceil_log10(k: int) -> int:
    """``ceil(log10(k))`` for a whole number ``k >= 1``, in exact arithmetic."""
    return 0 if k == 1 else len(str(k - 1))


def input_length(n_numbers: int, largest: int) -> int:
    """Width of a padded input string such as ``'10+10+10'`` (8 for 3 terms of 1..10)."""
    n_numbers = check_int("n_numbers", n_numbers, minimum=1)
    largest = check_int("largest", largest, minimum=1)
    return n_numbers * _ceil_log10(largest + 1) + n_numbers - 1


def output_length(n_numbers: int, largest: int) -> int:
    """Width of a padded output string such as ``'30'`` (2 for 3 terms of 1..10).

    The chapter's formula can leave one spare column: for 3 terms of 1..33 the
    largest sum, 99, has two digits but the formula gives 3. It never gives too
    few, so no sum is ever cut.
    """
    n_numbers = check_int("n_numbers", n_numbers, minimum=1)
    largest = check_int("largest", largest, minimum=1)
    return _ceil_log10(n_numbers * (largest + 1))
