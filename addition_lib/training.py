"""Fitting helpers: a batch-level log and load-or-train for the notebooks."""

from __future__ import annotations

from pathlib import Path

from ._keras import keras
from ._validate import check_int
from .backends import announce_backend
from .dataset import generate_data
from .model import build_model, load_model, save_model
from .problem import CHAPTER_PROBLEM, AdditionProblem

MODELS_DIR = Path(__file__).resolve().parents[1] / "models"
CHAPTER_MODEL_PATH = MODELS_DIR / "chapter.keras"

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


def train_model(problem: AdditionProblem = CHAPTER_PROBLEM, *, n_samples: int = CHAPTER_SAMPLES,
                epochs: int = CHAPTER_EPOCHS, batch_size: int = CHAPTER_BATCH_SIZE,
                encoder_units: int = 75, decoder_units: int = 50, seed: int = 1,
                verbose="auto", callbacks=()):
    """Build a model and fit it on ``n_samples`` fresh random sums; return ``(model, history)``.

    ``seed`` fixes both the initial weights and the training data.
    """
    n_samples = check_int("n_samples", n_samples, minimum=1)
    epochs = check_int("epochs", epochs, minimum=1)
    batch_size = check_int("batch_size", batch_size, minimum=1)
    model = build_model(problem, encoder_units=encoder_units, decoder_units=decoder_units, seed=seed)
    X, y = generate_data(n_samples, problem.n_numbers, problem.largest, problem.alphabet, seed=seed)
    history = model.fit(X, y, epochs=epochs, batch_size=batch_size, verbose=verbose, callbacks=list(callbacks))
    return model, history


def load_or_train_chapter_model(path=CHAPTER_MODEL_PATH, *, verbose=0):
    """Load the chapter's trained model from ``path``, training and saving it first if missing.

    The notebooks after "fitting" use this, so each runs on its own and in any order. Like
    :func:`build_model`, its first call prints the Keras backend (whether it loads or trains).
    """
    announce_backend()
    path = Path(path)
    if path.exists():
        return load_model(path)
    model, _ = train_model(verbose=verbose)
    save_model(model, path)
    return model
