"""addition_lib.tuners: KerasTuner's own tuners made and seeded one way, and read back."""

import functools
import os
import subprocess
import sys
import warnings
from pathlib import Path

import keras_tuner
import numpy as np
import pytest

from addition_lib.course.paths import tuner_runs_dir
from addition_lib.problem import ArithmeticProblem
from addition_lib.quiet import KNOWN_NOISE, silenced_library_warnings
from addition_lib.tuners import (
    TUNERS,
    GridSearch,
    build_tunable_model,
    check_choices,
    grid_tuner,
    make_tuner,
    ranking,
    results_table,
    run_search,
    trial_model,
    trial_table,
    tuner_role,
)

pytestmark = pytest.mark.filterwarnings(r"ignore:(currentThread|getName)\(\) is deprecated:DeprecationWarning")


class Square(keras_tuner.HyperModel):
    """A trial without training: x squared, for tests of the tuners' plumbing."""

    objective = "score"

    def build(self, hp):
        hp.Choice("x", [1, 2, 3])
        return None

    def fit(self, hp, model, *args, **kwargs):
        return {"score": float(hp.get("x") ** 2), "twice": 2.0 * hp.get("x")}


class SquareSearch(keras_tuner.RandomSearch):
    def run_trial(self, trial, *args, **kwargs):
        x = trial.hyperparameters.Choice("x", [1, 2, 3])
        return {"score": float(x**2), "twice": 2.0 * x}


@pytest.mark.parametrize("kind", sorted(TUNERS))
def test_make_tuner_makes_the_stock_tuners(kind, tmp_path):
    build = functools.partial(build_tunable_model, problem=ArithmeticProblem(2, 9))
    tuner = make_tuner(kind, build, objective="val_exact_match", seed=3, directory=tmp_path,
                       project_name=kind, max_trials=2)
    assert type(tuner) is TUNERS[kind]
    assert tuner.oracle.objective.name == "val_exact_match" and tuner.oracle.objective.direction == "max"
    assert tuner.oracle.seed == 3
    assert tuner.project_dir == str(tmp_path / kind)


def test_a_subclass_and_the_tables_it_leaves(tmp_path):
    tuner = make_tuner(SquareSearch, objective="score", direction="min", seed=1, directory=tmp_path,
                       project_name="square", max_trials=3)
    run_search(tuner)
    assert ranking(tuner) == [(1.0, {"x": 1}), (4.0, {"x": 2}), (9.0, {"x": 3})]
    assert trial_table(tuner, 2) == [{"x": 1, "score": 1.0, "twice": 2.0}, {"x": 2, "score": 4.0, "twice": 4.0}]
    rows = results_table(tuner)
    assert [(row["x"], row["score"], row["twice"]) for row in rows] == [(1, 1.0, 2.0), (2, 4.0, 4.0), (3, 9.0, 6.0)]
    assert all(isinstance(row["trial_id"], str) for row in rows)


def test_grid_tuner_maximises_the_hypermodel_objective(tmp_path):
    tuner = grid_tuner(Square(), tmp_path, "grid")
    assert type(tuner) is GridSearch and tuner.oracle.seed == 1
    assert tuner.oracle.objective.name == "score" and tuner.oracle.objective.direction == "max"
    assert grid_tuner(Square(), tmp_path, "other", objective="twice").oracle.objective.name == "twice"


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"kind": "bayes"}, ValueError, r"kind must be one of \['grid', 'random', 'bayesian'\] .*got 'bayes'"),
        ({"kind": dict}, ValueError, "kind must be one of .* got <class 'dict'>"),
        ({"seed": 0}, ValueError, r"seed must be an integer >= 1 \(KerasTuner treats 0 as no seed at all\), got 0"),
        ({"seed": None}, TypeError, "seed must be an integer >= 1 .*got None"),
        ({"seed": -1}, ValueError, "seed must be an integer >= 1 .*got -1"),
        ({"objective": ""}, TypeError, "objective must be the name of a metric, got ''"),
        ({"objective": None}, TypeError, "objective must be the name of a metric, got None"),
        ({"direction": "up"}, ValueError, "direction must be 'max' or 'min', got 'up'"),
        ({"project_name": 3}, TypeError, "project_name must be a non-empty string, got 3"),
    ],
)
def test_make_tuner_names_bad_arguments(kwargs, error, message, tmp_path):
    arguments = {"kind": "random", "objective": "score", "seed": 1, "project_name": "p", **kwargs}
    with pytest.raises(error, match=message):
        make_tuner(arguments.pop("kind"), Square(), directory=tmp_path, **arguments)


def test_make_tuner_takes_a_numpy_seed(tmp_path):
    assert make_tuner("grid", Square(), objective="score", seed=np.int64(5), directory=tmp_path,
                      project_name="p").oracle.seed == 5


def test_check_choices():
    assert check_choices("units", [16, np.int64(32)]) == (16, 32)
    assert check_choices("rates", (0.1,), lambda label, value: float(value)) == (0.1,)
    with pytest.raises(TypeError, match="units must be a list of choices, got '16'"):
        check_choices("units", "16")
    with pytest.raises(ValueError, match=r"units must hold at least one choice, got \[\]"):
        check_choices("units", [])
    with pytest.raises(ValueError, match="each of units must be an integer >= 1, got 0"):
        check_choices("units", [16, 0])
    with pytest.raises(TypeError, match=r"each of units must be an integer, got True \(bool\)"):
        check_choices("units", [True])
    with pytest.raises(ValueError, match=r"units lists a value more than once, got \[16, 16\]"):
        check_choices("units", [16, 16])


@pytest.mark.parametrize("read", [results_table, trial_table, ranking])
@pytest.mark.parametrize("tuner", [None, "tuner_runs/ex_03"])
def test_reading_what_is_not_a_tuner_is_refused(read, tuner):
    with pytest.raises(TypeError, match=rf"tuner must be a KerasTuner tuner .*got {tuner!r}"):
        read(tuner)


def test_build_tunable_model_registers_three_choices():
    hp = keras_tuner.HyperParameters()
    model = build_tunable_model(hp, ArithmeticProblem(3, 10))
    assert set(hp.values) == {"encoder_units", "decoder_units", "learning_rate"}
    assert model.get_layer("encoder").unroll and model.count_params() > 0


def test_tuner_role(monkeypatch):
    for name in ("KERASTUNER_ORACLE_IP", "KERASTUNER_TUNER_ID", "KERASTUNER_ORACLE_PORT"):
        monkeypatch.delenv(name, raising=False)
    assert tuner_role() == "local"
    monkeypatch.setenv("KERASTUNER_ORACLE_IP", "127.0.0.1")
    monkeypatch.setenv("KERASTUNER_ORACLE_PORT", "8000")
    monkeypatch.setenv("KERASTUNER_TUNER_ID", "chief")
    assert tuner_role() == "chief"
    monkeypatch.setenv("KERASTUNER_TUNER_ID", "tuner1")
    assert tuner_role() == "worker"


def test_library_warnings_are_hidden_inside_the_block_only():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with silenced_library_warnings():
            for category, pattern in KNOWN_NOISE:
                message = pattern.replace("\\", "").replace("(currentThread|getName)", "currentThread")
                warnings.warn(message, category, stacklevel=1)
            warnings.warn("something else", UserWarning, stacklevel=1)
        warnings.warn("currentThread() is deprecated", DeprecationWarning, stacklevel=1)
    assert [str(w.message) for w in caught] == ["something else", "currentThread() is deprecated"]


def test_importing_the_library_sets_no_warning_filter():
    code = (
        "import importlib, pkgutil, warnings\n"
        "before = list(warnings.filters)\n"
        "import addition_lib\n"
        "for info in pkgutil.walk_packages(addition_lib.__path__, 'addition_lib.'):\n"
        "    if not info.name.endswith('__main__'):\n"
        "        importlib.import_module(info.name)\n"
        "added = [f for f in warnings.filters if f not in before]\n"
        "print([(f[0], f[1] and f[1].pattern, f[2].__name__, f[3] and f[3].pattern) for f in added])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    added = result.stdout.strip().splitlines()[-1]
    assert "keras_tuner" not in added and "currentThread" not in added and "addition_lib" not in added, added


def test_trial_model_names_an_unknown_trial(tmp_path):
    tuner = make_tuner(SquareSearch, objective="score", direction="min", seed=1, directory=tmp_path,
                       project_name="square", max_trials=1)
    run_search(tuner)
    with pytest.raises(ValueError, match=r"trial_id must be one of the tuner's trials \['0'\], got '7'"):
        trial_model(tuner, "7")


def test_tuners_keep_their_runs_in_the_course_tuner_folder(tmp_path, monkeypatch):
    import addition_lib

    root = Path(addition_lib.__file__).resolve().parents[1]
    monkeypatch.delenv("COURSE_TUNER_RUNS_DIR", raising=False)
    assert root not in tuner_runs_dir().parents, "tuner runs stay outside the course folders"
    monkeypatch.setenv("COURSE_TUNER_RUNS_DIR", str(tmp_path / "chosen"))
    tuner = grid_tuner(Square(), None, "p")
    assert Path(tuner.project_dir) == tmp_path / "chosen" / "p"
    tuner = make_tuner("random", Square(), objective="score", seed=1, project_name="q",
                       max_trials=1)
    assert Path(tuner.project_dir) == tmp_path / "chosen" / "q"


def test_a_test_run_keeps_its_searches_in_a_folder_of_its_own():
    """conftest.py gives each pytest process its own folder, so a test run never touches
    a student's searches and two notebooks run at once never share a project."""
    from addition_lib.course.paths import CACHE

    assert tuner_runs_dir() != CACHE / "tuner_runs"
    assert tuner_runs_dir().is_dir()
    if os.environ.get("COURSE_TUNER_RUNS_MADE_BY_PID"):  # not a folder the caller chose
        assert os.environ["COURSE_TUNER_RUNS_MADE_BY_PID"] == str(os.getpid())
