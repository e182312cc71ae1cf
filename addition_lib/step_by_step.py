"""The pipeline one readable step at a time, in plain Python lists.

The chapter's functions (``random_sum_pairs``, ``to_string``, ``integer_encode``,
``one_hot_encode``, ``invert``, notebooks 02-06) keep the chapter's names,
arguments and plain lists, so a student can print every intermediate value and
compare it with the book:

    pairs -> to_string -> integer_encode -> one_hot_encode -> model -> invert

The extensions change ``to_string`` one way at a time (exercises 4-7), and each
version is the reference its exercise's check compares a student's code with.
For the question ``[9, 6, 9]`` with terms of 1..10:

* ``to_string`` (the chapter's): ``'   9+6+9'``, the whole string left-padded;
* ``to_string_per_term``: ``' 9+ 6+ 9'``, each term left-padded to the width of
  ``largest``;
* ``to_string_variable_terms``: ``'   9+6+9'`` next to ``'    3+10'``, padded for
  ``max_terms``;
* ``to_string_with_operator`` with ``'-'``: ``'   9-6-9'``, answers with room for a
  ``'-'``;
* ``reverse_inputs``: ``'9+6+9   '``, the padded input reversed and the output left alone.

:mod:`addition_lib.data` does the same work on whole NumPy arrays, hundreds of
times faster; property tests check that the two paths agree.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np

from .alphabet import ALPHABET, PAD, PLUS, char_to_int, check_alphabet
from .problem import (
    PER_TERM,
    ArithmeticProblem,
    answer_width,
    check_operator,
    evaluate,
    input_length,
    output_length,
)
from .questions import Questions
from .validation import (
    as_int_array,
    check_fits_in_memory,
    check_int,
    check_problem,
    check_questions,
)


def random_sum_pairs(n_examples: int, n_numbers: int, largest: int, *, seed=None):
    """Draw ``n_examples`` lists of ``n_numbers`` integers in ``1..largest`` and their sums.

    With ``seed=None`` the draws come from Python's global ``random`` module, as
    in the chapter, so ``random.seed(1)`` first reproduces its listings. Pass an
    ``int`` or a ``random.Random`` to draw from a private generator instead.

    Returns ``(X, y)``: a list of lists of ints and a list of ints.
    """
    n_examples = check_int("n_examples", n_examples, minimum=0)
    n_numbers = check_int("n_numbers", n_numbers, minimum=1)
    largest = check_int("largest", largest, minimum=1)
    check_fits_in_memory(
        "n_examples", n_examples, n_examples * (64 + 40 * (n_numbers + 1))
    )
    if seed is None:
        draw = random
    elif isinstance(seed, random.Random):
        draw = seed
    else:
        draw = random.Random(check_int("seed", seed, minimum=0))
    X, y = [], []
    for _ in range(n_examples):
        terms = [draw.randint(1, largest) for _ in range(n_numbers)]
        X.append(terms)
        y.append(sum(terms))
    return X, y


def _left_pad(text: str, width: int, what: str) -> str:
    if len(text) > width:
        raise ValueError(
            f"{what} {text!r} has {len(text)} characters, more than its padded width {width}"
        )
    return PAD * (width - len(text)) + text


def to_string(X, y, n_numbers: int, largest: int):
    """Write each list of terms as ``'a+b+c'`` and each sum as digits, left-padded with spaces.

    Every input string is padded to :func:`input_length` characters and every
    output string to :func:`output_length`, so ``[[3, 10]], [13]`` with two terms
    of 1..10 becomes ``[' 3+10'], ['13']``. A string that would not fit raises
    ``ValueError``; nothing is cut.
    """
    in_width = input_length(n_numbers, largest)
    out_width = output_length(n_numbers, largest)
    terms = (
        as_int_array("X", X, 2, "(n_examples, n_numbers)")
        if len(X)
        else np.zeros((0, n_numbers), int)
    )
    sums = as_int_array("y", y, 1, "(n_examples,)") if len(y) else np.zeros(0, int)
    if terms.shape[1] != n_numbers:
        raise ValueError(
            f"X must have n_numbers={n_numbers} terms per row, got rows of {terms.shape[1]}"
        )
    if len(terms) != len(sums):
        raise ValueError(
            f"X and y must have the same length, got {len(terms)} and {len(sums)}"
        )
    if terms.size and terms.min() < 0:
        raise ValueError(f"X must hold non-negative terms, got {terms.min()}")
    if sums.size and sums.min() < 0:
        raise ValueError(f"y must hold non-negative sums, got {sums.min()}")
    X_str = [
        _left_pad(PLUS.join(str(term) for term in row), in_width, f"X[{i}] written as")
        for i, row in enumerate(terms.tolist())
    ]
    y_str = [
        _left_pad(str(total), out_width, f"y[{i}] written as")
        for i, total in enumerate(sums.tolist())
    ]
    return X_str, y_str


def _encode_strings(
    name: str, strings: Sequence[str], lookup: dict[str, int], alphabet
) -> list[list[int]]:
    encoded = []
    for i, text in enumerate(strings):
        if not isinstance(text, str):
            raise TypeError(f"{name}[{i}] must be a string, got {text!r}")
        codes = []
        for position, char in enumerate(text):
            if char not in lookup:
                raise ValueError(
                    f"{name}[{i}] = {text!r} has character {char!r} at position {position}, "
                    f"which is not in the alphabet {list(alphabet)!r}"
                )
            codes.append(lookup[char])
        encoded.append(codes)
    return encoded


def integer_encode(X, y, alphabet=ALPHABET):
    """Replace every character by its position in ``alphabet``.

    ``[' 3+10'], ['13']`` becomes ``[[11, 3, 10, 1, 0]], [[1, 3]]``. A character
    that is not in the alphabet raises ``ValueError`` naming it and its position.
    """
    alphabet = check_alphabet(alphabet)
    lookup = char_to_int(alphabet)
    return _encode_strings("X", X, lookup, alphabet), _encode_strings(
        "y", y, lookup, alphabet
    )


def _one_hot_rows(name: str, sequences, max_int: int) -> list[list[list[int]]]:
    codes = (
        as_int_array(name, sequences, 2, "(n_examples, n_steps)")
        if len(sequences)
        else np.zeros((0, 0), int)
    )
    if codes.size and (codes.min() < 0 or codes.max() >= max_int):
        bad = codes[(codes < 0) | (codes >= max_int)][0]
        raise ValueError(
            f"{name} holds the code {bad}, outside 0..{max_int - 1} (max_int={max_int})"
        )
    rows = []
    for sequence in codes.tolist():
        pattern = []
        for code in sequence:
            vector = [0] * max_int
            vector[code] = 1
            pattern.append(vector)
        rows.append(pattern)
    return rows


def one_hot_encode(X, y, max_int: int):
    """Turn each integer code into a vector of ``max_int`` zeros with a single one.

    ``max_int`` is the size of the alphabet (12 for the chapter's). Returns
    nested lists of shape ``(n_examples, n_steps, max_int)``.
    """
    max_int = check_int("max_int", max_int, minimum=1)
    return _one_hot_rows("X", X, max_int), _one_hot_rows("y", y, max_int)


def invert(seq, alphabet=ALPHABET) -> str:
    """Decode one sequence of one-hot vectors (or of predicted probabilities) to text.

    ``seq`` has shape ``(n_steps, len(alphabet))``; each row becomes the symbol
    with the highest value, so a model's softmax output decodes the same way as
    an exact one-hot target.
    """
    alphabet = check_alphabet(alphabet, required=())
    array = np.asarray(seq)
    if array.ndim != 2:
        raise ValueError(
            f"seq must be a 2-D array of shape (n_steps, {len(alphabet)}), got shape {array.shape}; "
            "pass one sample such as X[0], not the whole batch"
        )
    if array.shape[1] != len(alphabet):
        raise ValueError(
            f"seq has rows of width {array.shape[1]}, but the alphabet has {len(alphabet)} symbols"
        )
    return "".join(alphabet[code] for code in np.argmax(array, axis=1))


def _rows_and_answers(X, y, n_numbers: int) -> tuple[list[list[int]], list[int]]:
    terms = as_int_array("X", X, 2, "(n_examples, n_numbers)") if len(X) else None
    answers = as_int_array("y", y, 1, "(n_examples,)").tolist() if len(y) else []
    rows = terms.tolist() if terms is not None else []
    if terms is not None and terms.shape[1] != n_numbers:
        raise ValueError(
            f"X must have n_numbers={n_numbers} terms per row, got rows of {terms.shape[1]}"
        )
    if len(rows) != len(answers):
        raise ValueError(
            f"X and y must have the same length, got {len(rows)} and {len(answers)}"
        )
    for i, row in enumerate(rows):
        if min(row) < 0:
            raise ValueError(
                f"X[{i}] = {row} has a negative term; terms are never negative"
            )
    return rows, answers


def to_string_per_term(
    X, y, n_numbers: int, largest: int
) -> tuple[list[str], list[str]]:
    """Like the chapter's ``to_string``, but every term is left-padded to the width of ``largest``.

    ``[[9, 6, 9]], [24]`` with three terms of 1..10 becomes ``[' 9+ 6+ 9'], ['24']``:
    each term
    sits in a slot of ``len(str(largest))`` characters, so digits of the same place
    value line
    up in every question. The input width is unchanged (``input_length``), and the sums
    are
    padded exactly as the chapter pads them (``output_length``). A term or sum that does
    not
    fit raises ``ValueError``.
    """
    n_numbers = check_int("n_numbers", n_numbers, minimum=1)
    largest = check_int("largest", largest, minimum=1)
    rows, answers = _rows_and_answers(X, y, n_numbers)
    slot = len(str(largest))
    X_str = [
        _left_pad(
            PLUS.join(_left_pad(str(term), slot, f"X[{i}] term") for term in row),
            input_length(n_numbers, largest),
            f"X[{i}] written as",
        )
        for i, row in enumerate(rows)
    ]
    out_width = output_length(n_numbers, largest)
    y_str = [
        _left_pad(str(total), out_width, f"y[{i}] written as")
        for i, total in enumerate(answers)
    ]
    return X_str, y_str


def to_string_variable_terms(
    X, y, max_terms: int, largest: int
) -> tuple[list[str], list[str]]:
    """Like the chapter's ``to_string`` for questions with different numbers of terms.

    ``X`` is a list of lists of 1 to ``max_terms`` terms each, such as ``[[3, 10], [9,
    6, 9]]``.
    Every input is left-padded to the width of the longest possible question,
    ``input_length(max_terms, largest)``, and every sum to ``output_length(max_terms,
    largest)``,
    so questions with few terms and questions with many fit the same arrays:
    ``[[3, 10], [9, 6, 9]], [13, 24]`` with ``max_terms=3, largest=10`` gives
    ``['    3+10', '   9+6+9'], ['13', '24']``.
    """
    max_terms = check_int("max_terms", max_terms, minimum=1)
    largest = check_int("largest", largest, minimum=1)
    if len(X) != len(y):
        raise ValueError(
            f"X and y must have the same length, got {len(X)} and {len(y)}"
        )
    in_width, out_width = (
        input_length(max_terms, largest),
        output_length(max_terms, largest),
    )
    X_str, y_str = [], []
    for i, (row, total) in enumerate(zip(X, y, strict=True)):
        if (
            isinstance(row, (str, bytes))
            or not isinstance(row, Sequence)
            or not 1 <= len(row) <= max_terms
        ):
            raise ValueError(
                f"X[{i}] must be a list of 1 to max_terms={max_terms} terms, got {row!r}"
            )
        terms = [check_int(f"X[{i}] term", term, minimum=0) for term in row]
        X_str.append(
            _left_pad(
                PLUS.join(str(term) for term in terms), in_width, f"X[{i}] written as"
            )
        )
        y_str.append(
            _left_pad(
                str(check_int(f"y[{i}]", total, minimum=0)),
                out_width,
                f"y[{i}] written as",
            )
        )
    return X_str, y_str


def to_string_with_operator(
    X, y, n_numbers: int, largest: int, operator: str
) -> tuple[list[str], list[str]]:
    """Like the chapter's ``to_string``, with ``operator`` between the terms and answers that may be negative.

    Terms are in ``1..largest``. The answers are padded to
    :func:`~addition_lib.problem.answer_width`:
    the exact width of the most negative and the largest answer, with room for a ``'-'``.
    ``[[9, 10, 9]], [-10]`` with three terms of 1..10 and ``'-'`` gives ``['  9-10-9'],
    ['-10']``.
    (For ``'+'`` this width can be one narrower than the chapter's, as for three terms
    of 1..33.)
    """
    n_numbers = check_int("n_numbers", n_numbers, minimum=1)
    largest = check_int("largest", largest, minimum=1)
    operator = check_operator("operator", operator)
    rows, answers = _rows_and_answers(X, y, n_numbers)
    in_width, out_width = (
        input_length(n_numbers, largest),
        answer_width(operator, n_numbers, largest),
    )
    X_str = [
        _left_pad(operator.join(map(str, row)), in_width, f"X[{i}] written as")
        for i, row in enumerate(rows)
    ]
    y_str = [
        _left_pad(str(answer), out_width, f"y[{i}] written as")
        for i, answer in enumerate(answers)
    ]
    return X_str, y_str


def reverse_inputs(
    X_str: Sequence[str], y_str: Sequence[str]
) -> tuple[list[str], list[str]]:
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


def write_question(
    terms: Sequence[int], operator: str, problem: ArithmeticProblem
) -> str:
    """One question as the model reads it: padded as ``problem.padding`` says, then reversed if asked.

    >>> write_question([9, 6, 9], '+', ArithmeticProblem(3, 10, padding='per_term'))
    ' 9+ 6+ 9'
    """
    problem = check_problem(problem)
    width = problem.n_in_seq_length
    if problem.padding == PER_TERM:
        parts = []
        for term in terms:
            if len(str(term)) > problem.term_width:
                raise ValueError(
                    f"term {term} of {list(terms)!r} has more than {problem.term_width} digits, "
                    f"the per-term width for terms up to {problem.largest}"
                )
            parts.append(str(term).rjust(problem.term_width, PAD))
    else:
        parts = [str(term) for term in terms]
    text = operator.join(parts)
    if len(text) > width:
        raise ValueError(
            f"question {text!r} has {len(text)} characters, more than the input width {width}"
        )
    text = text.rjust(width, PAD)
    return text[::-1] if problem.reverse else text


def write_answer(answer: int, problem: ArithmeticProblem) -> str:
    """One answer, left-padded to ``problem.n_out_seq_length`` and never reversed: ``'-10'``, ``' 28'``."""
    problem = check_problem(problem)
    text = str(answer)
    if len(text) > problem.n_out_seq_length:
        raise ValueError(
            f"answer {text!r} has {len(text)} characters, more than the output width {problem.n_out_seq_length}"
        )
    return text.rjust(problem.n_out_seq_length, PAD)


def format_questions(
    problem: ArithmeticProblem, questions: Questions
) -> tuple[list[str], list[str]]:
    """The padded input and output strings of every question, one question at a time."""
    questions = check_questions(questions)
    inputs, outputs = [], []
    for row, operator in zip(
        questions.rows(), questions.operators.tolist(), strict=True
    ):
        inputs.append(write_question(row, operator, problem))
        outputs.append(write_answer(evaluate(row, operator), problem))
    return inputs, outputs
