"""Static checks of the course's notebooks: pairs in sync, no second copy of a library helper.

nbval executes the notebooks; these tests read them. Every ``.ipynb`` under
notebooks/, exercises/ and solutions/ must have a jupytext ``.py`` partner with
the same cells, and no notebook may define a function or class that
addition_lib already provides. The one exception is the exercises' point: a
student (and the worked solution) writes their own version of a library
function, which the notebook then hands to a ``check_...`` function.
"""

import ast
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("notebooks", "exercises", "solutions")
NOTEBOOKS = sorted(p for folder in FOLDERS for p in (ROOT / folder).glob("*.ipynb"))
SCRIPTS = sorted(p for folder in FOLDERS for p in (ROOT / folder).glob("*.py") if not p.name.startswith("_"))


def library_names() -> set[str]:
    names = set()
    for module in (ROOT / "addition_lib").glob("*.py"):
        tree = ast.parse(module.read_text())
        names |= {node.name for node in tree.body if isinstance(node, ast.FunctionDef | ast.ClassDef)}
    return names


def cells(path: Path) -> list[tuple[str, str]]:
    notebook = jupytext.read(path)
    return [(cell.cell_type, cell.source.strip()) for cell in notebook.cells]


def code_of(path: Path) -> ast.Module:
    source = "\n".join(
        "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))
        for cell in jupytext.read(path).cells
        if cell.cell_type == "code"
    )
    return ast.parse(source)


def test_there_are_notebooks():
    assert len([p for p in NOTEBOOKS if p.parent.name == "notebooks"]) >= 11


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_pair_is_in_sync(notebook):
    script = notebook.with_suffix(".py")
    assert script.exists(), f"{notebook.name} has no jupytext partner {script.name}: run jupytext --sync"
    assert cells(notebook) == cells(script), f"{notebook.name} and {script.name} differ: run jupytext --sync"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_script_has_a_notebook(script):
    assert script.with_suffix(".ipynb").exists(), f"{script.name} has no .ipynb partner: run jupytext --sync"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_library_helper_is_defined_again(notebook):
    tree = code_of(notebook)
    defined = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.ClassDef)}
    checked = {
        node.args[0].id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id.startswith("check_")
        and node.args
        and isinstance(node.args[0], ast.Name)
    }
    allowed = checked if notebook.parent.name in {"exercises", "solutions"} else set()
    again = sorted((defined & library_names()) - allowed)
    assert not again, f"{notebook.name} defines {again}, which addition_lib already provides: import them instead"


def test_the_redefinition_check_can_fail(tmp_path):
    fake = tmp_path / "fake.py"
    fake.write_text("# %%\ndef to_string(X, y, n, largest):\n    return X, y\n")
    tree = ast.parse(fake.read_text())
    defined = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    assert defined & library_names() == {"to_string"}


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_stored_outputs_have_no_warnings_or_stderr(notebook):
    import nbformat

    for index, cell in enumerate(nbformat.read(notebook, as_version=4).cells):
        for output in cell.get("outputs", []):
            text = output.get("text", "") if output.get("output_type") == "stream" else ""
            assert output.get("name") != "stderr", f"{notebook.name} cell {index} wrote to stderr: {text[:200]!r}"
            for warning in ("DeprecationWarning", "FutureWarning", "PendingDeprecationWarning"):
                assert warning not in text, f"{notebook.name} cell {index} shows a {warning}"
            if output.get("output_type") == "error":
                pytest.fail(f"{notebook.name} cell {index} stored an error: {output.get('ename')}")


def executed_in_order(notebook_path: Path) -> str | None:
    """``None`` if every code cell was run once, top to bottom, in one session; else what is wrong."""
    import nbformat

    counts = [cell.get("execution_count") for cell in nbformat.read(notebook_path, as_version=4).cells
              if cell.cell_type == "code"]
    if None in counts:
        return f"code cell {counts.index(None) + 1} of {len(counts)} was never run"
    if counts != list(range(1, len(counts) + 1)):
        return f"code cells ran out of order or in several sessions: execution counts {counts}"
    return None


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_stored_outputs_come_from_one_run_top_to_bottom(notebook):
    # Notebooks, exercises (unsolved) and solutions are all stored as one real run, so a reader
    # sees results before running anything and nbval has the outputs to compare.
    problem = executed_in_order(notebook)
    assert problem is None, f"{notebook.relative_to(ROOT)}: {problem}; re-execute it from the top"


def test_the_execution_order_check_can_fail(tmp_path):
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1"), nbformat.v4.new_code_cell("2")])
    path = tmp_path / "n.ipynb"
    for counts, message in [((1, None), "code cell 2 of 2 was never run"), ((2, 1), "out of order")]:
        for cell, count in zip(notebook.cells, counts, strict=True):
            cell.execution_count = count
        nbformat.write(notebook, path)
        assert message in executed_in_order(path)
    notebook.cells[0].execution_count, notebook.cells[1].execution_count = 1, 2
    nbformat.write(notebook, path)
    assert executed_in_order(path) is None
