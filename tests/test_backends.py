"""Choosing the Keras backend, announcing it, and moving saved models between backends."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from addition_lib import backends
from addition_lib.backends import BACKENDS, DEFAULT_BACKEND, ENV_VAR, chosen_backend, installed_backends

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def keras_not_imported(monkeypatch):
    """Let chosen_backend() read the environment, as it does before Keras is first imported."""
    monkeypatch.delitem(sys.modules, "keras", raising=False)


def test_the_default_is_used_when_the_variable_is_unset_or_empty(keras_not_imported, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert chosen_backend() == DEFAULT_BACKEND
    monkeypatch.setenv(ENV_VAR, " ")
    assert chosen_backend() == DEFAULT_BACKEND


@pytest.mark.parametrize("name", list(BACKENDS))
def test_the_variable_chooses(keras_not_imported, monkeypatch, name):
    monkeypatch.setenv(ENV_VAR, name)
    assert chosen_backend() == name


def test_a_backend_the_course_cannot_train_on_is_named(keras_not_imported, monkeypatch):
    monkeypatch.setenv(ENV_VAR, "numpy")
    with pytest.raises(ValueError, match=r"KERAS_BACKEND must be one of 'jax', 'tensorflow', 'torch'.*got 'numpy'"):
        chosen_backend()


def test_once_keras_is_imported_its_backend_is_the_answer(monkeypatch):
    from addition_lib import keras

    monkeypatch.setenv(ENV_VAR, "something else")
    assert chosen_backend() == keras.config.backend()


def test_the_backend_in_use_is_installed_and_supported():
    from addition_lib import keras

    assert keras.config.backend() in installed_backends()
    assert set(installed_backends()) <= set(BACKENDS)


def test_backend_version_rejects_bad_names():
    with pytest.raises(TypeError, match="name must be a backend's name"):
        backends.backend_version(3)
    with pytest.raises(ValueError, match="name must be one of 'jax', 'tensorflow', 'torch', got 'numpy'"):
        backends.backend_version("numpy")


def test_a_backend_that_is_not_installed_has_no_version(monkeypatch):
    import importlib.metadata as metadata

    def missing(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", missing)
    assert backends.backend_version("torch") == "(not installed)"


def test_the_backend_is_announced_once(monkeypatch, capsys):
    from addition_lib import build_model, keras

    monkeypatch.setattr(backends, "_announced", False)
    build_model(encoder_units=2, decoder_units=2)
    build_model(encoder_units=2, decoder_units=2)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    name = BACKENDS[keras.config.backend()]
    assert lines[0].startswith(f"Keras {keras.__version__} runs on {name} ")
    assert lines[0].endswith("set KERAS_BACKEND to choose another backend")


def test_nbval_compares_the_announcement_without_the_backend(monkeypatch, capsys):
    from nbval.plugin import get_sanitize_patterns

    patterns = get_sanitize_patterns((ROOT / "nbval-sanitize.cfg").read_text())
    assert patterns, "nbval-sanitize.cfg has no regex/replace pair nbval can read"

    def sanitized(text):
        for regex, replace in patterns:
            text = re.sub(regex, replace, text)
        return text

    monkeypatch.setattr(backends, "_announced", False)
    backends.announce_backend()
    real = capsys.readouterr().out
    others = [f"Keras 3.99.0 runs on {name} 9.8.7+cpu; set KERAS_BACKEND to choose another backend\n"
              for name in BACKENDS.values()]
    assert {sanitized(text) for text in [real, *others]} == {sanitized(others[0])}
    assert "runs on BACKEND" in sanitized(real)


def test_the_sanitize_file_reaches_nbval(pytestconfig):
    assert Path(pytestconfig.option.nbval_sanitize_with) == ROOT / "nbval-sanitize.cfg"


SAVE_AND_LOAD = """
import json, os, sys, time
import numpy as np
import addition_lib as al
own, others = sys.argv[1], sys.argv[2:]
X_check, _ = al.generate_data(20, 3, 10, seed=2)
model = al.build_model(encoder_units=8, decoder_units=8, seed=1)
X, y = al.generate_data(64, 3, 10, seed=1)
model.fit(X, y, epochs=1, batch_size=64, verbose=0)  # one step: the optimizer's state is saved too
found = {"tensorflow before saving": "tensorflow" in sys.modules}
al.save_model(model, own)
np.save(own + ".npy", model.predict(X_check, verbose=0))
open(own + ".done", "w").close()
deadline = time.monotonic() + 300
while not all(os.path.exists(path + ".done") for path in others):  # the other backends' models
    if time.monotonic() > deadline:
        sys.exit("the other backends did not save their models within 300 s")
    time.sleep(0.2)
for path in others:
    loaded = al.load_model(path)
    difference = float(np.abs(loaded.predict(X_check, verbose=0) - np.load(path + ".npy")).max())
    found[path] = {"difference": difference, "problem": loaded.problem.to_dict()}
print(json.dumps(found))
"""


def start_on(backend, script, *args):
    env = dict(os.environ, **{ENV_VAR: backend, "PYTHONPATH": str(ROOT)})
    return subprocess.Popen([sys.executable, "-c", script, *args], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


@pytest.mark.skipif(chosen_backend() != DEFAULT_BACKEND,
                    reason="starts every installed backend itself; runs once, in the default backend's pass")
def test_a_model_saved_on_one_backend_loads_on_every_other(tmp_path):
    """One process per installed backend, side by side: each trains and saves a model, then
    loads every other backend's model and predicts as it did where it was saved."""
    names = installed_backends()
    assert DEFAULT_BACKEND in names and "tensorflow" in names
    paths = {name: str(tmp_path / f"saved_on_{name}.keras") for name in names}
    processes = {name: start_on(name, SAVE_AND_LOAD, own, *(p for p in paths.values() if p != own))
                 for name, own in paths.items()}
    loaded_on = {path: [] for path in paths.values()}
    try:
        outputs = {name: process.communicate(timeout=600) for name, process in processes.items()}
    finally:
        for process in processes.values():
            process.kill()
    for name, (stdout, stderr) in outputs.items():
        assert processes[name].returncode == 0, f"saving or loading on {name} failed:\n{stderr[-2000:]}"
        # Importing Keras (and, through it, TensorFlow) must not leave start-up chatter or warnings.
        assert stderr == "", f"running on {name} wrote to stderr:\n{stderr[-2000:]}"
        found = json.loads(stdout.splitlines()[-1])
        # Building, training and predicting on JAX or PyTorch never start TensorFlow (about 2 s
        # per process); Keras's saver then imports it, quietly (stderr is checked above).
        assert found.pop("tensorflow before saving") is (name == "tensorflow"), (name, found)
        for path, result in found.items():
            assert result["difference"] < 1e-5, f"{path} predicts differently on {name}: {result}"
            assert result["problem"]["n_terms"] == [3, 3] and result["problem"]["largest"] == 10
            loaded_on[path].append(name)
    for name, path in paths.items():
        assert sorted(loaded_on[path]) == sorted(set(names) - {name}), loaded_on


@pytest.mark.parametrize("name, expected", [("jax", 20), ("tensorflow", 20), ("torch", 1)])
def test_steps_per_execution_is_one_on_pytorch_only(monkeypatch, name, expected):
    monkeypatch.setattr(backends, "chosen_backend", lambda: name)
    assert backends.steps_per_execution_for_backend(20) == expected
