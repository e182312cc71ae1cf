"""Checks for notebook 13's your-turn cell (the decoder's texts)."""

from __future__ import annotations

from collections.abc import Callable

from ..teacher_forcing import END, START, decoder_texts
from .core import build_cases, compare_with, random_int, run_check


def _random_answers(rng) -> list[str]:
    def one():
        text = str(random_int(rng, 0, 10 ** random_int(rng, 1, 4) - 1))
        return "-" + text if text != "0" and rng.random() < 0.2 else text

    return [one() for _ in range(random_int(rng, 1, 4))]


def _decoder_texts_hint(answers: list[str], result) -> str | None:
    """A sentence for the usual mistakes with decoder texts, or None."""
    if not (isinstance(result, tuple | list) and len(result) == 2):
        return None
    inputs, targets = (
        list(side) if isinstance(side, tuple | list) else side for side in result
    )
    right_inputs, right_targets = decoder_texts(answers)
    if not answers or not isinstance(inputs, list) or not isinstance(targets, list):
        return None
    if inputs == right_targets and targets == right_inputs:
        return (
            "inputs and targets are swapped: the decoder reads the start symbol first "
            "and writes the end symbol last"
        )
    if any(isinstance(text, str) and text.endswith(END) for text in inputs):
        return (
            f"an input ends with the end symbol {END!r}: the decoder never reads it, "
            "it stops when it writes it"
        )
    if any(isinstance(text, str) and text.startswith(START) for text in targets):
        return (
            f"a target starts with the start symbol {START!r}: the decoder reads it "
            "but never writes it"
        )
    if inputs == answers or inputs == targets:
        return (
            f"the inputs are not shifted: each one must begin with the start symbol "
            f"{START!r}, so that step t reads the character written at step t - 1"
        )
    if targets == answers:
        return (
            f"the targets have no end symbol {END!r}: the decoder could not learn to stop"
        )
    if any(isinstance(text, str) and text != text.strip() for text in inputs + targets):
        return "a text holds spaces: answers here have their own length and no padding"
    return None


def check_decoder_texts(student_fn: Callable, *, n_random: int = 30, seed=0) -> None:
    """Check ``decoder_texts(answers)``: ``(['=28'], ['28.'])`` for ``['28']``.

    The reference is :func:`addition_lib.teacher_forcing.decoder_texts`.
    """
    named = [(["28"],), (["7", "1998"],), (["0"],), (["-10", "5"],), ([],)]
    exact = compare_with(decoder_texts)

    def judge(args, result):
        problem = exact(args, result)
        if problem is None:
            return None
        hint = _decoder_texts_hint(*args, result)
        return f"{problem}\n  hint: {hint}" if hint else problem

    cases = build_cases(named, lambda rng: (_random_answers(rng),), n_random, seed)
    run_check(student_fn, cases, judge)
