#!/usr/bin/env python3
"""Set up and run the course with one command each (standard library only).

    python3 course.py lab     # open the course in JupyterLab
    python3 course.py test    # run every test: unit tests and every notebook under nbval

Either command first creates a virtual environment in .venv and installs the
project into it (pyproject.toml, with the dev extras) if that has not been done
yet, or if pyproject.toml changed since.

Keras backend: the course trains on JAX unless the environment variable
KERAS_BACKEND names another one (jax, tensorflow or torch), for example
``KERAS_BACKEND=tensorflow python3 course.py lab``. TensorFlow comes with the
course; PyTorch is an optional extra: ``.venv/bin/python -m pip install -e ".[torch]"``.

``test`` with no arguments makes three passes: the library's unit tests on
TensorFlow, the library's unit tests on PyTorch (if it is installed), then the
unit tests and every notebook under nbval on JAX. With KERAS_BACKEND set, or
with extra arguments, it makes one pass, on that backend (or JAX); extra
arguments go to pytest, e.g. ``python3 course.py test tests -x``.

``test`` runs the training-heavy solution notebooks on small budgets
(COURSE_QUICK=1) so that the whole suite stays fast; ``test --full`` runs them
on the full budgets a student gets.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".course-installed"
COMMANDS = ("lab", "test", "setup")


def venv_python() -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    return VENV / scripts / ("python.exe" if os.name == "nt" else "python")


def _pyproject_hash() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_environment() -> Path:
    if sys.version_info < (3, 10):  # noqa: UP036 - students may run an old python3
        sys.exit(f"The course needs Python 3.10 or newer; this is {sys.version.split()[0]}.")
    python = venv_python()
    if STAMP.exists() and python.exists() and STAMP.read_text() == _pyproject_hash():
        return python
    if not python.exists():
        print(f"Creating the course environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing the course's packages (first run only; a few minutes) ...", flush=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(_pyproject_hash())
    return python


def backends_module():
    """addition_lib/backends.py, which needs only the standard library: the default and the names."""
    spec = importlib.util.spec_from_file_location("_course_backends", ROOT / "addition_lib" / "backends.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def is_installed(python: Path, module: str) -> bool:
    check = f"import importlib.util, sys; sys.exit(importlib.util.find_spec({module!r}) is None)"
    return subprocess.run([str(python), "-c", check], cwd=ROOT).returncode == 0


def full_test_passes(python: Path, default: str) -> list[tuple[str, list[str], str]]:
    """``(backend, pytest paths, what)`` for each pass of a plain ``course.py test``."""
    passes = [("tensorflow", ["tests"], "the library's unit tests")]
    if is_installed(python, "torch"):
        passes.append(("torch", ["tests"], "the library's unit tests"))
    else:
        print("PyTorch is not installed, so its pass is skipped "
              '(to add it: .venv/bin/python -m pip install -e ".[torch]")', flush=True)
    return [*passes, (default, [], "the unit tests and every notebook")]


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0 if argv else 2
    if argv[0] not in COMMANDS:
        print(f"course.py: unknown command {argv[0]!r}; use one of {', '.join(COMMANDS)} (--help explains them)",
              file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    python = ensure_environment()
    env = dict(os.environ)
    if command == "setup":
        return 0
    backends = backends_module()
    chosen = env.get("KERAS_BACKEND", "").strip()
    env["KERAS_BACKEND"] = chosen or backends.DEFAULT_BACKEND
    if command == "lab":
        return subprocess.call([str(python), "-m", "jupyter", "lab", *rest], cwd=ROOT, env=env)
    if "--full" in rest:
        rest.remove("--full")
        env["COURSE_QUICK"] = "0"
    else:
        env.setdefault("COURSE_QUICK", "1")
    pytest = [str(python), "-m", "pytest", "--nbval", "--nbval-current-env"]
    if chosen or rest:
        return subprocess.call([*pytest, *rest], cwd=ROOT, env=env)
    failed = []
    for backend, paths, what in full_test_passes(python, env["KERAS_BACKEND"]):
        name = backends.BACKENDS.get(backend, backend)
        print(f"\n==== {what} on {name} (KERAS_BACKEND={backend}) ====", flush=True)
        code = subprocess.call([*pytest, *paths], cwd=ROOT, env=dict(env, KERAS_BACKEND=backend))
        if code != 0:
            failed.append(f"{what} on {name} (pytest exit code {code})")
    if failed:
        print("\nFailed: " + "; ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
