"""Beam search for the teacher-forced decoder, against greedy decoding (exercise 8).

Greedy decoding keeps one candidate answer and commits to the most likely symbol at every
step. Beam search keeps the ``beam_width`` most likely *partial answers* instead: at each
step it extends every one of them by every symbol, scores each extension by the sum of the
log-probabilities of its symbols, and keeps the best ``beam_width``. A finished answer
(one that ends with END) is kept as it is and competes with the extensions on its score.

* :func:`best_extensions` is one step's choice: the best (beam, symbol) pairs.
* :func:`beam_search` is the search for one question, written plainly around a step
  function ``step(symbol, state) -> (log_probs, new_state)``; :func:`question_step`
  makes that function from a trained model and one question.
* :func:`beam_decode` is the same search for a whole batch of questions at once, on the
  model's step model (:func:`~addition_lib.greedy_decoding.inference_models`).
* :func:`answer_log_probs` scores given answers under the model, which separates the
  mistakes a better search could fix (:func:`search_errors`) from those it cannot.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .greedy_decoding import inference_models
from .teacher_forcing import (
    answer_steps,
    answer_symbols,
    one_hot_symbols,
    require_teacher_forcing,
    shift_right,
)
from .validation import check_int


def _check_width(beam_width) -> int:
    return check_int("beam_width", beam_width, minimum=1)


def best_extensions(scores, log_probs, k: int):
    """The ``k`` best ways to extend ``B`` beams by one symbol, best first.

    ``scores`` ``(B,)`` holds each beam's log-probability so far and ``log_probs``
    ``(B, V)`` each symbol's log-probability as the beam's next symbol. An extension
    scores ``scores[b] + log_probs[b, v]``; the ``k`` best over *all* ``B * V`` pairs are
    returned as ``(beams, symbols, new_scores)``, three ``(k,)`` arrays (ties: the smaller
    ``b * V + v`` first). ``k`` may be at most ``B * V``.

    >>> best_extensions(np.log([0.5, 0.3]), np.log([[0.6, 0.4], [0.9, 0.1]]), 2)[:2]
    (array([0, 1]), array([0, 0]))
    """
    scores = np.asarray(scores, dtype=np.float64)
    log_probs = np.asarray(log_probs, dtype=np.float64)
    if scores.ndim != 1 or log_probs.ndim != 2 or len(scores) != len(log_probs):
        raise ValueError(
            f"scores must have shape (B,) and log_probs (B, V), got "
            f"{scores.shape} and {log_probs.shape}"
        )
    k = check_int("k", k, minimum=1)
    if k > log_probs.size:
        raise ValueError(f"k must be at most B * V = {log_probs.size}, got {k}")
    total = (scores[:, None] + log_probs).ravel()
    best = np.argsort(-total, kind="stable")[:k]
    return best // log_probs.shape[1], best % log_probs.shape[1], total[best]


def beam_search(
    step: Callable, state, start: int, end: int, beam_width: int, max_length: int
) -> tuple[list[int], float]:
    """The best answer a beam search finds for one question: ``(symbols, score)``.

    ``step(symbol, state)`` returns the log-probabilities ``(V,)`` of the symbol after
    ``symbol`` and the decoder's new state. The search starts from one beam that has read
    ``start``. Each round, every unfinished beam is extended by every symbol, a finished
    beam (its last symbol is ``end``) is carried over unchanged, and the ``beam_width``
    best candidates by score (the sum of their symbols' log-probabilities) are kept, ties
    in the order the candidates were listed: beam by beam, symbols in order. The search
    stops when every kept beam is finished, or after ``max_length`` rounds. Returns the
    best kept beam's symbols (its ``end`` included, if it has one) and its score.
    """
    beam_width = _check_width(beam_width)
    max_length = check_int("max_length", max_length, minimum=1)
    beams = [(0.0, [], state)]
    for _ in range(max_length):
        if all(symbols and symbols[-1] == end for _, symbols, _ in beams):
            break
        candidates = []
        for score, symbols, beam_state in beams:
            if symbols and symbols[-1] == end:
                candidates.append((score, symbols, beam_state))
                continue
            log_probs, new_state = step(symbols[-1] if symbols else start, beam_state)
            for symbol, log_prob in enumerate(
                np.asarray(log_probs, dtype=np.float64).tolist()
            ):
                candidates.append((score + log_prob, [*symbols, symbol], new_state))
        order = sorted(range(len(candidates)), key=lambda i: -candidates[i][0])
        beams = [candidates[i] for i in order[:beam_width]]
    score, symbols, _ = beams[0]
    return symbols, float(score)


def question_step(model, x) -> tuple[Callable, tuple]:
    """``(step, state)`` for :func:`beam_search` on one one-hot question ``x``.

    ``x`` has shape ``(n_in, n_chars)``.

    ``state`` is the encoder's ``[h, c]`` for the question; ``step(symbol, state)`` runs
    one decoder step of ``model`` and returns the next symbol's log-probabilities and the
    new state.
    """
    encoder, step_model = inference_models(require_teacher_forcing(model))
    n_symbols = len(answer_symbols(model.problem))
    x = np.asarray(x)
    h, c = encoder.predict_on_batch(x[None])

    def step(symbol, state):
        previous = np.eye(n_symbols, dtype="float32")[[symbol]][:, None, :]
        probabilities, h_new, c_new = step_model.predict_on_batch([previous, *state])
        return _log(np.asarray(probabilities)[0, 0]), (h_new, c_new)

    return step, (h, c)


def beam_decode(
    model, X, beam_width: int, *, max_length: int | None = None, batch_size: int = 2048
) -> tuple[np.ndarray, np.ndarray]:
    """Beam search for every question of ``X`` at once: ``(codes, scores)``.

    ``codes`` ``(n, max_length)`` holds each question's best answer, ``-1`` after its END
    (or after ``max_length`` symbols); ``scores`` ``(n,)`` its log-probability. It finds
    what :func:`beam_search` finds, question by question; ``beam_width=1`` is greedy
    decoding. Every round runs one decoder step for all ``n * beam_width`` beams.
    """
    beam_width = _check_width(beam_width)
    model = require_teacher_forcing(model)
    max_length = answer_steps(model.problem) if max_length is None else max_length
    max_length = check_int("max_length", max_length, minimum=1)
    batch_size = check_int("batch_size", batch_size, minimum=1)
    X = np.asarray(X)
    parts = [
        _beam_batch(model, X[i : i + batch_size], beam_width, max_length)
        for i in range(0, len(X), batch_size)
    ]
    if not parts:
        return np.zeros((0, max_length), dtype=np.int64), np.zeros(0)
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def _beam_batch(model, X, k, max_length):
    encoder, step_model = inference_models(model)
    n_symbols = len(answer_symbols(model.problem))
    start, end = n_symbols - 2, n_symbols - 1
    n = len(X)
    h, c = (np.repeat(np.asarray(s), k, axis=0) for s in encoder.predict_on_batch(X))
    scores = np.full((n, k), -np.inf)
    scores[:, 0] = 0.0  # one live beam to start with, so no answer is found twice
    codes = np.full((n, k, max_length), -1, dtype=np.int64)
    last = np.full((n, k), start)
    done = np.zeros((n, k), dtype=bool)
    eye = np.eye(n_symbols, dtype="float32")
    stay = np.full(n_symbols, -np.inf)
    stay[end] = 0.0  # a finished beam's only "extension": itself, at no cost
    for t in range(max_length):
        if done[np.isfinite(scores)].all():
            break
        probabilities, h, c = step_model.predict_on_batch(
            [eye[last.ravel()][:, None, :], h, c]
        )
        log_probs = _log(np.asarray(probabilities)[:, 0])
        log_probs = np.where(done.ravel()[:, None], stay, log_probs).reshape(
            n, k, n_symbols
        )
        total = (scores[:, :, None] + log_probs).reshape(n, k * n_symbols)
        best = np.argsort(-total, axis=1, kind="stable")[:, :k]
        beam, symbol = best // n_symbols, best % n_symbols
        rows = np.arange(n)[:, None]
        scores = total[rows, best]
        codes = codes[rows, beam]
        was_done = done[rows, beam]
        codes[:, :, t] = np.where(was_done, -1, symbol)
        done = was_done | (symbol == end)
        last = symbol
        pick = (rows * k + beam).ravel()
        h, c = np.asarray(h)[pick], np.asarray(c)[pick]
    return codes[:, 0], scores[:, 0]


def answer_log_probs(model, X, codes, *, batch_size: int = 4096) -> np.ndarray:
    """The log-probability ``model`` gives each answer in ``codes`` to its question.

    ``codes`` ``(n, steps)`` are answer codes as
    :func:`~addition_lib.teacher_forcing.answer_codes` writes them (the answer, END, then
    ``-1``), such as the true answers or a decoder's. One teacher-forced call: the sum
    over the answer's steps of log p(symbol | question, the symbols before it). An answer
    without END is scored over the steps it has.
    """
    model = require_teacher_forcing(model)
    codes = np.asarray(codes)
    steps = answer_steps(model.problem)
    if codes.ndim != 2 or codes.shape[1] > steps or len(codes) != len(X):
        raise ValueError(
            f"codes must have shape ({len(X)}, <= {steps}), got {codes.shape}"
        )
    codes = np.pad(codes, ((0, 0), (0, steps - codes.shape[1])), constant_values=-1)
    n_symbols = len(answer_symbols(model.problem))
    end = n_symbols - 1
    after_end = np.cumsum(codes == end, axis=1) - (codes == end) > 0
    codes = np.where(after_end, -1, codes)
    previous = one_hot_symbols(shift_right(model.problem, codes), n_symbols)
    total = np.zeros(len(codes))
    for i in range(0, len(codes), batch_size):
        probabilities = np.asarray(
            model.predict_on_batch(
                [np.asarray(X[i : i + batch_size]), previous[i : i + batch_size]]
            ),
            dtype=np.float64,
        )
        block = codes[i : i + batch_size]
        picked = np.take_along_axis(probabilities, np.maximum(block, 0)[..., None], -1)[
            ..., 0
        ]
        total[i : i + batch_size] = np.where(
            block >= 0, np.log(np.maximum(picked, 1e-300)), 0
        ).sum(1)
    return total


def search_errors(log_p_true, log_p_found, found_right) -> np.ndarray:
    """Which wrong answers a better search could fix: the true answer scores higher.

    All three arguments have shape ``(n,)``: the log-probability of the true answer, of
    the answer the search found, and whether the found answer is right. A wrong answer is
    a *search error* when the model prefers the true answer
    (``log_p_true > log_p_found``): a search that found the most likely answer would have
    answered right. Otherwise it is a
    *model error*: the model itself prefers a wrong answer. Returns a boolean ``(n,)``
    array, True for the search errors.

    >>> found_right = [False, False, True]
    >>> search_errors([-0.5, -2.0, -0.1], [-1.0, -0.3, -0.1], found_right).tolist()
    [True, False, False]
    """
    arrays = [np.asarray(a) for a in (log_p_true, log_p_found, found_right)]
    for name, array in zip(
        ("log_p_true", "log_p_found", "found_right"), arrays, strict=True
    ):
        if array.ndim != 1 or len(array) != len(arrays[0]):
            raise ValueError(
                f"{name} must be a 1-D array of length {len(arrays[0])}, "
                f"got shape {array.shape}"
            )
    log_p_true, log_p_found, found_right = arrays
    if not found_right.size:
        return np.zeros(0, dtype=bool)
    if found_right.dtype != bool:
        raise TypeError(f"found_right must be booleans, got dtype {found_right.dtype}")
    return ~found_right & (log_p_true > log_p_found)


def _log(probabilities) -> np.ndarray:
    """Natural log in float64, with a floor so that a probability of 0 stays finite."""
    return np.log(np.maximum(np.asarray(probabilities, dtype=np.float64), 1e-300))
