"""What a student sees when running the course's notebooks in JupyterLab, from cleared copies."""

from __future__ import annotations

import nbformat
import pytest
from labdriver import ROOT

NOTEBOOK_02 = "notebooks/02_sum_pairs.ipynb"


def metadata(path) -> tuple[dict, list[dict]]:
    notebook = nbformat.read(path, as_version=4)
    return notebook.metadata, [cell.metadata for cell in notebook.cells]


@pytest.fixture(scope="module")
def notebook_02(_workbench):
    """Notebook 02, cleared, run with Run > Run All Cells and saved with File > Save Notebook."""
    bench = _workbench
    bench.start(NOTEBOOK_02)
    seen = {"outputs before": bench.outputs().count()}
    bench.run_all()
    seen["texts"] = bench.outputs().all_inner_texts()
    image = bench.outputs().locator("img")
    seen["images"] = image.count()
    if seen["images"]:
        image.first.scroll_into_view_if_needed()
        seen["image loaded"] = image.first.evaluate("img => img.complete && img.naturalWidth > 0")
    seen["red boxes"] = bench.stderr_boxes().all_inner_texts()
    bench.save()
    bench.finish()
    return seen


def test_notebook_02_runs_all_and_shows_the_chapter_pair(notebook_02):
    assert notebook_02["outputs before"] == 0, "the copy should be cleared of its stored outputs"
    assert any(text.strip() == "[[3, 10]] [13]" for text in notebook_02["texts"]), notebook_02["texts"]
    assert notebook_02["red boxes"] == []


def test_notebook_02s_figure_loads_as_an_image(notebook_02):
    assert notebook_02["images"] == 1
    assert notebook_02["image loaded"], "the figure did not load as an image"


def test_saving_after_a_run_changes_the_outputs_not_the_metadata(notebook_02, lab):
    """Stored notebooks carry nothing JupyterLab drops, so a save leaves their metadata alone."""
    assert metadata(lab.root / NOTEBOOK_02) == metadata(ROOT / NOTEBOOK_02)
    saved = nbformat.read(lab.root / NOTEBOOK_02, as_version=4)
    assert any(cell.get("outputs") for cell in saved.cells), "the run's outputs were not saved"


def test_notebook_07_shows_the_layer_table_with_52212_parameters(workbench):
    workbench.start("notebooks/07_define_and_compile.ipynb")
    workbench.run_all()
    html = workbench.outputs(mime="text/html")
    tables = [text for text in html.all_inner_texts() if "Layer (type)" in text]
    assert len(tables) == 1, html.all_inner_texts()
    table = tables[0]
    for header in ("Layer (type)", "Output Shape", "Param #"):
        assert header in table
    for row in ("encoder (LSTM)", "repeat (RepeatVector)", "decoder (LSTM)", "output (TimeDistributed)"):
        assert row in table, table
    totals = " ".join(workbench.outputs().all_inner_texts())
    assert "Total params: 52,212" in totals
    assert workbench.stderr_boxes().count() == 0, workbench.stderr_boxes().all_inner_texts()


def test_library_code_shown_in_a_notebook_fits_a_laptop_screen(workbench):
    """At 1280x800 with the file browser open, no line of ``show_source`` output wraps."""
    workbench.open("notebooks/08_fitting.ipynb")  # its stored outputs, no kernel needed
    assert workbench.page.locator(".jp-SideBar .lm-mod-current").count(), "the file browser should be open"
    blocks = workbench.outputs(mime="text/markdown").locator("pre")
    blocks.first.wait_for()  # notebook 08 shows library code with show_source
    wrapped = blocks.evaluate_all("""pres => pres.flatMap(pre => {
        const lines = pre.innerText.replace(/\\n$/, '').split('\\n');
        const height = parseFloat(getComputedStyle(pre).lineHeight);
        const shown = Math.round((pre.getBoundingClientRect().height
            - parseFloat(getComputedStyle(pre).paddingTop)
            - parseFloat(getComputedStyle(pre).paddingBottom)) / height);
        return shown > lines.length ? [`${lines.length} lines shown on ${shown}`] : [];
    })""")
    assert wrapped == [], wrapped
