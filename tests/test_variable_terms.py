"""Exercise 4 (addition_lib.experiments.variable_terms): balanced draws and the small search."""

import numpy as np
import pytest

from addition_lib.experiments.model_size import study_problem
from addition_lib.experiments.variable_terms import VAL_OBJECTIVE, SingleProblemSearch, training_questions
from addition_lib.problem import ArithmeticProblem
from addition_lib.splits import held_out_sets, held_out_split
from addition_lib.tuners import grid_tuner, results_table, run_search

pytestmark = pytest.mark.filterwarnings(r"ignore:(currentThread|getName)\(\) is deprecated:DeprecationWarning")


def test_training_questions_without_a_balanced_share_is_sample_train():
    split = held_out_split(ArithmeticProblem(n_terms=(2, 5), largest=10), 500, seed=0)
    drawn = training_questions(split, 300, seed=7)
    assert drawn.same_as(split.sample_train(300, seed=7))


def test_a_balanced_share_shows_rare_answers_more_often_and_never_a_test_question():
    split = held_out_split(ArithmeticProblem(n_terms=(2, 5), largest=10), 500, seed=0)
    plain = training_questions(split, 20_000, seed=1)
    balanced = training_questions(split, 20_000, balanced_share=0.5, seed=1)
    assert not split.is_test(balanced).any()

    def rare_share(questions):
        five = questions.n_terms == 5
        return np.mean(questions.answers[five] >= 44)

    assert rare_share(plain) < 0.008  # 5 terms of 1..10 sum to 44 or more in 462 of 100,000 questions
    assert rare_share(balanced) > 10 * rare_share(plain) + 0.01
    # Every term count is still there, in about equal shares.
    counts = np.bincount(balanced.n_terms, minlength=6)[2:] / len(balanced)
    assert counts.min() > 0.15
    assert training_questions(split, 50, balanced_share=np.float64(0.5), seed=2).same_as(
        training_questions(split, 50, balanced_share=0.5, seed=2))


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"balanced_share": 1.5}, ValueError, "balanced_share must be a finite number >= 0 and <= 1, got 1.5"),
        ({"balanced_share": -0.1}, ValueError, "balanced_share must be a finite number >= 0 and <= 1, got -0.1"),
        ({"balanced_share": "half"}, TypeError, r"balanced_share must be a number, got 'half' \(str\)"),
        ({"n_samples": 0}, ValueError, "n_samples must be an integer >= 1, got 0"),
        ({"pool_factor": 0}, ValueError, "pool_factor must be an integer >= 1, got 0"),
    ],
)
def test_training_questions_names_bad_arguments(kwargs, error, message):
    split = held_out_split(study_problem(1, 2), 10, seed=0)
    arguments = {"n_samples": 10, **kwargs}
    with pytest.raises(error, match=message):
        training_questions(split, arguments.pop("n_samples"), **arguments)
    with pytest.raises(TypeError, match="split must be a HeldOutSplit"):
        training_questions(study_problem(1, 2), 10)


@pytest.fixture
def local(monkeypatch):
    for name in ("KERASTUNER_ORACLE_IP", "KERASTUNER_TUNER_ID", "KERASTUNER_ORACLE_PORT"):
        monkeypatch.delenv(name, raising=False)


def test_single_problem_search_tunes_on_validation_only(tmp_path, local):
    problem = ArithmeticProblem(n_terms=(2, 3), largest=5)
    split, validation, test = held_out_sets(problem, 20, 20, seed=0)
    with pytest.raises(ValueError, match="validation questions must be held out"):
        SingleProblemSearch(split, split.sample_train(5, seed=0))
    with pytest.raises(ValueError, match="each of balanced_share must be a finite number >= 0 and <= 1, got 2"):
        SingleProblemSearch(split, validation, balanced_share=(0.0, 2))
    search = SingleProblemSearch(split, validation, units=(4,), balanced_share=(0.0, 0.5), n_samples=128)
    tuner = grid_tuner(search, tmp_path, "search")
    assert tuner.oracle.objective.name == VAL_OBJECTIVE
    run_search(tuner, verbose=0)
    rows = results_table(tuner)
    assert [(r["units"], r["balanced_share"]) for r in rows] == [(4, 0.0), (4, 0.5)]
    assert all(0 <= r[VAL_OBJECTIVE] <= 1 for r in rows)
    assert tuner.get_best_hyperparameters(1)[0].values["units"] == 4
