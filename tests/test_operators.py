"""Exercise 5 (addition_lib.experiments.operators): the search space and where errors fall."""

import numpy as np
import pytest

from addition_lib import ArithmeticProblem, encode_questions, held_out_split
from addition_lib.experiments.operators import OperatorHyperModel, column_accuracy, errors_by
from addition_lib.splits import held_out_sets
from addition_lib.tuners import make_tuner, ranking, run_search

SMALL = ArithmeticProblem(2, 9, operators="-")  # 81 questions, answers -8..8


# ---------------------------------------------------------------- the search space


def test_hypermodel_builds_the_choices():
    import keras_tuner

    hp = keras_tuner.HyperParameters()
    hypermodel = OperatorHyperModel(SMALL, encoder_units=(8,), decoder_units=(4, 6), learning_rates=(0.003,),
                                    batch_sizes=(16,))
    model = hypermodel.build(hp)
    assert model.get_layer("encoder").units == 8 and model.get_layer("decoder").units == 4
    assert float(model.optimizer.learning_rate) == pytest.approx(0.003)
    assert model.input_shape == (None, SMALL.n_in_seq_length, SMALL.n_chars)
    assert set(hp.values) == {"encoder_units", "decoder_units", "learning_rate"}
    with pytest.raises(ValueError, match=r"batch_sizes must hold at least one choice, got \(\)"):
        OperatorHyperModel(SMALL, batch_sizes=())
    with pytest.raises(ValueError, match="each of learning_rates must be a finite number > 0, got 0"):
        OperatorHyperModel(SMALL, learning_rates=(0.01, 0))
    with pytest.raises(TypeError, match="learning_rates must be a list of choices, got '0.01'"):
        OperatorHyperModel(SMALL, learning_rates="0.01")
    with pytest.raises(TypeError, match="ArithmeticProblem"):
        OperatorHyperModel("not a problem")


@pytest.mark.filterwarnings(r"ignore:(currentThread|getName)\(\) is deprecated:DeprecationWarning")
def test_a_stock_random_search_tunes_it_on_validation_questions(tmp_path):
    split = held_out_split(SMALL, 20, seed=0)
    sets = held_out_sets(split, 20, seed=0, draw="enumerated")
    train, val = sets.split.train_questions(), sets.validation
    tuner = make_tuner(
        "random",
        OperatorHyperModel(SMALL, encoder_units=(4,), decoder_units=(4,), learning_rates=(0.01,), batch_sizes=(16,)),
        objective="val_exact_match", max_trials=1, seed=1, directory=tmp_path, project_name="tiny",
    )
    assert type(tuner).__name__ == "RandomSearch" and tuner.oracle.objective.direction == "max"
    run_search(tuner, *encode_questions(SMALL, train), validation_data=encode_questions(SMALL, val), epochs=1,
               verbose=0)
    best = tuner.get_best_hyperparameters()[0].values
    assert best == {"encoder_units": 4, "decoder_units": 4, "learning_rate": 0.01, "batch_size": 16}
    [(score, choices)] = ranking(tuner)
    assert choices == best and 0 <= score <= 1


def test_a_random_search_draws_the_same_trials_for_the_same_seed(tmp_path):
    def first_choices(name):
        tuner = make_tuner("random", OperatorHyperModel(SMALL), objective="val_exact_match", max_trials=3, seed=7,
                           directory=tmp_path, project_name=name)
        return [tuner.oracle.populate_space(str(i))["values"] for i in range(3)]

    assert first_choices("a") == first_choices("b")


# ---------------------------------------------------------------- where the errors fall


def test_errors_by_counts_per_group():
    assert errors_by([3, 1, 3, 3], np.array([True, False, False, False])) == [(1, 1, 1), (3, 3, 2)]
    assert errors_by(np.array(["b", "a"]), np.array([True, True])) == [("a", 1, 0), ("b", 1, 0)]
    with pytest.raises(TypeError, match="bool"):
        errors_by([1, 2], [1, 0])
    with pytest.raises(ValueError, match="one length"):
        errors_by([1, 2], np.array([True]))


def test_column_accuracy_counts_only_written_digits():
    problem = ArithmeticProblem(2, 10, operators="-")  # answers -9..9, 2 characters
    questions = held_out_split(problem, 3, seed=0).test
    _, y = encode_questions(problem, questions)
    assert np.allclose(column_accuracy(problem, y, y)[~np.isnan(column_accuracy(problem, y, y))], 1.0)
    wrong_units = y.copy()
    wrong_units[:, -1] = np.roll(wrong_units[:, -1], 1, axis=-1)  # every units digit wrong
    scores = column_accuracy(problem, y, wrong_units)
    assert scores[-1] == 0.0
    with pytest.raises(ValueError, match="shape"):
        column_accuracy(problem, y, y[:, :1])
