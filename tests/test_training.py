"""addition_lib.training: scores of encoded arrays, one pass and a score, and HeldOutScore.

Training here is tiny (a few hundred questions, models of 4 to 16 units). The callback's
stopping logic is also driven by hand, with a stand-in model, so every branch is checked
without training at all.
"""

import time
import types

import numpy as np
import pytest

from addition_lib import ArithmeticProblem, HeldOutScore, build_model, encode_questions, held_out_split
from addition_lib.training import exact_match_of, held_out_scores, train_and_score


@pytest.fixture(scope="module")
def tiny():
    """A 2-term problem, 256 training and 20 held-out questions, and an untrained tiny model."""
    problem = ArithmeticProblem(n_terms=2, largest=9)
    split = held_out_split(problem, 20, seed=0)
    X, y = encode_questions(problem, split.sample_train(256, seed=1))
    return problem, split, X, y, encode_questions(problem, split.test)


# ---------------------------------------------------------------- scoring arrays


def test_held_out_scores_match_a_plain_count(tiny):
    problem, _, X, y, _ = tiny
    model = build_model(problem, encoder_units=4, decoder_units=4, seed=1)
    model.fit(X, y, epochs=1, batch_size=32, verbose=0)
    same = np.argmax(model.predict(X, verbose=0), axis=-1) == np.argmax(y, axis=-1)
    scores = held_out_scores(model, X, y, batch_size=100)  # 3 chunks, the last smaller
    assert scores == {"exact_match": same.all(axis=1).mean(), "char_accuracy": same.mean()}
    assert exact_match_of(model, X, y, batch_size=7) == scores["exact_match"]


@pytest.mark.parametrize(
    "X, y, error, message",
    [
        (np.zeros((4, 3)), np.zeros((4, 2, 12)), ValueError, r"got shapes \(4, 3\) and \(4, 2, 12\)"),
        (np.zeros((4, 3, 12)), np.zeros((5, 2, 12)), ValueError, "same number .* got 4 and 5"),
        (np.zeros((0, 3, 12)), np.zeros((0, 2, 12)), ValueError, "same number .* got 0 and 0"),
    ],
)
def test_held_out_scores_rejects_bad_arrays(tiny, X, y, error, message):
    model = build_model(tiny[0], encoder_units=4, decoder_units=4, seed=1)
    with pytest.raises(error, match=message):
        held_out_scores(model, X, y)


def test_train_and_score_trains_once_and_scores_the_held_out_questions(tiny):
    problem, split, X, _, (X_test, y_test) = tiny
    model = build_model(problem, encoder_units=4, decoder_units=4, metrics=False, seed=1)
    scores = train_and_score(model, split.sample_train(256, seed=1), split.test, batch_size=64)
    assert set(scores) == {"exact_match", "char_accuracy", "train_seconds", "params"}
    assert int(model.optimizer.iterations) == 4  # one pass of 256 in batches of 64
    assert scores == {**held_out_scores(model, X_test, y_test), "train_seconds": scores["train_seconds"],
                      "params": float(model.count_params())}
    with pytest.raises(TypeError, match="questions must be a Questions batch"):
        train_and_score(model, X, split.test)


# ---------------------------------------------------------------- HeldOutScore on real fits


def test_curve_rows_every_few_samples_from_the_untrained_model_to_the_end(tiny):
    problem, _, X, y, held_out = tiny
    model = build_model(problem, encoder_units=4, decoder_units=4, seed=1)
    curve = HeldOutScore(held_out, every=100, per="sample", batch_size=32, at_start=True)
    model.fit(X, y, epochs=1, batch_size=32, verbose=0, callbacks=[curve])
    # 8 batches of 32: a check at 0, after the batches that cross 100 and 200, and at the end (256).
    assert [row["seen"] for row in curve.rows] == [0, 128, 224, 256]
    assert [row["step"] for row in curve.rows] == [0, 4, 7, 8]
    assert [row["epoch"] for row in curve.rows] == [0, 1, 1, 1]
    assert set(curve.rows[0]) == {"epoch", "step", "seen", "seconds", "exact_match", "char_accuracy"}
    assert curve.rows[-1] == {**curve.rows[-1], **held_out_scores(model, *held_out)}  # the trained model
    assert all(0 <= row["exact_match"] <= row["char_accuracy"] <= 1 for row in curve.rows)
    assert curve.eval_seconds > 0 and curve.reached is None and not curve.timed_out


def test_samples_counted_exactly_when_told_n_samples(tiny):
    problem, _, X, y, _ = tiny
    model = build_model(problem, encoder_units=4, decoder_units=4, seed=1)
    exact = HeldOutScore((X[:10], y[:10]), every=50, per="sample", batch_size=32, n_samples=100, at_start=True)
    rough = HeldOutScore((X[:10], y[:10]), every=50, per="sample", batch_size=32)
    model.fit(X[:100], y[:100], epochs=2, batch_size=32, verbose=0, callbacks=[exact, rough])
    # 4 batches per epoch, the last of 4 samples: 32, 64, 96, 100, 132, 164, 196, 200 (not 256).
    # A check follows each batch that passes a multiple of 50.
    assert [row["seen"] for row in exact.rows] == [0, 64, 100, 164, 200]
    assert [row["epoch"] for row in exact.rows] == [0, 1, 1, 2, 2]
    assert rough.rows[-1]["seen"] == 256


def test_checks_every_few_steps_and_at_the_end(tiny):
    problem, _, X, y, held_out = tiny
    model = build_model(problem, encoder_units=8, decoder_units=8, seed=0)
    check = HeldOutScore(held_out, every=3)
    model.fit(X[:25], y[:25], batch_size=5, epochs=1, verbose=0, callbacks=[check])
    assert [row["step"] for row in check.rows] == [3, 5]


def test_stops_at_the_target_on_a_problem_learnt_in_a_few_steps():
    problem = ArithmeticProblem(1, 9)  # the answer is the question
    X, y = encode_questions(problem, held_out_split(problem, 1, seed=0).sample_train(3200, seed=1))
    model = build_model(problem, encoder_units=16, decoder_units=16, learning_rate=0.05, metrics=False,
                        steps_per_execution=10, seed=1)
    check = HeldOutScore((X[:9], y[:9]), every=10, target=1.0)
    model.fit(X, y, batch_size=32, epochs=1, verbose=0, callbacks=[check])
    assert check.reached is check.rows[-1] and check.reached["exact_match"] == 1.0
    assert check.reached["step"] < 100 and check.reached["step"] % 10 == 0
    assert int(model.optimizer.iterations) == check.reached["step"]
    assert all(row["exact_match"] < 1.0 for row in check.rows[:-1])  # it stopped at the first hit


def test_steps_are_counted_exactly_when_the_last_call_runs_fewer(tiny):
    problem, _, X, y, held_out = tiny
    model = build_model(problem, encoder_units=4, decoder_units=4, steps_per_execution=5, seed=1)
    check = HeldOutScore(held_out, every=5)
    model.fit(X[:224], y[:224], batch_size=32, epochs=1, verbose=0, callbacks=[check])  # 7 steps: 5 + 2
    assert [row["step"] for row in check.rows] == [5, 7]
    late = HeldOutScore(held_out, every=250)  # no check before the end, then one at the true step
    build_model(problem, encoder_units=4, decoder_units=4, steps_per_execution=250, seed=1).fit(
        X[:224], y[:224], batch_size=32, epochs=1, verbose=0, callbacks=[late])
    assert [row["step"] for row in late.rows] == [7]


def test_a_deadline_in_the_past_stops_at_the_first_check(tiny):
    problem, _, X, y, held_out = tiny
    model = build_model(problem, encoder_units=4, decoder_units=4, seed=1)
    check = HeldOutScore(held_out, every=2, target=1.0, deadline=time.perf_counter() - 1)
    model.fit(X, y, batch_size=32, epochs=1, verbose=0, callbacks=[check])
    assert check.timed_out and check.reached is None
    assert [row["step"] for row in check.rows] == [2]
    assert int(model.optimizer.iterations) == 2


def test_reads_keras_validation_scores_once_per_epoch(tiny):
    problem, _, X, y, held_out = tiny
    model = build_model(problem, encoder_units=4, decoder_units=4, seed=1)
    check = HeldOutScore(per="epoch", monitor="val_exact_match")
    history = model.fit(X, y, batch_size=64, epochs=3, validation_data=held_out, verbose=0, callbacks=[check])
    assert [row["epoch"] for row in check.rows] == [1, 2, 3]
    assert [row["val_exact_match"] for row in check.rows] == pytest.approx(history.history["val_exact_match"])
    assert [row["step"] for row in check.rows] == [4, 8, 12]


# ---------------------------------------------------------------- stopping, driven by hand


class FakeModel:
    """Just enough of a Keras model for the callback: weights are the epoch they were saved at."""

    def __init__(self):
        self.stop_training, self.epoch, self.weights = False, 0, None
        self.optimizer = types.SimpleNamespace(iterations=0)

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
        callback.on_epoch_begin(epoch)
        callback.on_epoch_end(epoch, {"val_exact_match": score})
        if model.stop_training:
            stopped = epoch + 1
            break
    callback.on_train_end()
    return stopped, model.weights


def stop_at(target=1.0, **kwargs):
    return HeldOutScore(per="epoch", monitor="val_exact_match", target=target, **kwargs)


def test_waits_for_patience_checks_in_a_row():
    assert run_epochs(stop_at(restore_best=True), [0.5, 1.0, 1.0]) == (2, [2])
    callback = stop_at(patience=3, restore_best=True)
    assert run_epochs(callback, [1.0, 1.0, 0.99, 1.0, 1.0, 1.0, 1.0]) == (6, [6])
    assert callback.reached["epoch"] == 6 and callback.best_epoch == 6 and callback.best["val_exact_match"] == 1.0


def test_keeps_the_best_epoch_when_the_target_is_never_held():
    callback = stop_at(patience=3, restore_best=True)
    assert run_epochs(callback, [0.2, 0.9, 0.4, 0.9, 0.5]) == (None, [4])  # the latest of two ties
    assert callback.reached is None and callback.best_epoch == 4 and callback.best["val_exact_match"] == 0.9
    assert run_epochs(stop_at(), [0.2, 0.9, 0.4]) == (None, None)  # restore_best=False keeps the last


def test_every_few_epochs_and_without_a_target():
    callback = HeldOutScore(every=2, per="epoch")
    assert run_epochs(callback, [0.1, 0.2, 0.3, 0.4, 0.5]) == (None, None)
    assert [row["epoch"] for row in callback.rows] == [2, 4]
    assert HeldOutScore(per="epoch").best_epoch is None


def test_a_deadline_without_a_target():
    callback = HeldOutScore(per="epoch", deadline=time.perf_counter() - 1)
    assert run_epochs(callback, [0.1, 0.2]) == (1, None)
    assert callback.timed_out and callback.reached is None


def test_names_a_missing_metric():
    callback = stop_at()
    callback.set_model(FakeModel())
    with pytest.raises(KeyError, match="validation_data"):
        callback.on_epoch_end(0, {"exact_match": 1.0})


X3 = np.zeros((5, 3, 12), dtype=np.uint8)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"per": "batch"}, ValueError, r"per must be one of \['step', 'sample', 'epoch'\], got 'batch'"),
        ({"held_out": X3}, TypeError, "held_out must be a pair .X, y. of one-hot arrays, got ndarray"),
        ({"held_out": (X3[0], X3)}, ValueError, r"got shapes \(3, 12\) and \(5, 3, 12\)"),
        ({"held_out": (X3, X3[:4])}, ValueError, "same number .* got 5 and 4"),
        ({"held_out": (X3, X3), "monitor": "val_exact_match"}, ValueError,
         r"monitor must be one of \['exact_match', 'char_accuracy'\] when held_out is given, got 'val_exact_match'"),
        ({"monitor": 3, "per": "epoch"}, TypeError, "monitor must be the name of a score, got 3"),
        ({}, ValueError, "per must be 'epoch' without held_out .* got per='step'"),
        ({"per": "epoch", "at_start": True}, ValueError, "at_start=True needs held_out"),
        ({"held_out": (X3, X3), "per": "sample"}, ValueError, "per='sample' needs batch_size"),
        ({"held_out": (X3, X3), "every": 0}, ValueError, "every must be an integer >= 1, got 0"),
        ({"held_out": (X3, X3), "every": 2.0}, TypeError, r"every must be an integer, got 2.0 \(float\)"),
        ({"per": "epoch", "target": 0}, ValueError, "target must be a finite number > 0 and <= 1, got 0"),
        ({"per": "epoch", "target": 1.01}, ValueError, "target must be a finite number > 0 and <= 1, got 1.01"),
        ({"per": "epoch", "target": "1"}, TypeError, r"target must be a number, got '1' \(str\)"),
        ({"per": "epoch", "patience": 0}, ValueError, "patience must be an integer >= 1, got 0"),
        ({"per": "epoch", "deadline": float("nan")}, ValueError, "deadline must be a finite number, got nan"),
        ({"per": "epoch", "restore_best": 1}, TypeError, r"restore_best must be True or False, got 1 \(int\)"),
        ({"held_out": (X3, X3), "batch_size": 3.5}, TypeError, r"batch_size must be an integer, got 3.5"),
        ({"held_out": (X3, X3), "n_samples": 0}, ValueError, "n_samples must be an integer >= 1, got 0"),
        ({"held_out": (X3, X3), "eval_batch_size": True}, TypeError, r"eval_batch_size must be an integer, got True"),
    ],
)
def test_bad_arguments_are_named(kwargs, error, message):
    with pytest.raises(error, match=message):
        HeldOutScore(**kwargs)


def test_numpy_numbers_are_accepted():
    callback = HeldOutScore((X3, X3), every=np.int64(2), target=np.float32(0.5), restore_best=np.bool_(True))
    assert callback.every == 2 and callback.target == 0.5 and callback.restore_best is True
