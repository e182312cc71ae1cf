"""Refresh the stored output of every ``show_source(...)`` cell after a library edit.

Notebooks display library code with ``show_source(name)``, and nbval compares that stored
output with the code as it is now. After an edit that does not change what a function
computes (a clearer error message, a new check of bad input, a docstring), the stored full
runs are still right except for those cells. This script executes each notebook quickly
(``COURSE_QUICK=1``) in a scratch copy and copies only the ``show_source`` cells' outputs
back into the stored notebook; every other output stays as it was.

If an edit changes results, this is the wrong tool: rerun the notebook instead
(``scripts/record_results.py`` for the solutions).

    .venv/bin/python scripts/refresh_shown_source.py solutions/sol_02_to_100_percent.ipynb
    .venv/bin/python scripts/refresh_shown_source.py          # every notebook that shows source
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("notebooks", "exercises", "solutions")
SHOW_SOURCE_CELL = re.compile(r"^show_source\([\w.]+\)$")
IMPORT_LINE = re.compile(r"^(from \S+ )?import [\w., ]+$")


def shows_source(cell) -> bool:
    """A code cell that only shows source: ``show_source(name)``, after imports if any."""
    if cell.cell_type != "code":
        return False
    lines = [line for line in cell.source.strip().splitlines()
             if line.strip() and not line.startswith("#")]
    return (bool(lines) and bool(SHOW_SOURCE_CELL.match(lines[-1]))
            and all(IMPORT_LINE.match(line) for line in lines[:-1]))


def refresh(path: Path) -> list[int]:
    """Re-run ``path`` quickly and copy its ``show_source`` outputs back; returns the changed cells."""
    stored = nbformat.read(path, as_version=4)
    targets = [i for i, cell in enumerate(stored.cells) if shows_source(cell)]
    if not targets:
        return []
    scratch = nbformat.read(path, as_version=4)
    os.environ["COURSE_QUICK"] = "1"
    NotebookClient(scratch, timeout=1800, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    changed = []
    for i in targets:
        fresh = [{k: v for k, v in output.items() if k != "execution_count"} for output in scratch.cells[i].outputs]
        old = [{k: v for k, v in output.items() if k != "execution_count"} for output in stored.cells[i].outputs]
        if fresh != old:
            for output in scratch.cells[i].outputs:
                if "execution_count" in output:
                    output["execution_count"] = stored.cells[i].execution_count
            stored.cells[i].outputs = scratch.cells[i].outputs
            changed.append(i)
    if changed:
        nbformat.write(stored, path)
    return changed


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to refresh (default: all that show source)")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(p for folder in FOLDERS for p in (ROOT / folder).glob("*.ipynb"))
    for path in paths:
        if path.suffix != ".ipynb" or not path.is_file():
            parser.error(f"not a notebook file: {path}")
    for path in paths:
        changed = refresh(path.resolve())
        if changed:
            print(f"{path}: refreshed cells {changed}")
    print("done")


if __name__ == "__main__":
    sys.exit(main())
