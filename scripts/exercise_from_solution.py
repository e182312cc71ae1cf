"""Write an exercise notebook from its worked solution, so the two never drift apart.

The solution (a jupytext percent script in ``solutions/``) marks what the student writes:

* a cell tagged ``solution`` (``# %% tags=["solution"]``, markdown or code) belongs to the
  solution only and is dropped;
* in a code cell, a line ``# solution`` and everything after it is the worked code: the
  exercise keeps the lines before it and puts ``# Write your code here.`` in its place
  (followed by ``raise NotImplementedError`` when the marker is indented, inside a function;
  a cell left with nothing but that line loses its ``# NBVAL_IGNORE_OUTPUT`` too);
* every other cell is shared, word for word.

    .venv/bin/python scripts/exercise_from_solution.py solutions/sol_08_beam_search.py

writes ``exercises/ex_08_beam_search.py`` (then run ``jupytext --sync`` and execute it to store
its outputs). ``--check`` only reports whether the stored exercise is what the solution gives.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import jupytext

ROOT = Path(__file__).resolve().parents[1]
MARKER = "# solution"
TAG = "solution"
IGNORE = "# NBVAL_IGNORE_OUTPUT"


def exercise_cells(solution: Path) -> jupytext.jupytext.NotebookNode:
    """The solution notebook with its solution cells dropped and its marked code cut."""
    notebook = jupytext.read(solution)
    kept = []
    for cell in notebook.cells:
        if TAG in cell.metadata.get("tags", []):
            continue
        lines = cell.source.splitlines()
        marks = [i for i, line in enumerate(lines) if line.strip() == MARKER]
        if cell.cell_type == "code" and marks:
            indent = lines[marks[0]][: len(lines[marks[0]]) - len(lines[marks[0]].lstrip())]
            stub = [f"{indent}# Write your code here."]
            if indent:
                stub.append(f"{indent}raise NotImplementedError")
            kept_lines = lines[: marks[0]]
            if all(line.strip() in ("", IGNORE) for line in kept_lines):
                kept_lines = []  # a bare "write your code" cell has no output to ignore
            cell.source = "\n".join(kept_lines + stub)
        kept.append(cell)
    notebook.cells = kept
    return notebook


def exercise_path(solution: Path) -> Path:
    return ROOT / "exercises" / solution.name.replace("sol_", "ex_", 1)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("solution", type=Path, help="a solution's .py script, such as solutions/sol_08_*.py")
    parser.add_argument("--check", action="store_true", help="only compare with the stored exercise")
    args = parser.parse_args(argv)
    solution = args.solution.resolve()
    text = jupytext.writes(exercise_cells(solution), fmt="py:percent")
    target = exercise_path(solution)
    if args.check:
        same = target.exists() and target.read_text() == text
        print(f"{target.relative_to(ROOT)} {'matches' if same else 'differs from'} {solution.name}")
        return 0 if same else 1
    target.write_text(text)
    print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
