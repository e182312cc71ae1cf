"""Import Keras without TensorFlow's start-up chatter; hide the libraries' own warnings.

TensorFlow's C++ runtime prints informational lines (oneDNN, CPU features)
straight to file descriptor 2 while it loads, before any Python setting can
silence it. In a notebook those lines land in a cell's output, so we point
descriptor 2 at the null device for the duration of the import and the first
operation, then put it back. Python exceptions are unaffected.

:func:`library_warnings_silenced` is the one place that hides warnings raised
inside Keras, KerasTuner and scikit-learn that a student can do nothing about.
Nothing is filtered at import: only code run inside it.
"""

from __future__ import annotations

import contextlib
import os
import sys
import warnings

LIBRARY_WARNINGS = (
    # TensorFlow 2.21's variables predate NumPy 2's __array__(copy=...) protocol, and
    # Keras's saver (model.save, save_weights, KerasTuner's checkpoints) trips over it.
    (DeprecationWarning, r"__array__ implementation doesn't accept a copy keyword"),
    # KerasTuner 1.4's oracle calls threading.currentThread().getName() (renamed in 3.10).
    (DeprecationWarning, r"(currentThread|getName)\(\) is deprecated"),
    # scikit-learn's Gaussian process, inside KerasTuner's BayesianOptimization, when a
    # length scale reaches its bound on a few noisy points.
    (UserWarning, r"The optimal value found for dimension"),
    # Weights saved with Adam's state, loaded into a model built for predicting.
    (UserWarning, r"Skipping variable loading for optimizer"),
)
"""``(category, message pattern)`` of each warning hidden by
:func:`library_warnings_silenced`."""


@contextlib.contextmanager
def library_warnings_silenced():
    """Hide the warnings in :data:`LIBRARY_WARNINGS` inside this block; nothing else."""
    with warnings.catch_warnings():
        for category, message in LIBRARY_WARNINGS:
            warnings.filterwarnings("ignore", message=message, category=category)
        yield


@contextlib.contextmanager
def _stderr_silenced():
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def _load():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    if "tensorflow" in sys.modules:
        import keras

        return keras
    with _stderr_silenced():
        import tensorflow as tf

        tf.constant(0) + 1  # start the runtime now, while its messages go nowhere
        import keras
    # Training many small models in one notebook makes TensorFlow warn about
    # retracing; that is expected here, and errors still get through.
    tf.get_logger().setLevel("ERROR")
    return keras


keras = _load()
