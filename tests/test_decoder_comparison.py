"""Comparing the RepeatVector and teacher-forced decoders: tiny models, tiny budgets."""

import numpy as np
import pytest

from addition_lib.decoder_comparison import (
    KINDS,
    RACE_CONFIG,
    ScoreEvery,
    build_decoder_model,
    compare_decoders,
    exact_match_scorer,
    follow_run,
    held_out_exact_match,
    race_to_target,
    training_data,
    units_for_parameters,
)
from addition_lib.experiments.time_to_target import held_out_task, whole_space_task
from addition_lib.problem import ArithmeticProblem
from addition_lib.questions import random_questions
from addition_lib.splits import held_out_split
from addition_lib.teacher_forcing import answer_symbols

TINY = ArithmeticProblem(2, 9)


@pytest.mark.parametrize("problem, n_parameters", [
    (ArithmeticProblem(3, 10), 52_212),
    (ArithmeticProblem(2, 999, reverse=True), 205_324),
    (ArithmeticProblem(2, 10, operators="+-"), 30_000),
])
def test_units_for_parameters_matches_the_built_model(problem, n_parameters):
    units = units_for_parameters(problem, n_parameters)
    n_symbols = len(answer_symbols(problem))  # digits, '-' if answers can be negative, start, end

    def count(u):  # encoder LSTM, decoder LSTM, Dense at every step
        return 4 * u * (problem.n_chars + u + 1) + 4 * u * (n_symbols + u + 1) + (u + 1) * n_symbols

    assert build_decoder_model("teacher", problem, units).count_params() == count(units)
    assert abs(count(units) - n_parameters) <= min(abs(count(u) - n_parameters) for u in (units - 1, units + 1))


def test_units_for_parameters_rejects_bad_counts():
    with pytest.raises(ValueError, match="n_parameters"):
        units_for_parameters(TINY, 0)
    with pytest.raises(TypeError, match="n_parameters"):
        units_for_parameters(TINY, 1e5)


def test_every_kind_builds_trains_and_scores():
    questions = random_questions(TINY, 64, seed=0)
    for kind, units in zip(KINDS, [(8, 6), 8, 8], strict=True):
        model = build_decoder_model(kind, TINY, units, seed=1)
        inputs, targets = training_data(kind, TINY, questions)
        model.fit(inputs, targets, batch_size=32, epochs=1, verbose=0)
        assert 0.0 <= exact_match_scorer(kind, TINY, questions)(model) <= 1.0


@pytest.mark.parametrize("call, error, match", [
    (lambda: build_decoder_model("transformer", TINY, 8), ValueError, "kind"),
    (lambda: build_decoder_model("repeat", TINY, 8), TypeError, "pair"),
    (lambda: training_data(None, TINY, random_questions(TINY, 2, seed=0)), ValueError, "kind"),
    (lambda: ScoreEvery("exact", every=1, batch_size=1), TypeError, "score"),
    (lambda: ScoreEvery(len, every=0, batch_size=1), ValueError, "every"),
    (lambda: ScoreEvery(len, every=1, batch_size=1, target=1.5), ValueError, "target"),
])
def test_bad_arguments_are_named(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_follow_run_checks_on_a_grid_of_samples_seen():
    split = held_out_split(TINY, 10, seed=0)
    train = split.sample_train(320, seed=1)
    rows, seconds, n_params = follow_run("teacher", TINY, train, split.test, units=8, seed=1, n_checks=4)
    assert [row["seen"] for row in rows] == [0, 96, 160, 256, 320]
    assert seconds > 0 and n_params == build_decoder_model("teacher", TINY, 8).count_params()
    again, _, _ = follow_run("teacher", TINY, train, split.test, units=8, seed=1, n_checks=4)
    assert [row["exact_match"] for row in again] == [row["exact_match"] for row in rows]  # seeded


def test_compare_decoders_trains_every_model_on_the_same_questions():
    setups = {
        "tiny": {"problem": TINY, "n_samples": 128, "n_test": 10, "levels": (0.5,),
                 "models": {"RepeatVector": ("repeat", (6, 6)),
                            "teacher forcing": ("teacher", 6, {"learning_rate": 0.005})},
                 "recipe": {"batch_size": 32, "learning_rate": 0.01, "decay": True}},
    }
    comparison = compare_decoders(setups, seeds=(1, 2), n_checks=2, verbose=False)
    assert set(comparison.curves["tiny"]) == {"RepeatVector", "teacher forcing"}
    assert all(len(runs) == 2 for runs in comparison.curves["tiny"].values())
    assert comparison.params["tiny"]["teacher forcing"] == build_decoder_model("teacher", TINY, 6).count_params()
    assert len(comparison.summary_lines()) == 3
    mismatched = {**setups, "other": {**setups["tiny"], "models": {"RepeatVector": ("repeat", (6, 6))}}}
    with pytest.raises(ValueError, match="same models"):
        compare_decoders(mismatched, seeds=(1,), n_checks=1, verbose=False)


def test_race_stops_at_the_target_and_times_the_whole_run():
    task = whole_space_task(ArithmeticProblem(1, 5))  # 5 questions: answer the term itself
    model, run = race_to_target("teacher", task, {"units": 16, "max_steps": 300, "batch_size": 16,
                                                   "reverse": False}, target=1.0, check_every=20)
    assert run.reached and run.exact_match == 1.0 and run.steps < 300
    assert run.rows[-1]["seconds"] <= run.seconds
    assert [row["step"] % 20 for row in run.rows] == [0] * len(run.rows)


def test_race_on_a_held_out_task_scores_the_test_set():
    task = held_out_task(TINY, n_test=10, n_check=10, seed=0)
    for kind, units in (("repeat", (8, 8)), ("teacher", 8)):
        model, run = race_to_target(kind, task, {"units": units, "max_steps": 20}, check_every=10)
        assert not run.reached and run.steps == 20
        assert 0.0 <= held_out_exact_match(kind, model, task) <= 1.0


def test_race_rejects_unknown_config_keys():
    with pytest.raises(ValueError, match="unknown keys"):
        race_to_target("teacher", whole_space_task(TINY), {"encoder_units": 8})
    assert set(RACE_CONFIG) == {"units", "learning_rate", "batch_size", "max_steps", "padding", "reverse",
                                "answer_exponent"}


def test_score_every_stops_at_a_deadline():
    model = build_decoder_model("teacher", TINY, 4, seed=1)
    inputs, targets = training_data("teacher", TINY, random_questions(TINY, 640, seed=0))
    stop = ScoreEvery(lambda m: 0.0, every=32, batch_size=32, deadline=0.0)
    model.fit(inputs, targets, batch_size=32, epochs=1, verbose=0, callbacks=[stop])
    assert int(model.optimizer.iterations) == 1 and np.isclose(stop.rows[-1]["exact_match"], 0.0)
