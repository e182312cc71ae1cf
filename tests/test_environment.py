"""pyproject.toml (pip) and environment.yml (conda) must install the same packages."""

import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: tomli, the library tomllib came from, is installed with pytest there
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def normalise(requirement: str) -> tuple[str, str]:
    requirement = requirement.replace(" ", "")
    name, spec = re.match(r"([A-Za-z0-9_.\-\[\]]+)(.*)", requirement).groups()
    return re.sub(r"[-_.]+", "-", name).lower(), spec


def pyproject_requirements() -> set[tuple[str, str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {normalise(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]}


def environment_requirements() -> set[tuple[str, str]]:
    lines = (ROOT / "environment.yml").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "- pip:")
    pip_items = []
    for line in lines[start + 1 :]:
        match = re.match(r"\s+-\s+\"?([^\"]+)\"?\s*$", line)
        if not match:
            break
        pip_items.append(match.group(1))
    return {normalise(item) for item in pip_items if not item.startswith("-e")}


def test_same_package_set_and_pins():
    assert environment_requirements() == pyproject_requirements()


def test_environment_installs_the_course_package_and_a_supported_python():
    text = (ROOT / "environment.yml").read_text()
    assert '- "-e ."' in text
    version = re.search(r"- python=(3\.\d+)", text).group(1)
    assert tuple(map(int, version.split("."))) >= (3, 10)


def test_parser_sees_every_line():
    # Guard against the comparison passing on two empty sets.
    assert len(environment_requirements()) >= 10
    names = {name for name, _ in pyproject_requirements()}
    assert {"tensorflow", "keras", "numpy", "matplotlib", "jupyterlab", "jupytext", "nbval", "keras-tuner"} <= names
