"""The one place where the library silences warnings that a student cannot act on.

Used as a context manager around the library's own calls into Keras and
KerasTuner, never at import: a student's own code still sees every warning.
"""

from __future__ import annotations

import contextlib
import warnings

# (message pattern, category): each one comes from inside a dependency, not from
# anything a student wrote.
KNOWN_NOISE = (
    # TensorFlow 2.21's variables predate NumPy 2's __array__(copy=...) protocol,
    # and Keras's saver trips over that inside its own code.
    (r"__array__ implementation doesn't accept a copy keyword", DeprecationWarning),
)


@contextlib.contextmanager
def silenced_library_warnings():
    """Ignore :data:`KNOWN_NOISE` inside the ``with`` block, and nothing else."""
    with warnings.catch_warnings():
        for message, category in KNOWN_NOISE:
            warnings.filterwarnings("ignore", message=message, category=category)
        yield
