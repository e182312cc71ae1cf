"""Remove what JupyterLab drops on save from the stored notebooks: the cells' execution timestamps.

A notebook executed by nbconvert or nbclient carries, in each code cell's metadata, the
times at which the kernel received and finished it (``metadata.execution``). JupyterLab
does not keep them, so a student who opens a stored notebook, runs it and saves it (or lets
autosave do it) would see every cell's metadata change as well as its outputs. Stored
without them, a run-and-save changes only what the run changed. Outputs, execution counts
and every other metadata are left exactly as they are.

    .venv/bin/python scripts/strip_notebook_metadata.py            # every notebook of the course
    .venv/bin/python scripts/strip_notebook_metadata.py NOTEBOOK   # some of them
    .venv/bin/python scripts/strip_notebook_metadata.py --check    # list offenders, change nothing

``tests/test_notebook_metadata.py`` fails while any stored notebook carries them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("notebooks", "exercises", "solutions")
DROPPED = ("execution",)  # cell metadata keys that JupyterLab does not keep


def course_notebooks() -> list[Path]:
    return sorted(p for folder in FOLDERS for p in (ROOT / folder).glob("*.ipynb"))


def carried(notebook) -> list[int]:
    """Indices of the cells whose metadata holds a key JupyterLab drops."""
    return [i for i, cell in enumerate(notebook.cells) if any(key in cell.metadata for key in DROPPED)]


def strip(path: Path, *, check: bool = False) -> list[int]:
    """Drop those keys from ``path`` (unless ``check``); the indices of the cells that had them."""
    notebook = nbformat.read(path, as_version=4)
    cells = carried(notebook)
    if cells and not check:
        for i in cells:
            for key in DROPPED:
                notebook.cells[i].metadata.pop(key, None)
        nbformat.write(notebook, path)
    return cells


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to strip (default: all of the course)")
    parser.add_argument("--check", action="store_true", help="only list the notebooks that carry them")
    args = parser.parse_args(argv)
    paths = args.notebooks or course_notebooks()
    for path in paths:
        if path.suffix != ".ipynb" or not path.is_file():
            parser.error(f"not a notebook file: {path}")
    offenders = 0
    for path in paths:
        cells = strip(path, check=args.check)
        if cells:
            offenders += 1
            print(f"{path}: {'carries' if args.check else 'stripped'} execution timestamps in {len(cells)} cells")
    return 1 if args.check and offenders else 0


if __name__ == "__main__":
    sys.exit(main())
