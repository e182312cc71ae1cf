"""Recorded results of the full-budget solution runs.

A solution notebook calls :func:`record` for each target it measures. Under the
full budget the row is written to ``results/<solution>.json``; under
``COURSE_QUICK=1`` nothing is written, so a quick CI run can never overwrite a
real figure. ``python scripts/record_results.py`` runs the solutions at full
budget and renders every JSON file into ``results/RESULTS.md``.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
from pathlib import Path

import numpy as np

from .budget import quick

RESULTS_DIR = Path(__file__).resolve().parents[2] / "results"


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
    from .._keras import keras

    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, Keras {keras.__version__}"


def record(solution: str, target: str, result: str, met: bool | None, *, seconds: float | None = None,
           details: dict | None = None, results_dir: Path | None = None) -> dict:
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
        "date": datetime.date.today().isoformat(),
    }
    if quick():
        return row
    folder = Path(results_dir or RESULTS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{solution}.json"
    rows = json.loads(path.read_text()) if path.exists() else []
    rows = [r for r in rows if r["target"] != target] + [row]
    path.write_text(json.dumps(rows, indent=2) + "\n")
    return row


def render_table(results_dir: Path | None = None) -> str:
    """All recorded rows as a Markdown table, solution by solution."""
    folder = Path(results_dir or RESULTS_DIR)
    lines = [
        "| solution | target | result | met | wall-clock | machine | date |",
        "|---|---|---|---|---|---|---|",
    ]
    for path in sorted(folder.glob("sol_*.json")):
        for row in json.loads(path.read_text()):
            met = {True: "yes", False: "**no**", None: "report"}[row["met"]]
            seconds = "" if row["seconds"] is None else f"{row['seconds']:,.1f} s"
            lines.append(
                f"| {row['solution']} | {row['target']} | {row['result']} | {met} | {seconds} "
                f"| {row['machine']} | {row['date']} |"
            )
    return "\n".join(lines)
