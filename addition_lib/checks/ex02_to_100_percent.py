"""Checks for exercise 2 (to 100 percent): answer weights and a tunable model."""

from __future__ import annotations

import copy
from collections.abc import Callable

import numpy as np

from .._keras import keras
from ..experiments.time_to_target import answer_weights
from ..problem import PADDINGS, ArithmeticProblem
from ..tuners import build_tunable_model, keras_tuner
from .core import (
    build_cases,
    random_int,
    run_check,
    show_value,
)


def check_answer_weights(student_fn: Callable, *, n_random: int = 30, seed=0) -> None:
    """Check ``answer_weights(answers, exponent)`` against :func:`answer_weights`.

    The weights must be ``count(answer) ** -exponent`` for each answer, scaled to sum to 1;
    each one is compared to within a relative 1e-9.
    """
    named = [
        ([3, 4, 4, 5, 5, 5, 5], 1.0),
        ([3, 4, 4, 5, 5, 5, 5], 0.0),
        ([3, 4, 4, 5, 5, 5, 5], 0.5),
        ([28, 3, 28, 30], 1.0),
        ([7], 2.0),
    ]

    def make_random(rng):
        answers = rng.integers(2, random_int(rng, 3, 40), size=random_int(rng, 1, 25)).tolist()
        return answers, float(rng.choice((0.0, 0.25, 0.5, 0.75, 1.0, 1.5)))

    def judge(args, result):
        expected = answer_weights(*copy.deepcopy(args))
        try:
            got = np.asarray(result, dtype=np.float64)
        except (TypeError, ValueError):
            return f"gave {result!r}, expected an array of {len(expected)} weights"
        if got.shape != expected.shape:
            return f"gave {len(got) if got.ndim == 1 else got.shape} weights, expected {len(expected)}"
        if np.allclose(got, expected, rtol=1e-9, atol=0):
            return None
        i = int(np.argmax(~np.isclose(got, expected, rtol=1e-9, atol=0)))
        hint = ""
        if not np.isclose(got.sum(), 1.0):
            hint = f" (your weights sum to {got.sum():.6g}, not 1)"
        return (f"gave {show_value(got.round(6))}, expected {show_value(expected.round(6))}\n"
                f"  first difference: result[{i}] (answer {args[0][i]}) is {got[i]:.6g}, "
                f"expected {expected[i]:.6g}{hint}")

    run_check(student_fn, build_cases(named, make_random, n_random, seed), judge)


def _hp_with(values: dict):
    hp = keras_tuner.HyperParameters()
    for name, value in values.items():
        hp.Fixed(name, value)
    return hp


def describe_model(model) -> dict:
    """What :func:`check_build_tunable_model` compares: shapes, units, learning rate, loss and softmax."""
    lstms = [layer for layer in model.layers if isinstance(layer, keras.layers.LSTM)]
    optimizer = getattr(model, "optimizer", None)
    rate = None if optimizer is None else float(f"{float(optimizer.learning_rate):.6g}")  # at step 0
    loss = getattr(model, "loss", None)
    loss_name = loss if isinstance(loss, str) else getattr(loss, "name", type(loss).__name__)
    probe = np.eye(model.input_shape[-1], dtype="float32")[np.zeros((2, model.input_shape[1]), dtype=int)]
    sums = np.asarray(model(probe)).sum(axis=-1)
    return {
        "input_shape": tuple(model.input_shape),
        "output_shape": tuple(model.output_shape),
        "lstm_units": [layer.units for layer in lstms],
        "learning_rate": rate,
        "loss": loss_name,
        "outputs_sum_to_1": bool(np.allclose(sums, 1.0, atol=1e-4)),
    }


def check_build_tunable_model(student_fn: Callable, *, n_random: int = 3, seed=0) -> None:
    """Check ``build_tunable_model(hp, problem)`` against :func:`build_tunable_model`.

    Each case fixes ``encoder_units``, ``decoder_units`` and ``learning_rate`` in ``hp``
    and compares the two models' input and output shapes, LSTM units, starting learning
    rate, loss and softmax output (see :func:`describe_model`).
    """
    named = [
        ({"encoder_units": 64, "decoder_units": 32, "learning_rate": 0.005}, ArithmeticProblem(3, 10)),
        ({"encoder_units": 128, "decoder_units": 128, "learning_rate": 0.01},
         ArithmeticProblem(2, 999, reverse=True)),
        ({"encoder_units": 96, "decoder_units": 160, "learning_rate": 0.002}, ArithmeticProblem(5, 10)),
    ]

    def make_random(rng):
        values = {"encoder_units": 32 * random_int(rng, 1, 8), "decoder_units": 32 * random_int(rng, 1, 8),
                  "learning_rate": float(np.round(10 ** rng.uniform(-3, np.log10(3e-2)), 5))}
        problem = ArithmeticProblem(random_int(rng, 1, 5), int(rng.choice((9, 10, 99, 100, 999))),
                                    padding=str(rng.choice(PADDINGS)), reverse=bool(rng.integers(2)))
        return values, problem

    def call(fn):
        def wrapped(values, problem):
            keras.backend.clear_session()
            return fn(_hp_with(values), problem)

        wrapped.__name__ = getattr(fn, "__name__", "build_tunable_model")
        return wrapped

    def judge(args, result):
        if not isinstance(result, keras.Model):
            return f"gave {result!r}, expected a compiled keras Model"
        if getattr(result, "optimizer", None) is None:
            return "gave a model that is not compiled; call model.compile(...) before returning it"
        got = describe_model(result)
        expected = describe_model(call(build_tunable_model)(*args))
        for key, value in expected.items():
            if got[key] != value:
                return f"gave a model whose {key} is {got[key]!r}, expected {value!r}"
        return None

    run_check(call(student_fn), build_cases(named, make_random, n_random, seed), judge)
