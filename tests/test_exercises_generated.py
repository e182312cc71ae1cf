"""Every exercise is generated from its worked solution by scripts/make_exercises.py.

A committed exercise that differs from what its solution generates fails here: edit the
solution (the single source) and run ``python scripts/make_exercises.py``. The markers the
script reads, and what it leaves in an exercise, are tested on small examples.
"""

import importlib.util
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "solutions").glob("sol_*.py"))

_spec = importlib.util.spec_from_file_location("make_exercises", ROOT / "scripts" / "make_exercises.py")
make_exercises = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_exercises)


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_the_committed_exercise_is_what_its_solution_generates(solution):
    problems = make_exercises.out_of_date(solution)
    assert not problems, "; ".join(problems) + ": run `python scripts/make_exercises.py`"


def test_every_exercise_has_a_solution():
    exercises = sorted((ROOT / "exercises").glob("ex_*.py"))
    assert [make_exercises.exercise_path(s) for s in SOLUTIONS] == exercises


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_every_check_in_a_stored_exercise_is_calm(solution):
    exercise = make_exercises.exercise_path(solution).with_suffix(".ipynb")
    for cell in nbformat.read(exercise, as_version=4).cells:
        calls = [line for line in cell.source.splitlines() if line.startswith("check_")]
        if cell.cell_type == "code" and calls:
            printed = "".join(output.get("text", "") for output in cell.outputs)
            assert printed.count("not attempted yet") == len(calls), (exercise.name, cell.source, printed)


# ---------------------------------------------------------------- the markers


def write(tmp_path, text):
    path = tmp_path / "sol_09_example.py"
    path.write_text(text)
    return path


SOLUTION = '''# %% [markdown]
# # Solution 9: An example
#
# The aim is to add.
# <!-- exercise: A worked solution is in the solutions folder. -->
# <!-- solution -->
# This is the worked solution.
# <!-- end solution -->

# %%
def add(a, b):
    """Add two numbers."""
    # solution
    total = a + b
    return total
    # end solution


check_add(add)

# %%
values = [1, 2]
# solution
print(add(*values))

# %% [markdown] tags=["solution"]
# Our conclusion: it adds.

# %% tags=["solution"]
add(3, 4)
'''


def test_the_markers_make_the_exercise(tmp_path):
    cells = make_exercises.cells_of(make_exercises.exercise_notebook(write(tmp_path, SOLUTION)))
    assert cells == [
        ("markdown", "# Exercise 9: An example\n\nThe aim is to add.\nA worked solution is in the solutions folder.", ()),
        ("code", 'def add(a, b):\n    """Add two numbers."""\n    # Write your code here.\n'
                 "    raise NotImplementedError\n\n\ncheck_add(add)", ()),
        ("code", "values = [1, 2]\n# Write your code here.", ()),
    ]


@pytest.mark.parametrize("broken, message", [
    ("# %%\nx = 1\n# end solution\n", "without a '# solution' before it"),
    ("# %%\n# solution\n# solution\nx = 1\n", "a '# solution' block inside another"),
    ("# %%\nx = 1\n", "marks nothing as solution"),
    ("# %% [markdown]\n# <!-- solution\n", "left in the exercise"),
])
def test_a_broken_marker_is_an_error(tmp_path, broken, message):
    with pytest.raises(ValueError, match=message):
        make_exercises.exercise_notebook(write(tmp_path, broken))


def test_a_changed_exercise_is_noticed(tmp_path, monkeypatch):
    solution = write(tmp_path, SOLUTION)
    monkeypatch.setattr(make_exercises, "EXERCISES", tmp_path)
    monkeypatch.setattr(make_exercises, "ROOT", tmp_path)
    assert make_exercises.out_of_date(solution) == ["ex_09_example.py is missing", "ex_09_example.ipynb is missing"]
    print(make_exercises.make(solution, execute=False))
    assert make_exercises.out_of_date(solution) == []
    exercise = tmp_path / "ex_09_example.py"
    exercise.write_text(exercise.read_text().replace("values = [1, 2]", "values = [1, 3]"))
    assert make_exercises.out_of_date(solution) == ["ex_09_example.py differs from what sol_09_example.py generates"]


def test_a_change_of_prose_keeps_the_stored_run_and_a_change_of_code_does_not(tmp_path, monkeypatch):
    import nbformat

    solution = write(tmp_path, SOLUTION)
    monkeypatch.setattr(make_exercises, "EXERCISES", tmp_path)
    monkeypatch.setattr(make_exercises, "ROOT", tmp_path)
    make_exercises.make(solution, execute=False)
    ipynb = tmp_path / "ex_09_example.ipynb"
    stored = nbformat.read(ipynb, as_version=4)  # as if it had run: one run, top to bottom
    for count, cell in enumerate(make_exercises._code(stored), start=1):
        cell.execution_count = count
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"output {count}\n")]
    nbformat.write(stored, ipynb)

    solution.write_text(SOLUTION.replace("The aim is to add.", "The aim is to add two numbers."))
    assert "prose updated; its stored run kept" in make_exercises.make(solution, execute=False)
    kept = nbformat.read(ipynb, as_version=4)
    assert "The aim is to add two numbers." in kept.cells[0].source
    assert [(c.execution_count, c.outputs[0].text) for c in make_exercises._code(kept)] == [
        (1, "output 1\n"), (2, "output 2\n")]
    assert make_exercises.out_of_date(solution) == []

    solution.write_text(SOLUTION.replace("values = [1, 2]", "values = [1, 3]"))
    assert "regenerated, NOT run" in make_exercises.make(solution, execute=False)
    assert all(not c.outputs for c in make_exercises._code(nbformat.read(ipynb, as_version=4)))


# ---------------------------------------------------------------- which notebook each exercise extends


def extended_notebook(solution: Path) -> str:
    """The notebook file a solution's opening says it extends."""
    import re

    first = make_exercises.exercise_notebook(solution).cells[0].source
    match = re.search(r"It extends\s+\[[^\]]+\]\(\.\./notebooks/(\d\d_\w+\.ipynb)\)", first)
    assert match, f"{solution.name} does not say which notebook it extends"
    return match.group(1)


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_the_notebook_an_exercise_extends_says_so(solution):
    notebook = ROOT / "notebooks" / extended_notebook(solution)
    exercise = make_exercises.exercise_path(solution).with_suffix(".ipynb").name
    text = notebook.with_suffix(".py").read_text()
    ending = text[text.rindex("**Exercise"):]
    assert f"exercises/{exercise})" in ending and "extend" in ending, (notebook.name, exercise)


def test_every_notebook_says_which_exercise_extends_it():
    for script in sorted((ROOT / "notebooks").glob("*.py")):
        assert "**Exercise" in script.read_text(), f"{script.name} names no exercise"


def test_a_cell_left_as_the_stub_keeps_nothing_to_ignore():
    source = "# NBVAL_IGNORE_OUTPUT\n# solution\nprint(train())\n# end solution"
    assert make_exercises.strip_code(source, "cell") == "# Write your code here."
    kept = "# NBVAL_IGNORE_OUTPUT\nsetup()\n# solution\nprint(train())"
    assert make_exercises.strip_code(kept, "cell") == "# NBVAL_IGNORE_OUTPUT\nsetup()\n# Write your code here."
