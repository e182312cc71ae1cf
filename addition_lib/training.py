"""Fitting: the chapter's recipe, training logs, and held-out scores while a model trains.

* :func:`train_model` is the chapter's recipe (notebook 08) and
  :func:`load_or_train_chapter_model` gives the notebooks after it a trained model.
* :class:`BatchLog` writes down the running training metrics Keras reports every few
  batches (notebook 08): the training log, for learning curves of one epoch.
* :class:`HeldOutScore` scores questions kept out of training every few steps,
  samples or epochs, for learning curves on unseen questions; it can also stop
  training at a target score, or at a deadline, and keep the best weights.
* :func:`held_out_scores` and :func:`exact_match_of` score a model on encoded arrays,
  and :func:`train_and_score` trains a compiled model once and scores it.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from .backends import announce_backend
from .course.paths import models_dir
from .data import encode_questions, generate_arithmetic_data
from .evaluation import accuracies
from .model import build_model, load_model, problem_of, save_model
from .problem import CHAPTER_PROBLEM, ArithmeticProblem
from .questions import Questions
from .quiet import keras
from .validation import check_bool, check_int, check_questions, check_real

CHAPTER_MODEL_PATH = models_dir() / "chapter.keras"

# The chapter's recipe.
CHAPTER_SAMPLES = 75_000
CHAPTER_EPOCHS = 1
CHAPTER_BATCH_SIZE = 32


# ---------------------------------------------------------------- the chapter's recipe


class BatchLog(keras.callbacks.Callback):
    """Record the running training metrics every ``every`` batches.

    ``fit`` on a single epoch leaves ``History`` with one point; this keeps a
    learning curve instead. ``rows`` holds dicts with ``epoch`` (from 0),
    ``seen`` (samples so far, counted as ``batch_size`` per batch) and the
    metrics Keras reports, which are running means since the start of that epoch.
    It scores nothing itself (see :class:`HeldOutScore` for that). Taught in
    notebook 08.
    """

    def __init__(self, every: int = 25, batch_size: int = CHAPTER_BATCH_SIZE):
        super().__init__()
        self.every = check_int("every", every, minimum=1)
        self.batch_size = check_int("batch_size", batch_size, minimum=1)
        self.rows: list[dict] = []
        self._batches = 0
        self._epoch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        self._batches += 1
        if self._batches % self.every == 0:
            row = {"epoch": self._epoch, "seen": self._batches * self.batch_size}
            row.update({key: float(value) for key, value in (logs or {}).items()})
            self.rows.append(row)


def train_model(
    problem: ArithmeticProblem = CHAPTER_PROBLEM,
    *,
    n_samples: int = CHAPTER_SAMPLES,
    epochs: int = CHAPTER_EPOCHS,
    batch_size: int = CHAPTER_BATCH_SIZE,
    encoder_units: int = 75,
    decoder_units: int = 50,
    seed: int = 1,
    verbose="auto",
    callbacks=(),
):
    """Build a model and fit it on ``n_samples`` fresh random sums: ``(model, history)``.

    ``seed`` fixes both the initial weights and the training data. Taught in notebook 08.
    """
    n_samples = check_int("n_samples", n_samples, minimum=1)
    epochs = check_int("epochs", epochs, minimum=1)
    batch_size = check_int("batch_size", batch_size, minimum=1)
    model = build_model(
        problem, encoder_units=encoder_units, decoder_units=decoder_units, seed=seed
    )
    X, y = generate_arithmetic_data(problem, n_samples, seed=seed)
    history = model.fit(
        X,
        y,
        epochs=epochs,
        batch_size=batch_size,
        verbose=verbose,
        callbacks=list(callbacks),
    )
    return model, history


def load_or_train_chapter_model(path=CHAPTER_MODEL_PATH, *, verbose=0):
    """Load the chapter's trained model from ``path``; train and save it first if missing.

    The notebooks after "fitting" (08) use this, so each runs on its own and in any
    order. A file that cannot be read (a save cut short, say) is retrained, with a
    message that says so, instead of failing every notebook after it.
    """
    announce_backend()
    path = Path(path)
    if path.exists():
        try:
            return load_model(path)
        except ValueError as error:
            print(f"Could not read the saved model ({error}); training it again.")
    model, _ = train_model(verbose=verbose)
    save_model(model, path)
    return model


# ---------------------------------------------------------------- scoring encoded arrays


def _check_arrays(X, y) -> tuple[np.ndarray, np.ndarray]:
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim != 3 or y.ndim != 3:
        raise ValueError(
            f"X and y must be one-hot arrays of shape (n, steps, n_chars), "
            f"got shapes {X.shape} and {y.shape}"
        )
    if len(X) != len(y) or len(X) == 0:
        raise ValueError(
            f"X and y must hold the same number (> 0) of questions, "
            f"got {len(X)} and {len(y)}"
        )
    return X, y


def held_out_scores(model, X, y, *, batch_size: int = 2048) -> dict[str, float]:
    """``{"exact_match", "char_accuracy"}`` of ``model`` on one-hot ``X`` and ``y``.

    ``X`` has shape ``(n, n_in, n_chars)`` and ``y`` ``(n, n_out, n_chars)``. The model
    predicts ``batch_size`` questions at a time; the scores are
    :func:`~addition_lib.evaluation.accuracies` of those predictions.
    """
    X, y = _check_arrays(X, y)
    batch_size = check_int("batch_size", batch_size, minimum=1)
    y_hat = np.concatenate(
        [
            np.asarray(model.predict_on_batch(X[start : start + batch_size]))
            for start in range(0, len(X), batch_size)
        ]
    )
    char_accuracy, exact = accuracies(y, y_hat)
    return {"exact_match": exact, "char_accuracy": char_accuracy}


def exact_match_of(model, X, y, *, batch_size: int = 2048) -> float:
    """Share of the questions ``X`` whose every answer character ``model`` gets right."""
    return held_out_scores(model, X, y, batch_size=batch_size)["exact_match"]


def train_and_score(
    model,
    train: Questions,
    held_out: Questions,
    *,
    batch_size: int = 64,
    callbacks=(),
    prefix: str = "",
) -> dict[str, float]:
    """Fit a compiled ``model`` once over ``train``, then score it on ``held_out``.

    Both are :class:`~addition_lib.questions.Questions` batches, encoded for the model's
    problem (``model.problem``); the training questions are shown once, in batches of
    ``batch_size``. Returns a dict of floats: ``exact_match`` and ``char_accuracy`` (each
    name after ``prefix``, such as ``'val_'``), ``train_seconds`` (the fit alone) and
    ``params``. Used in exercises 3 and 4.
    """
    problem = problem_of(model)
    train, held_out = check_questions(train), check_questions(held_out)
    batch_size = check_int("batch_size", batch_size, minimum=1)
    if not isinstance(prefix, str):
        raise TypeError(f"prefix must be a string such as 'val_', got {prefix!r}")
    X, y = encode_questions(problem, train)
    started = time.perf_counter()
    model.fit(
        X, y, batch_size=batch_size, epochs=1, verbose=0, callbacks=list(callbacks or ())
    )
    seconds = time.perf_counter() - started
    scores = held_out_scores(model, *encode_questions(problem, held_out), batch_size=1024)
    return {
        **{prefix + name: value for name, value in scores.items()},
        "train_seconds": seconds,
        "params": float(model.count_params()),
    }


# ---------------------------------------------------------------- held-out scores while
# training

PERIODS = ("step", "sample", "epoch")
SCORES = ("exact_match", "char_accuracy")


class HeldOutScore(keras.callbacks.Callback):
    """Score held-out questions while a model trains; stop at a target or a deadline.

    **What is scored.** Given ``held_out=(X, y)``, one-hot arrays of questions kept out
    of training, the callback predicts them itself (:func:`held_out_scores`) and records
    ``exact_match`` and ``char_accuracy``. Given no arrays, it reads ``monitor`` from the
    logs Keras writes at the end of each epoch (``'val_exact_match'`` when ``fit`` has
    ``validation_data``).

    **When.** Every ``every`` steps, samples or epochs (``per``): a check runs after the
    batch (or epoch) that takes the count past a multiple of ``every``, and once more
    when training ends if the last check was earlier. Samples are counted as
    ``batch_size`` per batch; give ``n_samples``, the training samples per epoch, to count
    a smaller last batch exactly. With ``steps_per_execution = k`` Keras calls back every
    ``k`` steps, so ``every`` is best a multiple of ``k``. ``at_start=True`` also scores
    the untrained model.

    **Stopping.** With ``target``, training stops once ``monitor`` has been at least
    ``target`` at ``patience`` checks in a row (``reached`` is then that row). With
    ``deadline``, a ``time.perf_counter()`` value, it stops at the first check after that
    moment (``timed_out`` becomes True). ``restore_best=True`` ends training with the
    weights of the best check by ``monitor`` (the latest, if several tie).

    After ``fit``, ``rows`` holds one dict per check: ``epoch`` (from 1: the epoch the
    check ran in or after), ``step`` and ``seen`` (training steps and samples so far),
    ``seconds`` (since training began) and the scores. ``best`` is the best row,
    ``best_epoch`` its epoch, ``eval_seconds`` the time the checks took, and ``started``
    the ``time.perf_counter()`` at which training began. Each ``fit`` starts a new record.
    Used in exercises 2 and 5 to 7.
    """

    def __init__(
        self,
        held_out=None,
        *,
        every: int = 1,
        per: str = "step",
        monitor: str | None = None,
        target: float | None = None,
        patience: int = 1,
        deadline: float | None = None,
        restore_best: bool = False,
        at_start: bool = False,
        batch_size: int | None = None,
        n_samples: int | None = None,
        eval_batch_size: int = 2048,
    ):
        super().__init__()
        if per not in PERIODS:
            raise ValueError(f"per must be one of {list(PERIODS)}, got {per!r}")
        self.held_out = None
        if held_out is not None:
            if not isinstance(held_out, (tuple, list)) or len(held_out) != 2:
                raise TypeError(
                    f"held_out must be a pair (X, y) of one-hot arrays, got "
                    f"{type(held_out).__name__}"
                )
            self.held_out = _check_arrays(*held_out)
        monitor = monitor or (
            "exact_match" if held_out is not None else "val_exact_match"
        )
        if not isinstance(monitor, str):
            raise TypeError(f"monitor must be the name of a score, got {monitor!r}")
        if held_out is not None and monitor not in SCORES:
            raise ValueError(
                f"monitor must be one of {list(SCORES)} when held_out is given, "
                f"got {monitor!r}"
            )
        if held_out is None and per != "epoch":
            raise ValueError(
                f"per must be 'epoch' without held_out (Keras logs validation "
                f"scores once per epoch), got per={per!r}"
            )
        if held_out is None and at_start:
            raise ValueError(
                "at_start=True needs held_out: there are no logs before training"
            )
        if per == "sample" and batch_size is None:
            raise ValueError("per='sample' needs batch_size to count the samples seen")
        self.every = check_int("every", every, minimum=1)
        self.per, self.monitor = per, monitor
        self.target = (
            None
            if target is None
            else check_real("target", target, low=0, high=1, low_open=True)
        )
        self.patience = check_int("patience", patience, minimum=1)
        self.deadline = None if deadline is None else check_real("deadline", deadline)
        self.restore_best = check_bool("restore_best", restore_best)
        self.at_start = check_bool("at_start", at_start)
        self.batch_size = (
            None if batch_size is None else check_int("batch_size", batch_size, minimum=1)
        )
        self.n_samples = (
            None if n_samples is None else check_int("n_samples", n_samples, minimum=1)
        )
        self.eval_batch_size = check_int("eval_batch_size", eval_batch_size, minimum=1)
        self._reset()

    def _reset(self):
        self.rows: list[dict] = []
        self.best = self.reached = None
        self.timed_out = False
        self.eval_seconds = 0.0
        self.started = time.perf_counter()
        self._epoch = self._step = self._seen = 0
        self._epoch_seen = self._first_iteration = 0
        self._in_a_row = 0
        self._best_weights = None

    # -- Keras's hooks

    def on_train_begin(self, logs=None):
        self._reset()
        self._first_iteration = int(self.model.optimizer.iterations)
        if self.at_start:
            self._check({})

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch + 1
        self._epoch_seen = self._seen

    def on_train_batch_end(self, batch, logs=None):
        before = self._count()
        self._step = self._steps_done()
        if self.batch_size is not None:
            in_epoch = (batch + 1) * self.batch_size
            if self.n_samples is not None:
                in_epoch = min(in_epoch, self.n_samples)
            self._seen = self._epoch_seen + in_epoch
        if self.per != "epoch" and self._count() // self.every > before // self.every:
            self._check(logs)

    def on_epoch_end(self, epoch, logs=None):
        self._epoch = epoch + 1
        if self.per == "epoch" and self._epoch % self.every == 0:
            self._check(logs)

    def on_train_end(self, logs=None):
        self._step = self._steps_done()
        if self.held_out is not None and (
            not self.rows or self.rows[-1]["step"] != self._step
        ):
            self._check(logs)
        if self.restore_best and self._best_weights is not None:
            self.model.set_weights(self._best_weights)
        self._best_weights = None

    # -- the checks

    @property
    def best_epoch(self) -> int | None:
        """The epoch (from 1) of the best check, or ``None`` before any check."""
        return None if self.best is None else self.best["epoch"]

    def _steps_done(self) -> int:
        # Keras reports the last step of each call; with steps_per_execution the last
        # call of an epoch may run fewer steps: the optimizer counts the updates made.
        return int(self.model.optimizer.iterations) - self._first_iteration

    def _count(self) -> int:
        return {"step": self._step, "sample": self._seen, "epoch": self._epoch}[self.per]

    def _check(self, logs):
        row = {
            "epoch": self._epoch,
            "step": self._step,
            "seen": self._seen,
            "seconds": time.perf_counter() - self.started,
        }
        if self.held_out is not None:
            start = time.perf_counter()
            row.update(
                held_out_scores(
                    self.model, *self.held_out, batch_size=self.eval_batch_size
                )
            )
            self.eval_seconds += time.perf_counter() - start
        elif self.monitor in (logs or {}):
            row[self.monitor] = float(logs[self.monitor])
        else:
            raise KeyError(
                f"{self.monitor!r} is not among the logged metrics "
                f"{sorted(logs or {})}; pass validation_data to fit for a 'val_' "
                f"metric, or give held_out"
            )
        self.rows.append(row)
        score = row[self.monitor]
        if self.best is None or score >= self.best[self.monitor]:
            self.best = row
            if self.restore_best:
                self._best_weights = self.model.get_weights()
        self._decide(row, score)

    def _decide(self, row: dict, score: float):
        if self.reached is not None:
            return
        if self.target is not None:
            self._in_a_row = self._in_a_row + 1 if score >= self.target else 0
            if self._in_a_row >= self.patience:
                self.reached = row
                self.model.stop_training = True
                return
        if self.deadline is not None and time.perf_counter() > self.deadline:
            self.timed_out = True
            self.model.stop_training = True
