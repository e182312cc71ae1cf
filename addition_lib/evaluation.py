"""Honest scores, readable predictions, and questions typed by hand.

A model's per-character accuracy flatters it: half of ``'28'`` is right in
``'27'``. We therefore always report exact-match accuracy too. When the whole
problem space is small enough to list (3 terms of 1..10 make 1,000 problems),
we score every problem once instead of a random sample.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .alphabet import PAD, char_to_int
from .data import answer_texts, decode_batch, encode_questions
from .model import problem_of
from .questions import random_questions
from .splits import all_questions
from .step_by_step import write_question
from .validation import check_int, check_problem

SPACE_LIMIT = 100_000


@dataclass(frozen=True)
class Score:
    """Accuracies of a model on ``n_scored`` problems."""

    char_accuracy: float
    exact_match: float
    n_scored: int
    whole_space: bool

    def __str__(self) -> str:
        where = "every problem" if self.whole_space else "a random sample"
        return (
            f"exact-match {self.exact_match:.2%}, per-character {self.char_accuracy:.2%} "
            f"on {self.n_scored:,} problems ({where})"
        )


def accuracies(y_true, y_pred) -> tuple[float, float]:
    """``(char_accuracy, exact_match)`` of predictions against one-hot targets."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape or y_true.ndim != 3:
        raise ValueError(
            f"y_true and y_pred must be 3-D arrays of one shape, got {y_true.shape} "
            f"and {y_pred.shape}"
        )
    same = np.argmax(y_true, axis=-1) == np.argmax(y_pred, axis=-1)
    return float(same.mean()), float(same.all(axis=1).mean())


def score_model(
    model,
    problem=None,
    *,
    n_samples: int = 10_000,
    seed=0,
    space_limit: int = SPACE_LIMIT,
    batch_size: int = 1024,
) -> Score:
    """Score ``model`` on every question, or on ``n_samples`` random ones if there are
    too many.

    With at most ``space_limit`` questions the whole space is listed and each is
    scored exactly once; otherwise ``n_samples`` questions are drawn with ``seed``.
    Works for every problem; ``problem`` defaults to the one the model was built for.
    Taught in notebook 09.
    """
    problem = check_problem(problem_of(model) if problem is None else problem)
    space_limit = check_int("space_limit", space_limit, minimum=1)
    batch_size = check_int("batch_size", batch_size, minimum=1)
    whole = problem.n_questions <= space_limit
    if whole:
        questions = all_questions(problem, limit=space_limit)
    else:
        questions = random_questions(
            problem, check_int("n_samples", n_samples, minimum=1), seed
        )
    X, y = encode_questions(problem, questions)
    y_hat = model.predict(X, batch_size=batch_size, verbose=0)
    char_accuracy, exact = accuracies(y, y_hat)
    return Score(char_accuracy, exact, len(X), whole)


def prediction_lines(model, X, y, alphabet=None) -> list[str]:
    """One line per sample in the chapter's form: ``'  9+10+9 = 27 (expect 28)'``.

    Taught in notebook 10.
    """
    alphabet = alphabet or problem_of(model).alphabet
    y_hat = model.predict(np.asarray(X), verbose=0)
    return [
        f"{question} = {answer} (expect {expected})"
        for question, answer, expected in zip(
            decode_batch(X, alphabet),
            decode_batch(y_hat, alphabet),
            decode_batch(y, alphabet),
            strict=True,
        )
    ]


def encode_question(expression: str, problem) -> np.ndarray:
    """Encode a typed question such as ``'10+6'`` as a ``(1, n_in, n_chars)`` model input.

    Spaces around the operators are ignored; a space inside a number is refused.
    The question may have fewer terms than the model was trained on, but not more,
    and no term may have more digits than ``problem.largest``. It is written the
    way ``problem`` writes its questions (padding, reversal). Taught in notebook 10.
    """
    problem = check_problem(problem)
    if not isinstance(expression, str):
        raise TypeError(f"expression must be a string such as '10+6', got {expression!r}")
    lookup = char_to_int(problem.alphabet)
    for position, char in enumerate(expression):
        if char not in lookup:
            raise ValueError(
                f"expression {expression!r} has character {char!r} at position "
                f"{position}, "
                f"which is not in the alphabet {list(problem.alphabet)!r}"
            )
    if re.search(r"\d +\d", expression):
        raise ValueError(f"expression {expression!r} has a space inside a number")
    compact = expression.replace(PAD, "")
    symbols = "".join(re.escape(op) for op in problem.operators)
    match = re.fullmatch(rf"\d+(?:([{symbols}])\d+(?:\1\d+)*)?", compact)
    if match is None:
        joined = " or ".join(repr(op) for op in problem.operators)
        raise ValueError(
            f"expression must be whole numbers joined by {joined}, such as "
            f"'10{problem.operators[0]}6', got {expression!r}"
        )
    operator = match.group(1) or problem.operators[0]
    terms = compact.split(operator)
    if len(terms) > problem.max_terms:
        raise ValueError(
            f"expression {expression!r} has {len(terms)} terms; the model was trained on "
            f"{problem.max_terms}"
        )
    for term in terms:
        if len(term) > problem.term_width:
            raise ValueError(
                f"expression {expression!r} has the term {term}, with more digits "
                "than the model "
                f"was trained on (terms of {problem.smallest}..{problem.largest})"
            )
    text = write_question([int(term) for term in terms], operator, problem)
    codes = np.array([[lookup[char] for char in text]])
    return np.eye(problem.n_chars, dtype=np.uint8)[codes]


def ask(model, expression: str, problem=None) -> str:
    """The model's answer to a typed sum, such as ``ask(model, '10+6')``, without padding.

    Taught in notebook 10.
    """
    problem = problem_of(model) if problem is None else problem
    y_hat = model.predict(encode_question(expression, problem), verbose=0)
    return answer_texts(problem, y_hat)[0].strip(PAD)
