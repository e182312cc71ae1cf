"""Every example in the library's docstrings runs, and gives what it shows."""

import doctest
import importlib
import pkgutil

import pytest

import addition_lib

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(addition_lib.__path__, "addition_lib.")
    if not info.name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed"


def test_the_library_has_examples_to_run():
    attempted = sum(
        doctest.testmod(importlib.import_module(name), report=False).attempted for name in MODULES
    )
    assert attempted >= 10
