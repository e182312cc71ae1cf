"""The check for notebook 14's "your turn": attention weights computed by hand.

``check_attention_weights(my_weights)`` calls ``my_weights(queries, keys)`` with
``queries`` of shape ``(steps, units)`` (the decoder's outputs, one row per answer step)
and ``keys`` of shape ``(n_in, units)`` (the encoder's outputs, one row per input
character) and wants the dot-product attention weights, ``softmax(queries @ keys.T)``
over the input positions: shape ``(steps, n_in)``, every row summing to 1. Cases: a
hand-sized one, the model's own queries and keys when given, and random ones. A result
that matches a usual slip (no softmax, softmax over the answer steps or over the whole
array, scores divided by sqrt(units), no normalisation, the wrong shape) gets a sentence
saying which.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .core import build_cases, random_int, run_check

TOLERANCE = 1e-4


@dataclass(frozen=True, repr=False)
class Arrays:
    """An array passed to the student's function, described briefly in messages."""

    description: str
    value: np.ndarray

    def __repr__(self) -> str:
        return self.description


def softmax(scores, axis=-1):
    """A softmax along ``axis``, its maximum subtracted first (exp cannot overflow)."""
    scores = scores - scores.max(axis=axis, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=axis, keepdims=True)


def reference_weights(queries, keys) -> np.ndarray:
    """``softmax(queries @ keys.T)`` over the last axis, in float64."""
    return softmax(np.asarray(queries, np.float64) @ np.asarray(keys, np.float64).T)


def _slips(queries, keys) -> list[tuple[str, np.ndarray]]:
    """Plausible wrong answers and the sentence that says what went wrong."""
    q, k = np.asarray(queries, np.float64), np.asarray(keys, np.float64)
    scores = q @ k.T
    exp = np.exp(scores - scores.max())
    units = q.shape[1]
    return [
        ("these are the raw scores: turn each row into weights with a softmax", scores),
        (
            "the softmax went over the answer steps (axis 0): each column sums to 1. "
            "Each answer step spreads its attention over the input positions, so "
            "normalise along the last axis (axis=-1), and each row sums to 1",
            softmax(scores, axis=0),
        ),
        (
            "the softmax went over the whole array (all its numbers sum to 1): "
            "normalise each row on its own (axis=-1)",
            exp / exp.sum(),
        ),
        (
            f"the scores were divided by sqrt(units) = sqrt({units}): that is the "
            "transformer's scaled dot product, but this layer uses the plain dot "
            "product (Attention(use_scale=False)), so do not scale",
            softmax(scores / np.sqrt(units)),
        ),
        (
            "the rows do not sum to 1: after np.exp, divide each row by its own sum",
            np.exp(scores),
        ),
        (
            "the scores were divided by their sum without np.exp first: a softmax "
            "exponentiates, so every weight is positive",
            scores / scores.sum(axis=-1, keepdims=True),
        ),
        (
            "the result is transposed: it needs one row per answer step (queries) and "
            "one column per input position (keys), shape (steps, n_in)",
            reference_weights(q, k).T,
        ),
    ]


def judge_weights(result, expected, slips, formula: str) -> str | None:
    """What is wrong with attention weights ``result``, or ``None`` if they are right.

    ``slips`` is a list of ``(hint, weights a usual mistake gives)``; ``formula`` says in
    a hint how the weights are computed. Shared by notebook 14's and exercise 9's checks.
    """
    try:
        got = np.asarray(result, dtype=np.float64)
    except (TypeError, ValueError):
        return f"gave {result!r:.80}, expected an array of shape {expected.shape}"
    if got.shape == expected.shape and np.allclose(got, expected, atol=TOLERANCE):
        return None
    for sentence, slip in slips:
        if got.shape == slip.shape and np.allclose(got, slip, atol=TOLERANCE):
            return f"gave the wrong weights\n  hint: {sentence}"
    if got.shape != expected.shape:
        return (
            f"gave an array of shape {got.shape}, expected {expected.shape}: one row per "
            "answer step (queries) and one column per input position (keys)"
        )
    row, column = np.unravel_index(np.argmax(np.abs(got - expected)), got.shape)
    return (
        f"gave {got[row, column]:.6f} at [{row}, {column}], expected "
        f"{expected[row, column]:.6f}\n  hint: {formula}"
    )


def _judge(args, result):
    queries, keys = (arg.value for arg in args)
    with np.errstate(all="ignore"):
        slips = _slips(queries, keys)
    return judge_weights(
        result,
        reference_weights(queries, keys),
        slips,
        "the weights are softmax(queries @ keys.T) along the last axis",
    )


def _random_case(rng) -> tuple[Arrays, Arrays]:
    steps, n_in = random_int(rng, 1, 6), random_int(rng, 2, 9)
    units = random_int(rng, 2, 32)
    queries = rng.uniform(-1, 1, (steps, units)).astype("float32")
    keys = rng.uniform(-1, 1, (n_in, units)).astype("float32")
    return (
        Arrays(f"<random queries {queries.shape}>", queries),
        Arrays(f"<random keys {keys.shape}>", keys),
    )


def check_attention_weights(
    student_fn: Callable, queries=None, keys=None, *, n_random: int = 20, seed=0
) -> None:
    """Check ``student_fn(queries, keys)`` against ``softmax(queries @ keys.T)``.

    ``queries`` ``(steps, units)`` and ``keys`` ``(n_in, units)``, when given (for
    example one question's from ``attention_parts``), are one more named case.
    """
    small_q = np.array([[1.0, 0.0], [0.0, 2.0]], "float32")
    small_k = np.array([[1.0, 1.0], [2.0, 0.0], [0.0, 1.0]], "float32")
    named = [
        (
            Arrays("<queries [[1, 0], [0, 2]]>", small_q),
            Arrays("<keys [[1, 1], [2, 0], [0, 1]]>", small_k),
        )
    ]
    if queries is not None and keys is not None:
        queries, keys = np.asarray(queries), np.asarray(keys)
        named.append(
            (
                Arrays(f"<the model's queries {queries.shape}>", queries),
                Arrays(f"<the model's keys {keys.shape}>", keys),
            )
        )
    cases = build_cases(named, _random_case, n_random, seed)

    if not callable(student_fn):
        raise TypeError(f"student_fn must be the function you wrote, got {student_fn!r}")
    name = getattr(student_fn, "__name__", "your function")
    run_check(lambda q, k: student_fn(q.value, k.value), cases, _judge, name=name)
