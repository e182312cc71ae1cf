"""Checks for what a student writes about decoders (notebook 13 and exercise 8).

Each ``check_...`` runs the student's function on named and random cases, compares it with
the library's version, and names the first call that went wrong, with a hint for the
mistakes that come up most; it prints "not attempted yet" for an untouched stub (see
:mod:`addition_lib.checks`, whose runner they share).
"""

from __future__ import annotations

import copy
import numbers
from collections.abc import Callable

import numpy as np

from ..beam_search import beam_search, best_extensions, search_errors
from .core import build_cases, random_int, run_check, show_value

# ---------------------------------------------------------- beam search (exercise 8)


class ToyDecoder:
    """A decoder small enough to read: next-symbol probabilities from a table.

    ``table[t, previous]`` holds the probabilities of the ``n_symbols`` next symbols at
    step ``t`` after ``previous``; the start symbol is ``n_symbols`` (read, never written)
    and
    the end symbol is ``n_symbols - 1``. Called as ``step(symbol, state)`` with ``state``
    the step number, it returns ``(log_probs, state + 1)``, the interface of
    :func:`~addition_lib.beam_search.beam_search`.
    """

    def __init__(self, table, name: str):
        self.table = np.asarray(table, dtype=np.float64)
        self.name = name

    @classmethod
    def random(cls, rng, n_symbols: int, n_steps: int, name: str) -> ToyDecoder:
        logits = rng.normal(scale=2.0, size=(n_steps, n_symbols + 1, n_symbols))
        table = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
        return cls(table, name)

    @property
    def start(self) -> int:
        return self.table.shape[2]

    @property
    def end(self) -> int:
        return self.table.shape[2] - 1

    def __call__(self, symbol, state):
        t = min(int(state), len(self.table) - 1)
        return np.log(self.table[t, int(symbol)]), int(state) + 1

    def __repr__(self) -> str:
        return self.name


def _trap() -> ToyDecoder:
    """Greedy takes 0 (0.6), after which nothing is likely; 1 then END is 0.38 * 0.9."""
    table = np.full((3, 4, 3), 1 / 3)
    table[0, 3] = [0.6, 0.38, 0.02]
    table[1, 0] = [0.5, 0.2, 0.3]
    table[1, 1] = [0.05, 0.05, 0.9]
    table[2, 0] = [0.3, 0.3, 0.4]
    return ToyDecoder(table, "trap")


def _short_wins() -> ToyDecoder:
    """END right away (0.5) beats every longer answer: a finished beam must be kept."""
    table = np.full((4, 4, 3), 1 / 3)
    table[0, 3] = [0.25, 0.25, 0.5]
    return ToyDecoder(table, "short_wins")


def check_best_extensions(student_fn: Callable, *, n_random: int = 30, seed=0) -> None:
    """Check ``best_extensions(scores, log_probs, k)``: the ``k`` best extensions.

    The reference is :func:`addition_lib.beam_search.best_extensions`; the beams and
    symbols must match exactly, the scores to within 1e-9.
    """
    named = [
        (np.log([0.5, 0.3]), np.log([[0.6, 0.4], [0.9, 0.1]]), 2),
        (np.log([0.5, 0.3]), np.log([[0.6, 0.4], [0.9, 0.1]]), 4),
        (np.log([0.9, 0.1]), np.log([[0.5, 0.5], [0.99, 0.01]]), 1),
        (np.log([1.0]), np.log([[0.2, 0.5, 0.3]]), 3),
        (np.log([0.7, 0.2, 0.1]), np.log([[0.1, 0.9], [0.8, 0.2], [0.6, 0.4]]), 3),
    ]

    def make_random(rng):
        n_beams, n_symbols = random_int(rng, 1, 5), random_int(rng, 2, 6)
        scores = -rng.exponential(2.0, n_beams)
        logits = rng.normal(size=(n_beams, n_symbols))
        log_probs = logits - np.log(np.exp(logits).sum(1, keepdims=True))
        return scores, log_probs, random_int(rng, 1, n_beams * n_symbols)

    def judge(args, result):
        scores, log_probs, k = args
        beams, symbols, best = best_extensions(*copy.deepcopy(args))
        try:
            got_beams, got_symbols, got_scores = (np.asarray(part) for part in result)
        except (TypeError, ValueError):
            return (
                f"gave {show_value(result)}, expected three arrays "
                "(beams, symbols, new_scores)"
            )
        expected = f"expected beams {beams.tolist()}, symbols {symbols.tolist()}"
        if (
            got_beams.shape != (k,)
            or got_symbols.shape != (k,)
            or got_scores.shape != (k,)
        ):
            return (
                f"gave arrays of shapes {got_beams.shape}, {got_symbols.shape}, "
                f"{got_scores.shape}; expected three arrays of k = {k}"
            )
        if (
            got_beams.tolist() == beams.tolist()
            and got_symbols.tolist() == symbols.tolist()
        ):
            if np.allclose(got_scores, best, rtol=1e-9, atol=1e-12):
                return None
            return (
                f"picked the right pairs but gave new_scores "
                f"{show_value(got_scores.round(6))}, "
                f"expected {show_value(best.round(6))}: "
                "a pair scores scores[b] + log_probs[b, v]"
            )
        flat_only = np.argsort(-log_probs.ravel(), kind="stable")[:k]
        hint = ""
        if k > 1 and np.all(np.diff(got_scores) >= 0) and np.any(np.diff(got_scores) > 0):
            hint = "\n  hint: the best pair comes first (highest score)"
        elif (
            got_beams * log_probs.shape[1] + got_symbols
        ).tolist() == flat_only.tolist():
            hint = "\n  hint: you ranked by log_probs alone; add each beam's score first"
        return (
            f"gave beams {got_beams.tolist()}, symbols {got_symbols.tolist()}; "
            f"{expected}{hint}"
        )

    run_check(student_fn, build_cases(named, make_random, n_random, seed), judge)


def check_beam_search(student_fn: Callable, *, n_random: int = 30, seed=0) -> None:
    """Check ``beam_search(step, state, start, end, beam_width, max_length)``.

    Each case is a :class:`ToyDecoder`, whose step probabilities come from a table. The
    reference is :func:`addition_lib.beam_search.beam_search`: the symbols must match
    exactly, the score to within 1e-9.
    """
    trap, short = _trap(), _short_wins()
    named = [
        (short, 0, short.start, short.end, 3, 4),
        (trap, 0, trap.start, trap.end, 2, 3),
        (trap, 0, trap.start, trap.end, 1, 3),
        (trap, 0, trap.start, trap.end, 3, 1),
    ]

    def make_random(rng):
        n_symbols, n_steps = random_int(rng, 3, 6), random_int(rng, 1, 5)
        toy = ToyDecoder.random(
            rng, n_symbols, n_steps, f"toy_{random_int(rng, 0, 10**6)}"
        )
        return (
            toy,
            0,
            toy.start,
            toy.end,
            random_int(rng, 1, 5),
            random_int(rng, 1, n_steps + 1),
        )

    def judge(args, result):
        step, state, start, end, width, max_length = args
        symbols, score = beam_search(*args)
        if not (isinstance(result, tuple | list) and len(result) == 2):
            return f"gave {show_value(result)}, expected a pair (symbols, score)"
        got_symbols, got_score = result
        if not isinstance(got_symbols, list | tuple | np.ndarray):
            return (
                f"gave {show_value(result)}, expected a pair (symbols, score): "
                "a list of symbols and a number"
            )
        got_symbols = [int(s) for s in np.asarray(got_symbols).ravel().tolist()]
        if got_symbols == symbols:
            if isinstance(got_score, numbers.Real) and np.isclose(
                got_score, score, rtol=1e-9
            ):
                return None
            return (
                f"found the right answer {symbols} but gave the score "
                f"{show_value(got_score)}, "
                f"expected {score:.6g}: the sum of the log-probabilities of its symbols"
            )
        hint = ""
        if end in got_symbols[:-1]:
            hint = (
                "\n  hint: a finished answer (ending with end) must be kept as it is, "
                "not extended"
            )
        elif (
            width > 1
            and got_symbols == beam_search(step, state, start, end, 1, max_length)[0]
        ):
            hint = (
                f"\n  hint: that is greedy decoding's answer; keep the {width} best "
                "candidates over all beams at every step"
            )
        elif len(got_symbols) > max_length:
            hint = f"\n  hint: stop after max_length = {max_length} rounds"
        return (
            f"gave the answer {got_symbols}, expected {symbols} (score {score:.6g}){hint}"
        )

    run_check(student_fn, build_cases(named, make_random, n_random, seed), judge)


def check_search_errors(student_fn: Callable, *, n_random: int = 30, seed=0) -> None:
    """Check ``search_errors(log_p_true, log_p_found, found_right)``: a boolean array.

    The reference is :func:`addition_lib.beam_search.search_errors`.
    """
    named = [
        ([-0.5, -2.0, -0.1], [-1.0, -0.3, -0.1], [False, False, True]),
        ([-1.0, -1.0], [-1.0, -3.0], [False, False]),
        ([-0.2, -0.9], [-0.2, -0.9], [True, True]),
        ([], [], []),
    ]

    def make_random(rng):
        n = random_int(rng, 1, 12)
        log_p_true = np.round(-rng.exponential(1.0, n), 1)
        right = rng.random(n) < 0.3
        log_p_found = np.where(right, log_p_true, np.round(-rng.exponential(1.0, n), 1))
        return log_p_true.tolist(), log_p_found.tolist(), right.tolist()

    def judge(args, result):
        expected = search_errors(*copy.deepcopy(args))
        got = np.asarray(result)
        if got.shape != expected.shape or (got.size and got.dtype != bool):
            return (
                f"gave {show_value(result)}, expected a boolean array "
                f"{show_value(expected)}"
            )
        if np.array_equal(got, expected):
            return None
        log_p_true, log_p_found, right = (np.asarray(a) for a in args)
        i = int(np.argmax(got != expected))
        hint = ""
        if got[i] and right[i]:
            hint = " (a right answer is no error at all)"
        elif got[i] and log_p_true[i] == log_p_found[i]:
            hint = (
                " (equal scores: the model does not prefer the true answer, "
                "so no search fixes it)"
            )
        elif got[i]:
            hint = " (the model prefers the answer found: that is a model error)"
        else:
            hint = (
                " (the model prefers the true answer, so a better search would find it)"
            )
        return (
            f"gave {show_value(got)}, expected {show_value(expected)}\n"
            f"  first difference: result[{i}] is {bool(got[i])}{hint}"
        )

    run_check(student_fn, build_cases(named, make_random, n_random, seed), judge)
