"""Exercise 2's experiments (addition_lib.experiments: time_to_target, throughput, baselines).

Tiny models, tiny budgets: the tests check the plumbing, not what a model learns.
"""

from pathlib import Path

import numpy as np
import pytest

from addition_lib.data import encode_questions
from addition_lib.experiments.baselines import chapter_recipe, keras_io_recipe
from addition_lib.experiments.throughput import compare_throughput, measure_throughput
from addition_lib.experiments.time_to_target import (
    DEFAULT_CONFIG,
    Run,
    answer_weights,
    formatted,
    held_out_task,
    mistakes,
    penalised_seconds,
    time_to_target_tuner,
    train_to_target,
    training_stream,
    whole_space_task,
)
from addition_lib.model import build_model
from addition_lib.plots import plot_time_to_accuracy
from addition_lib.problem import ArithmeticProblem
from addition_lib.questions import question_ids
from addition_lib.training import exact_match_of
from addition_lib.tuners import trial_table

# ---------------------------------------------------------------- throughput


def test_compare_throughput_times_every_setting():
    settings = {"plain": {"batch_size": 8}, "fast": {"batch_size": 16, "unroll": True, "steps_per_execution": 5,
                                                      "dtype": "float32", "encoder_units": 8, "decoder_units": 8}}
    speeds = compare_throughput(ArithmeticProblem(2, 9), settings, n_steps=5, rounds=2)
    assert set(speeds) == {"plain", "fast"}
    for speed in speeds.values():
        assert speed["ms_per_step"] > 0 and speed["samples_per_second"] > 0
    one = measure_throughput(ArithmeticProblem(2, 9), batch_size=8, n_steps=3, repeats=1)  # "plain" again
    assert one["samples_per_second"] == pytest.approx(8 * 1000 / one["ms_per_step"])
    with pytest.raises(ValueError, match="settings\\['x'\\] needs a batch_size"):
        compare_throughput(ArithmeticProblem(2, 9), {"x": {"unroll": True}})


# ---------------------------------------------------------------- data


def test_answer_weights_example_and_extremes():
    assert answer_weights([3, 4, 4, 5, 5, 5, 5], 1.0).round(3).tolist() == [0.333, 0.167, 0.167, 0.083, 0.083, 0.083,
                                                                          0.083]
    uniform = answer_weights([3, 4, 4, 5], 0.0)
    assert np.allclose(uniform, 0.25)
    answers = np.array([7, 7, 7, 1, 2, 2])
    per_answer = {a: answer_weights(answers, 1.0)[answers == a].sum() for a in (1, 2, 7)}
    assert np.allclose(list(per_answer.values()), 1 / 3)


@pytest.mark.parametrize(
    "answers, exponent, error, message",
    [
        ([], 1.0, ValueError, "answers must hold at least one answer"),
        ([1.5, 2.0], 1.0, TypeError, "answers must be a 1-D array of whole numbers"),
        ([1, 2], -0.5, ValueError, "exponent must be a finite number >= 0, got -0.5"),
        ([1, 2], float("nan"), ValueError, "exponent must be a finite number >= 0, got nan"),
        ([1, 2], "1", TypeError, r"exponent must be a number, got '1' \(str\)"),
        ([1, 2], True, TypeError, r"exponent must be a number, got True \(bool\)"),
    ],
)
def test_answer_weights_rejects_bad_input(answers, exponent, error, message):
    with pytest.raises(error, match=message):
        answer_weights(answers, exponent)


def test_answer_weights_takes_numpy_numbers():
    assert np.allclose(answer_weights(np.array([3, 4, 4]), np.float32(1.0)), [0.5, 0.25, 0.25])


def test_held_out_task_keeps_test_and_check_apart_from_training():
    problem = ArithmeticProblem(2, 20)
    task = held_out_task(problem, 40, 30, seed=3)
    test_ids, check_ids = question_ids(problem, task.test), question_ids(problem, task.check)
    assert len(set(test_ids)) == 40 and len(set(check_ids)) == 30 and not set(test_ids) & set(check_ids)
    assert set(task.excluded_ids) == set(test_ids) | set(check_ids)
    for exponent in (0.0, 1.0):
        drawn = question_ids(problem, training_stream(task, 5_000, answer_exponent=exponent, seed=4))
        assert not np.isin(drawn, task.excluded_ids).any()
    assert task.name == "2 terms of 1..20"


def test_balanced_stream_shows_rare_answers_more_often():
    task = whole_space_task(ArithmeticProblem(3, 10))
    plain = training_stream(task, 20_000, seed=1).answers
    balanced = training_stream(task, 20_000, answer_exponent=1.0, seed=1).answers
    extremes = lambda answers: np.isin(answers, [3, 4, 29, 30]).mean()  # noqa: E731
    assert extremes(balanced) > 5 * extremes(plain)
    assert np.array_equal(training_stream(task, 100, answer_exponent=0.5, seed=2).answers,
                          training_stream(task, 100, answer_exponent=0.5, seed=2).answers)


def test_formatted_changes_only_the_format():
    problem = ArithmeticProblem(3, 10)
    assert formatted(problem, padding="per_term", reverse=True) == ArithmeticProblem(3, 10, padding="per_term",
                                                                                    reverse=True)
    assert formatted(problem) == problem
    with pytest.raises(ValueError, match="padding must be one of"):
        formatted(problem, padding="left")


# ---------------------------------------------------------------- training to a target


def test_train_to_target_stops_at_the_target():
    task = whole_space_task(ArithmeticProblem(1, 9))  # the answer is the question: learnt in a few steps
    config = {"encoder_units": 16, "decoder_units": 16, "learning_rate": 0.05, "batch_size": 32, "max_steps": 400}
    model, run = train_to_target(task, config, check_every=10, seed=1)
    assert run.reached and run.exact_match == 1.0 and run.steps < 400 and run.steps % 10 == 0
    assert run.rows[-1]["step"] == run.steps and run.seconds > run.rows[-1]["seconds"]
    X, y = encode_questions(task.problem, task.check)
    assert exact_match_of(model, X, y, batch_size=4) == 1.0
    assert "reached 100.00% on the check set" in str(run)


def test_train_to_target_reports_a_miss():
    task = whole_space_task(ArithmeticProblem(3, 10))
    model, run = train_to_target(task, {"max_steps": 5, "batch_size": 8}, check_every=2, seed=1)
    assert not run.reached and run.steps == 5 and run.rows[-1]["step"] == 5
    assert run.config == {**DEFAULT_CONFIG, "max_steps": 5, "batch_size": 8}
    with pytest.raises(ValueError, match=r"config has unknown keys \['units'\]"):
        train_to_target(task, {"units": 8})


def test_mistakes_lists_wrong_answers():
    problem = ArithmeticProblem(2, 3)
    task = whole_space_task(problem)
    model = build_model(problem, encoder_units=4, decoder_units=4, seed=0)  # untrained: mostly wrong
    lines = mistakes(model, task.check)
    assert lines and all(" = " in line and "(expected " in line for line in lines)
    assert len(lines) == round((1 - exact_match_of(model, *encode_questions(problem, task.check))) * 9)


def test_plot_time_to_accuracy():
    fig = plot_time_to_accuracy({"a": ([1, 2], [0.5, 1.0])}, target=0.999, deadline=3, title="t")
    assert fig.axes[0].get_title() == "t" and len(fig.axes[0].lines) == 3
    assert fig._repr_png_().startswith(b"\x89PNG")
    with pytest.raises(ValueError, match="curves\\['a'\\] has 2 times but 1 exact-match values"):
        plot_time_to_accuracy({"a": ([1, 2], [0.5])})


def test_penalised_seconds_orders_hits_before_misses():
    hit = Run({}, 1, 30.0, 100, 1.0, True, 1.0)
    near = Run({}, 1, 10.0, 100, 1.0, False, 0.999)
    far = Run({}, 1, 10.0, 100, 1.0, False, 0.9)
    assert penalised_seconds(hit) == 30.0
    assert penalised_seconds(hit) < penalised_seconds(near) < penalised_seconds(far)


def test_time_to_target_tuner_runs_and_reports(tmp_path):
    task = whole_space_task(ArithmeticProblem(1, 9))

    def space(hp):
        return {"encoder_units": hp.Choice("encoder_units", [8, 16]), "learning_rate": 0.05}

    tuner = time_to_target_tuner(task, space, seeds=(1, 2), max_trials=2, check_every=10, directory=tmp_path,
                                 project_name="t", fixed={"batch_size": 32, "max_steps": 300, "decoder_units": 16})
    tuner.search(verbose=0)
    rows = trial_table(tuner)
    assert 1 <= len(rows) <= 2 and rows[0]["encoder_units"] in (8, 16)
    assert set(rows[0]) == {"encoder_units", "seconds", "worst_exact_match", "reached"}
    assert rows == sorted(rows, key=lambda row: row["seconds"])


# ---------------------------------------------------------------- baselines


@pytest.mark.parametrize("seed, error", [(0, ValueError), (-1, ValueError), (1.5, TypeError), (True, TypeError)])
def test_time_to_target_tuner_rejects_a_seed_keras_tuner_would_ignore(seed, error, tmp_path):
    task = whole_space_task(ArithmeticProblem(1, 9))
    with pytest.raises(error, match=rf"seed must be an integer >= 1.*got {seed!r}"):
        time_to_target_tuner(task, lambda hp: {}, seed=seed, directory=tmp_path)


def test_chapter_recipe_is_the_chapter_model():
    model, seconds = chapter_recipe(seed=1, n_samples=64)
    assert seconds > 0 and model.count_params() == 52_212


def test_keras_io_recipe_on_a_small_task():
    task = held_out_task(ArithmeticProblem(2, 99, reverse=True), 50, 50, seed=0)
    model, seconds, history = keras_io_recipe(task, epochs=2, n_train=64, n_val=32)
    assert seconds > 0 and len(history.history["val_exact_match"]) == 2
    assert [model.get_layer(name).units for name in ("encoder", "decoder")] == [128, 128]
    assert model.get_layer("repeat").n == 3


@pytest.mark.parametrize("kwargs, error, message", [
    ({"target": 0}, ValueError, r"target must be a finite number > 0 and <= 1, got 0"),
    ({"target": 1.5}, ValueError, r"target must be a finite number > 0 and <= 1, got 1.5"),
    ({"target": "1"}, TypeError, r"target must be a number, got '1' \(str\)"),
    ({"check_every": 0}, ValueError, r"check_every must be an integer >= 1, got 0"),
    ({"max_trials": 0}, ValueError, r"max_trials must be an integer >= 1, got 0"),
    ({"max_seconds": 0}, ValueError, r"max_seconds must be a finite number > 0, got 0"),
    ({"max_seconds": float("inf")}, ValueError, r"max_seconds must be a finite number > 0, got inf"),
    ({"max_seconds": "10"}, TypeError, r"max_seconds must be a number, got '10' \(str\)"),
    ({"seeds": "123"}, TypeError, r"seeds must be a non-empty list of integers, got '123'"),
    ({"seeds": (1, -2)}, ValueError, r"seeds must be an integer >= 0, got -2"),
])
def test_time_to_target_tuner_rejects_bad_settings(kwargs, error, message, tmp_path):
    task = whole_space_task(ArithmeticProblem(1, 9))
    with pytest.raises(error, match=message):
        time_to_target_tuner(task, lambda hp: {}, directory=tmp_path, **kwargs)


@pytest.mark.parametrize("settings, error, message", [
    ({}, ValueError, r"settings must map at least one label to keyword arguments, got \{\}"),
    ([("a", {"batch_size": 8})], TypeError, r"settings must be a dict from label to keyword arguments, got \[\('a'"),
    ({"a": {"unroll": True}}, ValueError, r"settings\['a'\] needs a batch_size"),
])
def test_compare_throughput_rejects_bad_settings(settings, error, message):
    with pytest.raises(error, match=message):
        compare_throughput(ArithmeticProblem(1, 9), settings, n_steps=1, rounds=1)


def test_held_out_task_names_n_check_when_too_few_questions_are_left():
    with pytest.raises(ValueError, match=r"n_check must be less than 1 \(the questions left after n_test=80 "
                                         r"of 81\), got 10"):
        held_out_task(ArithmeticProblem(2, 9), 80, 10)
    with pytest.raises(TypeError, match=r"problem must be an ArithmeticProblem, got \(2, 9\)"):
        held_out_task((2, 9), 10, 10)


@pytest.mark.parametrize("name", ["epochs", "n_train", "n_val"])
def test_keras_io_recipe_rejects_empty_budgets(name):
    task = held_out_task(ArithmeticProblem(2, 99, reverse=True), 50, 50, seed=0)
    with pytest.raises(ValueError, match=rf"{name} must be an integer >= 1, got 0"):
        keras_io_recipe(task, **{name: 0})


def test_time_to_target_tuner_keeps_its_runs_in_the_one_folder_for_tuner_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_TUNER_RUNS_DIR", str(tmp_path / "chosen"))
    tuner = time_to_target_tuner(whole_space_task(ArithmeticProblem(1, 9)), lambda hp: {}, project_name="p")
    assert Path(tuner.project_dir) == tmp_path / "chosen" / "p"
