#!/usr/bin/env python3
"""Set up and run the course with one command each (standard library only).

    python3 course.py lab     # open the course in JupyterLab
    python3 course.py test    # run every test: unit tests, every notebook under nbval, the browser suite

Either command first creates a virtual environment in .venv and installs the
project into it (pyproject.toml, with the dev extras) if that has not been done
yet, or if pyproject.toml changed since. Extra arguments after ``lab`` go to
JupyterLab, and extra arguments after ``test`` go to pytest, e.g.
``python3 course.py test tests -x``.

``lab`` first gives you a workspace: the folder workspace/ (ignored by git) with
your own copy of every exercise notebook. A copy is made only where none exists
yet, so your work there is never overwritten. Run as root (in a container, say),
``lab`` adds JupyterLab's --allow-root. Ctrl+C (or SIGTERM) stops JupyterLab and
every kernel it started. Both commands let JAX keep what it compiles in
~/.cache/addition-course/jax (JAX_COMPILATION_CACHE_DIR chooses another folder), so a
model of a shape met before starts without compiling again.

Keras backend: the course trains on JAX unless the environment variable
KERAS_BACKEND names another one (jax, tensorflow or torch), for example
``KERAS_BACKEND=tensorflow python3 course.py lab``. TensorFlow comes with the
course; PyTorch is an optional extra: ``.venv/bin/python -m pip install -e ".[torch]"``.

``test`` runs the unit tests and every notebook under nbval on the chosen backend,
with the training-heavy solution notebooks on small budgets (COURSE_QUICK=1) so that
the whole suite stays fast; ``test --full`` runs them on the full budgets a student
gets. Without extra arguments, and with KERAS_BACKEND unset, it then runs the unit
tests of the library's Keras core on TensorFlow and a smoke test on PyTorch (if
installed), beside the browser suite (tests_browser/), which drives JupyterLab in
Chromium; it skips, saying why, when no Chromium is installed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".course-installed"
COMMANDS = ("lab", "test", "setup")
PARALLEL = ["-n", "2", "--dist", "loadscope", "--no-loadscope-reorder"]  # order: conftest.py
WORKSPACE = "workspace"  # the student's folder, under the course's root; ignored by git
WORKSPACE_SOURCES = ("exercises",)  # folders whose notebooks get a working copy there
BROWSER_SUITE = "tests_browser"
# JAX keeps what it compiles on disk, so a model of a shape it has met before (in another
# notebook, test or run) trains without compiling again; the compiled code is the same, so
# are the results. Used by the lab and the tests; a variable already set wins.
JAX_COMPILATION_CACHE = {
    "JAX_COMPILATION_CACHE_DIR": str(Path.home() / ".cache" / "addition-course" / "jax"),
    "JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS": "0",  # small programs too: they add up
    "JAX_COMPILATION_CACHE_MAX_SIZE": str(2**30),  # bytes; the oldest entries go first
}
STOP_TIMEOUT = 15.0  # seconds JupyterLab gets to shut its kernels down before it is killed


def venv_python() -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    return VENV / scripts / ("python.exe" if os.name == "nt" else "python")


def _pyproject_hash() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_environment() -> Path:
    if sys.version_info < (3, 10):  # noqa: UP036 - students may run an old python3
        sys.exit(f"The course needs Python 3.10 or newer; this is {sys.version.split()[0]}.")
    python = venv_python()
    if STAMP.exists() and python.exists() and STAMP.read_text() == _pyproject_hash():
        return python
    if not python.exists():
        print(f"Creating the course environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing the course's packages (first run only; a few minutes) ...", flush=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(_pyproject_hash())
    return python


# ---------------------------------------------------------------- lab


def prepare_workspace(root: Path | None = None) -> list[Path]:
    """Copy every exercise notebook into ``root/workspace`` where no copy exists yet; return the new copies.

    An existing copy is never touched, so a student's work survives every later
    ``course.py lab``. Deleting a copy and starting ``lab`` again gives a fresh one.
    """
    root = Path(root or ROOT)
    workspace = root / WORKSPACE
    workspace.mkdir(exist_ok=True)
    created = []
    for folder in WORKSPACE_SOURCES:
        for notebook in sorted((root / folder).glob("*.ipynb")):
            copy = workspace / notebook.name
            if copy.exists():
                continue
            shutil.copyfile(notebook, copy)
            created.append(copy)
    return created


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def lab_command(python: Path | str, args: list[str]) -> list[str]:
    """The JupyterLab command line; as root it carries --allow-root, which JupyterLab insists on."""
    command = [str(python), "-m", "jupyter", "lab", *args]
    if running_as_root() and "--allow-root" not in args:
        command.append("--allow-root")
    return command


class _Stop(Exception):
    """Raised by the signal handler so that the wait for JupyterLab ends."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _raise_stop(signum, frame):
    raise _Stop(signum)


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (Linux), or None if there is no such process."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def _alive(pid: int, start: str) -> bool:
    """Whether ``pid`` still runs and is the process that started at ``start`` (not a zombie, not a reuse)."""
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z" and fields[19] == start


def _descendants(pid: int) -> list[tuple[int, str]]:
    """Every process below ``pid`` with its start time (Linux only; elsewhere an empty list).

    Jupyter starts each kernel in a session of its own, so a kernel is not in
    JupyterLab's process group: it is found here, through its parent.
    """
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        fields = _stat(int(stat.parent.name))
        if fields is not None:
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, stack = [], list(children.get(pid, []))
    while stack:
        child = stack.pop()
        fields = _stat(child)
        if fields is not None:
            found.append((child, fields[19]))
        stack.extend(children.get(child, []))
    return found


def _signal_group(pid: int, signum: int) -> None:
    """Send ``signum`` to the process group led by ``pid`` (or to ``pid`` alone if it leads none)."""
    try:
        if os.getpgid(pid) == pid:
            os.killpg(pid, signum)
        else:
            os.kill(pid, signum)
    except (ProcessLookupError, PermissionError):
        pass


def stop_lab(process: subprocess.Popen, timeout: float = STOP_TIMEOUT) -> None:
    """Stop JupyterLab and every kernel it started: SIGTERM, wait up to ``timeout`` s, then SIGKILL.

    On SIGTERM JupyterLab shuts its kernels down itself; a kernel still running
    after that (say, one busy in a long computation) is ended here too.
    """
    if process.poll() is not None:
        return
    if os.name == "nt":
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        return
    below = _descendants(process.pid)
    _signal_group(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        _signal_group(process.pid, signal.SIGKILL)
        process.wait()
    left = [(pid, start) for pid, start in below if _alive(pid, start)]
    for pid, _ in left:
        _signal_group(pid, signal.SIGTERM)
    _wait_for_exit(left, timeout)
    for pid, start in left:
        if _alive(pid, start):
            _signal_group(pid, signal.SIGKILL)
    _wait_for_exit(left, 5.0)


def _wait_for_exit(processes: list[tuple[int, str]], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while any(_alive(*process) for process in processes) and time.monotonic() < deadline:
        time.sleep(0.1)


def run_lab(python: Path | str, args: list[str], *, root: Path | None = None, env: dict | None = None) -> int:
    """Start JupyterLab on the course and wait for it; SIGTERM or Ctrl+C stop it and its kernels."""
    root = Path(root or ROOT)
    created = prepare_workspace(root)
    if created:
        print(f"Made your own copies of {len(created)} exercise notebooks in {root / WORKSPACE}: "
              "work there (course.py never overwrites them).", flush=True)
    if running_as_root():
        print("Running as root: starting JupyterLab with --allow-root (it refuses root otherwise).", flush=True)
    command = lab_command(python, args)
    handled = [s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None]
    previous = {s: signal.signal(s, _raise_stop) for s in handled}
    process = None
    try:
        if os.name == "nt":
            flags = subprocess.CREATE_NEW_PROCESS_GROUP
            process = subprocess.Popen(command, cwd=root, env=env, creationflags=flags)
        else:
            process = subprocess.Popen(command, cwd=root, env=env, start_new_session=True)
        return process.wait()
    except _Stop as stop:
        print("\nStopping JupyterLab and its kernels ...", flush=True)
        for s in handled:  # a second Ctrl+C must not cut the shutdown short
            signal.signal(s, signal.SIG_IGN)
        if process is not None:
            stop_lab(process)
        print("JupyterLab has stopped.", flush=True)
        return 128 + stop.signum
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


# ---------------------------------------------------------------- test


def backends_module():
    """addition_lib/backends.py, which needs only the standard library: the default and the names."""
    spec = importlib.util.spec_from_file_location("_course_backends", ROOT / "addition_lib" / "backends.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def is_installed(python: Path | str, module: str) -> bool:
    check = f"import importlib.util, sys; sys.exit(importlib.util.find_spec({module!r}) is None)"
    return subprocess.run([str(python), "-c", check], cwd=ROOT).returncode == 0


def other_backend_passes(python: Path | str, default: str) -> list[tuple[str, list[str], str]]:
    """``(backend, pytest arguments, what)`` for the passes on the backends other than ``default``.

    TensorFlow runs the unit tests of the library's Keras core (marked ``keras``: building,
    training, scoring, saving and loading); PyTorch, if
    installed, the backend tests (choosing, announcing, saving and loading across backends)
    and one short training run.
    """
    passes = []
    if default != "tensorflow":
        passes.append(("tensorflow", ["tests", "-m", "keras"], "the Keras core's unit tests"))
    if default != "torch":
        if is_installed(python, "torch"):
            passes.append(("torch", ["tests", "-m", "smoke"], "a smoke test"))
        else:
            print("PyTorch is not installed, so its smoke test is skipped "
                  '(to add it: .venv/bin/python -m pip install -e ".[torch]")', flush=True)
    return passes


def run_pass(args: list[str], env: dict, *, output=None) -> int:
    """Run one pytest pass from the course's root; its output goes to the terminal, or to
    the open file ``output``."""
    if output is None:
        return subprocess.call(args, cwd=ROOT, env=env)
    return subprocess.call(args, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)


def run_tests(python: Path | str, rest: list[str], env: dict, *, every_backend: bool = True) -> int:
    """The main suite under nbval on the chosen backend; with no extra arguments, then the
    passes on the other backends and the browser suite.

    The browser suite mostly waits for JupyterLab and Chromium (about 60% of one core), and
    an other-backend pass keeps at most one core busy, so they all run side by side: the
    browser suite's output as it comes, each other pass's output after it, in order.
    """
    pytest = [str(python), "-m", "pytest", "--nbval", "--nbval-current-env"]
    # Two processes share the main suite (pytest-xdist); a notebook's cells stay together.
    code = run_pass([*pytest, *(rest or PARALLEL)], env)
    if rest or code not in (0, 1):
        return code
    failed = [] if code == 0 else ["the main suite"]
    backends = backends_module()
    passes = other_backend_passes(python, env["KERAS_BACKEND"]) if every_backend else []
    commands = []  # (pytest command, environment, heading, name in a failure)
    for backend, arguments, what in passes:
        name = f"{what} on {backends.BACKENDS.get(backend, backend)}"
        commands.append(([str(python), "-m", "pytest", "-q", *arguments], dict(env, KERAS_BACKEND=backend),
                         f"{name[0].upper()}{name[1:]} (KERAS_BACKEND={backend})", name))
    # Each pass in a thread of its own, its output kept in a file until the browser suite ends.
    logs = [tempfile.TemporaryFile("w+") for _ in commands]
    codes = [None] * len(commands)

    def run_side(index):
        args, pass_env, _, _ = commands[index]
        codes[index] = run_pass(args, pass_env, output=logs[index])

    threads = [threading.Thread(target=run_side, args=(index,)) for index in range(len(commands))]
    for thread in threads:
        thread.start()
    browser_code = 0
    if (ROOT / BROWSER_SUITE).is_dir():
        if commands:
            print("\nThe passes on other backends run beside the browser suite; their output follows "
                  "its own.", flush=True)
        print(f"\nThe browser suite ({BROWSER_SUITE}/): JupyterLab in Chromium", flush=True)
        browser_code = run_pass([str(python), "-m", "pytest", "-rs", BROWSER_SUITE], env)
    for thread in threads:
        thread.join()
    for (_, _, title, name), log, side_code in zip(commands, logs, codes, strict=True):
        print(f"\n{title}", flush=True)
        log.seek(0)
        sys.stdout.write(log.read())
        sys.stdout.flush()
        log.close()
        if side_code != 0:
            failed.append(name)
    if browser_code != 0:
        failed.append("the browser suite")
    if failed:
        print("\nFailed: " + "; ".join(failed), file=sys.stderr)
        return 1
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0 if argv else 2
    if argv[0] not in COMMANDS:
        print(f"course.py: unknown command {argv[0]!r}; use one of {', '.join(COMMANDS)} (--help explains them)",
              file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    python = ensure_environment()
    env = dict(os.environ)
    if command == "setup":
        return 0
    backends = backends_module()
    chosen = env.get("KERAS_BACKEND", "").strip()
    env["KERAS_BACKEND"] = chosen or backends.DEFAULT_BACKEND
    for variable, value in JAX_COMPILATION_CACHE.items():
        env.setdefault(variable, value)
    if command == "lab":
        return run_lab(python, rest, env=env)
    if "--full" in rest:
        rest.remove("--full")
        env["COURSE_QUICK"] = "0"
    else:
        env.setdefault("COURSE_QUICK", "1")
    return run_tests(python, rest, env, every_backend=not chosen)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
