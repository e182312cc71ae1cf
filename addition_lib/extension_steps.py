"""The chapter's ``to_string`` step, changed one way at a time for the extensions.

Each function keeps the chapter's plain lists and argument order, so it can be
compared with :func:`addition_lib.to_string` line by line, and each is the
reference the exercise checks (:mod:`addition_lib.checks`) compare a student's
version with. The same rules, on whole arrays and in any combination, are in
:func:`addition_lib.arithmetic_data.encode_questions`, which pads every answer to
its exact width (for sums this can be one column narrower than the chapter's).

For the question ``[9, 6, 9]`` with terms of 1..10:

* ``to_string`` (the chapter's): ``'   9+6+9'``, the whole string left-padded;
* ``to_string_per_term``: ``' 9+ 6+ 9'``, each term left-padded to the width of ``largest``;
* ``to_string_variable_terms``: ``'   9+6+9'`` next to ``'    3+10'``, padded for ``max_terms`` terms;
* ``to_string_with_operator`` with ``'-'``: ``'   9-6-9'``, answers padded with room for a ``'-'``;
* ``reverse_inputs``: ``'9+6+9   '``, the padded input reversed and the output left alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from ._validate import as_int_array, check_int
from .alphabet import PLUS
from .arithmetic import answer_width, check_operator
from .lengths import input_length, output_length
from .steps import _left_pad


def _rows_and_answers(X, y, n_numbers: int) -> tuple[list[list[int]], list[int]]:
    terms = as_int_array("X", X, 2, "(n_examples, n_numbers)") if len(X) else None
    answers = as_int_array("y", y, 1, "(n_examples,)").tolist() if len(y) else []
    rows = terms.tolist() if terms is not None else []
    if terms is not None and terms.shape[1] != n_numbers:
        raise ValueError(f"X must have n_numbers={n_numbers} terms per row, got rows of {terms.shape[1]}")
    if len(rows) != len(answers):
        raise ValueError(f"X and y must have the same length, got {len(rows)} and {len(answers)}")
    for i, row in enumerate(rows):
        if min(row) < 0:
            raise ValueError(f"X[{i}] = {row} has a negative term; terms are never negative")
    return rows, answers


def to_string_per_term(X, y, n_numbers: int, largest: int) -> tuple[list[str], list[str]]:
    """Like the chapter's ``to_string``, but every term is left-padded to the width of ``largest``.

    ``[[9, 6, 9]], [24]`` with three terms of 1..10 becomes ``[' 9+ 6+ 9'], ['24']``: each term
    sits in a slot of ``len(str(largest))`` characters, so digits of the same place value line
    up in every question. The input width is unchanged (``input_length``), and the sums are
    padded exactly as the chapter pads them (``output_length``). A term or sum that does not
    fit raises ``ValueError``.
    """
    n_numbers = check_int("n_numbers", n_numbers, minimum=1)
    largest = check_int("largest", largest, minimum=1)
    rows, answers = _rows_and_answers(X, y, n_numbers)
    slot = len(str(largest))
    X_str = [
        _left_pad(PLUS.join(_left_pad(str(term), slot, f"X[{i}] term") for term in row),
                  input_length(n_numbers, largest), f"X[{i}] written as")
        for i, row in enumerate(rows)
    ]
    out_width = output_length(n_numbers, largest)
    y_str = [_left_pad(str(total), out_width, f"y[{i}] written as") for i, total in enumerate(answers)]
    return X_str, y_str


def to_string_variable_terms(X, y, max_terms: int, largest: int) -> tuple[list[str], list[str]]:
    """Like the chapter's ``to_string`` for questions with different numbers of terms.

    ``X`` is a list of lists of 1 to ``max_terms`` terms each, such as ``[[3, 10], [9, 6, 9]]``.
    Every input is left-padded to the width of the longest possible question,
    ``input_length(max_terms, largest)``, and every sum to ``output_length(max_terms, largest)``,
    so questions with few terms and questions with many fit the same arrays:
    ``[[3, 10], [9, 6, 9]], [13, 24]`` with ``max_terms=3, largest=10`` gives
    ``['    3+10', '   9+6+9'], ['13', '24']``.
    """
    max_terms = check_int("max_terms", max_terms, minimum=1)
    largest = check_int("largest", largest, minimum=1)
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same length, got {len(X)} and {len(y)}")
    in_width, out_width = input_length(max_terms, largest), output_length(max_terms, largest)
    X_str, y_str = [], []
    for i, (row, total) in enumerate(zip(X, y, strict=True)):
        if isinstance(row, (str, bytes)) or not isinstance(row, Sequence) or not 1 <= len(row) <= max_terms:
            raise ValueError(f"X[{i}] must be a list of 1 to max_terms={max_terms} terms, got {row!r}")
        terms = [check_int(f"X[{i}] term", term, minimum=0) for term in row]
        X_str.append(_left_pad(PLUS.join(str(term) for term in terms), in_width, f"X[{i}] written as"))
        y_str.append(_left_pad(str(check_int(f"y[{i}]", total, minimum=0)), out_width, f"y[{i}] written as"))
    return X_str, y_str


def to_string_with_operator(X, y, n_numbers: int, largest: int, operator: str) -> tuple[list[str], list[str]]:
    """Like the chapter's ``to_string``, with ``operator`` between the terms and answers that may be negative.

    Terms are in ``1..largest``. The answers are padded to :func:`~addition_lib.arithmetic.answer_width`:
    the exact width of the most negative and the largest answer, with room for a ``'-'``.
    ``[[9, 10, 9]], [-10]`` with three terms of 1..10 and ``'-'`` gives ``['  9-10-9'], ['-10']``.
    (For ``'+'`` this width can be one narrower than the chapter's, as for three terms of 1..33.)
    """
    n_numbers = check_int("n_numbers", n_numbers, minimum=1)
    largest = check_int("largest", largest, minimum=1)
    operator = check_operator("operator", operator)
    rows, answers = _rows_and_answers(X, y, n_numbers)
    in_width, out_width = input_length(n_numbers, largest), answer_width(operator, n_numbers, largest)
    X_str = [_left_pad(operator.join(map(str, row)), in_width, f"X[{i}] written as") for i, row in enumerate(rows)]
    y_str = [_left_pad(str(answer), out_width, f"y[{i}] written as") for i, answer in enumerate(answers)]
    return X_str, y_str


def reverse_inputs(X_str: Sequence[str], y_str: Sequence[str]) -> tuple[list[str], list[str]]:
    """Reverse every padded input string; leave the outputs as they are.

    ``[' 3+10'], ['13']`` becomes ``['01+3 '], ['13']``. The padding is reversed with
    the rest, so it moves to the end, and the first step the encoder reads is the last
    digit of the last term (Sutskever et al., 2014, reversed the source sentence only).
    """
    for name, strings in (("X_str", X_str), ("y_str", y_str)):
        if isinstance(strings, str) or not isinstance(strings, Sequence):
            raise TypeError(f"{name} must be a list of strings, got {strings!r}")
        for i, text in enumerate(strings):
            if not isinstance(text, str):
                raise TypeError(f"{name}[{i}] must be a string, got {text!r}")
    return [text[::-1] for text in X_str], list(y_str)
