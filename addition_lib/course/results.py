"""Recorded results of the full-budget solution runs.

A solution notebook (or a course notebook with a measured target, such as notebook 13,
recorded as ``nb_13``) calls :func:`record` for each target it measures. The row is
written only when the record command runs the solution: ``python
scripts/record_results.py`` sets ``COURSE_RESULTS_DIR`` to the course's
``results/`` folder, runs the solutions at full budget and renders every JSON file
into ``results/RESULTS.md``. A student running a solution in JupyterLab, or a
quick CI run, changes no file. Files are written to a temporary name and renamed,
so an interrupted write never leaves half a file; values must be valid JSON
(NumPy scalars are converted, NaN and infinity are refused).
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import tempfile
from pathlib import Path

import numpy as np

from ..backends import BACKENDS, backend_version
from .budget import quick

RESULTS_ENV_VAR = "COURSE_RESULTS_DIR"


def chosen_results_dir() -> Path | None:
    """The folder the record command chose (``$COURSE_RESULTS_DIR``), or ``None``."""
    chosen = os.environ.get(RESULTS_ENV_VAR, "").strip()
    return Path(chosen) if chosen else None


def _json_value(value):
    """``json.dumps``'s ``default``: NumPy scalars and arrays as Python values."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(
        f"a results value must be JSON data, got {value!r} ({type(value).__name__})"
    )


def write_json(path, data) -> Path:
    """Write ``data`` as JSON to ``path`` through a temporary file (never half a file).

    NumPy values are converted; NaN or infinity raises ``ValueError`` naming ``data``.
    """
    try:
        text = json.dumps(data, indent=2, default=_json_value, allow_nan=False) + "\n"
    except ValueError as error:
        raise ValueError(
            f"data must not hold NaN or infinity (not valid JSON): {error}"
        ) from None
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        suffix=".json", prefix=f".{path.stem}-", dir=path.parent
    )
    try:
        with os.fdopen(handle, "w") as file:
            file.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return path


def machine() -> str:
    """CPU model, core count and library versions, for the results table."""
    cpu = platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from ..quiet import keras

    python = platform.python_version()
    return f"{cpu}, {os.cpu_count()} cores, Python {python}, Keras {keras.__version__}"


def backend_of_run() -> dict:
    """The Keras backend this process trains on, as a row stores it: name and version."""
    from ..quiet import keras

    name = keras.config.backend()
    return {"backend": name, "backend_version": backend_version(name)}


def backend_label(row: dict) -> str:
    """``'JAX 0.10.2'`` for a row's backend (the name alone if no version was kept)."""
    label = BACKENDS.get(row["backend"], row["backend"])
    return f"{label} {row['backend_version']}" if row.get("backend_version") else label


def record(
    solution: str,
    target: str,
    result: str,
    met: bool | None,
    *,
    seconds: float | None = None,
    details: dict | None = None,
    results_dir: Path | None = None,
) -> dict:
    """Store one measured figure of ``solution`` (e.g. ``"sol_02"``) and return the row.

    ``target`` says what was aimed for, ``result`` what was measured (text, as
    it should appear in the table), ``met`` whether the target was reached
    (``None`` for a target that is a report, not a threshold).
    """
    for name, value in (("solution", solution), ("target", target), ("result", result)):
        if not isinstance(value, str) or not value:
            raise TypeError(f"{name} must be a non-empty string, got {value!r}")
    if isinstance(met, np.bool_):  # a NumPy comparison result
        met = bool(met)
    if met is not None and not isinstance(met, bool):
        raise TypeError(f"met must be True, False or None, got {met!r}")
    row = {
        "solution": solution,
        "target": target,
        "result": result,
        "met": met,
        "seconds": None if seconds is None else round(float(seconds), 1),
        "details": details or {},
        "machine": machine(),
        **backend_of_run(),
        "date": datetime.date.today().isoformat(),
    }
    folder = results_dir if results_dir is not None else chosen_results_dir()
    if quick() or folder is None:
        return row
    path = Path(folder) / f"{solution}.json"
    rows = json.loads(path.read_text()) if path.exists() else []
    rows = [r for r in rows if r["target"] != target] + [row]
    write_json(path, rows)
    return row


def render_table(folder) -> str:
    """All recorded rows in ``folder`` as a Markdown table, solution by solution."""
    folder = Path(folder)
    lines = [
        "| solution | target | result | met | wall-clock | machine | backend | date |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for path in sorted(folder.glob("*.json")):
        for row in json.loads(path.read_text()):
            met = {True: "yes", False: "**no**", None: "report"}[row["met"]]
            seconds = "" if row["seconds"] is None else f"{row['seconds']:,.1f} s"
            lines.append(
                f"| {row['solution']} | {row['target']} | {row['result']} | {met} | "
                f"{seconds} "
                f"| {row['machine']} | {backend_label(row)} | {row['date']} |"
            )
    return "\n".join(lines)
