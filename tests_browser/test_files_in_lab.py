"""Opening files in JupyterLab: a paired .py as a notebook, and every relative link in every notebook."""

from __future__ import annotations

import posixpath
import re
import urllib.parse

import jupytext
import nbformat
from labdriver import ROOT, load_module

PAIRED_SCRIPT = "notebooks/03_padded_strings.py"  # its .ipynb keeps its stored outputs in the copy
FOLDERS = ("notebooks", "exercises", "solutions")


def test_a_paired_script_opens_as_a_notebook_with_its_outputs(workbench):
    folder, name = PAIRED_SCRIPT.split("/")
    page = workbench.page
    page.locator(".jp-DirListing-item", has_text=re.compile(rf"^{folder}")).dblclick()
    page.locator(f".jp-DirListing-item[title*='{name}']").click(button="right")
    page.locator(".lm-Menu-item", has_text="Open With").click()
    page.locator(".lm-Menu-item", has_text="Jupytext Notebook").click()
    workbench.wait_for_document(PAIRED_SCRIPT)
    stored = nbformat.read(ROOT / PAIRED_SCRIPT.replace(".py", ".ipynb"), as_version=4)
    assert len(workbench.cell_sources()) == len(jupytext.read(ROOT / PAIRED_SCRIPT).cells)
    assert workbench.notebook().count() == 1, "the script did not open as a notebook"
    expected = [output.text.strip() for cell in stored.cells if cell.cell_type == "code"
                for output in cell.outputs if output.output_type == "stream"]
    assert expected, "the stored notebook should have printed outputs"
    shown = [text.strip() for text in workbench.outputs().all_inner_texts()]
    missing = [text for text in expected if text not in shown]
    assert not missing, f"outputs of the stored run not shown: {missing}"


def relative_links() -> list[tuple[str, str]]:
    """(notebook, link) for every relative link in the markdown of every notebook, as the main suite reads them."""
    reader = load_module("tests/test_notebook_links.py", "notebook_links")
    return [(path.relative_to(ROOT).as_posix(), link) for path in reader.NOTEBOOKS
            for link in reader.relative_links(path)]


def test_the_links_are_found():
    links = relative_links()
    assert len(links) >= 20 and ("notebooks/02_sum_pairs.ipynb", "03_padded_strings.ipynb") in links


def link_page(root, folder: str, links: list[tuple[str, str]]) -> str:
    """A notebook in ``folder`` of the course copy holding every markdown cell there that has a link.

    JupyterLab resolves a link from the folder of the notebook it is in, so a cell shows
    the same links here as in its own notebook; one page per folder saves opening
    twenty-five notebooks only to reach their links.
    """
    cells = []
    for path in sorted((root / folder).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown" and any(f"]({target})" in cell.source for _, target in links):
                cells.append(nbformat.v4.new_markdown_cell(f"From `{path.name}`:\n\n{cell.source}"))
    page = nbformat.v4.new_notebook(cells=cells)
    name = f"{folder}/_every_link_of_{folder}.ipynb"
    nbformat.write(page, root / name)
    return name


def test_every_relative_link_in_every_notebook_opens_without_an_error(workbench, lab):
    """Click each link as rendered by JupyterLab; an error dialog (e.g. a folder link) fails it.

    JupyterLab opens a clicked link by the path it resolved it to; a second link that
    resolves to the same path is checked to do so, and that path is opened once.
    """
    expected = relative_links()
    page = workbench.page
    files = f"{lab.base}/files/"
    anchors = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedMarkdown a")
    links_seen, opened, failures = 0, {}, []
    for folder in FOLDERS:
        mine = [(source, target) for source, target in expected if source.startswith(folder + "/")]
        if not mine:
            continue
        links = link_page(lab.root, folder, mine)
        workbench.open(links)
        # Rendering and resolving links is asynchronous: wait until every link points at a file.
        page.wait_for_function("""([files, count]) => [...document.querySelectorAll(
            '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedMarkdown a')].filter(
            a => (a.getAttribute('href') || '').startsWith(files)).length === count""", arg=[files, len(mine)])
        hrefs = anchors.evaluate_all("els => els.map(e => e.getAttribute('href'))")
        for position, href in enumerate(hrefs):
            if not href.startswith(files):
                continue
            links_seen += 1
            target = urllib.parse.unquote(href[len(files):].split("?")[0])
            if target in opened:
                continue
            anchors.nth(position).click()
            page.wait_for_function("""(target) => {
                const w = window.jupyterapp.shell.currentWidget;
                return document.querySelector('.jp-Dialog') ||
                       (w && w.context && w.context.path === target && w.context.isReady); }""", arg=target)
            dialogs = page.locator(".jp-Dialog")
            opened[target] = " ".join(dialogs.all_inner_texts())
            while dialogs.count():  # a folder link raises the same dialog more than once
                dialogs.first.locator(".jp-Dialog-footer button").last.click()
                page.wait_for_timeout(200)
            page.evaluate("""(links) => {
                for (const w of [...window.jupyterapp.shell.widgets('main')]) {
                    if (w.context && w.context.path !== links) { w.context.model.dirty = false; w.dispose(); }
                }}""", links)
            workbench.wait_for_document(links)
        workbench.close_all()
    for source, target in expected:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
        if opened.get(resolved):
            failures.append(f"{source}: link {target} -> {resolved}: {opened[resolved]}")
    assert not failures, "\n".join(failures)
    assert links_seen == len(expected), f"JupyterLab showed {links_seen} links, the notebooks have {len(expected)}"
