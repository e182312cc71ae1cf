"""Exercises generated from their solutions (scripts/exercise_from_solution.py) match them."""

import importlib.util
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ["sol_08_beam_search.py", "sol_09_attention.py", "sol_10_long_addition.py"]  # solutions whose exercise is a build product


def load_script():
    spec = importlib.util.spec_from_file_location("exercise_from_solution", ROOT / "scripts" / "exercise_from_solution.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", GENERATED)
def test_stored_exercise_is_generated_from_its_solution(name):
    script = load_script()
    solution = ROOT / "solutions" / name
    expected = jupytext.writes(script.exercise_cells(solution), fmt="py:percent")
    assert script.exercise_path(solution).read_text() == expected, (
        f"exercises/{name.replace('sol_', 'ex_')} differs from what {name} gives: run "
        f"`python scripts/exercise_from_solution.py solutions/{name}`, then sync and execute it"
    )


def test_generation_drops_solution_cells_and_cuts_at_the_marker(tmp_path):
    solution = tmp_path / "sol_99_demo.py"
    solution.write_text(
        "# %% [markdown]\n# Task: write f.\n\n"
        "# %%\ndef f(x):\n    \"\"\"Twice x.\"\"\"\n    # solution\n    return 2 * x\n\n\n"
        "# %%\ncheck(f)\n\n"
        "# %% [markdown] tags=[\"solution\"]\n# Doubling was the point.\n\n"
        "# %%\n# NBVAL_IGNORE_OUTPUT\n# solution\nprint(f(3))\n"
    )
    cells = load_script().exercise_cells(solution).cells
    assert [cell.source for cell in cells] == [
        "Task: write f.",
        "def f(x):\n    \"\"\"Twice x.\"\"\"\n    # Write your code here.\n    raise NotImplementedError",
        "check(f)",
        "# Write your code here.",
    ]
