"""Every relative link in a notebook's markdown leads to a file that exists.

JupyterLab opens a clicked link as a document: a link to a folder raises an error
dialog ("... is a directory, not a file"), a link to a missing file another one.
The browser suite (tests_browser/) clicks every link in JupyterLab itself; this
test reads them, so a broken link fails the main suite too.
"""

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("notebooks", "exercises", "solutions")
NOTEBOOKS = sorted(p for folder in FOLDERS for p in (ROOT / folder).glob("*.ipynb"))
LINK = re.compile(r"\]\(([^)\s]+)\)")
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def relative_links(notebook: Path) -> list[str]:
    links = []
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type == "markdown":
            shown = COMMENT.sub("", cell.source)  # a link in an HTML comment is never rendered
            links += [t for t in LINK.findall(shown) if not re.match(r"[a-z][a-z0-9+.-]*:|#", t)]
    return links


def problems(notebook: Path) -> list[str]:
    found = []
    for link in relative_links(notebook):
        target = (notebook.parent / link.split("#")[0]).resolve()
        if target.is_dir():
            found.append(f"{link} is a folder: link to a file in it")
        elif not target.is_file():
            found.append(f"{link} does not exist")
    return found


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_relative_link_leads_to_a_file(notebook):
    assert problems(notebook) == [], f"{notebook.relative_to(ROOT)}: {problems(notebook)}"


def test_the_links_are_read():
    assert "03_padded_strings.ipynb" in relative_links(ROOT / "notebooks" / "02_sum_pairs.ipynb")


def test_the_link_check_can_fail(tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "there.ipynb").write_text("{}")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "[a folder](folder/) [missing](gone.ipynb) [fine](there.ipynb) [web](https://example.org) [anchor](#top)")])
    path = tmp_path / "n.ipynb"
    nbformat.write(notebook, path)
    assert problems(path) == ["folder/ is a folder: link to a file in it", "gone.ipynb does not exist"]
