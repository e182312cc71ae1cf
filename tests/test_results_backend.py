"""Every recorded result names the Keras backend it was trained on."""

import json
from pathlib import Path

import pytest

from addition_lib.backends import BACKENDS, backend_version
from addition_lib.course import results

ROOT = Path(__file__).resolve().parents[1]


def test_a_recorded_row_names_the_backend_and_its_version(tmp_path, monkeypatch):
    from addition_lib import keras

    monkeypatch.setenv("COURSE_QUICK", "0")
    results.record("sol_99", "t", "r", True, seconds=1.0, results_dir=tmp_path)
    row, = json.loads((tmp_path / "sol_99.json").read_text())
    name = keras.config.backend()
    assert (row["backend"], row["backend_version"]) == (name, backend_version(name))
    assert f"| {BACKENDS[name]} {backend_version(name)} | {row['date']} |" in results.render_table(tmp_path)


@pytest.mark.parametrize("row, label", [
    ({"backend": "jax", "backend_version": "0.10.2"}, "JAX 0.10.2"),
    ({"backend": "tensorflow", "backend_version": None}, "TensorFlow"),
    ({"backend": "torch", "backend_version": "2.13.0+cpu"}, "PyTorch 2.13.0+cpu"),
])
def test_backend_label(row, label):
    assert results.backend_label(row) == label


def test_every_committed_row_names_a_supported_backend():
    rows = [row for path in sorted((ROOT / "results").glob("sol_*.json")) for row in json.loads(path.read_text())]
    assert rows
    assert {row["backend"] for row in rows} <= set(BACKENDS)
