"""Exercise 5 (other operations): tuning one model per operator, and finding where its errors fall.

The rules of the questions live in :mod:`addition_lib.arithmetic`; this module adds what the
exercise needs on top of them:

* :func:`validation_questions` carves a validation set out of a :class:`~addition_lib.HeldOutSplit`'s
  training questions, so tuning and early stopping never look at the test questions;
* :func:`compile_with_learning_rate` recompiles a :func:`~addition_lib.build_model` model with
  another Adam learning rate, keeping its loss and metrics;
* :class:`OperatorHyperModel` is the KerasTuner search space: units, learning rate, batch size;
* :class:`StopAtExactMatch` stops training once the validation exact-match holds a target, and
  keeps the weights of the best validation epoch;
* :func:`errors_by` and :func:`column_accuracy` say which questions fail and which characters.
"""

from __future__ import annotations

import contextlib
import numbers
import warnings
from collections.abc import Sequence

import numpy as np

from ._keras import keras  # before keras_tuner: it silences TensorFlow's start-up chatter

# isort: split
import keras_tuner

from ._validate import check_int, check_tuner_seed
from .alphabet import PAD
from .arithmetic import ArithmeticProblem
from .backends import steps_per_execution_for_backend
from .dataset import as_generator
from .model import ExactMatch, build_model
from .questions import Questions
from .splits import HeldOutSplit

EXACT_MATCH_OBJECTIVE = keras_tuner.Objective("val_exact_match", direction="max")
"""Tune for the share of validation answers with every character right (KerasTuner cannot guess
the direction of a metric it does not know, so it is spelled out)."""


def validation_questions(split: HeldOutSplit, n_val: int, seed=None) -> tuple[Questions, Questions]:
    """Split ``split``'s training questions into ``(train, val)``; the test questions are in neither.

    ``n_val`` distinct training questions, chosen uniformly with ``seed``, go to ``val``; the rest,
    in id order, to ``train``. ``split`` must have at most a million questions, so they can be
    listed (:meth:`HeldOutSplit.train_questions`).
    """
    if not isinstance(split, HeldOutSplit):
        raise TypeError(f"split must be a HeldOutSplit (see held_out_split), got {split!r}")
    n_val = check_int("n_val", n_val, minimum=1)
    every = split.train_questions()
    if n_val >= len(every):
        raise ValueError(
            f"n_val must be smaller than the {len(every):,} training questions, so that some are left, got {n_val:,}"
        )
    picked = np.zeros(len(every), dtype=bool)
    picked[as_generator(seed).choice(len(every), n_val, replace=False)] = True
    return every[~picked], every[picked]


def compile_with_learning_rate(model, learning_rate: float, *, steps_per_execution: int = 1):
    """Compile ``model`` again as :func:`~addition_lib.build_model` does, with Adam at ``learning_rate``.

    The loss (categorical cross-entropy) and the metrics (``char_accuracy``, ``exact_match``) are
    the same; only the step size changes (Keras's default is 0.001). ``steps_per_execution`` runs
    that many training steps per call from Python: the same steps, computed the same way, but
    with less of Keras's fixed cost per step, which dominates for a model this small on a CPU.
    Returns ``model``.
    """
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, numbers.Real) or not learning_rate > 0:
        raise ValueError(f"learning_rate must be a positive number, got {learning_rate!r}")
    model.compile(
        loss="categorical_crossentropy",
        optimizer=keras.optimizers.Adam(float(learning_rate)),
        metrics=[keras.metrics.CategoricalAccuracy(name="char_accuracy"), ExactMatch()],
        steps_per_execution=steps_per_execution_for_backend(
            check_int("steps_per_execution", steps_per_execution, minimum=1)),
    )
    return model


def _choices(name: str, values) -> list:
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence) or not values:
        raise ValueError(f"{name} must be a non-empty list of choices, got {values!r}")
    return list(values)


class OperatorHyperModel(keras_tuner.HyperModel):
    """The chapter's model for ``problem``, with four choices for KerasTuner to make.

    ``encoder_units`` and ``decoder_units`` (LSTM sizes), ``learning_rate`` (Adam) and
    ``batch_size`` (used by :meth:`fit`) are each picked from the lists given. Every trial's
    weights start from the same ``seed``, so two trials differ only in their choices.
    ``steps_per_execution`` is passed to :func:`compile_with_learning_rate`; it is not searched.
    """

    def __init__(self, problem: ArithmeticProblem, *, encoder_units=(64, 128, 192), decoder_units=(64, 128),
                 learning_rates=(0.002, 0.005, 0.01), batch_sizes=(32, 64, 128), seed: int = 1,
                 steps_per_execution: int = 1):
        super().__init__(name="operator_model")
        if not isinstance(problem, ArithmeticProblem):
            raise TypeError(f"problem must be an ArithmeticProblem, got {problem!r}")
        self.problem = problem
        self.encoder_units = [check_int("encoder_units", u, minimum=1) for u in _choices("encoder_units",
                                                                                         encoder_units)]
        self.decoder_units = [check_int("decoder_units", u, minimum=1) for u in _choices("decoder_units",
                                                                                         decoder_units)]
        self.learning_rates = [float(r) for r in _choices("learning_rates", learning_rates)]
        self.batch_sizes = [check_int("batch_sizes", b, minimum=1) for b in _choices("batch_sizes", batch_sizes)]
        self.seed = check_int("seed", seed, minimum=0)
        self.steps_per_execution = check_int("steps_per_execution", steps_per_execution, minimum=1)

    def build(self, hp):
        model = build_model(
            self.problem,
            encoder_units=hp.Choice("encoder_units", self.encoder_units),
            decoder_units=hp.Choice("decoder_units", self.decoder_units),
            seed=self.seed,
        )
        return compile_with_learning_rate(model, hp.Choice("learning_rate", self.learning_rates),
                                          steps_per_execution=self.steps_per_execution)

    def fit(self, hp, model, *args, **kwargs):
        kwargs["batch_size"] = hp.Choice("batch_size", self.batch_sizes)
        return model.fit(*args, **kwargs)


@contextlib.contextmanager
def _library_deprecations_silenced():
    """Hide three DeprecationWarnings raised inside KerasTuner 1.4 and Keras, with nothing for a student to act on.

    KerasTuner's oracle calls ``threading.currentThread().getName()`` (both renamed in Python 3.10),
    and Keras's weight saving, which the tuner uses for its checkpoints, trips over NumPy 2's
    ``__array__(copy=...)`` protocol with TensorFlow 2.21's variables.
    """
    with warnings.catch_warnings():
        for message in (r"currentThread\(\) is deprecated", r"getName\(\) is deprecated",
                        r"__array__ implementation doesn't accept a copy keyword"):
            warnings.filterwarnings("ignore", message=message, category=DeprecationWarning)
        yield


class RandomSearch(keras_tuner.RandomSearch):
    """KerasTuner's ``RandomSearch``, without its need for the ``tensorboard`` package.

    KerasTuner 1.4 imports ``tensorboard`` at the start of every trial on the TensorFlow
    backend, even when no ``TensorBoard`` callback is used, and the trial fails without it.
    This tuner asks for ``tensorboard`` only when a ``TensorBoard`` callback is passed to
    ``search``; otherwise it behaves exactly as ``keras_tuner.RandomSearch``. Its ``objective``
    is, unless you give another, :data:`EXACT_MATCH_OBJECTIVE`.

    ``seed`` must be given, and at least 1: KerasTuner's oracle reads ``seed or random.randint(...)``,
    so ``seed=0`` silently means "a different random seed every run".
    """

    def __init__(self, hypermodel=None, objective=None, max_trials=10, *, seed: int, **kwargs):
        seed = check_tuner_seed(seed)
        super().__init__(hypermodel, objective=objective or EXACT_MATCH_OBJECTIVE, max_trials=max_trials,
                         seed=int(seed), **kwargs)

    def search(self, *args, **kwargs):
        with _library_deprecations_silenced():
            return super().search(*args, **kwargs)

    def get_best_hyperparameters(self, num_trials=1):
        with _library_deprecations_silenced():
            return super().get_best_hyperparameters(num_trials)

    def ranking(self, num_trials: int | None = None) -> list[tuple[float, dict]]:
        """The best ``num_trials`` trials (all by default), best first, as ``(score, choices)`` pairs."""
        with _library_deprecations_silenced():
            trials = self.oracle.get_best_trials(num_trials or len(self.oracle.trials))
        return [(float(trial.score), dict(trial.hyperparameters.values)) for trial in trials]

    def _configure_tensorboard_dir(self, callbacks, trial, execution=0):
        if any(type(callback).__name__ == "TensorBoard" for callback in callbacks):
            super()._configure_tensorboard_dir(callbacks, trial, execution)


class StopAtExactMatch(keras.callbacks.Callback):
    """Stop once ``monitor`` has reached ``target`` in ``patience`` epochs in a row; keep the best epoch.

    ``monitor`` is a metric Keras logs each epoch, by default ``'val_exact_match'`` (pass
    ``validation_data`` to ``fit``). A first perfect validation score can be luck, a model that
    only just crossed the line, so ``patience`` asks for the target to hold for a few epochs.

    With ``restore_best=True`` the model ends training with the weights of its best epoch by
    ``monitor`` (the latest one, if several tie), not those of its last: a training run can
    stumble in its final epoch. Choosing by a validation score keeps the test set untouched.

    After ``fit``: ``stopped_epoch`` is the epoch (counting from 1) at which the target had held
    long enough, or ``None``; ``best_epoch`` and ``best_score`` describe the epoch kept.
    """

    def __init__(self, target: float = 1.0, *, patience: int = 1, monitor: str = "val_exact_match",
                 restore_best: bool = True):
        super().__init__()
        if isinstance(target, bool) or not isinstance(target, numbers.Real) or not 0 < target <= 1:
            raise ValueError(f"target must be a share in (0, 1], got {target!r}")
        if not isinstance(monitor, str) or not monitor:
            raise TypeError(f"monitor must be the name of a logged metric, got {monitor!r}")
        if not isinstance(restore_best, bool):
            raise TypeError(f"restore_best must be True or False, got {restore_best!r}")
        self.target, self.monitor, self.restore_best = float(target), monitor, restore_best
        self.patience = check_int("patience", patience, minimum=1)
        self.on_train_begin()

    def on_train_begin(self, logs=None):
        self.stopped_epoch = self.best_epoch = self.best_score = None
        self._in_a_row, self._best_weights = 0, None

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.monitor not in logs:
            raise KeyError(f"{self.monitor!r} is not among the logged metrics {sorted(logs)}; "
                           "pass validation_data to fit for a 'val_' metric")
        score = float(logs[self.monitor])
        if self.best_score is None or score >= self.best_score:
            self.best_epoch, self.best_score = epoch + 1, score
            if self.restore_best:
                self._best_weights = self.model.get_weights()
        self._in_a_row = self._in_a_row + 1 if score >= self.target else 0
        if self._in_a_row >= self.patience:
            self.stopped_epoch = epoch + 1
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.restore_best and self._best_weights is not None:
            self.model.set_weights(self._best_weights)
        self._best_weights = None


def errors_by(values, correct) -> list[tuple]:
    """Group questions by ``values`` and count the wrong answers in each group.

    ``values`` has shape ``(n,)`` (for example each question's divisor, or its answer's number of
    digits) and ``correct`` is an ``(n,)`` bool array. Returns ``(value, n_questions, n_wrong)``
    rows, sorted by value, with plain Python numbers.

    >>> errors_by([1, 2, 1, 2, 2], [True, False, False, True, True])
    [(1, 2, 1), (2, 3, 1)]
    """
    values, correct = np.asarray(values), np.asarray(correct)
    if values.ndim != 1 or correct.shape != values.shape:
        raise ValueError(f"values and correct must be 1-D arrays of one length, got shapes "
                         f"{values.shape} and {correct.shape}")
    if correct.dtype != bool:
        raise TypeError(f"correct must be a bool array, got dtype {correct.dtype}")
    groups, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    wrong = np.bincount(inverse, weights=~correct, minlength=len(groups)).astype(np.int64)
    return [(group.item(), int(n), int(w)) for group, n, w in zip(groups, counts, wrong, strict=True)]


def column_accuracy(problem: ArithmeticProblem, y_true, y_pred) -> np.ndarray:
    """Accuracy of each output column, counting only answers that have a character there.

    ``y_true`` and ``y_pred`` have shape ``(n, problem.n_out_seq_length, problem.n_chars)``.
    Answers are right-aligned, so the last column is the units digit, the one before it the
    tens (or a ``'-'``), and so on. Returns a float array of shape ``(n_out_seq_length,)``;
    a column no answer reaches gets ``nan``.
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    shape = (problem.n_out_seq_length, problem.n_chars)
    if y_true.ndim != 3 or y_true.shape[1:] != shape or y_pred.shape != y_true.shape:
        raise ValueError(f"y_true and y_pred must both have shape (n, {shape[0]}, {shape[1]}), "
                         f"got {y_true.shape} and {y_pred.shape}")
    truth, guess = np.argmax(y_true, axis=-1), np.argmax(y_pred, axis=-1)
    written = truth != problem.alphabet.index(PAD)
    right = (truth == guess) & written
    with np.errstate(invalid="ignore", divide="ignore"):
        return right.sum(axis=0) / np.where(written.sum(axis=0) == 0, np.nan, written.sum(axis=0))
