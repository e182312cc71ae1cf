"""Checks for exercise 2 (to 100 percent): answer weights and a tunable model."""

from __future__ import annotations

import copy
from collections.abc import Callable

import numpy as np

from ..experiments.time_to_target import answer_weights
from ..problem import PADDINGS, ArithmeticProblem
from ..quiet import keras
from ..tuners import build_tunable_model, keras_tuner
from .core import (
    build_cases,
    describe_error,
    random_int,
    run_check,
    show_value,
    teaching_check,
)
from .models import declared_space, judge_search_space, judge_seq2seq

_RTOL = 1e-9


@teaching_check
def check_answer_weights(student_fn: Callable, *, n_random: int = 30, seed=0) -> None:
    """Check ``answer_weights(answers, exponent)`` against :func:`answer_weights`.

    The weights must be ``count(answer) ** -exponent`` for each answer, scaled to sum to
    1; each one is compared to within a relative 1e-9. The answers come as lists and as
    NumPy arrays, include negative answers (subtraction gives them) and large ones, and
    must be left as they were.
    """
    named = [
        ([3, 4, 4, 5, 5, 5, 5], 1.0),
        ([3, 4, 4, 5, 5, 5, 5], 0.0),
        ([3, 4, 4, 5, 5, 5, 5], 0.5),
        ([28, 3, 28, 30], 1.0),
        ([7], 2.0),
        ([-10, 3, -10, 0, -10, 9999], 1.0),  # subtraction's answers can be negative
        ([30, 16, 3, 16], 0.75),
    ]

    def make_random(rng):
        low = random_int(rng, -99, 2)
        answers = rng.integers(
            low, low + random_int(rng, 1, 40), size=random_int(rng, 1, 25)
        ).tolist()
        return answers, float(rng.choice((0.0, 0.25, 0.5, 0.75, 1.0, 1.5)))

    def judge(args, result):
        expected = answer_weights(*copy.deepcopy(args))
        try:
            got = np.asarray(result, dtype=np.float64)
        except (TypeError, ValueError):
            return f"gave {result!r}, expected an array of {len(expected)} weights"
        if got.shape != expected.shape:
            return (
                f"gave {len(got) if got.ndim == 1 else got.shape} weights, expected "
                f"{len(expected)}"
            )
        close = np.isclose(got, expected, rtol=_RTOL, atol=0)
        if close.all():
            return None
        i = int(np.argmax(~close))
        hint = ""
        if not np.isclose(got.sum(), 1.0, rtol=_RTOL, atol=0):
            hint = f" (your weights sum to {got.sum():.10g}, not 1)"
        return (
            f"gave {show_value(got.round(10))}, expected "
            f"{show_value(expected.round(10))}\n"
            f"  first difference: result[{i}] (answer {np.asarray(args[0])[i]}) is "
            f"{got[i]:.10g}, "
            f"expected {expected[i]:.10g} (to a relative 1e-9){hint}"
        )

    run_check(
        student_fn, build_cases(named, make_random, n_random, seed, arrays=(0,)), judge
    )


class FixedValues(dict):
    """The values a case fixes in ``hp``; shown in messages as the ``hp`` the student's
    function gets."""

    def __repr__(self) -> str:
        return (
            f"hp fixing {', '.join(f'{name}={value!r}' for name, value in self.items())}"
        )


def _hp_with(values: dict):
    hp = keras_tuner.HyperParameters()
    for name, value in values.items():
        hp.Fixed(name, value)
    return hp


def _fixed(encoder_units: int, decoder_units: int, learning_rate: float) -> FixedValues:
    return FixedValues(
        encoder_units=encoder_units,
        decoder_units=decoder_units,
        learning_rate=learning_rate,
    )


def _space_of(build: Callable, problem) -> dict:
    hp = keras_tuner.HyperParameters()
    keras.backend.clear_session()
    build(hp, problem)
    return declared_space(hp)


@teaching_check
def check_build_tunable_model(student_fn: Callable, *, n_random: int = 1, seed=0) -> None:
    """Check ``build_tunable_model(hp, problem)`` against
    :func:`addition_lib.tuners.build_tunable_model`.

    Two things are judged:

    * **the search space**: called with an empty ``hp``, the function must declare the
      task's hyperparameters with the task's kinds, ranges, steps and sampling, and
      nothing else;
    * **the model**: with ``encoder_units``, ``decoder_units`` and ``learning_rate``
      fixed in ``hp``, the model is judged by what it computes on a batch of the
      problem's shape (:func:`~addition_lib.checks.models.judge_seq2seq`): output
      probabilities, the weights of the chapter's layers, Adam at the fixed learning
      rate, and a categorical cross-entropy loss. The problems have other alphabets and
      lengths than the chapter's, so nothing may be typed in as a number.
    """
    named = [
        (_fixed(64, 32, 0.005), ArithmeticProblem(3, 10)),
        (_fixed(128, 128, 0.01), ArithmeticProblem(2, 999, reverse=True)),
        (
            _fixed(96, 160, 0.002),
            ArithmeticProblem(2, 100, operators="+-*/", padding="per_term"),
        ),
        (_fixed(32, 256, 0.03), ArithmeticProblem(5, 10)),
    ]

    def make_random(rng):
        values = _fixed(
            32 * random_int(rng, 1, 8),
            32 * random_int(rng, 1, 8),
            float(np.round(10 ** rng.uniform(-3, np.log10(3e-2)), 5)),
        )
        problem = ArithmeticProblem(
            random_int(rng, 1, 5),
            int(rng.choice((9, 10, 99, 100, 999))),
            operators=str(rng.choice(["+", "-", "+-", "*"])),
            padding=str(rng.choice(PADDINGS)),
            reverse=bool(rng.integers(2)),
        )
        return values, problem

    def call(fn):
        def wrapped(values, problem):
            keras.backend.clear_session()
            return fn(_hp_with(values), problem)

        wrapped.__name__ = getattr(fn, "__name__", "build_tunable_model")
        return wrapped

    wanted = {}

    def judge(args, result):
        values, problem = args
        verdict = judge_seq2seq(
            result,
            problem.n_in_seq_length,
            problem.n_out_seq_length,
            problem.n_chars,
            values["encoder_units"],
            values["decoder_units"],
            learning_rate=values["learning_rate"],
        )
        if verdict is not None:
            return verdict
        if wanted:  # the space is judged once, on the first case
            return None
        wanted.update(_space_of(build_tunable_model, problem))
        try:
            space = _space_of(student_fn, problem)
        except Exception as error:
            return (
                "called with an empty hp (KerasTuner's first trial) "
                f"{describe_error(error)}"
            )
        verdict = judge_search_space(space, wanted)
        return (
            None
            if verdict is None
            else f"gave the right model, but called with an empty hp it {verdict}"
        )

    run_check(call(student_fn), build_cases(named, make_random, n_random, seed), judge)
