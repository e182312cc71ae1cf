"""Questions to padded text to one-hot arrays, and back, for an :class:`ArithmeticProblem`.

Two paths give the same result:

* :func:`format_questions` writes each question as a string, one at a time, in
  plain Python: the rules made readable.
* :func:`encode_questions` writes the integer codes of a whole batch column by
  column with NumPy and one-hot encodes them as ``uint8`` (what Keras takes).
  A property test checks that decoding its arrays gives :func:`format_questions`'s text.

A question or answer that does not fit its width raises ``ValueError``; nothing is cut.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .alphabet import PAD, char_to_int
from .arithmetic import MINUS, OPERATORS, PER_TERM, ArithmeticProblem, evaluate
from .dataset import ONE_HOT_DTYPE, _digit_count, decode_batch, one_hot_codes
from .questions import Questions, random_questions

_ANSWER = re.compile(r" *(-?\d+)")


def _check_problem(problem) -> ArithmeticProblem:
    if not isinstance(problem, ArithmeticProblem):
        raise TypeError(f"problem must be an ArithmeticProblem, got {problem!r}")
    return problem


def _check_questions(questions) -> Questions:
    if not isinstance(questions, Questions):
        raise TypeError(
            f"questions must be a Questions batch (see Questions.from_lists or random_questions), got {questions!r}"
        )
    return questions


# ---------------------------------------------------------------- readable path


def write_question(terms: Sequence[int], operator: str, problem: ArithmeticProblem) -> str:
    """One question as the model reads it: padded as ``problem.padding`` says, then reversed if asked.

    >>> write_question([9, 6, 9], '+', ArithmeticProblem(3, 10, padding='per_term'))
    ' 9+ 6+ 9'
    """
    problem = _check_problem(problem)
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
        raise ValueError(f"question {text!r} has {len(text)} characters, more than the input width {width}")
    text = text.rjust(width, PAD)
    return text[::-1] if problem.reverse else text


def write_answer(answer: int, problem: ArithmeticProblem) -> str:
    """One answer, left-padded to ``problem.n_out_seq_length`` and never reversed: ``'-10'``, ``' 28'``."""
    problem = _check_problem(problem)
    text = str(answer)
    if len(text) > problem.n_out_seq_length:
        raise ValueError(
            f"answer {text!r} has {len(text)} characters, more than the output width {problem.n_out_seq_length}"
        )
    return text.rjust(problem.n_out_seq_length, PAD)


def format_questions(problem: ArithmeticProblem, questions: Questions) -> tuple[list[str], list[str]]:
    """The padded input and output strings of every question, one question at a time."""
    questions = _check_questions(questions)
    inputs, outputs = [], []
    for row, operator in zip(questions.rows(), questions.operators.tolist(), strict=True):
        inputs.append(write_question(row, operator, problem))
        outputs.append(write_answer(evaluate(row, operator), problem))
    return inputs, outputs


# ---------------------------------------------------------------- vectorised path


def _codes_of(problem: ArithmeticProblem) -> tuple[dict[str, int], np.ndarray]:
    lookup = char_to_int(problem.alphabet)
    return lookup, np.array([lookup[str(digit)] for digit in range(10)], dtype=ONE_HOT_DTYPE)


def _operator_codes(operators: np.ndarray, lookup: dict[str, int], used: np.ndarray) -> np.ndarray:
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
            f"question {i} ({questions.texts()[i]!r}) has the term {terms[i, j]}, wider than the per-term "
            f"width {slot} (terms up to {problem.largest})"
        )
    lengths = counts * (slot + 1) - 1 if per_term else (digits * used).sum(axis=1) + counts - 1
    if n and lengths.max() > width:
        i = int(np.argmax(lengths))
        raise ValueError(
            f"question {i} ({questions.texts()[i]!r}) needs {lengths[i]} characters, more than the input width {width}"
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
            codes[every_row[has_digit], position[has_digit]] = digit_codes[values[has_digit] % 10]
            values //= 10
        if per_term:
            position -= np.where(active, slot - digits[:, column], 0)
        if column:
            position -= active
            codes[every_row[active], position[active]] = operator_codes[active]
    return np.ascontiguousarray(codes[:, ::-1]) if problem.reverse else codes


def _answer_codes(problem: ArithmeticProblem, answers: np.ndarray) -> np.ndarray:
    """Integer codes of every padded answer, shape ``(n, n_out_seq_length)``; a ``'-'`` leads a negative one."""
    lookup, digit_codes = _codes_of(problem)
    width = problem.n_out_seq_length
    negative = answers < 0
    magnitude = np.abs(answers)
    digits = _digit_count(magnitude)
    lengths = digits + negative
    if len(answers) and lengths.max() > width:
        i = int(np.argmax(lengths))
        raise ValueError(f"answer {i} ({answers[i]}) needs {lengths[i]} characters, more than the output width {width}")
    if negative.any() and MINUS not in lookup:
        raise ValueError(f"answer {int(np.argmax(negative))} is negative, but the alphabet has no '-'")
    codes = np.full((len(answers), width), lookup[PAD], dtype=ONE_HOT_DTYPE)
    position = np.full(len(answers), width, dtype=np.int64)
    every_row = np.arange(len(answers))
    for place in range(int(digits.max(initial=1))):
        has_digit = place < digits
        position -= has_digit
        codes[every_row[has_digit], position[has_digit]] = digit_codes[magnitude[has_digit] % 10]
        magnitude = magnitude // 10
    position -= negative
    if negative.any():
        codes[every_row[negative], position[negative]] = lookup[MINUS]
    return codes


def encode_questions(problem: ArithmeticProblem, questions: Questions) -> tuple[np.ndarray, np.ndarray]:
    """One-hot encode questions and their answers, ready for ``model.fit``.

    Returns ``(X, y)``, uint8 arrays of shapes ``(n, problem.n_in_seq_length, problem.n_chars)``
    and ``(n, problem.n_out_seq_length, problem.n_chars)``. Decoding them with
    :func:`~addition_lib.decode_batch` gives exactly :func:`format_questions`'s strings.
    """
    problem, questions = _check_problem(problem), _check_questions(questions)
    x_codes = _question_codes(problem, questions)
    y_codes = _answer_codes(problem, questions.answers)
    return one_hot_codes(x_codes, problem.n_chars), one_hot_codes(y_codes, problem.n_chars)


def generate_arithmetic_data(problem: ArithmeticProblem, n_samples: int, seed=None):
    """``n_samples`` random questions (:func:`random_questions`), encoded (:func:`encode_questions`)."""
    return encode_questions(problem, random_questions(_check_problem(problem), n_samples, seed))


# ---------------------------------------------------------------- back to text and numbers


def question_texts(problem: ArithmeticProblem, X) -> list[str]:
    """Decode encoded questions ``(n, n_in, n_chars)`` into the strings a person reads.

    The padding stays; a reversed input is turned back the right way round.
    """
    problem = _check_problem(problem)
    texts = decode_batch(_check_steps("X", X, problem.n_in_seq_length, "n_in_seq_length"), problem.alphabet)
    return [text[::-1] for text in texts] if problem.reverse else texts


def answer_texts(problem: ArithmeticProblem, y) -> list[str]:
    """Decode encoded (or predicted) answers ``(n, n_out, n_chars)`` into padded strings such as ``'-10'``."""
    problem = _check_problem(problem)
    return decode_batch(_check_steps("y", y, problem.n_out_seq_length, "n_out_seq_length"), problem.alphabet)


def _check_steps(name: str, encoded, n_steps: int, meaning: str):
    """``encoded`` unchanged if it is 3-D with ``n_steps`` time steps, the width the problem writes."""
    shape = np.shape(encoded)
    if len(shape) == 3 and shape[1] != n_steps:
        raise ValueError(f"{name} must have {n_steps} time steps (the problem's {meaning}), "
                         f"got shape {tuple(shape)}")
    return encoded


def read_questions(problem: ArithmeticProblem, texts: Sequence[str]) -> Questions:
    """Parse strings written as ``problem`` writes them (padded, reversed if ``problem.reverse``) into Questions.

    This undoes :func:`format_questions`: ``read_questions(p, format_questions(p, q)[0])`` holds ``q`` again.
    To encode questions typed by hand, such as ``'9-10-9'``, use :meth:`Questions.from_texts` instead.
    """
    problem = _check_problem(problem)
    if isinstance(texts, str) or not isinstance(texts, Sequence):
        raise TypeError(f"texts must be a list of strings, got {texts!r}")
    readable = [text[::-1] if problem.reverse and isinstance(text, str) else text for text in texts]
    questions = Questions.from_texts(readable)
    one_term = np.asarray(questions.n_terms) == 1
    operators = np.where(one_term, problem.operators[0], questions.operators)
    return Questions(questions.terms, questions.n_terms, operators)


def exact_match_by_block(problem: ArithmeticProblem, questions: Questions, y_pred) -> dict[tuple[int, str], float]:
    """Share of questions answered exactly right, per ``(term count, operator)`` kind of question.

    ``y_pred`` is a model's output for ``encode_questions(problem, questions)[0]``, shape
    ``(n, n_out_seq_length, n_chars)``. Kinds with no question are left out. Handy for
    mixed datasets, where one overall figure hides which operator is hard.
    """
    problem, questions = _check_problem(problem), _check_questions(questions)
    predicted = answer_texts(problem, y_pred)
    if len(predicted) != len(questions):
        raise ValueError(f"y_pred has {len(predicted)} answers for {len(questions)} questions")
    expected = format_questions(problem, questions)[1]
    right = np.array([a == b for a, b in zip(predicted, expected, strict=True)], dtype=bool)
    scores = {}
    for count, operator in problem.blocks:
        rows = (questions.n_terms == count) & ((questions.operators == operator) | (count == 1))
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
            raise ValueError(f"texts[{i}] = {text!r} is not a left-padded whole number such as ' 28' or '-10'")
        else:
            values[i] = invalid
    return values
