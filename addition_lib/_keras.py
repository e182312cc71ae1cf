"""Import Keras on the chosen backend, without TensorFlow's start-up chatter on stderr.

The backend is ``KERAS_BACKEND`` if set, else the course's default
(:mod:`addition_lib.backends`). If Keras was imported before this module, its
backend is already fixed and is kept.

TensorFlow's C++ runtime prints informational lines (oneDNN, CPU features)
straight to file descriptor 2 while it loads, before any Python setting can
silence it. In a notebook those lines land in a cell's output, so we point
descriptor 2 at the null device for the duration of the import and the first
operation, then put it back. Python exceptions are unaffected. This is done on
every backend when TensorFlow is installed, because Keras imports TensorFlow on
any backend when it can (``keras.utils.set_random_seed`` seeds its generator too).
operation, then put it back. Python exceptions are unaffected.

The warnings raised inside the libraries are hidden, where the course's own code
calls them, by :func:`addition_lib.quiet.silenced_library_warnings`.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys

from .backends import use_chosen_backend


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
    use_chosen_backend()
    if "tensorflow" in sys.modules or importlib.util.find_spec("tensorflow") is None:
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
