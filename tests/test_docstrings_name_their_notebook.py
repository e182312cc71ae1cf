"""Each library function a notebook teaches says, in its docstring, which notebook teaches it."""

import re
from pathlib import Path

import pytest

import addition_lib

ROOT = Path(__file__).resolve().parents[1]
SHOWN = re.compile(r"^show_source\(([\w.]+)\)$", re.MULTILINE)


def _taught():
    pairs = []
    for script in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py")):
        number = int(script.name[:2])
        for name in SHOWN.findall(script.read_text()):
            pairs.append((number, name))
    return pairs


def _resolve(name):
    import importlib
    import pkgutil

    head, *rest = name.split(".")
    candidates = [addition_lib] + [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(addition_lib.__path__, "addition_lib.")
        if not info.name.endswith("__main__")
    ]
    for module in candidates:
        if hasattr(module, head):
            obj = getattr(module, head)
            for part in rest:
                obj = getattr(obj, part)
            return obj
    raise LookupError(name)


@pytest.mark.parametrize("number, name", _taught())
def test_a_taught_function_names_its_notebook(number, name):
    doc = (_resolve(name).__doc__ or "").lower()
    mentioned = {int(n) for n in re.findall(r"notebooks? (\d\d)", doc)}
    mentioned |= {int(n) for n in re.findall(r"notebooks \d\d and (\d\d)", doc)}
    mentioned |= {int(a) for a, b in re.findall(r"notebooks (\d\d)-(\d\d)", doc)}
    assert number in mentioned or any(
        int(a) <= number <= int(b) for a, b in re.findall(r"notebooks (\d\d)-(\d\d)", doc)
    ), f"the docstring of {name} should say it is taught in notebook {number:02d}"
