"""Generate every exercise from its worked solution: the solution is the single source.

    python scripts/make_exercises.py               # regenerate, and run the exercises that changed
    python scripts/make_exercises.py --no-execute  # regenerate only (a changed exercise is left unrun)
    python scripts/make_exercises.py --check       # exit 1 if a committed exercise is out of date

``solutions/sol_NN_name.py`` (a jupytext percent script) becomes ``exercises/ex_NN_name.py``
and ``exercises/ex_NN_name.ipynb``. A solution marks what the exercise leaves out:

* a cell tagged ``solution`` (``# %% tags=["solution"]`` or ``# %% [markdown] tags=["solution"]``)
  is left out whole;
* in a code cell, the lines from a line ``# solution`` to a line ``# end solution`` (or to the
  end of the cell) become ``# Write your code here.``, followed by ``raise NotImplementedError``
  when the block is indented (the body of a function the student writes); a cell left
  with nothing but the stub loses its ``# NBVAL_IGNORE_OUTPUT`` too;
* in a markdown cell, text between ``<!-- solution -->`` and ``<!-- end solution -->`` is left
  out, and ``<!-- exercise: TEXT -->`` becomes ``TEXT``: HTML comments, so a reader of the
  solution never sees them;
* the title ``# Solution N: ...`` becomes ``# Exercise N: ...``.

**What an exercise stores.** Like every notebook of the course, an exercise's ``.ipynb`` holds
the outputs of one real run, top to bottom, at the full budget, with every task left as the
exercise hands it out: each check then prints "not attempted yet", and every cell after a task
runs on the library's version. The script keeps a committed ``.ipynb`` whose cells (kinds,
sources, tags) already match the solution; where only the markdown changed, it rewrites the
prose and keeps the stored run; it runs only an exercise whose code cells changed.
nbval compares those outputs as it does for every notebook.
"""

from __future__ import annotations

import argparse
import os
import re
import time
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"

SOLUTION_TAG = "solution"
CODE_START, CODE_END = "# solution", "# end solution"
STUB = "# Write your code here."
IGNORE = "# NBVAL_IGNORE_OUTPUT"
_HIDDEN = re.compile(r"[ \t]*<!-- solution -->.*?<!-- end solution -->[ \t]*\n?", re.S)
_EXERCISE_ONLY = re.compile(r"<!-- exercise:[ \t]*\n?(.*?)\n?[ \t]*-->", re.S)
_TITLE = re.compile(r"\A# Solution (\d+):")
_LEFTOVERS = ("<!-- solution", "<!-- end solution", "<!-- exercise", CODE_START, CODE_END)


def exercise_path(solution: Path) -> Path:
    """``solutions/sol_06_per_term_padding.py`` -> ``exercises/ex_06_per_term_padding.py``."""
    if not solution.name.startswith("sol_"):
        raise ValueError(f"solution files are named sol_NN_name.py, got {solution.name!r}")
    return EXERCISES / ("ex_" + solution.name[len("sol_"):])


def strip_code(source: str, where: str) -> str:
    """The code cell ``source`` with every solution block replaced by the stub."""
    lines, out, index = source.split("\n"), [], 0
    while index < len(lines):
        line = lines[index]
        if line.strip() == CODE_END:
            raise ValueError(f"{where}: '{CODE_END}' without a '{CODE_START}' before it")
        if line.strip() != CODE_START:
            out.append(line)
            index += 1
            continue
        indent = line[: len(line) - len(line.lstrip())]
        end = index + 1
        while end < len(lines) and lines[end].strip() != CODE_END:
            if lines[end].strip() == CODE_START:
                raise ValueError(f"{where}: a '{CODE_START}' block inside another")
            end += 1
        out.append(indent + STUB)
        if indent:
            out.append(indent + "raise NotImplementedError")
        index = end + 1
    code = "\n".join(out).strip("\n")
    if [line.strip() for line in code.split("\n")] == [IGNORE, STUB]:
        return STUB  # a cell left as the stub prints nothing to ignore
    return code


def strip_markdown(source: str) -> str:
    """The markdown ``source`` without its solution text, with its exercise-only text shown."""
    text = _HIDDEN.sub("", source)
    text = _EXERCISE_ONLY.sub(lambda match: match.group(1), text)
    text = _TITLE.sub(r"# Exercise \1:", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def exercise_notebook(solution: Path) -> nbformat.NotebookNode:
    """The exercise generated from ``solution``: cells only, no outputs."""
    notebook = jupytext.read(solution)
    cells = []
    for number, cell in enumerate(notebook.cells, start=1):
        where = f"{solution.name}, cell {number}"
        if SOLUTION_TAG in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "code":
            source = strip_code(cell.source, where)
        elif cell.cell_type == "markdown":
            source = strip_markdown(cell.source)
        else:
            source = cell.source
        if not source.strip():
            continue
        for leftover in _LEFTOVERS:
            if leftover in source:
                raise ValueError(f"{where}: {leftover!r} is left in the exercise; check the markers")
        new = nbformat.from_dict(dict(cell))
        if source != cell.source:  # the blank lines jupytext kept after the old source
            new.metadata.pop("lines_to_next_cell", None)
        new.source = source
        if cell.cell_type == "code":
            new.outputs, new.execution_count = [], None
        cells.append(new)
    if len(cells) == len(notebook.cells) and all(
            a.source == b.source for a, b in zip(cells, notebook.cells, strict=True)):
        raise ValueError(f"{solution.name} marks nothing as solution: its exercise would be the solution")
    return nbformat.v4.new_notebook(cells=cells, metadata=notebook.metadata)


def cells_of(notebook) -> list[tuple[str, str, tuple[str, ...]]]:
    """What an exercise is compared by: each cell's kind, source and tags."""
    return [(cell.cell_type, cell.source.strip(), tuple(cell.metadata.get("tags", [])))
            for cell in notebook.cells]


def _code(notebook) -> list:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def code_cells(notebook) -> list[tuple[str, tuple[str, ...]]]:
    """Each code cell's source and tags, in order: what a stored run depends on."""
    return [(cell.source.strip(), tuple(cell.metadata.get("tags", []))) for cell in _code(notebook)]


def out_of_date(solution: Path) -> list[str]:
    """What differs between the committed exercise of ``solution`` and the one it generates."""
    target = exercise_path(solution)
    wanted = cells_of(exercise_notebook(solution))
    problems = []
    for path in (target, target.with_suffix(".ipynb")):
        if not path.exists():
            problems.append(f"{path.relative_to(ROOT)} is missing")
        elif cells_of(jupytext.read(path)) != wanted:
            problems.append(f"{path.relative_to(ROOT)} differs from what {solution.name} generates")
    return problems


def one_run(notebook) -> bool:
    """Whether every code cell of ``notebook`` holds the output of one run, top to bottom."""
    counts = [cell.get("execution_count") for cell in notebook.cells if cell.cell_type == "code"]
    return counts == list(range(1, len(counts) + 1))


def run(notebook: Path) -> float:
    """Execute ``notebook`` in place, top to bottom, at the full budget; return the seconds taken."""
    from nbclient import NotebookClient

    settings = {"COURSE_QUICK": "0", "TF_CPP_MIN_LOG_LEVEL": "3"}
    saved = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)  # the kernel inherits them
    started = time.perf_counter()
    try:
        executed = nbformat.read(notebook, as_version=4)
        NotebookClient(executed, timeout=None, kernel_name="python3", record_timing=False,
                       resources={"metadata": {"path": str(notebook.parent)}}).execute()
        nbformat.write(executed, notebook)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return time.perf_counter() - started


def make(solution: Path, *, execute: bool) -> str:
    """Regenerate the exercise of ``solution``; return what was done."""
    target = exercise_path(solution)
    exercise = exercise_notebook(solution)
    ipynb = target.with_suffix(".ipynb")
    stored = nbformat.read(ipynb, as_version=4) if ipynb.exists() else None
    if stored is not None and cells_of(stored) == cells_of(exercise) and one_run(stored):
        if not target.exists() or cells_of(jupytext.read(target)) != cells_of(exercise):
            jupytext.write(exercise, target, fmt="py:percent")
            return f"{target.name}: script rewritten; notebook and its stored run unchanged"
        return f"{target.name}: up to date"
    if stored is not None and one_run(stored) and code_cells(stored) == code_cells(exercise):
        # Only the prose changed: what the code printed is still what it prints.
        for new, old in zip(_code(exercise), _code(stored), strict=True):
            new.outputs, new.execution_count = old.outputs, old.execution_count
        jupytext.write(exercise, target, fmt="py:percent")
        jupytext.write(exercise, ipynb)
        return f"{ipynb.name}: prose updated; its stored run kept (no code cell changed)"
    jupytext.write(exercise, target, fmt="py:percent")
    jupytext.write(exercise, ipynb)
    if not execute:
        return f"{ipynb.name}: regenerated, NOT run (run it before committing)"
    seconds = run(ipynb)
    return f"{ipynb.name}: regenerated and run at full budget in {seconds:,.0f} s"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("solutions", nargs="*", help="solution names such as sol_06 (default: all)")
    parser.add_argument("--check", action="store_true", help="only report exercises that are out of date")
    parser.add_argument("--no-execute", action="store_true", help="do not run a regenerated exercise")
    args = parser.parse_args(argv)
    solutions = sorted(SOLUTIONS.glob("sol_*.py"))
    if args.solutions:
        solutions = [path for path in solutions if any(path.name.startswith(name) for name in args.solutions)]
        if not solutions:
            parser.error(f"no solution matches {args.solutions}")
    if args.check:
        problems = [problem for solution in solutions for problem in out_of_date(solution)]
        print("\n".join(problems) or "every exercise is up to date")
        return 1 if problems else 0
    for solution in solutions:
        print(make(solution, execute=not args.no_execute), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
