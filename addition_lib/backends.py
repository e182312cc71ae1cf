"""Which Keras 3 backend the course trains on, and how to choose another.

Keras 3 runs the same model code on JAX, TensorFlow or PyTorch. The environment
variable ``KERAS_BACKEND`` chooses one; Keras reads it once, when it is first
imported, so set it before starting Python or Jupyter::

    KERAS_BACKEND=tensorflow python3 course.py lab

When ``KERAS_BACKEND`` is unset the course uses :data:`DEFAULT_BACKEND`, the
fastest backend that ``python benchmarks/backends.py`` measured on a 2-core CPU.
Keras on its own would fall back to the ``"backend"`` entry of
``~/.keras/keras.json``, but Keras writes ``"tensorflow"`` there by itself the
first time it is imported, so that entry is no sign of a choice and the course
does not read it.

This module needs only the standard library: ``course.py`` reads
:data:`DEFAULT_BACKEND` from it before any package is installed.
"""

from __future__ import annotations

import importlib.util
import os
import sys

ENV_VAR = "KERAS_BACKEND"

DEFAULT_BACKEND = "jax"
"""The backend used when ``KERAS_BACKEND`` is unset (see benchmarks/backends.py)."""

BACKENDS = {"jax": "JAX", "tensorflow": "TensorFlow", "torch": "PyTorch"}
"""The supported backends: Keras's name for each (also its package) and its usual name."""

_announced = False


def _names() -> str:
    return ", ".join(map(repr, BACKENDS))


def chosen_backend() -> str:
    """The backend Keras will use (or uses): ``KERAS_BACKEND`` or else the default.

    Raises ``ValueError`` naming ``KERAS_BACKEND`` when it names a backend the course
    cannot train on (Keras's ``numpy`` and ``openvino`` backends only run inference).
    """
    if "keras" in sys.modules:
        return sys.modules["keras"].config.backend()
    name = os.environ.get(ENV_VAR, "").strip() or DEFAULT_BACKEND
    if name not in BACKENDS:
        raise ValueError(
            f"{ENV_VAR} must be one of {_names()} for this course, "
            f"got {os.environ[ENV_VAR]!r}"
        )
    return name


def use_chosen_backend() -> str:
    """Set ``KERAS_BACKEND`` to :func:`chosen_backend` before Keras loads; return it."""
    name = chosen_backend()
    if "keras" not in sys.modules:
        os.environ[ENV_VAR] = name
    return name


def installed_backends() -> list[str]:
    """The supported backends whose package is installed, in :data:`BACKENDS` order."""
    return [name for name in BACKENDS if importlib.util.find_spec(name) is not None]


def backend_version(name: str) -> str:
    """The installed version of backend ``name``, e.g. ``'0.10.2'`` for ``'jax'``,
    or ``'(not installed)'``."""
    if not isinstance(name, str):
        raise TypeError(
            f"name must be a backend's name (a string), "
            f"got {name!r} ({type(name).__name__})"
        )
    if name not in BACKENDS:
        raise ValueError(f"name must be one of {_names()}, got {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "(not installed)"


def backend_line() -> str:
    """One line naming Keras, the backend it runs on and the backend's version."""
    from .quiet import keras

    name = keras.config.backend()
    version = backend_version(name) if name in BACKENDS else "(unsupported here)"
    return (
        f"Keras {keras.__version__} runs on {BACKENDS.get(name, name)} {version}; "
        f"set {ENV_VAR} to choose another backend"
    )


def steps_per_execution_for_backend(steps: int) -> int:
    """``steps`` training steps per call from Python, or 1 on PyTorch.

    Keras's PyTorch trainer runs one step per call and rejects more. The number changes
    only the speed, never what is computed, so on PyTorch the steps simply run one by one.
    """
    return 1 if chosen_backend() == "torch" else steps


def announce_backend() -> None:
    """Print :func:`backend_line` on the first call in a process, then nothing."""
    global _announced
    if not _announced:
        _announced = True
        print(backend_line())
