"""The one place where the library silences warnings that a student cannot act on.

Used as a context manager around the library's own calls into Keras and
KerasTuner, never at import: a student's own code still sees every warning.
"""

from __future__ import annotations

import contextlib
import warnings

KNOWN_NOISE = (
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
:func:`silenced_library_warnings`."""


@contextlib.contextmanager
def silenced_library_warnings():
    """Ignore :data:`KNOWN_NOISE` inside the ``with`` block, and nothing else."""
    with warnings.catch_warnings():
        for category, message in KNOWN_NOISE:
            warnings.filterwarnings("ignore", message=message, category=category)
        yield
