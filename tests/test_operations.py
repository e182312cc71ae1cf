"""Exercise 5 helpers: validation sets that never touch the test set, the tuning pieces, error counts."""

import numpy as np
import pytest

from addition_lib import ArithmeticProblem, encode_questions, held_out_split
from addition_lib.backends import steps_per_execution_for_backend
from addition_lib.operations import (
    EXACT_MATCH_OBJECTIVE,
    OperatorHyperModel,
    RandomSearch,
    StopAtExactMatch,
    column_accuracy,
    compile_with_learning_rate,
    errors_by,
    validation_questions,
)
from addition_lib.splits import question_ids

SMALL = ArithmeticProblem(2, 9, operators="-")  # 81 questions, answers -8..8


# ---------------------------------------------------------------- validation_questions


def test_validation_is_disjoint_from_train_and_test_and_covers_the_rest():
    split = held_out_split(SMALL, 20, seed=0)
    train, val = validation_questions(split, 15, seed=1)
    assert len(val) == 15 and len(train) == 81 - 20 - 15
    train_ids, val_ids = question_ids(SMALL, train), question_ids(SMALL, val)
    assert not split.is_test(train).any() and not split.is_test(val).any()
    assert not set(train_ids.tolist()) & set(val_ids.tolist())
    assert len(set(val_ids.tolist())) == 15
    assert sorted([*train_ids.tolist(), *val_ids.tolist(), *split.test_ids.tolist()]) == list(range(81))


def test_validation_is_repeatable_and_depends_on_the_seed():
    split = held_out_split(SMALL, 20, seed=0)
    first, again, other = (validation_questions(split, 15, seed=s)[1] for s in (1, 1, 2))
    assert first.same_as(again)
    assert not first.same_as(other)


def test_validation_rejects_bad_arguments():
    split = held_out_split(SMALL, 20, seed=0)
    with pytest.raises(TypeError, match="HeldOutSplit"):
        validation_questions(SMALL, 5)
    with pytest.raises(ValueError, match="smaller than the 61 training questions"):
        validation_questions(split, 61)
    with pytest.raises(ValueError, match="n_val"):
        validation_questions(split, 0)


# ---------------------------------------------------------------- model and search space


def test_compile_with_learning_rate_keeps_loss_and_metrics():
    from addition_lib import build_model

    model = compile_with_learning_rate(build_model(SMALL, encoder_units=4, decoder_units=4, seed=0), 0.01,
                                       steps_per_execution=4)
    assert float(model.optimizer.learning_rate) == pytest.approx(0.01)
    assert model.steps_per_execution == steps_per_execution_for_backend(4)  # 1 on PyTorch
    X, y = encode_questions(SMALL, held_out_split(SMALL, 10, seed=0).test)
    logs = model.evaluate(X, y, verbose=0, return_dict=True)
    assert set(logs) == {"loss", "char_accuracy", "exact_match"}
    with pytest.raises(ValueError, match="learning_rate"):
        compile_with_learning_rate(model, 0)


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
    with pytest.raises(ValueError, match="batch_sizes"):
        OperatorHyperModel(SMALL, batch_sizes=())
    with pytest.raises(TypeError, match="ArithmeticProblem"):
        OperatorHyperModel("not a problem")


def test_random_search_runs_without_tensorboard(tmp_path):
    split = held_out_split(SMALL, 20, seed=0)
    train, val = validation_questions(split, 20, seed=0)
    tuner = RandomSearch(
        OperatorHyperModel(SMALL, encoder_units=(4,), decoder_units=(4,), learning_rates=(0.01,), batch_sizes=(16,)),
        max_trials=1, seed=1, directory=tmp_path, project_name="tiny", overwrite=True,
    )
    assert tuner.oracle.objective.name == EXACT_MATCH_OBJECTIVE.name == "val_exact_match"
    tuner.search(*encode_questions(SMALL, train), validation_data=encode_questions(SMALL, val), epochs=1, verbose=0)
    best = tuner.get_best_hyperparameters()[0].values
    assert best == {"encoder_units": 4, "decoder_units": 4, "learning_rate": 0.01, "batch_size": 16}
    [(score, choices)] = tuner.ranking()
    assert choices == best and 0 <= score <= 1


@pytest.mark.parametrize("seed", [0, None, -1])
def test_random_search_refuses_a_seed_keras_tuner_would_ignore(seed, tmp_path):
    with pytest.raises(ValueError, match="KerasTuner treats 0 as no seed"):
        RandomSearch(OperatorHyperModel(SMALL), max_trials=1, seed=seed, directory=tmp_path, overwrite=True)


def test_random_search_draws_the_same_trials_for_the_same_seed(tmp_path):
    def first_choices(name):
        tuner = RandomSearch(OperatorHyperModel(SMALL), max_trials=3, seed=7, directory=tmp_path, project_name=name,
                             overwrite=True)
        return [tuner.oracle.populate_space(str(i))["values"] for i in range(3)]

    assert first_choices("a") == first_choices("b")


# ---------------------------------------------------------------- stopping


class FakeModel:
    """Just enough of a Keras model for the callback: weights are the epoch they were saved at."""

    def __init__(self):
        self.stop_training, self.epoch, self.weights = False, 0, None

    def get_weights(self):
        return [self.epoch]

    def set_weights(self, weights):
        self.weights = weights


def run_epochs(callback, scores):
    model = FakeModel()
    callback.set_model(model)
    callback.on_train_begin()
    stopped = None
    for epoch, score in enumerate(scores):
        model.epoch = epoch + 1
        callback.on_epoch_end(epoch, {"val_exact_match": score})
        if model.stop_training:
            stopped = epoch + 1
            break
    callback.on_train_end()
    return stopped, model.weights


def test_stop_at_exact_match_waits_for_patience_epochs_in_a_row():
    assert run_epochs(StopAtExactMatch(1.0), [0.5, 1.0, 1.0]) == (2, [2])
    callback = StopAtExactMatch(1.0, patience=3)
    assert run_epochs(callback, [1.0, 1.0, 0.99, 1.0, 1.0, 1.0, 1.0]) == (6, [6])
    assert callback.stopped_epoch == 6 and callback.best_epoch == 6 and callback.best_score == 1.0


def test_stop_at_exact_match_keeps_the_best_epoch_when_the_target_is_never_held():
    callback = StopAtExactMatch(1.0, patience=3)
    assert run_epochs(callback, [0.2, 0.9, 0.4, 0.9, 0.5]) == (None, [4])  # the latest of two ties
    assert callback.stopped_epoch is None and callback.best_epoch == 4 and callback.best_score == 0.9
    assert run_epochs(StopAtExactMatch(restore_best=False), [0.2, 0.9, 0.4]) == (None, None)


def test_stop_at_exact_match_names_a_missing_metric():
    callback = StopAtExactMatch()
    callback.set_model(FakeModel())
    with pytest.raises(KeyError, match="validation_data"):
        callback.on_epoch_end(0, {"exact_match": 1.0})
    with pytest.raises(ValueError, match="target"):
        StopAtExactMatch(1.5)
    with pytest.raises(ValueError, match="patience"):
        StopAtExactMatch(patience=0)


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
