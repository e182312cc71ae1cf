"""course.py: the two set-up commands of the README, without installing anything."""

import importlib.util
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def course(monkeypatch):
    spec = importlib.util.spec_from_file_location("course", ROOT / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    calls = []
    monkeypatch.setattr(module, "ensure_environment", lambda: Path("/venv/bin/python"))
    monkeypatch.setattr(module.subprocess, "call", lambda args, cwd, env, **_: calls.append((args, env)) or 0)
    module.calls = calls
    return module


PYTEST = ["/venv/bin/python", "-m", "pytest", "--nbval", "--nbval-current-env"]
MAIN_SUITE = [*PYTEST, "-n", "2", "--dist", "loadscope", "--no-loadscope-reorder"]


def test_test_runs_pytest_with_nbval_on_small_budgets(course, monkeypatch):
    monkeypatch.delenv("COURSE_QUICK", raising=False)
    monkeypatch.delenv("KERAS_BACKEND", raising=False)
    assert course.main(["test", "tests", "-x"]) == 0
    (args, env), = course.calls
    assert args == [*PYTEST, "tests", "-x"]
    assert env["COURSE_QUICK"] == "1" and env["KERAS_BACKEND"] == "jax"


BROWSER = ["/venv/bin/python", "-m", "pytest", "-rs", "tests_browser"]
ON_TENSORFLOW = ["/venv/bin/python", "-m", "pytest", "-q", "tests", "-m", "keras"]
ON_TORCH = ["/venv/bin/python", "-m", "pytest", "-q", "tests", "-m", "smoke"]


@pytest.fixture
def no_torch(course, monkeypatch):
    monkeypatch.setattr(course, "is_installed", lambda python, module: False)
    monkeypatch.delenv("KERAS_BACKEND", raising=False)


def test_test_full_runs_the_full_budgets(course, no_torch):
    assert course.main(["test", "--full"]) == 0
    assert course.calls and all(env["COURSE_QUICK"] == "0" and "--full" not in args
                                for args, env in course.calls)


def test_plain_test_runs_the_main_suite_then_the_other_backends_then_the_browser(course, monkeypatch):
    monkeypatch.delenv("COURSE_QUICK", raising=False)
    monkeypatch.delenv("KERAS_BACKEND", raising=False)
    monkeypatch.setattr(course, "is_installed", lambda python, module: module == "torch")
    assert course.main(["test"]) == 0
    runs = [(args, env["KERAS_BACKEND"]) for args, env in course.calls]
    assert runs[0] == (MAIN_SUITE, "jax")
    # The other backends' passes run beside the browser suite, each in a process of its own.
    assert sorted(runs[1:]) == sorted([(ON_TENSORFLOW, "tensorflow"), (ON_TORCH, "torch"), (BROWSER, "jax")])
    assert all(env["COURSE_QUICK"] == "1" for _, env in course.calls)


def test_plain_test_skips_pytorch_when_it_is_not_installed_and_says_so(course, no_torch, capsys):
    assert course.main(["test"]) == 0
    assert course.calls[0][0] == MAIN_SUITE
    assert sorted(args for args, _ in course.calls[1:]) == sorted([ON_TENSORFLOW, BROWSER])
    assert "PyTorch is not installed" in capsys.readouterr().out


def test_the_other_backends_run_beside_the_browser_suite_and_print_after_it(course, monkeypatch, capsys):
    monkeypatch.delenv("KERAS_BACKEND", raising=False)
    monkeypatch.setattr(course, "is_installed", lambda python, module: module == "torch")
    reports = {tuple(ON_TENSORFLOW): "the TensorFlow pass's report", tuple(ON_TORCH): "the PyTorch pass's report",
               tuple(BROWSER): "the browser suite's report"}
    started = {args: threading.Event() for args in reports}

    def call(args, cwd, env, stdout=None, stderr=None):
        if tuple(args) not in reports:
            return 0
        # Each waits until the other two have started: one after another, they would time out.
        started[tuple(args)].set()
        print(reports[tuple(args)], file=stdout or sys.stdout, flush=True)
        return 0 if all(event.wait(timeout=10) for event in started.values()) else 1

    monkeypatch.setattr(course.subprocess, "call", call)
    assert course.main(["test"]) == 0
    out = capsys.readouterr().out
    assert out.index("the browser suite's report") < out.index("on TensorFlow (KERAS_BACKEND=tensorflow)") \
        < out.index("the TensorFlow pass's report") < out.index("on PyTorch (KERAS_BACKEND=torch)") \
        < out.index("the PyTorch pass's report")


@pytest.mark.parametrize("failing, named", [(MAIN_SUITE, "the main suite"),
                                            (ON_TENSORFLOW, "the Keras core's unit tests on TensorFlow"),
                                            (BROWSER, "the browser suite")])
def test_a_failing_pass_fails_the_command_and_is_named(course, no_torch, monkeypatch, capsys, failing, named):
    monkeypatch.setattr(course.subprocess, "call",
                        lambda args, cwd, env, **_: course.calls.append((args, env)) or int(args == failing))
    assert course.main(["test"]) == 1
    assert len(course.calls) == 3  # the other passes still run
    assert f"Failed: {named}" in capsys.readouterr().err


def test_an_interrupted_main_suite_stops_there(course, no_torch, monkeypatch):
    monkeypatch.setattr(course.subprocess, "call", lambda args, cwd, env, **_: course.calls.append(args) or 2)
    assert course.main(["test"]) == 2
    assert len(course.calls) == 1


def test_a_chosen_backend_runs_the_main_suite_on_it_and_the_browser_suite(course, monkeypatch):
    monkeypatch.setenv("KERAS_BACKEND", "tensorflow")
    assert course.main(["test"]) == 0
    assert [(args, env["KERAS_BACKEND"]) for args, env in course.calls] == [
        (MAIN_SUITE, "tensorflow"), (BROWSER, "tensorflow")]


def test_lab_opens_jupyterlab_on_the_default_backend(course, monkeypatch):
    monkeypatch.delenv("KERAS_BACKEND", raising=False)
    monkeypatch.setattr(course, "run_lab", lambda python, args, env: course.calls.append((args, env)) or 0)
    assert course.main(["lab"]) == 0
    (args, env), = course.calls
    assert env["KERAS_BACKEND"] == "jax"


def test_lab_keeps_a_chosen_backend(course, monkeypatch):
    monkeypatch.setenv("KERAS_BACKEND", "torch")
    monkeypatch.setattr(course, "run_lab", lambda python, args, env: course.calls.append((args, env)) or 0)
    assert course.main(["lab"]) == 0
    (_, env), = course.calls
    assert env["KERAS_BACKEND"] == "torch"


def test_lab_runs_jupyterlab_with_the_extra_arguments(course, monkeypatch):
    runs = []
    monkeypatch.setattr(course, "run_lab", lambda python, args, env: runs.append((python, args)) or 0)
    assert course.main(["lab", "--port=9999"]) == 0
    assert runs == [(Path("/venv/bin/python"), ["--port=9999"])]


@pytest.mark.parametrize("uid, allow", [(0, True), (1000, False)])
def test_lab_adds_allow_root_only_for_root(course, monkeypatch, uid, allow):
    monkeypatch.setattr(course.os, "geteuid", lambda: uid, raising=False)
    command = course.lab_command("/venv/bin/python", ["--no-browser"])
    assert command[:5] == ["/venv/bin/python", "-m", "jupyter", "lab", "--no-browser"]
    assert ("--allow-root" in command) is allow
    assert course.lab_command("/venv/bin/python", ["--allow-root"]).count("--allow-root") == 1


def test_the_workspace_gets_a_copy_of_each_exercise_once_and_is_never_overwritten(course, tmp_path):
    (tmp_path / "exercises").mkdir()
    for name in ("ex_01_a.ipynb", "ex_02_b.ipynb"):
        (tmp_path / "exercises" / name).write_text(f"stored {name}")
    (tmp_path / "exercises" / "ex_01_a.py").write_text("the script is not copied")
    created = course.prepare_workspace(tmp_path)
    workspace = tmp_path / "workspace"
    assert sorted(p.name for p in created) == ["ex_01_a.ipynb", "ex_02_b.ipynb"]
    assert sorted(p.name for p in workspace.iterdir()) == ["ex_01_a.ipynb", "ex_02_b.ipynb"]
    (workspace / "ex_01_a.ipynb").write_text("the student's work")
    (workspace / "ex_02_b.ipynb").unlink()  # deleting a copy asks for a fresh one
    (tmp_path / "exercises" / "ex_01_a.ipynb").write_text("a newer stored version")
    assert [p.name for p in course.prepare_workspace(tmp_path)] == ["ex_02_b.ipynb"]
    assert (workspace / "ex_01_a.ipynb").read_text() == "the student's work"
    assert (workspace / "ex_02_b.ipynb").read_text() == "stored ex_02_b.ipynb"


def test_the_workspace_is_ignored_by_git_and_by_the_test_run():
    assert "workspace/" in (ROOT / ".gitignore").read_text().splitlines()
    pyproject = (ROOT / "pyproject.toml").read_text()
    testpaths = re.search(r"testpaths = \[(.*)\]", pyproject).group(1)
    assert "workspace" not in testpaths


# A stand-in for JupyterLab that ignores SIGTERM, with a "kernel" in a session of its own,
# as Jupyter starts kernels: stop_lab must end both.
STUBBORN_SERVER = """
import signal, subprocess, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
kernel = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"], start_new_session=True)
print(kernel.pid, flush=True)
time.sleep(600)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process table in /proc")
def test_stop_lab_ends_a_server_that_ignores_sigterm_and_its_kernel(course):
    server = subprocess.Popen([sys.executable, "-c", STUBBORN_SERVER], stdout=subprocess.PIPE, text=True,
                              start_new_session=True)
    kernel = int(server.stdout.readline())
    start = course._stat(kernel)[19]
    began = time.monotonic()
    course.stop_lab(server, timeout=1.0)
    assert server.poll() is not None
    assert not course._alive(kernel, start)
    assert time.monotonic() - began < 10


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process table in /proc")
def test_stop_lab_leaves_a_cooperative_server_to_stop_its_kernel(course):
    server = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"], start_new_session=True)
    course.stop_lab(server, timeout=5.0)
    assert server.returncode == -15  # SIGTERM was enough


@pytest.mark.parametrize("argv, code", [([], 2), (["--help"], 0)])
def test_no_command_or_help_prints_the_usage(course, capsys, argv, code):
    assert course.main(argv) == code
    assert "python3 course.py lab" in capsys.readouterr().out
    assert course.calls == []


def test_an_unknown_command_is_named(course, capsys):
    assert course.main(["tset"]) == 2
    assert "unknown command 'tset'; use one of lab, test, setup" in capsys.readouterr().err
    assert course.calls == []


def test_runs_on_the_standard_library_only():
    source = (ROOT / "course.py").read_text()
    imports = {line.split()[1].split(".")[0] for line in source.splitlines()
               if line.startswith(("import ", "from ")) and "__future__" not in line}
    assert imports <= set(sys.stdlib_module_names), imports - set(sys.stdlib_module_names)


@pytest.mark.parametrize("command", ["lab", "test"])
def test_both_commands_let_jax_keep_what_it_compiles(course, monkeypatch, command):
    for variable in course.JAX_COMPILATION_CACHE:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr(course, "run_lab", lambda python, args, env: course.calls.append((args, env)) or 0)
    assert course.main([command, "tests"] if command == "test" else [command]) == 0
    (_, env), = course.calls
    assert env["JAX_COMPILATION_CACHE_DIR"] == str(Path.home() / ".cache" / "addition-course" / "jax")
    assert env["JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS"] == "0"


def test_a_compilation_cache_folder_already_chosen_wins(course, monkeypatch, tmp_path):
    monkeypatch.setenv("JAX_COMPILATION_CACHE_DIR", str(tmp_path))
    assert course.main(["test", "tests"]) == 0
    (_, env), = course.calls
    assert env["JAX_COMPILATION_CACHE_DIR"] == str(tmp_path)


def test_jax_keeps_compiled_programs_with_the_course_settings_and_says_nothing(course, tmp_path):
    """The size cap needs the filelock package: without it every cache read warns."""
    env = {**os.environ, **course.JAX_COMPILATION_CACHE, "JAX_COMPILATION_CACHE_DIR": str(tmp_path)}
    script = "import jax, jax.numpy as jnp; print(jax.jit(lambda x: x * 2)(jnp.arange(3)).sum())"
    for _ in range(2):  # the second run reads what the first wrote
        run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                             timeout=120)
        assert (run.returncode, run.stdout.strip(), run.stderr) == (0, "6", "")
    assert any(tmp_path.iterdir()), "nothing was written to the compilation cache"
