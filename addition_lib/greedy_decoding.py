"""Greedy decoding of a teacher-forced model, and scoring it both ways.

At inference the decoder of :func:`~addition_lib.teacher_forcing.build_teacher_forcing`
reads *its own* previous prediction, one step at a time: :func:`greedy_decoder` and
:func:`greedy_decode`, on inference models that share the trained layers
(:func:`inference_models`). :func:`compare_modes` scores one model both ways on the same
questions, teacher-forced and free-running: the measurement behind exposure bias.
Taught in notebook 13.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np

from .problem import ArithmeticProblem
from .questions import Questions
from .quiet import keras
from .teacher_forcing import (
    answer_codes,
    answer_steps,
    answer_symbols,
    require_teacher_forcing,
    teacher_forcing_arrays,
)
from .validation import check_int

ops = keras.ops

_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def derived_model(model, key, make):
    """The model ``make()`` builds from ``model``, built once per ``key`` and kept while
    ``model`` lives (the inference models share its trained layers)."""
    entries = _CACHE.setdefault(model, {})
    if key not in entries:
        entries[key] = make()
    return entries[key]


def inference_models(model) -> tuple[keras.Model, keras.Model]:
    """``(encoder_model, step_model)`` built from the trained layers of ``model``.

    ``encoder_model`` maps questions ``(n, n_in, n_chars)`` to ``[h, c]``;
    ``step_model`` maps ``[previous (n, 1, n_symbols), h, c]`` to
    ``[probabilities (n, 1, n_symbols), h, c]``: one decoder step. They share the trained
    weights, so training ``model`` further changes them too.
    Taught in notebook 13.
    """
    model = require_teacher_forcing(model)

    def make():
        encoder, decoder = model.get_layer("encoder"), model.get_layer("decoder")
        output = model.get_layer("output")
        question = keras.Input(model.inputs[0].shape[1:], name="question")
        _, h, c = encoder(question)
        encoder_model = keras.Model(question, [h, c], name="encoder_model")
        previous = keras.Input((1, output.units), name="previous")
        h_in = keras.Input((decoder.units,), name="h")
        c_in = keras.Input((decoder.units,), name="c")
        sequence, h_out, c_out = decoder(previous, initial_state=[h_in, c_in])
        step_model = keras.Model(
            [previous, h_in, c_in], [output(sequence), h_out, c_out], name="step_model"
        )
        return encoder_model, step_model

    return derived_model(model, "inference", make)


def greedy_decoder(model, max_length: int | None = None) -> keras.Model:
    """A model that answers by greedy decoding: codes of shape ``(n, max_length)``.

    The loop is written out ``max_length`` times (default: :func:`answer_steps`): each
    step reads the previous symbol (START at first), updates ``[h, c]``, and picks the
    most likely next symbol, which becomes the next step's input. Every question runs all
    the steps; whatever follows its first END is ignored (:func:`answers_from_codes`).
    Taught in notebook 13.
    """
    model = require_teacher_forcing(model)
    max_length = answer_steps(model.problem) if max_length is None else max_length
    max_length = check_int("max_length", max_length, minimum=1)

    def make():
        encoder, decoder = model.get_layer("encoder"), model.get_layer("decoder")
        output = model.get_layer("output")
        n_symbols = output.units
        question = keras.Input(model.inputs[0].shape[1:], name="question")
        _, h, c = encoder(question)
        code = ops.full_like(h[:, 0], n_symbols - 2, dtype="int32")  # START for everyone
        codes = []
        for _ in range(max_length):
            previous = ops.expand_dims(ops.one_hot(code, n_symbols), 1)
            sequence, h, c = decoder(previous, initial_state=[h, c])
            code = ops.cast(ops.argmax(output(sequence)[:, 0], axis=-1), "int32")
            codes.append(code)
        return keras.Model(question, ops.stack(codes, axis=1), name="greedy_decoder")

    return derived_model(model, ("greedy", max_length), make)


def greedy_decode(
    model, X, *, max_length: int | None = None, batch_size: int = 4096
) -> np.ndarray:
    """Greedy answers to one-hot questions ``X``: codes of shape ``(n, max_length)``."""
    batch_size = check_int("batch_size", batch_size, minimum=1)
    X = np.asarray(X)
    if X.ndim != 3 or X.shape[1:] != tuple(
        require_teacher_forcing(model).inputs[0].shape[1:]
    ):
        raise ValueError(
            f"X must be one-hot questions of shape (n, "
            f"{', '.join(map(str, model.inputs[0].shape[1:]))}), got {X.shape}"
        )
    decoder = greedy_decoder(model, max_length)
    parts = [
        np.asarray(decoder.predict_on_batch(X[i : i + batch_size]))
        for i in range(0, len(X), batch_size)
    ]
    return np.concatenate(parts) if parts else np.zeros((0, decoder.output.shape[1]), int)


def answers_from_codes(problem: ArithmeticProblem, codes) -> list[str]:
    """The text of each decoded answer, up to its first END; ``'...'`` marks no END.

    >>> problem = ArithmeticProblem(3, 10)
    >>> answers_from_codes(problem, [[2, 8, 11, 5], [1, 3, 3, 3]])
    ['28', '1333...']
    """
    symbols = answer_symbols(problem)
    end = len(symbols) - 1
    texts = []
    for row in np.asarray(codes).tolist():
        stop = row.index(end) if end in row else len(row)
        text = "".join(symbols[code] if code >= 0 else "" for code in row[:stop])
        texts.append(text if stop < len(row) else text + "...")
    return texts


# ---------------------------------------------------------------- scoring both ways


@dataclass(frozen=True, eq=False)
class ModeComparison:
    """One model on the same questions, teacher-forced and free-running (greedy).

    ``real`` ``(n, steps)`` marks the answer's steps (its characters and END).
    ``forced_right`` says which steps the model gets right when it reads the *true*
    previous characters, ``free_right`` which characters of its *own* greedy answer match
    the true answer at the same place. ``free_codes`` holds the greedy answers.
    """

    problem: ArithmeticProblem
    questions: Questions
    real: np.ndarray
    forced_right: np.ndarray
    free_right: np.ndarray
    free_codes: np.ndarray

    def char_accuracy(self, mode: str) -> float:
        """Share of real steps right, ``mode`` ``'forced'`` or ``'free'``."""
        return float(self._right(mode)[self.real].mean())

    def right_answers(self, mode: str) -> np.ndarray:
        """Which answers have every real step right: a boolean ``(n,)`` array."""
        return (self._right(mode) | ~self.real).all(axis=1)

    def exact_match(self, mode: str) -> float:
        """Share of answers whose every real step is right."""
        return float(self.right_answers(mode).mean())

    def _right(self, mode):
        if mode not in ("forced", "free"):
            raise ValueError(f"mode must be 'forced' or 'free', got {mode!r}")
        return self.forced_right if mode == "forced" else self.free_right

    def after_first_mistake(self) -> dict:
        """Accuracy of the steps after the first wrong step of each wrong greedy answer.

        Returns ``{"answers": how many greedy answers are wrong, "steps": real steps after
        their first mistake, "forced": share of those right under teacher forcing,
        "free": share right in the greedy answer}``.
        """
        wrong_step = self.real & ~self.free_right
        has_mistake = wrong_step.any(axis=1)
        first = np.where(has_mistake, wrong_step.argmax(axis=1), self.real.shape[1])
        after = self.real & (np.arange(self.real.shape[1]) > first[:, None])
        n_after = int(after.sum())
        share = (
            (lambda right: float(right[after].mean()))
            if n_after
            else (lambda _: float("nan"))
        )
        return {
            "answers": int(has_mistake.sum()),
            "steps": n_after,
            "forced": share(self.forced_right),
            "free": share(self.free_right),
        }

    def lines(self, n: int = 10) -> list[str]:
        """The first ``n`` wrong greedy answers: ``'345+678 = 1013 (expected 1023)'``."""
        n = check_int("n", n, minimum=0)
        texts = self.questions.texts()
        wrong = np.flatnonzero(~self.right_answers("free"))[:n]
        given = answers_from_codes(self.problem, self.free_codes[wrong])
        return [
            f"{texts[i]} = {answer} (expected {self.questions.answers[i]})"
            for i, answer in zip(wrong.tolist(), given, strict=True)
        ]


def compare_modes(
    model, questions: Questions, *, batch_size: int = 4096
) -> ModeComparison:
    """Score ``model`` on ``questions`` teacher-forced and free-running.

    Returns a :class:`ModeComparison`.
    """
    model = require_teacher_forcing(model)
    if not isinstance(questions, Questions):
        raise TypeError(f"questions must be a Questions batch, got {questions!r}")
    problem = model.problem
    (X, previous), y = teacher_forcing_arrays(problem, questions)
    target = answer_codes(problem, questions.answers)
    forced = np.concatenate(
        [
            np.asarray(
                model.predict_on_batch(
                    [X[i : i + batch_size], previous[i : i + batch_size]]
                )
            ).argmax(-1)
            for i in range(0, len(X), batch_size)
        ]
    )
    free = greedy_decode(model, X, batch_size=batch_size)
    real = target >= 0
    return ModeComparison(
        problem, questions, real, (forced == target) & real, (free == target) & real, free
    )


def free_running_exact_match(model, X, target_codes, *, batch_size: int = 4096) -> float:
    """Share of questions ``X`` whose greedy answer is ``target_codes`` up to its END."""
    free = greedy_decode(model, X, batch_size=batch_size)
    return float(((free == target_codes) | (target_codes < 0)).all(axis=1).mean())
