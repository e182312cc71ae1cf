"""A graded cell as a student meets it in JupyterLab: untouched, answered wrongly, answered rightly.

The exercise's graded cell is run three times in one kernel (one notebook, one
TensorFlow import); each test then judges one of the three runs.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from labdriver import ROOT

EXERCISE = "exercises/ex_07_reversed_input.ipynb"
STUB = "def reverse_inputs(X_str, y_str):"
WRONG = '''def reverse_inputs(X_str, y_str):
    """Return every string of ``X_str`` reversed, and ``y_str`` unchanged (as a new list)."""
    return list(X_str), list(y_str)


check_reverse_inputs(reverse_inputs)'''
RIGHT = '''def reverse_inputs(X_str, y_str):
    """Return every string of ``X_str`` reversed, and ``y_str`` unchanged (as a new list)."""
    return [x[::-1] for x in X_str], list(y_str)


check_reverse_inputs(reverse_inputs)'''
# The check's message names the call, then what it gave and what was expected.
WRONG_MESSAGE = "reverse_inputs([' 3+10'], ['13']) gave ([' 3+10'], ['13']), expected (['01+3 '], ['13'])"
TOP_LINES = 3  # "near the top": the message is among the first lines of the error box


def graded_cell(workbench, marker: str) -> int:
    for index, (kind, source) in enumerate(workbench.cell_sources()):
        if kind == "code" and marker in source:
            return index
    raise AssertionError(f"no code cell contains {marker!r}")


def run_up_to(workbench, index: int) -> None:
    """Run every cell above ``index`` (Run > Run All Above Selected Cell), then the cell itself."""
    workbench.cell(index).locator(".jp-InputPrompt").click()
    workbench.menu("Run", "Run All Above Selected Cell")
    workbench.wait_for_counts(list(range(index)))
    run_cell(workbench, index)


def run_cell(workbench, index: int) -> None:
    """Select the cell and press Ctrl+Enter; wait for its new execution count."""
    before = workbench.page.evaluate(
        "(i) => window.jupyterapp.shell.currentWidget.content.widgets[i].model.executionCount", index)
    workbench.cell(index).locator(".jp-InputPrompt").click()
    workbench.page.keyboard.press("Control+Enter")
    workbench.page.wait_for_function("""([i, before]) => {
        const cell = window.jupyterapp.shell.currentWidget.content.widgets[i];
        return cell.model.executionCount !== null && cell.model.executionCount !== before &&
               !cell.promptNode.textContent.includes('*'); }""", arg=[index, before], timeout=120_000)


def type_into(workbench, index: int, text: str) -> None:
    """Replace the cell's code as a student would: click into it, select all, type."""
    workbench.cell(index).locator(".cm-content").click()
    workbench.page.keyboard.press("Control+a")
    workbench.page.keyboard.insert_text(text)
    source = workbench.cell_sources()[index][1]
    assert source == text, f"the editor holds {source!r}"


def observe(workbench, index: int) -> dict:
    """What the cell shows: output texts, output types, and the red box's lines."""
    box = workbench.stderr_boxes(index)
    lines = [line for text in box.all_inner_texts() for line in text.splitlines() if line.strip()]
    return {"texts": workbench.outputs(index).all_inner_texts(), "types": workbench.output_types(index),
            "red_lines": lines}


@pytest.fixture(scope="module")
def exercise_runs(_workbench):
    """The graded cell of exercise 7 run untouched, with a wrong answer, then with a right one."""
    bench = _workbench
    bench.start(EXERCISE)
    index = graded_cell(bench, STUB)
    runs = {}
    run_up_to(bench, index)
    runs["untouched"] = observe(bench, index)
    for name, code in (("wrong", WRONG), ("right", RIGHT)):
        type_into(bench, index, code)
        run_cell(bench, index)
        runs[name] = observe(bench, index)
    bench.finish()
    return runs


def test_an_untouched_stub_says_not_attempted_yet(exercise_runs):
    run = exercise_runs["untouched"]
    assert any("reverse_inputs: not attempted yet" in text for text in run["texts"]), run
    assert run["red_lines"] == [] and "error" not in run["types"], run


def test_a_wrong_answer_shows_the_checks_message(exercise_runs):
    run = exercise_runs["wrong"]
    assert run["types"] == ["error"], run
    assert any(WRONG_MESSAGE in line for line in run["red_lines"]), "\n".join(run["red_lines"])


def test_a_wrong_answer_shows_the_checks_message_near_the_top(exercise_runs):
    lines = exercise_runs["wrong"]["red_lines"]
    top = "\n".join(lines[:TOP_LINES])
    assert WRONG_MESSAGE in top, f"not among the first {TOP_LINES} lines:\n" + "\n".join(lines)


def test_a_right_answer_shows_the_pass_message(exercise_runs):
    run = exercise_runs["right"]
    assert run["red_lines"] == [] and "error" not in run["types"], run
    assert any(re.search(r"reverse_inputs: all \d+ cases passed", text) for text in run["texts"]), run


# ---------------------------------------------------------------- your turn, in a chapter notebook


def graded_stubs(root: Path, folder: str) -> list[tuple[str, int, str]]:
    """(notebook, cell index, function name) of each graded stub in the notebooks of ``folder``.

    A graded stub is a code cell that defines a function raising ``NotImplementedError``
    and hands it to a ``check_...`` function, as the exercises do.
    """
    import nbformat

    found = []
    for path in sorted((root / folder).glob("*.ipynb")):
        for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if cell.cell_type != "code" or "NotImplementedError" not in cell.source:
                continue
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            checked = [node.args[0].id for node in ast.walk(tree)
                       if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                       and node.func.id.startswith("check_") and node.args and isinstance(node.args[0], ast.Name)]
            if checked:
                found.append((path.relative_to(root).as_posix(), index, checked[0]))
    return found


def test_the_stub_finder_finds_the_exercises_graded_cells():
    found = {(notebook, name) for notebook, _, name in graded_stubs(ROOT, "exercises")}
    assert (EXERCISE, "reverse_inputs") in found, found


def test_a_your_turn_cell_in_a_chapter_notebook_is_calm_until_attempted(workbench, lab):
    cells = graded_stubs(lab.root, "notebooks")
    if not cells:
        pytest.skip("no chapter notebook has a graded your-turn cell yet (a function stub handed to "
                    "a check_... function); the exercises' graded cells are tested above")
    notebook, index, name = cells[0]
    workbench.start(notebook)
    run_up_to(workbench, index)
    run = observe(workbench, index)
    assert any(f"{name}: not attempted yet" in text for text in run["texts"]), run
    assert run["red_lines"] == [] and "error" not in run["types"], run

