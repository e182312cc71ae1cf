"""held_out_sets: the one way to keep a validation set and a test set out of training.

Each way of drawing the validation set is pinned to the draws the exercises recorded their
results with (exercise 2: 'sampled', exercise 4: 'stratified', exercise 5: 'enumerated').
"""

import numpy as np
import pytest

from addition_lib.problem import ArithmeticProblem
from addition_lib.seeds import as_generator
from addition_lib.splits import VALIDATION_DRAWS, HeldOutSets, held_out_sets, held_out_split, question_ids

SMALL = ArithmeticProblem(2, 9, operators="-")  # 81 questions


def ids(problem, questions):
    return question_ids(problem, questions).tolist()


@pytest.mark.parametrize("draw", ["stratified", "sampled"])
def test_both_sets_are_disjoint_and_kept_out_of_training(draw):
    problem = ArithmeticProblem(n_terms=(2, 3), largest=10)
    sets = held_out_sets(problem, 30, 50, seed=4, draw=draw)
    assert isinstance(sets, HeldOutSets)
    split, validation, test = sets
    assert (len(validation), len(test), split.n_test) == (30, 50, 80)
    assert split.is_test(validation).all() and split.is_test(test).all()
    assert not set(ids(problem, validation)) & set(ids(problem, test))
    assert not split.is_test(split.sample_train(2000, seed=1)).any()
    again = held_out_sets(problem, 30, 50, seed=4, draw=draw)
    assert again.validation.same_as(validation) and again.test.same_as(test)
    assert not held_out_sets(problem, 30, 50, seed=5, draw=draw).validation.same_as(validation)


def test_stratified_cuts_one_stratified_draw_at_random():
    problem = ArithmeticProblem(n_terms=(2, 3), largest=10)
    rng = as_generator(4)
    both = held_out_split(problem, 80, seed=rng)
    order = rng.permutation(80)
    sets = held_out_sets(problem, 30, 50, seed=4)
    assert ids(problem, sets.validation) == both.test_ids[np.sort(order[:30])].tolist()
    assert ids(problem, sets.test) == both.test_ids[np.sort(order[30:])].tolist()


def test_sampled_draws_distinct_training_questions_after_the_test_set():
    problem = ArithmeticProblem(2, 999)
    rng = as_generator(0)
    split = held_out_split(problem, 100, seed=rng)
    expected = split.sample_train(50, rng, distinct=True)
    sets = held_out_sets(problem, 50, 100, seed=0, draw="sampled")
    assert sets.validation.same_as(expected)  # in the order drawn
    assert sets.test.same_as(split.test)
    assert sets.split.test_ids.tolist() == sorted(ids(problem, split.test) + ids(problem, expected))


def test_enumerated_picks_from_the_listed_training_questions_of_a_given_split():
    split = held_out_split(SMALL, 20, seed=0)
    sets = held_out_sets(split, 15, seed=1, draw="enumerated")
    every = split.train_questions()
    picked = np.zeros(len(every), dtype=bool)
    picked[as_generator(1).choice(len(every), 15, replace=False)] = True
    assert sets.validation.same_as(every[picked])
    assert sets.split.train_questions().same_as(every[~picked])
    assert sets.test.same_as(split.test)
    train_ids, val_ids = ids(SMALL, sets.split.train_questions()), ids(SMALL, sets.validation)
    assert sorted(train_ids + val_ids + split.test_ids.tolist()) == list(range(81))
    assert held_out_sets(split, 15, seed=1, draw="enumerated").validation.same_as(sets.validation)
    assert not held_out_sets(split, 15, seed=2, draw="enumerated").validation.same_as(sets.validation)


def test_sampled_from_a_given_split_keeps_its_test_set():
    split = held_out_split(SMALL, 20, seed=0)
    sets = held_out_sets(split, 10, seed=3, draw="sampled")
    assert sets.test.same_as(split.test) and len(sets.validation) == 10
    assert sets.split.n_test == 30


@pytest.mark.parametrize(
    "source, kwargs, error, message",
    [
        (SMALL, {"n_val": 5, "n_test": 5, "draw": "random"}, ValueError,
         r"draw must be one of \['stratified', 'sampled', 'enumerated'\], got 'random'"),
        (SMALL, {"n_val": 0, "n_test": 5}, ValueError, "n_val must be an integer >= 1, got 0"),
        (SMALL, {"n_val": 5, "n_test": 2.5}, TypeError, r"n_test must be an integer, got 2.5 \(float\)"),
        (SMALL, {"n_val": 5, "n_test": None}, TypeError, "n_test must be an integer, got None"),
        (SMALL, {"n_val": 61, "n_test": 20, "draw": "sampled"}, ValueError,
         "n_val must be smaller than the 61 training questions left after the test set.*got 61"),
        (SMALL, {"n_val": 5, "n_test": 81}, ValueError, "n_test must be smaller than the 81 questions"),
        ((2, 9), {"n_val": 5, "n_test": 5}, TypeError, r"problem must be an ArithmeticProblem, got \(2, 9\)"),
    ],
)
def test_bad_arguments_are_named(source, kwargs, error, message):
    with pytest.raises(error, match=message):
        held_out_sets(source, **kwargs)


def test_a_split_source_takes_no_n_test_and_no_stratified_draw():
    split = held_out_split(SMALL, 20, seed=0)
    with pytest.raises(ValueError, match="n_test must be left out when source is a HeldOutSplit .*got 5"):
        held_out_sets(split, 5, 5, draw="sampled")
    with pytest.raises(ValueError, match="draw='stratified' needs a problem as source"):
        held_out_sets(split, 5)
    with pytest.raises(ValueError, match="n_val must be smaller than the 61 training questions"):
        held_out_sets(split, 61, draw="enumerated")
    assert VALIDATION_DRAWS == ("stratified", "sampled", "enumerated")
