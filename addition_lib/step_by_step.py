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
* ``reverse_inputs``: ``'9+6+9   '``, the padded input reversed and the output left
  alone.

:mod:`addition_lib.data` does the same work on whole NumPy arrays, hundreds of
times faster; property tests check that the two paths agree.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np

from .alphabet import ALPHABET, PAD, PLUS, char_to_int, check_alphabet
from .problem import PER_TERM, ArithmeticProblem
from .questions import Questions
from .rules import answer_width, check_operator, evaluate, input_length, output_length
from .validation import (
    Custom,
    IntArray,
    Integer,
    Seed,
    Texts,
    check_fits_in_memory,
    check_int,
    check_problem,
    check_questions,
    validate,
)


def _example_count(name, value, arguments):
    n_examples = check_int(name, value, minimum=0)
    per_example = 64 + 40 * (arguments["n_numbers"] + 1)  # a list of ints, and its sum
    check_fits_in_memory(name, n_examples, n_examples * per_example)
    return n_examples


EXAMPLE_COUNT = Custom(_example_count, "an integer >= 0 whose lists fit in memory")


@validate(
    n_numbers=Integer(1),
    largest=Integer(1),
    n_examples=EXAMPLE_COUNT,
    seed=Seed(python_random=True),
)
def random_sum_pairs(n_examples: int, n_numbers: int, largest: int, *, seed=None):
    """Draw ``n_examples`` lists of ``n_numbers`` integers in ``1..largest`` and their
    sums.

    With ``seed=None`` the draws come from Python's global ``random`` module, as
    in the chapter, so ``random.seed(1)`` first reproduces its listings. Pass an
    ``int`` or a ``random.Random`` to draw from a private generator instead.
    Returns ``(X, y)``: a list of lists of ints and a list of ints. Notebook 02.
    """
    draw = seed if isinstance(seed, random.Random) else random.Random(seed)
    if seed is None:
        draw = random  # the global generator, as in the chapter
    X, y = [], []
    for _ in range(n_examples):
        terms = [draw.randint(1, largest) for _ in range(n_numbers)]
        X.append(terms)
        y.append(sum(terms))
    return X, y


def left_pad(text: str, width: int, what: str) -> str:
    """``text`` with spaces in front, ``width`` characters in all; never cut.

    A text longer than ``width`` raises ``ValueError`` starting with ``what``.
    """
    if len(text) > width:
        raise ValueError(
            f"{what} {text!r} has {len(text)} characters, more than its padded width "
            f"{width}"
        )
    return PAD * (width - len(text)) + text


def _same_length_as_X(name, value, arguments):
    if len(value) != len(arguments["X"]):
        raise ValueError(
            f"X and y must have the same length, got {len(arguments['X'])} and "
            f"{len(value)}"
        )
    return value


def _terms_per_row(name, value, arguments):
    n_numbers = arguments["n_numbers"]
    if value.size and value.shape[1] != n_numbers:
        raise ValueError(
            f"X must have n_numbers={n_numbers} terms per row, got rows of "
            f"{value.shape[1]}"
        )
    return value


_SUM_ROWS = IntArray(2, "(n_examples, n_numbers)", minimum=0)
_SUMS = IntArray(1, "(n_examples,)", minimum=0)
_ANSWERS = IntArray(1, "(n_examples,)")

# The constraints the step functions declare, named for what they require.
TERM_ROWS = Custom(
    lambda n, v, a: _terms_per_row(n, _SUM_ROWS(n, v, a), a),
    "rows of n_numbers whole numbers >= 0",
)
SUMS_OF_X = Custom(
    lambda n, v, a: _same_length_as_X(n, _SUMS(n, v, a), a),
    "one whole number >= 0 per row of X",
)
ANSWERS_OF_X = Custom(
    lambda n, v, a: _same_length_as_X(n, _ANSWERS(n, v, a), a),
    "one whole number per row of X",
)
ALPHABET_RULE = Custom(lambda n, v, a: check_alphabet(v), "an alphabet")
ANY_ALPHABET = Custom(lambda n, v, a: check_alphabet(v, required=()), "an alphabet")
OPERATOR = Custom(lambda n, v, a: check_operator(n, v), "one of '+', '-', '*', '/'")


@validate(
    n_numbers=Integer(1),
    largest=Integer(1),
    X=TERM_ROWS,
    y=SUMS_OF_X,
)
def to_string(X, y, n_numbers: int, largest: int):
    """Write each list of terms as ``'a+b+c'`` and each sum as digits, left-padded with
    spaces.

    Every input string is padded to :func:`input_length` characters and every
    output string to :func:`output_length`, so ``[[3, 10]], [13]`` with two terms
    of 1..10 becomes ``[' 3+10'], ['13']``. A string that would not fit raises
    ``ValueError``; nothing is cut. Notebook 03.
    """
    in_width = input_length(n_numbers, largest)
    out_width = output_length(n_numbers, largest)
    X_str = [
        left_pad(PLUS.join(str(term) for term in row), in_width, f"X[{i}] written as")
        for i, row in enumerate(X.tolist())
    ]
    y_str = [
        left_pad(str(total), out_width, f"y[{i}] written as")
        for i, total in enumerate(y.tolist())
    ]
    return X_str, y_str


@validate(
    alphabet=ALPHABET_RULE, X=Texts(alphabet="alphabet"), y=Texts(alphabet="alphabet")
)
def integer_encode(X, y, alphabet=ALPHABET):
    """Replace every character by its position in ``alphabet``.

    ``[' 3+10'], ['13']`` becomes ``[[11, 3, 10, 1, 0]], [[1, 3]]``. A character
    that is not in the alphabet raises ``ValueError`` naming it and its position.
    Notebook 04.
    """
    code = char_to_int(alphabet)
    X_enc = [[code[char] for char in text] for text in X]
    y_enc = [[code[char] for char in text] for text in y]
    return X_enc, y_enc


def _codes_below(name, value, arguments):
    codes = IntArray(2, "(n_examples, n_steps)")(name, value, arguments)
    max_int = arguments["max_int"]
    if codes.size and (codes.min() < 0 or codes.max() >= max_int):
        bad = codes[(codes < 0) | (codes >= max_int)][0]
        raise ValueError(
            f"{name} holds the code {bad}, outside 0..{max_int - 1} (max_int={max_int})"
        )
    return codes.tolist()


CODES = Custom(_codes_below, "a 2-D array of codes in 0..max_int-1")


@validate(max_int=Integer(1), X=CODES, y=CODES)
def one_hot_encode(X, y, max_int: int):
    """Turn each integer code into a vector of ``max_int`` zeros with a single one.

    ``max_int`` is the size of the alphabet (12 for the chapter's). Returns
    nested lists of shape ``(n_examples, n_steps, max_int)``. Notebook 05.
    """

    def one_hot(code):
        vector = [0] * max_int
        vector[code] = 1
        return vector

    X_enc = [[one_hot(code) for code in sequence] for sequence in X]
    y_enc = [[one_hot(code) for code in sequence] for sequence in y]
    return X_enc, y_enc


def _one_sample(name, value, arguments):
    alphabet = arguments["alphabet"]
    array = np.asarray(value)
    if array.ndim != 2:
        raise ValueError(
            f"seq must be a 2-D array of shape (n_steps, {len(alphabet)}), got shape "
            f"{array.shape}; pass one sample such as X[0], not the whole batch"
        )
    if array.shape[1] != len(alphabet):
        raise ValueError(
            f"seq has rows of width {array.shape[1]}, but the alphabet has "
            f"{len(alphabet)} symbols"
        )
    return array


ONE_SAMPLE = Custom(_one_sample, "one sample of shape (n_steps, len(alphabet))")


@validate(
    alphabet=ANY_ALPHABET,
    seq=ONE_SAMPLE,
)
def invert(seq, alphabet=ALPHABET) -> str:
    """Decode one sequence of one-hot vectors (or of predicted probabilities) to text.

    ``seq`` has shape ``(n_steps, len(alphabet))``; each row becomes the symbol
    with the highest value, so a model's softmax output decodes the same way as
    an exact one-hot target. Notebook 06.
    """
    return "".join(alphabet[code] for code in np.argmax(seq, axis=1))


@validate(
    n_numbers=Integer(1),
    largest=Integer(1),
    X=TERM_ROWS,
    y=SUMS_OF_X,
)
def to_string_per_term(X, y, n_numbers: int, largest: int) -> tuple[list[str], list[str]]:
    """Like the chapter's ``to_string``, but every term is left-padded to the width of
    ``largest``.

    ``[[9, 6, 9]], [24]`` with three terms of 1..10 becomes ``[' 9+ 6+ 9'], ['24']``:
    each term sits in a slot of ``len(str(largest))`` characters, so digits of the same
    place value line up in every question. The input width is unchanged
    (``input_length``), and the sums are padded exactly as the chapter pads them
    (``output_length``). A term or sum that does not fit raises ``ValueError``.
    """
    rows, answers = X.tolist(), y.tolist()
    slot = len(str(largest))
    X_str = [
        left_pad(
            PLUS.join(left_pad(str(term), slot, f"X[{i}] term") for term in row),
            input_length(n_numbers, largest),
            f"X[{i}] written as",
        )
        for i, row in enumerate(rows)
    ]
    out_width = output_length(n_numbers, largest)
    y_str = [
        left_pad(str(total), out_width, f"y[{i}] written as")
        for i, total in enumerate(answers)
    ]
    return X_str, y_str


def _term_lists(name, value, arguments):
    max_terms = arguments["max_terms"]
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)):
        raise TypeError(f"{name} must be a list of lists of terms, got {value!r}")
    rows = []
    for i, row in enumerate(value):
        if (
            isinstance(row, (str, bytes))
            or not isinstance(row, (Sequence, np.ndarray))
            or not 1 <= len(row) <= max_terms
        ):
            raise ValueError(
                f"{name}[{i}] must be a list of 1 to max_terms={max_terms} terms, "
                f"got {row!r}"
            )
        rows.append([check_int(f"{name}[{i}] term", term, minimum=0) for term in row])
    return rows


TERM_LISTS = Custom(_term_lists, "a list of lists of 1 to max_terms whole numbers")


@validate(
    max_terms=Integer(1),
    largest=Integer(1),
    X=TERM_LISTS,
    y=SUMS_OF_X,
)
def to_string_variable_terms(
    X, y, max_terms: int, largest: int
) -> tuple[list[str], list[str]]:
    """Like the chapter's ``to_string`` for questions with different numbers of terms.

    ``X`` is a list of lists of 1 to ``max_terms`` terms each, such as ``[[3, 10], [9,
    6, 9]]``. Every input is left-padded to the width of the longest possible question,
    ``input_length(max_terms, largest)``, and every sum to ``output_length(max_terms,
    largest)``,
    so questions with few terms and questions with many fit the same arrays:
    ``[[3, 10], [9, 6, 9]], [13, 24]`` with ``max_terms=3, largest=10`` gives
    ``['    3+10', '   9+6+9'], ['13', '24']``.
    """
    in_width = input_length(max_terms, largest)
    out_width = output_length(max_terms, largest)
    X_str = [
        left_pad(PLUS.join(map(str, row)), in_width, f"X[{i}] written as")
        for i, row in enumerate(X)
    ]
    y_str = [
        left_pad(str(total), out_width, f"y[{i}] written as")
        for i, total in enumerate(y.tolist())
    ]
    return X_str, y_str


@validate(
    n_numbers=Integer(1),
    largest=Integer(1),
    operator=OPERATOR,
    X=TERM_ROWS,
    y=ANSWERS_OF_X,
)
def to_string_with_operator(
    X, y, n_numbers: int, largest: int, operator: str
) -> tuple[list[str], list[str]]:
    """Like the chapter's ``to_string``, with ``operator`` between the terms and answers
    that may be negative.

    Terms are in ``1..largest``. The answers are padded to
    :func:`~addition_lib.problem.answer_width`: the exact width of the most negative and
    the largest answer, with room for a ``'-'``. ``[[9, 10, 9]], [-10]`` with three
    terms of 1..10 and ``'-'`` gives ``['  9-10-9'], ['-10']``. (For ``'+'`` this width
    can be one narrower than the chapter's, as for three terms of 1..33.)
    """
    rows, answers = X.tolist(), y.tolist()
    in_width, out_width = (
        input_length(n_numbers, largest),
        answer_width(operator, n_numbers, largest),
    )
    X_str = [
        left_pad(operator.join(map(str, row)), in_width, f"X[{i}] written as")
        for i, row in enumerate(rows)
    ]
    y_str = [
        left_pad(str(answer), out_width, f"y[{i}] written as")
        for i, answer in enumerate(answers)
    ]
    return X_str, y_str


@validate(X_str=Texts(), y_str=Texts())
def reverse_inputs(
    X_str: Sequence[str], y_str: Sequence[str]
) -> tuple[list[str], list[str]]:
    """Reverse every padded input string; leave the outputs as they are.

    ``[' 3+10'], ['13']`` becomes ``['01+3 '], ['13']``. The padding is reversed with
    the rest, so it moves to the end, and the first step the encoder reads is the last
    digit of the last term (Sutskever et al., 2014, reversed the source sentence only).
    """
    return [text[::-1] for text in X_str], list(y_str)


def write_question(
    terms: Sequence[int], operator: str, problem: ArithmeticProblem
) -> str:
    """One question as the model reads it: padded as ``problem.padding`` says, then
    reversed if asked.

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
                    f"term {term} of {list(terms)!r} has more than "
                    f"{problem.term_width} digits, "
                    f"the per-term width for terms up to {problem.largest}"
                )
            parts.append(str(term).rjust(problem.term_width, PAD))
    else:
        parts = [str(term) for term in terms]
    text = operator.join(parts)
    if len(text) > width:
        raise ValueError(
            f"question {text!r} has {len(text)} characters, more than the input "
            f"width {width}"
        )
    text = text.rjust(width, PAD)
    return text[::-1] if problem.reverse else text


def write_answer(answer: int, problem: ArithmeticProblem) -> str:
    """One answer, left-padded to ``problem.n_out_seq_length``: ``'-10'``, ``' 28'``;
    reversed (``'82 '``) if ``problem.reverse_output``."""
    problem = check_problem(problem)
    text = str(answer)
    if len(text) > problem.n_out_seq_length:
        raise ValueError(
            f"answer {text!r} has {len(text)} characters, more than the output width "
            f"{problem.n_out_seq_length}"
        )
    text = text.rjust(problem.n_out_seq_length, PAD)
    return text[::-1] if problem.reverse_output else text


def format_questions(
    problem: ArithmeticProblem, questions: Questions
) -> tuple[list[str], list[str]]:
    """The padded input and output strings of every question, one question at a time."""
    questions = check_questions(questions)
    inputs, outputs = [], []
    for row, operator in zip(questions.rows(), questions.operators.tolist(), strict=True):
        inputs.append(write_question(row, operator, problem))
        outputs.append(write_answer(evaluate(row, operator), problem))
    return inputs, outputs
