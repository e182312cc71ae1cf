"""Stored notebooks carry no metadata that JupyterLab drops when it saves them."""

import importlib.util
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("strip_notebook_metadata", ROOT / "scripts" / "strip_notebook_metadata.py")
strip_script = importlib.util.module_from_spec(spec)
spec.loader.exec_module(strip_script)
NOTEBOOKS = strip_script.course_notebooks()


def test_every_notebook_of_the_course_is_checked():
    assert len(NOTEBOOKS) >= 25


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_execution_timestamps(notebook):
    cells = strip_script.carried(nbformat.read(notebook, as_version=4))
    assert cells == [], (f"{notebook.relative_to(ROOT)}: cells {cells} carry execution timestamps; "
                         "run scripts/strip_notebook_metadata.py")


def test_stripping_removes_only_the_timestamps(tmp_path):
    cell = nbformat.v4.new_code_cell("1 + 1", execution_count=1, outputs=[
        nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)])
    cell.metadata = {"execution": {"iopub.status.busy": "2026-11-28T13:38:35Z"}, "tags": ["keep"]}
    path = tmp_path / "n.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)
    assert strip_script.main(["--check", str(path)]) == 1
    assert strip_script.strip(path) == [0]
    stored = nbformat.read(path, as_version=4).cells[0]
    assert stored.metadata == {"tags": ["keep"]}
    assert stored.outputs[0].data == {"text/plain": "2"} and stored.execution_count == 1
    assert strip_script.main(["--check", str(path)]) == 0
