"""Questions to one-hot arrays and back, on whole NumPy batches (notebook 06).

* :func:`encode_questions` writes the integer codes of a batch of
  :class:`~addition_lib.questions.Questions` column by column and one-hot
  encodes them as ``uint8`` (what Keras takes, an eighth of ``int64``'s memory).
  :func:`generate_arithmetic_data` draws and encodes in one call.
* :func:`generate_data` and :func:`encode_sum_pairs` are the chapter's entry
  points to the same encoder, for sums of ``n_numbers`` terms of ``1..largest``.
* :func:`decode_batch`, :func:`question_texts` and :func:`answer_texts` turn
  arrays (one-hot or predicted probabilities) back into text.

The readable one-string-at-a-time versions are in :mod:`addition_lib.step_by_step`;
property tests check that both paths agree. A question or answer that does not fit
its width raises ``ValueError``; nothing is cut.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import numpy as np

from .alphabet import ALPHABET, PAD, PLUS, char_to_int, check_alphabet
from .problem import PER_TERM, AdditionProblem, ArithmeticProblem
from .questions import Questions, all_questions, question_ids, random_questions
from .rules import MINUS, OPERATORS
from .seeds import as_generator
from .validation import (
    Integer,
    as_int_array,
    check_int,
    check_problem,
    check_questions,
    validate,
)

ONE_HOT_DTYPE = np.uint8


def _digit_count(values: np.ndarray) -> np.ndarray:
    """Number of decimal digits of each non-negative integer (0 has one digit)."""
    count = np.ones(values.shape, dtype=np.int64)
    bound = 10
    while True:
        more = values >= bound
        if not more.any():
            return count
        count += more
        bound *= 10


def encode_sum_pairs(X, y, n_numbers: int, largest: int, alphabet=ALPHABET):
    """One-hot encode sum pairs, as the step-by-step pipeline does, in one vectorised
    pass.

    ``X`` has shape ``(n_samples, n_numbers)`` and ``y`` shape ``(n_samples,)``.
    Returns ``(X_onehot, y_onehot)`` of shapes ``(n_samples, input_length,
    len(alphabet))`` and ``(n_samples, output_length, len(alphabet))``, dtype uint8:
    the chapter's entry point to :func:`encode_questions` (notebook 06).
    """
    problem = AdditionProblem(n_numbers, largest, alphabet)
    terms = as_int_array("X", X, 2, "(n_samples, n_numbers)")
    sums = as_int_array("y", y, 1, "(n_samples,)")
    if terms.shape[1] != n_numbers:
        raise ValueError(
            f"X must have n_numbers={n_numbers} terms per row, got rows of "
            f"{terms.shape[1]}"
        )
    if len(terms) != len(sums):
        raise ValueError(
            f"X and y must have the same length, got {len(terms)} and {len(sums)}"
        )
    if terms.size and terms.min() < 0:
        raise ValueError(f"X must hold non-negative terms, got {terms.min()}")
    if sums.size and sums.min() < 0:
        raise ValueError(f"y must hold non-negative sums, got {sums.min()}")
    questions = Questions(
        terms.astype(np.int64),
        np.full(len(terms), n_numbers),
        np.full(len(terms), PLUS),
    )
    x_codes = _question_codes(problem, questions)
    y_codes = _answer_codes(problem, sums.astype(np.int64))
    return one_hot_codes(x_codes, problem.n_chars), one_hot_codes(
        y_codes, problem.n_chars
    )


def one_hot_codes(codes: np.ndarray, n_symbols: int) -> np.ndarray:
    """One-hot encode an integer array of codes into a uint8 array with one more axis.

    Each code picks a row of the identity matrix. Viewing that row as a single
    opaque ``n_symbols``-byte item lets NumPy copy it in one move per code.
    """
    rows = (
        np.ascontiguousarray(np.eye(n_symbols, dtype=ONE_HOT_DTYPE))
        .view(f"V{n_symbols}")
        .ravel()
    )
    return np.take(rows, codes).view(ONE_HOT_DTYPE).reshape(codes.shape + (n_symbols,))


def random_terms(n_samples: int, n_numbers: int, largest: int, seed=None) -> np.ndarray:
    """Draw an ``(n_samples, n_numbers)`` array of integers in ``1..largest``.

    Taught in notebook 02.
    """
    n_samples = check_int("n_samples", n_samples, minimum=0)
    n_numbers = check_int("n_numbers", n_numbers, minimum=1)
    largest = check_int("largest", largest, minimum=1)
    return as_generator(seed).integers(1, largest + 1, size=(n_samples, n_numbers))


def generate_data(
    n_samples: int, n_numbers: int, largest: int, alphabet=ALPHABET, *, seed=None
):
    """Make ``n_samples`` random one-hot encoded sums, ready for ``model.fit``.

    ``seed`` is ``None``, an ``int`` or a ``numpy.random.Generator``; the same
    seed gives the same arrays. Returns ``(X, y)`` as in :func:`encode_sum_pairs`:
    the chapter's entry point to :func:`generate_arithmetic_data`. Taught in
    notebook 06.
    """
    problem = AdditionProblem(n_numbers, largest, alphabet)
    return generate_arithmetic_data(problem, n_samples, seed=seed)


@validate(n_numbers=Integer(1), largest=Integer(1), limit=Integer(1))
def all_sum_pairs(n_numbers: int, largest: int, *, limit: int = 1_000_000) -> np.ndarray:
    """Every possible list of terms, in order: an ``(largest**n_numbers, n_numbers)``
    array.

    Three terms of 1..10 give the 1,000 problems ``[1,1,1], [1,1,2], ..., [10,10,10]``.
    Raises ``ValueError`` when there are more than ``limit`` problems. The chapter's
    entry point to :func:`~addition_lib.questions.all_questions` (notebook 09).
    """
    return all_questions(AdditionProblem(n_numbers, largest), limit=limit).terms


def decode_batch(encoded, alphabet=ALPHABET) -> list[str]:
    """Decode a batch of one-hot vectors or predicted probabilities to strings.

    ``encoded`` has shape ``(n_samples, n_steps, len(alphabet))``; this is
    :func:`addition_lib.step_by_step.invert` applied to every sample at once.
    Taught in notebook 06.
    """
    alphabet = check_alphabet(alphabet, required=())
    array = np.asarray(encoded)
    if array.ndim != 3:
        raise ValueError(
            "encoded must be a 3-D array of shape (n_samples, n_steps, "
            f"{len(alphabet)}), "
            f"got shape {array.shape}"
        )
    if array.shape[2] != len(alphabet):
        raise ValueError(
            f"encoded has vectors of width {array.shape[2]}, but the alphabet has "
            f"{len(alphabet)} symbols"
        )
    table = np.array(alphabet)
    chars = table[np.argmax(array, axis=2)]
    return ["".join(row) for row in chars]


# ---------------------------------------------------------------- readable path


# ---------------------------------------------------------------- vectorised path


def _codes_of(problem: ArithmeticProblem) -> tuple[dict[str, int], np.ndarray]:
    lookup = char_to_int(problem.alphabet)
    return lookup, np.array(
        [lookup[str(digit)] for digit in range(10)], dtype=ONE_HOT_DTYPE
    )


def _operator_codes(
    operators: np.ndarray, lookup: dict[str, int], used: np.ndarray
) -> np.ndarray:
    codes = np.zeros(len(operators), dtype=ONE_HOT_DTYPE)
    for operator in OPERATORS:
        rows = (operators == operator) & used
        if rows.any():
            if operator not in lookup:
                raise ValueError(
                    f"question {int(np.argmax(rows))} uses the operator {operator!r}, "
                    f"which is not in the problem's alphabet {list(lookup)!r}"
                )
            codes[rows] = lookup[operator]
    return codes


def _question_codes(problem: ArithmeticProblem, questions: Questions) -> np.ndarray:
    """Integer codes of every padded question, shape ``(n, n_in_seq_length)``.

    Each row is written from its right end leftwards; ``position`` holds, per row,
    the column the next character goes to, so rows of any length pad themselves.
    """
    lookup, digit_codes = _codes_of(problem)
    terms, counts = questions.terms, questions.n_terms
    n, columns = terms.shape
    width, slot = problem.n_in_seq_length, problem.term_width
    per_term = problem.padding == PER_TERM
    digits = _digit_count(terms)
    used = np.arange(columns) < counts[:, None]
    if per_term and (too_wide := used & (digits > slot)).any():
        i, j = np.argwhere(too_wide)[0]
        raise ValueError(
            f"question {i} ({questions.texts()[i]!r}) has the term {terms[i, j]}, "
            "wider than the per-term "
            f"width {slot} (terms up to {problem.largest})"
        )
    lengths = (
        counts * (slot + 1) - 1 if per_term else (digits * used).sum(axis=1) + counts - 1
    )
    if n and lengths.max() > width:
        i = int(np.argmax(lengths))
        raise ValueError(
            f"question {i} ({questions.texts()[i]!r}) needs {lengths[i]} characters, "
            f"more than the input width {width}"
        )
    operator_codes = _operator_codes(questions.operators, lookup, counts > 1)
    codes = np.full((n, width), lookup[PAD], dtype=ONE_HOT_DTYPE)
    position = np.full(n, width, dtype=np.int64)
    every_row = np.arange(n)
    for column in range(columns - 1, -1, -1):
        active = used[:, column]
        if not active.any():
            continue
        values = terms[:, column].copy()
        for place in range(int(digits[active, column].max())):
            has_digit = active & (place < digits[:, column])
            position -= has_digit
            codes[every_row[has_digit], position[has_digit]] = digit_codes[
                values[has_digit] % 10
            ]
            values //= 10
        if per_term:
            position -= np.where(active, slot - digits[:, column], 0)
        if column:
            position -= active
            codes[every_row[active], position[active]] = operator_codes[active]
    return np.ascontiguousarray(codes[:, ::-1]) if problem.reverse else codes


def _answer_codes(problem: ArithmeticProblem, answers: np.ndarray) -> np.ndarray:
    """Integer codes of every padded answer, shape ``(n, n_out_seq_length)``; a ``'-'``
    leads a negative one."""
    lookup, digit_codes = _codes_of(problem)
    width = problem.n_out_seq_length
    negative = answers < 0
    magnitude = np.abs(answers)
    digits = _digit_count(magnitude)
    lengths = digits + negative
    if len(answers) and lengths.max() > width:
        i = int(np.argmax(lengths))
        raise ValueError(
            f"answer {i} ({answers[i]}) needs {lengths[i]} characters, more than the "
            f"output width {width}"
        )
    if negative.any() and MINUS not in lookup:
        raise ValueError(
            f"answer {int(np.argmax(negative))} is negative, but the alphabet has no '-'"
        )
    codes = np.full((len(answers), width), lookup[PAD], dtype=ONE_HOT_DTYPE)
    position = np.full(len(answers), width, dtype=np.int64)
    every_row = np.arange(len(answers))
    for place in range(int(digits.max(initial=1))):
        has_digit = place < digits
        position -= has_digit
        codes[every_row[has_digit], position[has_digit]] = digit_codes[
            magnitude[has_digit] % 10
        ]
        magnitude = magnitude // 10
    position -= negative
    if negative.any():
        codes[every_row[negative], position[negative]] = lookup[MINUS]
    return np.ascontiguousarray(codes[:, ::-1]) if problem.reverse_output else codes


def encode_questions(
    problem: ArithmeticProblem, questions: Questions
) -> tuple[np.ndarray, np.ndarray]:
    """One-hot encode questions and their answers, ready for ``model.fit``.

    Returns ``(X, y)``, uint8 arrays of shapes ``(n, problem.n_in_seq_length,
    problem.n_chars)`` and ``(n, problem.n_out_seq_length, problem.n_chars)``. Decoding
    them with :func:`~addition_lib.decode_batch` gives exactly
    :func:`format_questions`'s strings.
    """
    problem, questions = check_problem(problem), check_questions(questions)
    x_codes = _question_codes(problem, questions)
    y_codes = _answer_codes(problem, questions.answers)
    return one_hot_codes(x_codes, problem.n_chars), one_hot_codes(
        y_codes, problem.n_chars
    )


# A problem with at most this many questions, drawn at least as many times, is encoded
# once, whole; each drawn question then copies its rows: the same arrays, sooner.
_TABLE_LIMIT = 1 << 14


@functools.lru_cache(maxsize=8)
def _one_hot_tables(problem: ArithmeticProblem) -> tuple[np.ndarray, np.ndarray]:
    tables = encode_questions(problem, all_questions(problem))
    for table in tables:
        table.setflags(write=False)
    return tables


def generate_arithmetic_data(problem: ArithmeticProblem, n_samples: int, seed=None):
    """``n_samples`` random questions (:func:`random_questions`), encoded
    (:func:`encode_questions`)."""
    problem = check_problem(problem)
    questions = random_questions(problem, n_samples, seed)
    if not problem.n_questions <= min(_TABLE_LIMIT, len(questions)):
        return encode_questions(problem, questions)
    ids = question_ids(problem, questions)
    return tuple(np.take(table, ids, axis=0) for table in _one_hot_tables(problem))


# ---------------------------------------------------------------- back to text and
# numbers


def question_texts(problem: ArithmeticProblem, X) -> list[str]:
    """Decode encoded questions ``(n, n_in, n_chars)`` into the strings a person reads.

    The padding stays; a reversed input is turned back the right way round.
    """
    problem = check_problem(problem)
    texts = decode_batch(
        _check_steps("X", X, problem.n_in_seq_length, "n_in_seq_length"),
        problem.alphabet,
    )
    return [text[::-1] for text in texts] if problem.reverse else texts


def answer_texts(problem: ArithmeticProblem, y) -> list[str]:
    """Decode encoded (or predicted) answers ``(n, n_out, n_chars)`` into padded strings
    such as ``'-10'``; an answer written reversed is turned back the right way round."""
    problem = check_problem(problem)
    texts = decode_batch(
        _check_steps("y", y, problem.n_out_seq_length, "n_out_seq_length"),
        problem.alphabet,
    )
    return [text[::-1] for text in texts] if problem.reverse_output else texts


def _check_steps(name: str, encoded, n_steps: int, meaning: str):
    """``encoded`` unchanged if it is 3-D with ``n_steps`` time steps, the width the
    problem writes."""
    shape = np.shape(encoded)
    if len(shape) == 3 and shape[1] != n_steps:
        raise ValueError(
            f"{name} must have {n_steps} time steps (the problem's {meaning}), "
            f"got shape {tuple(shape)}"
        )
    return encoded


def read_questions(problem: ArithmeticProblem, texts: Sequence[str]) -> Questions:
    """Parse strings written as ``problem`` writes them (padded, reversed if
    ``problem.reverse``) into Questions.

    This undoes :func:`format_questions`: ``read_questions(p, format_questions(p,
    q)[0])`` holds ``q`` again. To encode questions typed by hand, such as ``'9-10-9'``,
    use :meth:`Questions.from_texts` instead.
    """
    problem = check_problem(problem)
    if isinstance(texts, str) or not isinstance(texts, Sequence):
        raise TypeError(f"texts must be a list of strings, got {texts!r}")
    readable = [
        text[::-1] if problem.reverse and isinstance(text, str) else text
        for text in texts
    ]
    questions = Questions.from_texts(readable)
    one_term = np.asarray(questions.n_terms) == 1
    operators = np.where(one_term, problem.operators[0], questions.operators)
    return Questions(questions.terms, questions.n_terms, operators)


def exact_match_by_block(
    problem: ArithmeticProblem, questions: Questions, y_pred
) -> dict[tuple[int, str], float]:
    """Share of questions answered exactly right, per ``(term count, operator)`` kind of
    question.

    ``y_pred`` is a model's output for ``encode_questions(problem, questions)[0]``,
    shape ``(n, n_out_seq_length, n_chars)``. Kinds with no question are left out. Handy
    for mixed datasets, where one overall figure hides which operator is hard.
    """
    problem, questions = check_problem(problem), check_questions(questions)
    predicted = answer_texts(problem, y_pred)
    if len(predicted) != len(questions):
        raise ValueError(
            f"y_pred has {len(predicted)} answers for {len(questions)} questions"
        )
    expected = answer_texts(problem, encode_questions(problem, questions)[1])
    right = np.array(
        [a == b for a, b in zip(predicted, expected, strict=True)], dtype=bool
    )
    scores = {}
    for count, operator in problem.blocks:
        rows = (questions.n_terms == count) & (
            (questions.operators == operator) | (count == 1)
        )
        if rows.any():
            scores[(count, operator)] = float(right[rows].mean())
    return scores


def answers_to_ints(texts: Sequence[str], *, invalid: int | None = None) -> np.ndarray:
    """Turn answer strings such as ``' 28'`` or ``'-10'`` into an ``(n,)`` int64 array.

    A text counts only if it is spaces followed by a number written the way the library
    writes it (no leading zeros, no ``'-0'``, no spaces inside). Otherwise this raises
    ``ValueError``, or, with ``invalid=`` an integer, puts that integer in its place:
    handy for a model's predictions, which need not be numbers at all.

    >>> answers_to_ints([' 28', '-10', ' 7 '], invalid=-999).tolist()
    [28, -10, -999]
    """
    values = np.empty(len(texts), dtype=np.int64)
    for i, text in enumerate(texts):
        match = _ANSWER.fullmatch(text) if isinstance(text, str) else None
        if match is not None and str(int(match.group(1))) == match.group(1):
            values[i] = int(match.group(1))
        elif invalid is None:
            raise ValueError(
                f"texts[{i}] = {text!r} is not a left-padded whole number such as ' "
                "28' or '-10'"
            )
        else:
            values[i] = invalid
    return values


_ANSWER = re.compile(r" *(-?\d+)")
