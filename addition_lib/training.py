"""Fitting helpers: a batch-level log and load-or-train for the notebooks."""

from __future__ import annotations

from pathlib import Path

from ._keras import keras
from .course.paths import models_dir
from .data import generate_arithmetic_data
from .model import build_model, load_model, save_model
from .problem import CHAPTER_PROBLEM, ArithmeticProblem
from .validation import check_int

CHAPTER_MODEL_PATH = models_dir() / "chapter.keras"

# The chapter's recipe.
CHAPTER_SAMPLES = 75_000
CHAPTER_EPOCHS = 1
CHAPTER_BATCH_SIZE = 32


class BatchLog(keras.callbacks.Callback):
    """Record the running training metrics every ``every`` batches.

    ``fit`` on a single epoch leaves ``History`` with one point; this keeps a
    learning curve instead. ``rows`` holds dicts with ``epoch`` (from 0),
    ``seen`` (samples so far, counted as ``batch_size`` per batch) and the
    metrics Keras reports, which are running means since the start of that epoch.
    Taught in notebook 08.
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


def train_model(problem: ArithmeticProblem = CHAPTER_PROBLEM, *, n_samples: int = CHAPTER_SAMPLES,
                epochs: int = CHAPTER_EPOCHS, batch_size: int = CHAPTER_BATCH_SIZE,
                encoder_units: int = 75, decoder_units: int = 50, seed: int = 1,
                verbose="auto", callbacks=()):
    """Build a model and fit it on ``n_samples`` fresh random sums; return ``(model, history)``.

    ``seed`` fixes both the initial weights and the training data.
    Taught in notebook 08.
    """
    n_samples = check_int("n_samples", n_samples, minimum=1)
    epochs = check_int("epochs", epochs, minimum=1)
    batch_size = check_int("batch_size", batch_size, minimum=1)
    model = build_model(problem, encoder_units=encoder_units, decoder_units=decoder_units, seed=seed)
    X, y = generate_arithmetic_data(problem, n_samples, seed=seed)
    history = model.fit(X, y, epochs=epochs, batch_size=batch_size, verbose=verbose, callbacks=list(callbacks))
    return model, history


def load_or_train_chapter_model(path=CHAPTER_MODEL_PATH, *, verbose=0):
    """Load the chapter's trained model from ``path``, training and saving it first if missing.

    The notebooks after "fitting" (08) use this, so each runs on its own and in any
    order. A file that cannot be read (a save cut short, say) is retrained, with a
    message that says so, instead of failing every notebook after it.
    """
    path = Path(path)
    if path.exists():
        try:
            return load_model(path)
        except ValueError as error:
            print(f"Could not read the saved model ({error}); training it again.")
    model, _ = train_model(verbose=verbose)
    save_model(model, path)
    return model
