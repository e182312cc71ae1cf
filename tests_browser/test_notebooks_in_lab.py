"""What a student sees when running the course's notebooks in JupyterLab, from cleared copies."""

from __future__ import annotations


def test_notebook_02_runs_all_and_shows_the_chapter_pair_and_its_figure(workbench):
    workbench.open("notebooks/02_sum_pairs.ipynb", kernel=True)
    workbench.wait_for_kernel()
    assert workbench.outputs().count() == 0, "the copy should be cleared of its stored outputs"
    workbench.run_all()
    texts = workbench.outputs().all_inner_texts()
    assert any(text.strip() == "[[3, 10]] [13]" for text in texts), texts
    image = workbench.outputs().locator("img")
    assert image.count() == 1
    image.scroll_into_view_if_needed()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0"), "the figure did not load as an image"
    assert workbench.stderr_boxes().count() == 0, workbench.stderr_boxes().all_inner_texts()


def test_notebook_07_shows_the_layer_table_with_52212_parameters(workbench):
    workbench.open("notebooks/07_define_and_compile.ipynb", kernel=True)
    workbench.wait_for_kernel()
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
