"""One model per operator, tuned, and where its errors fall (exercise 5).

The rules of the questions live in :mod:`addition_lib.problem`; this module adds what
the exercise needs on top of them:

* :class:`OperatorHyperModel` is the KerasTuner search space: units, learning rate and
  batch size of the course's model (:func:`~addition_lib.model.build_model`), for a
  stock ``RandomSearch`` (:func:`~addition_lib.tuners.make_tuner`);
* :func:`errors_by` and :func:`column_accuracy` say which questions fail and which
  characters.

The validation set comes from :func:`~addition_lib.splits.held_out_sets`, and the stop
once the validation exact-match holds a target from
:class:`~addition_lib.training.HeldOutScore`.
"""

from __future__ import annotations

import numpy as np

from ..alphabet import PAD
from ..model import build_model
from ..problem import ArithmeticProblem
from ..tuners import check_choices, keras_tuner
from ..validation import check_int, check_real


class OperatorHyperModel(keras_tuner.HyperModel):
    """The course's model for ``problem``, with four choices for KerasTuner to make.

    ``encoder_units`` and ``decoder_units`` (LSTM sizes), ``learning_rate`` (Adam) and
    ``batch_size`` (used by :meth:`fit`) are each picked from the lists given. Every
    trial's weights start from the same ``seed``, so two trials differ only in their
    choices. ``steps_per_execution`` (see :func:`~addition_lib.model.build_model`) is not
    searched. Taught in exercise 5.
    """

    def __init__(
        self,
        problem: ArithmeticProblem,
        *,
        encoder_units=(64, 128, 192),
        decoder_units=(64, 128),
        learning_rates=(0.002, 0.005, 0.01),
        batch_sizes=(32, 64, 128),
        seed: int = 1,
        steps_per_execution: int = 1,
    ):
        super().__init__(name="operator_model")
        if not isinstance(problem, ArithmeticProblem):
            raise TypeError(f"problem must be an ArithmeticProblem, got {problem!r}")
        self.problem = problem
        self.encoder_units = list(check_choices("encoder_units", encoder_units))
        self.decoder_units = list(check_choices("decoder_units", decoder_units))
        self.learning_rates = list(
            check_choices(
                "learning_rates",
                learning_rates,
                lambda label, value: check_real(label, value, low=0, low_open=True),
            )
        )
        self.batch_sizes = list(check_choices("batch_sizes", batch_sizes))
        self.seed = check_int("seed", seed, minimum=0)
        self.steps_per_execution = check_int(
            "steps_per_execution", steps_per_execution, minimum=1
        )

    def build(self, hp):
        return build_model(
            self.problem,
            encoder_units=hp.Choice("encoder_units", self.encoder_units),
            decoder_units=hp.Choice("decoder_units", self.decoder_units),
            learning_rate=hp.Choice("learning_rate", self.learning_rates),
            steps_per_execution=self.steps_per_execution,
            seed=self.seed,
        )

    def fit(self, hp, model, *args, **kwargs):
        kwargs["batch_size"] = hp.Choice("batch_size", self.batch_sizes)
        return model.fit(*args, **kwargs)


def errors_by(values, correct) -> list[tuple]:
    """Group questions by ``values`` and count the wrong answers in each group.

    ``values`` has shape ``(n,)`` (for example each question's divisor, or its answer's
    number of digits) and ``correct`` is an ``(n,)`` bool array. Returns
    ``(value, n_questions, n_wrong)`` rows, sorted by value, with plain Python numbers.
    Taught in exercise 5.

    >>> errors_by([1, 2, 1, 2, 2], [True, False, False, True, True])
    [(1, 2, 1), (2, 3, 1)]
    """
    values, correct = np.asarray(values), np.asarray(correct)
    if values.ndim != 1 or correct.shape != values.shape:
        raise ValueError(
            f"values and correct must be 1-D arrays of one length, got shapes "
            f"{values.shape} and {correct.shape}"
        )
    if correct.dtype != bool:
        raise TypeError(f"correct must be a bool array, got dtype {correct.dtype}")
    groups, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    wrong = np.bincount(inverse, weights=~correct, minlength=len(groups)).astype(np.int64)
    return [
        (group.item(), int(n), int(w))
        for group, n, w in zip(groups, counts, wrong, strict=True)
    ]


def column_accuracy(problem: ArithmeticProblem, y_true, y_pred) -> np.ndarray:
    """Accuracy of each output column, counting only answers that have a character there.

    ``y_true`` and ``y_pred`` have shape ``(n, problem.n_out_seq_length,
    problem.n_chars)``. Answers are right-aligned, so the last column is the units digit,
    the one before it the tens (or a ``'-'``), and so on. Returns a float array of shape
    ``(n_out_seq_length,)``; a column no answer reaches gets ``nan``. Taught in exercise
    5.
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    shape = (problem.n_out_seq_length, problem.n_chars)
    if y_true.ndim != 3 or y_true.shape[1:] != shape or y_pred.shape != y_true.shape:
        raise ValueError(
            f"y_true and y_pred must both have shape (n, {shape[0]}, {shape[1]}), "
            f"got {y_true.shape} and {y_pred.shape}"
        )
    truth, guess = np.argmax(y_true, axis=-1), np.argmax(y_pred, axis=-1)
    written = truth != problem.alphabet.index(PAD)
    right = (truth == guess) & written
    with np.errstate(invalid="ignore", divide="ignore"):
        counts = written.sum(axis=0)
        return right.sum(axis=0) / np.where(counts == 0, np.nan, counts)
