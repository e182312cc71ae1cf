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


def test_test_runs_pytest_with_nbval_on_small_budgets(course, monkeypatch):
    monkeypatch.delenv("COURSE_QUICK", raising=False)
    assert course.main(["test", "tests", "-x"]) == 0
    (args, env), = course.calls
    assert args == ["/venv/bin/python", "-m", "pytest", "--nbval", "--nbval-current-env", "tests", "-x"]
    assert env["COURSE_QUICK"] == "1"


def test_test_full_runs_the_full_budgets(course):
    assert course.main(["test", "--full"]) == 0
    (args, env), = course.calls
    assert "--full" not in args and env["COURSE_QUICK"] == "0"


def test_lab_opens_jupyterlab(course):
    assert course.main(["lab"]) == 0
    (args, _), = course.calls
    assert args == ["/venv/bin/python", "-m", "jupyter", "lab"]


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
