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

from ._validate import check_int
from .alphabet import PAD, PLUS, char_to_int
from .dataset import all_sum_pairs, decode_batch, encode_sum_pairs, generate_data
from .model import problem_of
from .problem import AdditionProblem

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
            f"y_true and y_pred must be 3-D arrays of one shape, got {y_true.shape} and {y_pred.shape}"
        )
    same = np.argmax(y_true, axis=-1) == np.argmax(y_pred, axis=-1)
    return float(same.mean()), float(same.all(axis=1).mean())


def score_model(model, problem: AdditionProblem | None = None, *, n_samples: int = 10_000,
                seed=0, space_limit: int = SPACE_LIMIT, batch_size: int = 1024) -> Score:
    """Score ``model`` on every problem, or on ``n_samples`` random ones if there are too many.

    With at most ``space_limit`` problems the whole space is listed and each is
    scored exactly once; otherwise ``n_samples`` problems are drawn with ``seed``.
    """
    problem = problem or problem_of(model)
    if problem.n_problems <= check_int("space_limit", space_limit, minimum=1):
        terms = all_sum_pairs(problem.n_numbers, problem.largest, limit=space_limit)
        X, y = encode_sum_pairs(terms, terms.sum(axis=1), problem.n_numbers, problem.largest, problem.alphabet)
        whole = True
    else:
        X, y = generate_data(n_samples, problem.n_numbers, problem.largest, problem.alphabet, seed=seed)
        whole = False
    y_hat = model.predict(X, batch_size=batch_size, verbose=0)
    char_accuracy, exact = accuracies(y, y_hat)
    return Score(char_accuracy, exact, len(X), whole)


def prediction_lines(model, X, y, alphabet=None) -> list[str]:
    """One line per sample in the chapter's form: ``' 9+10+9 = 27 (expect 28)'``."""
    alphabet = alphabet or problem_of(model).alphabet
    y_hat = model.predict(np.asarray(X), verbose=0)
    return [
        f"{question} = {answer} (expect {expected})"
        for question, answer, expected in zip(
            decode_batch(X, alphabet), decode_batch(y_hat, alphabet), decode_batch(y, alphabet), strict=True
        )
    ]


def encode_question(expression: str, problem: AdditionProblem) -> np.ndarray:
    """Encode a typed sum such as ``'10+6'`` as a ``(1, n_in, n_chars)`` model input.

    Spaces are ignored. The expression may have fewer terms than the model was
    trained on, but not more, and no term may have more digits than ``largest``.
    """
    if not isinstance(expression, str):
        raise TypeError(f"expression must be a string such as '10+6', got {expression!r}")
    lookup = char_to_int(problem.alphabet)
    for position, char in enumerate(expression):
        if char not in lookup:
            raise ValueError(
                f"expression {expression!r} has character {char!r} at position {position}, "
                f"which is not in the alphabet {list(problem.alphabet)!r}"
            )
    compact = expression.replace(PAD, "")
    if not re.fullmatch(r"\d+(\+\d+)*", compact):
        raise ValueError(f"expression must be whole numbers joined by '+', such as '10+6', got {expression!r}")
    terms = [int(term) for term in compact.split(PLUS)]
    if len(terms) > problem.n_numbers:
        raise ValueError(
            f"expression {expression!r} has {len(terms)} terms; the model was trained on {problem.n_numbers}"
        )
    max_digits = len(str(problem.largest))
    for term in compact.split(PLUS):
        if len(term) > max_digits:
            raise ValueError(
                f"expression {expression!r} has the term {term}, with more digits than the model "
                f"was trained on (terms of 1..{problem.largest})"
            )
    text = compact.rjust(problem.n_in_seq_length, PAD)
    codes = np.array([[lookup[char] for char in text]])
    return np.eye(problem.n_chars, dtype=np.uint8)[codes]


def ask(model, expression: str, problem: AdditionProblem | None = None) -> str:
    """The model's answer to a typed sum, such as ``ask(model, '10+6')``, without padding."""
    problem = problem or problem_of(model)
    y_hat = model.predict(encode_question(expression, problem), verbose=0)
    return decode_batch(y_hat, problem.alphabet)[0].strip(PAD)
