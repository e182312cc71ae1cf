"""course.py: the two set-up commands of the README, without installing anything."""

import importlib.util
import sys
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
    monkeypatch.setattr(module.subprocess, "call", lambda args, cwd, env: calls.append((args, env)) or 0)
    module.calls = calls
    return module


PYTEST = ["/venv/bin/python", "-m", "pytest", "--nbval", "--nbval-current-env"]


def test_test_runs_pytest_with_nbval_on_small_budgets(course, monkeypatch):
    monkeypatch.delenv("COURSE_QUICK", raising=False)
    monkeypatch.delenv("KERAS_BACKEND", raising=False)
    assert course.main(["test", "tests", "-x"]) == 0
    (args, env), = course.calls
    assert args == [*PYTEST, "tests", "-x"]
    assert env["COURSE_QUICK"] == "1" and env["KERAS_BACKEND"] == "jax"


def test_test_full_runs_the_full_budgets(course, monkeypatch):
    monkeypatch.setattr(course, "is_installed", lambda python, module: True)
    assert course.main(["test", "--full"]) == 0
    assert course.calls and all("--full" not in args and env["COURSE_QUICK"] == "0" for args, env in course.calls)


def test_plain_test_runs_the_unit_tests_on_each_backend_and_the_notebooks_on_the_default(course, monkeypatch):
    monkeypatch.delenv("KERAS_BACKEND", raising=False)
    monkeypatch.setattr(course, "is_installed", lambda python, module: module == "torch")
    assert course.main(["test"]) == 0
    assert [(args, env["KERAS_BACKEND"]) for args, env in course.calls] == [
        ([*PYTEST, "tests"], "tensorflow"),
        ([*PYTEST, "tests"], "torch"),
        (PYTEST, "jax"),
    ]


def test_plain_test_skips_pytorch_when_it_is_not_installed_and_says_so(course, monkeypatch, capsys):
    monkeypatch.delenv("KERAS_BACKEND", raising=False)
    monkeypatch.setattr(course, "is_installed", lambda python, module: False)
    assert course.main(["test"]) == 0
    assert [env["KERAS_BACKEND"] for _, env in course.calls] == ["tensorflow", "jax"]
    assert "PyTorch is not installed" in capsys.readouterr().out


def test_a_failing_pass_fails_the_command_and_is_named(course, monkeypatch, capsys):
    monkeypatch.delenv("KERAS_BACKEND", raising=False)
    monkeypatch.setattr(course, "is_installed", lambda python, module: False)
    monkeypatch.setattr(course.subprocess, "call",
                        lambda args, cwd, env: course.calls.append((args, env)) or int(env["KERAS_BACKEND"] == "tensorflow"))
    assert course.main(["test"]) == 1
    assert len(course.calls) == 2  # the other passes still run
    assert "the library's unit tests on TensorFlow (pytest exit code 1)" in capsys.readouterr().err


def test_a_chosen_backend_runs_everything_once_on_it(course, monkeypatch):
    monkeypatch.setenv("KERAS_BACKEND", "tensorflow")
    assert course.main(["test"]) == 0
    (args, env), = course.calls
    assert args == PYTEST and env["KERAS_BACKEND"] == "tensorflow"


def test_lab_opens_jupyterlab_on_the_default_backend(course, monkeypatch):
    monkeypatch.delenv("KERAS_BACKEND", raising=False)
    assert course.main(["lab"]) == 0
    (args, env), = course.calls
    assert args == ["/venv/bin/python", "-m", "jupyter", "lab"] and env["KERAS_BACKEND"] == "jax"


def test_lab_keeps_a_chosen_backend(course, monkeypatch):
    monkeypatch.setenv("KERAS_BACKEND", "torch")
    assert course.main(["lab"]) == 0
    (_, env), = course.calls
    assert env["KERAS_BACKEND"] == "torch"


def test_the_default_backend_comes_from_the_library(course):
    from addition_lib.backends import DEFAULT_BACKEND

    assert course.backends_module().DEFAULT_BACKEND == DEFAULT_BACKEND


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
