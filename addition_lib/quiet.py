"""The one place where the library quiets the libraries it uses.

* :data:`keras` is Keras, imported on the chosen backend (``KERAS_BACKEND`` if set, else
  the course's default, :mod:`addition_lib.backends`) without TensorFlow's start-up
  chatter. TensorFlow's C++ runtime prints informational lines (oneDNN, CPU features)
  straight to file descriptor 2 while it loads, before any Python setting can silence
  it; in a notebook they land in a cell's output. So whenever TensorFlow is first
  imported (by Keras on its own backend, by Keras's saving code on any backend, or by
  a student), descriptor 2 points at the null device for the import and the first
  operation, then back. Python exceptions are unaffected. On JAX or PyTorch nothing
  imports TensorFlow until something needs it (the library seeds without it,
  :func:`addition_lib.seeds.set_global_seed`), which saves about two seconds in every
  process that never saves a model. If Keras was imported before this module, its
  backend is already fixed and is kept.
* :func:`silenced_library_warnings` hides, around the library's own calls into Keras
  and KerasTuner, the warnings a student cannot act on; nothing is filtered at import,
  so a student's own code still sees every warning.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.machinery
import os
import sys
import warnings

from .backends import use_chosen_backend

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


class _QuietTensorFlowImport(importlib.abc.MetaPathFinder):
    """Whenever TensorFlow is first imported, by Keras or anyone else, import it and run
    its first operation with descriptor 2 pointing at the null device."""

    def find_spec(self, name, path=None, target=None):
        if name != "tensorflow" or name in sys.modules:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _QuietLoader(spec.loader)
        return spec


class _QuietLoader(importlib.abc.Loader):
    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        module.__loader__ = module.__spec__.loader = self.loader
        with _stderr_silenced():
            self.loader.exec_module(module)
            module.constant(0) + 1  # start the runtime now, while its messages go nowhere
        # Training many small models in one notebook makes TensorFlow warn about
        # retracing; that is expected here, and errors still get through.
        module.get_logger().setLevel("ERROR")


def _load():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    use_chosen_backend()
    if "tensorflow" not in sys.modules and not any(
        isinstance(finder, _QuietTensorFlowImport) for finder in sys.meta_path
    ):
        sys.meta_path.insert(0, _QuietTensorFlowImport())
    import keras

    return keras


keras = _load()
