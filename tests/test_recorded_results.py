"""The committed results table: generated from the recorded rows, and every target met or
known to be missed.

results/RESULTS.md is written by scripts/record_results.py from results/*.json, which the
solution notebooks write at full budget. These tests read the committed files; they fail if
the table was edited by hand, if a target is missed that is not listed in MISSED (with the
reason the course gives), if one listed there is met after all, or if a target has no row.
"""

import importlib.util
import json
from pathlib import Path

import pytest

from addition_lib.course.results import render_table

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "results"

# Every target with a pass mark (the exercises', and notebook 13's), by name and the start of its row.
TARGETS = [
    ("sol_02", "(a)"),
    ("sol_02", "(b)"),
    ("sol_02", "(c)"),
    ("sol_04", "2 to 5 terms"),
    ("sol_05", "'+'"),
    ("sol_05", "'-'"),
    ("nb_13", "teacher forcing"),
    ("sol_10", "(a)"),
    ("sol_10", "(b)"),
]
# Targets the last full-budget run missed, and why (the solution's prose says the same).
# A missed target is recorded as the best honest figure, never hidden.
MISSED: dict[tuple[str, str], str] = {
    ("sol_02", "(b)"): "on JAX, on a busy machine, 99.99% of the test in 61.9 s against the keras-io "
                       "recipe's 180 s in the same run: just over the third the target allows",
    ("sol_05", "'-'"): "on JAX, 997 of the 1,000 held-out subtraction questions right (99.7%): it "
                       "never held 100% on validation three epochs running within its 60 epochs",
    ("nb_13", "teacher forcing"): "on JAX, 99.96-99.98% of the test on every seed, but only one seed of "
                                  "three got every check question right within its 4,500 steps at "
                                  "Adam 0.005 (at 0.01 all three did)",
}
# What must be reported honestly, without a pass mark.
REPORTS = [("sol_03", "Model size"), ("sol_05", "'*'"), ("sol_05", "'/'"), ("sol_05", "mixed"),
           ("sol_06", "per-term"), ("sol_07", "reversed"), ("sol_08", "beam search"), ("sol_09", "dot-product"),
           ("sol_10", "(c)")]


def recorded_rows() -> list[dict]:
    return [row for path in sorted(RESULTS.glob("*.json")) for row in json.loads(path.read_text())]


def find(solution: str, start: str) -> list[dict]:
    return [row for row in recorded_rows() if row["solution"] == solution and row["target"].startswith(start)]


def test_results_table_is_generated_from_the_recorded_rows():
    spec = importlib.util.spec_from_file_location("record_results", ROOT / "scripts" / "record_results.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert (RESULTS / "RESULTS.md").read_text() == script.HEADER + render_table(RESULTS) + "\n", (
        "results/RESULTS.md differs from the recorded rows; rebuild it with "
        "`python scripts/record_results.py --render-only`"
    )


@pytest.mark.parametrize("solution, start", TARGETS, ids=[f"{s} {t}" for s, t in TARGETS])
def test_every_target_is_recorded_as_met(solution, start):
    rows = find(solution, start)
    assert len(rows) == 1, f"expected one row for {solution} {start!r}, found {len(rows)}"
    row = rows[0]
    if (solution, start) in MISSED:
        assert row["met"] is False, f"{solution} {row['target']!r} is met now: take it out of MISSED"
    else:
        assert row["met"] is True, f"{solution} {row['target']!r} is recorded as not met: {row['result']}"
    assert row["seconds"] is not None and row["seconds"] > 0 and row["machine"] and row["date"]


@pytest.mark.parametrize("solution, start", REPORTS, ids=[f"{s} {t}" for s, t in REPORTS])
def test_every_report_has_a_row(solution, start):
    rows = find(solution, start)
    assert rows, f"no recorded row for {solution} {start!r}"
    assert all(row["result"] and row["machine"] for row in rows)
