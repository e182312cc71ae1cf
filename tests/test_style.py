"""The code base passes ruff with the project's settings (pyproject.toml, [tool.ruff])."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    pytest.importorskip("ruff")
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "concise", str(ROOT)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


LIBRARY = sorted((ROOT / "addition_lib").rglob("*.py"))


@pytest.mark.parametrize("module", LIBRARY, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_library_module_stays_short_enough_to_read(module):
    n_lines = len(module.read_text().splitlines())
    assert n_lines <= 460, f"{module.relative_to(ROOT)} has {n_lines} lines: split it by concern"


@pytest.mark.parametrize("module", LIBRARY, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_private_name_is_imported_from_another_module(module):
    tree = ast.parse(module.read_text())
    private = [f"{node.module}.{alias.name}" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
               for alias in node.names if alias.name.startswith("_") and alias.name != "__future__"
               and node.module != "__future__"]
    modules = [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
               and node.module and any(part.startswith("_") for part in node.module.split("."))
               and node.module != "__future__"]
    assert private == [] and modules == [], f"{module.relative_to(ROOT)} imports private names: {private + modules}"


def test_library_lines_fit_a_laptop_screen():
    """Library code is shown in notebooks: addition_lib/ruff.toml keeps its lines within 90."""
    assert "line-length = 90" in (ROOT / "addition_lib" / "ruff.toml").read_text()
