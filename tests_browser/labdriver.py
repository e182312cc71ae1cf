"""Start the course's JupyterLab for the browser suite, talk to its REST API, and drive its pages.

The server is started the way a student starts it, ``python3 course.py lab``
(``course.main(["lab", ...])``), on a copy of the course in a temporary folder,
so nothing the suite does can touch the working tree. Only the step that builds
``.venv`` is skipped: the suite already runs inside the course's environment.

Temporary JupyterLab settings (see :func:`write_settings`) switch off what would
get in a test's way: the news pop-up and the update check, autosave, and the
notebook's windowing (which leaves cells off screen out of the page).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER_VARIABLE = "COURSE_BROWSER"  # path of a Chromium binary; else the first of BROWSERS on PATH
REQUIRE_VARIABLE = "COURSE_REQUIRE_BROWSER"  # "1": no browser is a failure, not a skip (CI sets it)
ARTIFACTS_VARIABLE = "COURSE_BROWSER_ARTIFACTS"  # where screenshots of failed tests go
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")
# Notebooks left with their stored outputs in the copy (the jupytext view shows 03's, 08 is
# read for its displayed library code); all others are cleared, so that every test that runs
# a notebook sees what the run produced.
KEEP_OUTPUTS = ("notebooks/03_padded_strings.ipynb", "notebooks/08_fitting.ipynb")

# Settings a student would choose differently; for the suite only. Each file is what
# JupyterLab's Settings Editor would write to the user-settings folder.
SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none", "kernelShutdown": True},
}
# No browser of its own, no news feed, no update check; window.jupyterapp lets a test open a
# document by path, as the file browser would, without clicking through folders. A notebook
# starts a kernel only when a test asks for one (Workbench.open): opening the thirty notebooks
# that links lead to must not start thirty kernels on two cores.
SERVER_OPTIONS = ("--no-browser", "--ServerApp.port_retries=0", "--LabApp.news_url=None",
                  "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                  "--LabApp.expose_app_in_browser=True", "--LabApp.notebook_starts_kernel=False")

# course.main(["lab", ...]) on the copy, with the environment the suite already runs in.
LAUNCH = """\
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import course
course.ROOT = Path(sys.argv[2])
course.ensure_environment = lambda: Path(sys.executable)
sys.exit(course.main(["lab", *sys.argv[3:]]))
"""


def find_browser() -> str | None:
    """The Chromium to drive: ``$COURSE_BROWSER`` if set, else the first Chromium on ``PATH``."""
    chosen = os.environ.get(BROWSER_VARIABLE)
    if chosen:
        return chosen if Path(chosen).is_file() else None
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def git_status() -> str:
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout


def copy_course(target: Path) -> Path:
    """Copy the tracked files of the course to ``target``, notebooks cleared of their outputs."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, tracked.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / name)
    now = time.time()
    for notebook in sorted(target.glob("*/*.ipynb")):
        if notebook.relative_to(target).as_posix() not in KEEP_OUTPUTS:
            clear(notebook)
        for path in (notebook, notebook.with_suffix(".py")):  # a pair must look saved together
            if path.exists():
                os.utime(path, (now, now))
    return target


def clear(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(notebook, path)


def write_settings(folder: Path) -> Path:
    for name, values in SETTINGS.items():
        path = folder / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    return folder


@dataclass
class Lab:
    """A running ``course.py lab``: its process, address and token."""

    process: subprocess.Popen
    root: Path
    port: int
    token: str
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "lab") -> str:
        joiner = "&" if "?" in path else "?"
        return f"{self.base}/{path}{joiner}token={self.token}"

    def api(self, method: str, path: str, body: dict | None = None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.base}/api/{path}", method=method, data=data,
                                         headers={"Authorization": f"token {self.token}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def kernels(self) -> list[dict]:
        return self.api("GET", "kernels")

    def shut_down_kernels(self) -> None:
        """Delete every session and kernel (one that is already going away is fine)."""
        for kind in ("sessions", "kernels"):
            for item in self.api("GET", kind):
                try:
                    self.api("DELETE", f"{kind}/{item['id']}")
                except urllib.error.HTTPError as error:
                    if error.code != 404:
                        raise

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM to course.py, as a terminal or a service manager would send; its exit code."""
        if self.process.poll() is None:
            self.process.terminate()
        return self.process.wait(timeout)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def start_lab(root: Path, scratch: Path, *, timeout: float = 90) -> Lab:
    """``course.py lab`` on the course copy ``root``; JupyterLab's state goes to ``scratch``."""
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ)
    for variable, folder in (("JUPYTERLAB_SETTINGS_DIR", "settings"), ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
                             ("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                             ("IPYTHONDIR", "ipython")):
        env[variable] = str(scratch / folder)
        (scratch / folder).mkdir(parents=True, exist_ok=True)
    write_settings(scratch / "settings")
    log = scratch / "lab.log"
    args = [*SERVER_OPTIONS, f"--port={port}", f"--IdentityProvider.token={token}"]
    with log.open("wb") as sink:
        process = subprocess.Popen([sys.executable, "-c", LAUNCH, str(ROOT), str(root), *args],
                                   stdout=sink, stderr=subprocess.STDOUT, env=env)
    lab = Lab(process, root, port, token, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"course.py lab exited with {process.returncode}:\n{lab.output()}")
        try:
            lab.api("GET", "status")
            return lab
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    lab.stop()
    raise RuntimeError(f"course.py lab did not answer within {timeout} s:\n{lab.output()}")


def load_module(relative: str, name: str):
    """A Python file of the course (course.py, a test module) as a module."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / relative)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_course_module():
    """course.py as a module, for its process helpers."""
    return load_module("course.py", "course_for_browser_tests")


# ---------------------------------------------------------------- the page


class Workbench:
    """One JupyterLab page, reused by every test (a fresh page costs seconds of loading)."""

    def __init__(self, page, lab: Lab):
        self.page, self.lab = page, lab

    def load(self) -> None:
        self.page.goto(self.lab.url("lab?reset"))
        self.page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell")
        self.page.locator(".jp-DirListing-item").first.wait_for()

    def close_all(self) -> None:
        """Close every document, unsaved changes dropped, and every dialog."""
        self.page.evaluate("""() => {
            for (const widget of [...window.jupyterapp.shell.widgets('main')]) {
                if (widget.context) { widget.context.model.dirty = false; }
                widget.dispose();
            }
            document.querySelectorAll('.jp-Dialog').forEach(d => d.remove());
        }""")

    def open(self, path: str, factory: str | None = None, *, kernel: bool = False):
        """Open ``path`` as the file browser would and wait for it to show.

        ``factory`` is a viewer as in Open With; ``kernel=True`` starts the notebook's
        kernel, as opening a notebook does with JupyterLab's default settings.
        """
        args = {"path": path}
        if factory:
            args["factory"] = factory
        if kernel:
            args["kernelPreference"] = {"shouldStart": True, "name": "python3"}
        self.page.evaluate("(args) => window.jupyterapp.commands.execute('docmanager:open', args)"
                           ".then(() => null)", args)
        return self.wait_for_document(path)

    def start(self, path: str):
        """Close everything, open notebook ``path`` with its kernel, and wait until the kernel is idle."""
        self.close_all()
        panel = self.open(path, kernel=True)
        self.wait_for_kernel()
        return panel

    def finish(self) -> None:
        """Close everything and shut every kernel down."""
        self.close_all()
        self.lab.shut_down_kernels()

    def current_path(self) -> str | None:
        return self.page.evaluate("() => { const w = window.jupyterapp.shell.currentWidget; "
                                  "return w && w.context ? w.context.path : null; }")

    def wait_for_document(self, path: str):
        self.page.wait_for_function("(path) => { const w = window.jupyterapp.shell.currentWidget; "
                                    "return w && w.context && w.context.path === path && w.context.isReady "
                                    "&& w.isVisible; }", arg=path)
        return self.page.locator(".jp-MainAreaWidget:not(.lm-mod-hidden)").last

    def wait_for_kernel(self, timeout: float = 90_000) -> None:
        self.page.wait_for_function("""() => {
            const w = window.jupyterapp.shell.currentWidget;
            const s = w && w.sessionContext;
            return s && s.session && s.session.kernel && s.session.kernel.status === 'idle'; }""",
                                    timeout=timeout)

    def notebook(self):
        return self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")

    def cell_sources(self) -> list[tuple[str, str]]:
        return self.page.evaluate("""() => window.jupyterapp.shell.currentWidget.content.widgets.map(
            c => [c.model.type, c.model.sharedModel.getSource()])""")

    def cell(self, index: int):
        return self.notebook().locator(".jp-Cell").nth(index)

    def menu(self, *names: str) -> None:
        """Click through the menu bar, e.g. ``menu("Run", "Run All Cells")``."""
        self.page.get_by_role("menuitem", name=names[0], exact=True).click()
        for name in names[1:]:
            self.page.locator(".lm-Menu").get_by_role("menuitem", name=name).first.click()

    def wait_for_counts(self, indices: list[int], timeout: float = 120_000) -> None:
        """Wait until every code cell of ``indices`` has run (an execution count, no ``[*]``)."""
        self.page.wait_for_function("""(indices) => {
            const cells = window.jupyterapp.shell.currentWidget.content.widgets;
            return indices.every(i => cells[i].model.type !== 'code' || (
                cells[i].model.executionCount !== null && cells[i].promptNode &&
                !cells[i].promptNode.textContent.includes('*')));
        }""", arg=indices, timeout=timeout)

    def run_all(self) -> None:
        self.menu("Run", "Run All Cells")
        self.wait_for_counts(list(range(len(self.cell_sources()))))

    def save(self) -> None:
        """File > Save Notebook, and wait until the document is no longer dirty."""
        self.menu("File", "Save Notebook")
        self.page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty")

    def outputs(self, index: int | None = None, mime: str | None = None):
        """The outputs of cell ``index`` (of the whole notebook if None), of one MIME type if given."""
        scope = self.notebook() if index is None else self.cell(index)
        return scope.locator(".jp-OutputArea-output" + (f'[data-mime-type="{mime}"]' if mime else ""))

    def stderr_boxes(self, index: int | None = None):
        """The red boxes: JupyterLab shows text on stderr (warnings) and tracebacks alike as stderr."""
        return self.outputs(index, mime="application/vnd.jupyter.stderr")

    def output_types(self, index: int) -> list[str]:
        """The kernel's output types of cell ``index``: ``stream``, ``error``, ``display_data``, ..."""
        return self.page.evaluate("(i) => window.jupyterapp.shell.currentWidget.content.widgets[i]"
                                  ".model.outputs.toJSON().map(o => o.output_type)", index)
