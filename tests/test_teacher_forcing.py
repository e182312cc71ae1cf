"""The teacher-forced decoder: symbols, arrays, the model, greedy decoding and the two scores.

The one real training run fits a 24-unit model on the 25 questions of 2 terms of 1..5,
a few seconds.
"""

import doctest

import numpy as np
import pytest

from addition_lib import keras, teacher_forcing
from addition_lib.greedy_decoding import (
    ModeComparison,
    answers_from_codes,
    compare_modes,
    free_running_exact_match,
    greedy_decode,
    greedy_decoder,
    inference_models,
)
from addition_lib.problem import ArithmeticProblem
from addition_lib.questions import Questions, all_questions, random_questions
from addition_lib.teacher_forcing import (
    END,
    START,
    MaskedCharAccuracy,
    MaskedExactMatch,
    answer_codes,
    answer_steps,
    answer_symbols,
    build_teacher_forcing,
    decoder_texts,
    masked_crossentropy,
    shift_right,
    teacher_forcing_arrays,
)

CHAPTER = ArithmeticProblem(3, 10)
THREE_DIGITS = ArithmeticProblem(2, 999, reverse=True)
TINY = ArithmeticProblem(2, 5)


def test_doctests():
    assert doctest.testmod(teacher_forcing).failed == 0


# ---------------------------------------------------------------- symbols and texts


def test_symbols_are_digits_start_and_end_and_a_minus_only_when_needed():
    assert answer_symbols(CHAPTER) == (*"0123456789", START, END)
    assert answer_symbols(ArithmeticProblem(2, 10, operators="+-")) == (*"0123456789", "-", START, END)
    assert answer_steps(CHAPTER) == 3 and answer_steps(THREE_DIGITS) == 5


def test_symbols_refuse_a_problem_whose_alphabet_holds_them():
    alphabet = (*"0123456789", "+", " ", START)
    with pytest.raises(ValueError, match="start and end symbols"):
        answer_symbols(ArithmeticProblem(3, 10, alphabet=alphabet))
    with pytest.raises(TypeError, match="ArithmeticProblem"):
        answer_symbols("3 terms of 1..10")


def test_decoder_texts_shift_the_answer_by_one_step():
    assert decoder_texts(["28", "7", "-10"]) == (["=28", "=7", "=-10"], ["28.", "7.", "-10."])
    assert decoder_texts([]) == ([], [])


@pytest.mark.parametrize("bad, error, match", [
    ("28", TypeError, "list of strings"),
    ([28], TypeError, r"answers\[0\]"),
    ([" 7"], ValueError, "unpadded"),
    ([""], ValueError, "unpadded"),
    (["28."], ValueError, "unpadded"),
])
def test_decoder_texts_reject_bad_answers(bad, error, match):
    with pytest.raises(error, match=match):
        decoder_texts(bad)


# ---------------------------------------------------------------- codes and arrays


def test_answer_codes_have_their_own_length_then_end_then_nothing():
    end = len(answer_symbols(CHAPTER)) - 1
    assert answer_codes(CHAPTER, np.array([28, 3, 30])).tolist() == [[2, 8, end], [3, end, -1], [3, 0, end]]
    minus = ArithmeticProblem(3, 10, operators="-")
    symbols = answer_symbols(minus)
    codes = answer_codes(minus, np.array([-19, 0, 8]))
    assert [[symbols[c] for c in row if c >= 0] for row in codes.tolist()] == [list("-19."), list("0."), list("8.")]


def test_answer_codes_spell_every_answer_as_str_does():
    questions = random_questions(ArithmeticProblem((1, 3), 999, operators="+-*"), 500, seed=3)
    problem = ArithmeticProblem((1, 3), 999, operators="+-*")
    texts = answers_from_codes(problem, answer_codes(problem, questions.answers))
    assert texts == [str(answer) for answer in questions.answers.tolist()]


def test_answer_codes_reject_bad_answers():
    with pytest.raises(ValueError, match="3..30"):
        answer_codes(CHAPTER, np.array([31]))
    with pytest.raises(TypeError, match="whole numbers"):
        answer_codes(CHAPTER, np.array([2.5]))
    with pytest.raises(TypeError, match="1-D"):
        answer_codes(CHAPTER, np.array([[3]]))


def test_shift_right_starts_with_start_and_reads_nothing_after_the_end():
    start, end = len(answer_symbols(CHAPTER)) - 2, len(answer_symbols(CHAPTER)) - 1
    target = answer_codes(CHAPTER, np.array([28, 3]))
    assert shift_right(CHAPTER, target).tolist() == [[start, 2, 8], [start, 3, -1]]
    assert target[1].tolist() == [3, end, -1]


def test_teacher_forcing_arrays_shapes_and_empty_steps():
    questions = Questions.from_lists([[9, 10, 9], [1, 1, 1]])
    (X, previous), y = teacher_forcing_arrays(CHAPTER, questions)
    assert X.shape == (2, 8, 12) and previous.shape == (2, 3, 12) and y.shape == (2, 3, 12)
    assert X.dtype == previous.dtype == y.dtype == np.uint8
    symbols = answer_symbols(CHAPTER)
    read = [["".join(symbols[i] for i in np.flatnonzero(step)) for step in row] for row in previous]
    written = [["".join(symbols[i] for i in np.flatnonzero(step)) for step in row] for row in y]
    assert read == [["=", "2", "8"], ["=", "3", ""]]
    assert written == [["2", "8", "."], ["3", ".", ""]]


# ---------------------------------------------------------------- loss and metrics


def one_hot(codes, n=4):
    table = np.vstack([np.eye(n), np.zeros((1, n))])
    return table[np.where(np.asarray(codes) < 0, n, codes)].astype("float32")


def test_metrics_and_loss_skip_the_empty_steps():
    y_true = one_hot([[1, 2, 3], [1, 3, -1]])
    y_pred = one_hot([[1, 2, 0], [1, 3, 0]]) * 0.9 + 0.025  # second answer right; its last step is empty
    char, exact = MaskedCharAccuracy(), MaskedExactMatch()
    char.update_state(y_true, y_pred)
    exact.update_state(y_true, y_pred)
    assert float(char.result()) == pytest.approx(4 / 5)
    assert float(exact.result()) == pytest.approx(1 / 2)
    loss = np.asarray(masked_crossentropy(y_true, y_pred))
    step = -np.log(0.925)
    assert loss.tolist() == pytest.approx([(2 * step - np.log(0.025)) / 3, step])


# ---------------------------------------------------------------- the model


def test_model_shapes_layers_and_weight_count():
    model = build_teacher_forcing(THREE_DIGITS, units=16, seed=1)
    assert [tuple(i.shape) for i in model.inputs] == [(None, 7, 12), (None, 5, 12)]
    assert tuple(model.output.shape) == (None, 5, 12)
    assert model.get_layer("encoder").units == model.get_layer("decoder").units == 16
    n, s, u = 12, 12, 16
    assert model.count_params() == 4 * u * (n + u + 1) + 4 * u * (s + u + 1) + (u + 1) * s
    assert model.problem is THREE_DIGITS
    (X, previous), y = teacher_forcing_arrays(THREE_DIGITS, random_questions(THREE_DIGITS, 8, seed=0))
    logs = model.evaluate([X, previous], y, verbose=0, return_dict=True)
    assert set(logs) == {"loss", "char_accuracy", "exact_match"}


def test_same_seed_same_weights_and_another_seed_other_weights():
    first, again, other = (build_teacher_forcing(CHAPTER, units=8, seed=s) for s in (3, 3, 4))
    for a, b in zip(first.get_weights(), again.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first.get_weights()[0], other.get_weights()[0])


def test_cosine_decay_reaches_zero():
    model = build_teacher_forcing(CHAPTER, units=4, learning_rate=0.01, decay_steps=10)
    assert float(model.optimizer.learning_rate) == pytest.approx(0.01)
    model.optimizer.iterations.assign(10)
    assert float(model.optimizer.learning_rate) == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"units": 0}, ValueError, "units"),
    ({"units": True}, TypeError, "units"),
    ({"units": 8.0}, TypeError, "units"),
    ({"learning_rate": "fast"}, TypeError, "learning_rate"),
    ({"learning_rate": True}, TypeError, "learning_rate"),
    ({"learning_rate": -0.1}, ValueError, "learning_rate"),
    ({"learning_rate": float("nan")}, ValueError, "learning_rate"),
    ({"decay_steps": 0}, ValueError, "decay_steps"),
    ({"seed": -1}, ValueError, "seed"),
    ({"steps_per_execution": 0}, ValueError, "steps_per_execution"),
])
def test_model_rejects_bad_settings(kwargs, error, match):
    with pytest.raises(error, match=match):
        build_teacher_forcing(CHAPTER, **kwargs)


def test_model_accepts_numpy_numbers():
    model = build_teacher_forcing(CHAPTER, units=np.int64(4), learning_rate=np.float32(0.01), seed=np.int64(1))
    assert model.get_layer("encoder").units == 4


def test_model_rejects_a_problem_of_another_kind():
    from addition_lib import CHAPTER_PROBLEM

    with pytest.raises(TypeError, match="ArithmeticProblem"):
        build_teacher_forcing((3, 10))
    assert build_teacher_forcing(CHAPTER_PROBLEM) is not None


# ---------------------------------------------------------------- greedy decoding


def step_by_step(model, X, n_steps):
    """The greedy loop written out with the step model: the reference for greedy_decoder."""
    encoder, step = inference_models(model)
    h, c = encoder.predict_on_batch(X)
    n_symbols = len(answer_symbols(model.problem))
    code = np.full(len(X), n_symbols - 2)
    codes = []
    for _ in range(n_steps):
        previous = np.eye(n_symbols, dtype="float32")[code][:, None, :]
        probabilities, h, c = step.predict_on_batch([previous, h, c])
        code = np.asarray(probabilities)[:, 0].argmax(-1)
        codes.append(code)
    return np.stack(codes, axis=1)


def test_greedy_decoder_is_the_step_by_step_loop_vectorised():
    model = build_teacher_forcing(THREE_DIGITS, units=12, seed=2)
    (X, _), _ = teacher_forcing_arrays(THREE_DIGITS, random_questions(THREE_DIGITS, 50, seed=1))
    codes = greedy_decode(model, X, batch_size=16)
    assert codes.shape == (50, 5)
    np.testing.assert_array_equal(codes, step_by_step(model, X, 5))
    assert greedy_decoder(model) is greedy_decoder(model)  # built once per model
    assert greedy_decode(model, X, max_length=2).shape == (50, 2)


def test_greedy_decode_rejects_questions_of_the_wrong_shape():
    model = build_teacher_forcing(CHAPTER, units=4, seed=1)
    with pytest.raises(ValueError, match=r"shape \(n, 8, 12\)"):
        greedy_decode(model, np.zeros((3, 7, 12)))
    with pytest.raises(TypeError, match="build_teacher_forcing"):
        greedy_decode(keras.Sequential([keras.Input((8, 12)), keras.layers.Dense(2)]), np.zeros((3, 8, 12)))
    with pytest.raises(ValueError, match="max_length"):
        greedy_decode(model, np.zeros((3, 8, 12)), max_length=0)


def test_answers_from_codes_stop_at_the_first_end():
    assert answers_from_codes(CHAPTER, [[11, 2, 2], [2, 8, 11], [-1, -1, -1]]) == ["", "28", "..."]


@pytest.fixture(scope="module")
def tiny_trained():
    questions = all_questions(TINY)  # all 25 questions of 2 terms of 1..5
    train = questions[np.arange(len(questions)).repeat(160)]
    inputs, y = teacher_forcing_arrays(TINY, train[np.random.default_rng(0).permutation(len(train))])
    model = build_teacher_forcing(TINY, units=24, learning_rate=0.02, decay_steps=125, seed=1)
    model.fit(inputs, y, batch_size=32, epochs=1, verbose=0)
    return model, questions


def test_a_tiny_model_learns_a_tiny_problem_and_answers_it_on_its_own(tiny_trained):
    model, questions = tiny_trained
    comparison = compare_modes(model, questions)
    assert comparison.exact_match("free") == 1.0
    assert answers_from_codes(TINY, comparison.free_codes) == [str(a) for a in questions.answers.tolist()]
    X = teacher_forcing_arrays(TINY, questions)[0][0]
    assert free_running_exact_match(model, X, answer_codes(TINY, questions.answers)) == 1.0


def test_greedy_and_teacher_forced_exact_match_agree_answer_by_answer():
    # A whole answer is right free-running exactly when every step is right teacher-forced:
    # while the greedy answer is right, it reads what teacher forcing would give it.
    problem = ArithmeticProblem(2, 30)
    inputs, y = teacher_forcing_arrays(problem, random_questions(problem, 6400, seed=1))
    model = build_teacher_forcing(problem, units=32, learning_rate=0.01, seed=1)
    model.fit(inputs, y, batch_size=32, epochs=1, verbose=0)
    comparison = compare_modes(model, all_questions(problem))
    forced_whole = (comparison.forced_right | ~comparison.real).all(axis=1)
    free_whole = (comparison.free_right | ~comparison.real).all(axis=1)
    assert 0.05 < free_whole.mean() < 0.95  # some answers right, some wrong: the test can fail
    np.testing.assert_array_equal(forced_whole, free_whole)
    np.testing.assert_array_equal(comparison.right_answers("free"), free_whole)
    assert comparison.char_accuracy("forced") > comparison.char_accuracy("free")


def test_mode_comparison_counts_steps_after_the_first_mistake():
    real = np.array([[True, True, True], [True, True, False], [True, True, True]])
    forced = np.array([[True, True, True], [False, True, False], [True, False, True]])
    free = np.array([[True, True, True], [False, False, False], [True, False, False]])
    comparison = ModeComparison(TINY, all_questions(TINY)[:3], real, forced, free, np.zeros((3, 3), int))
    assert comparison.after_first_mistake() == {"answers": 2, "steps": 2, "forced": 1.0, "free": 0.0}
    assert comparison.char_accuracy("forced") == pytest.approx(6 / 8)
    assert comparison.char_accuracy("free") == pytest.approx(4 / 8)
    assert comparison.exact_match("forced") == comparison.exact_match("free") == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="mode"):
        comparison.exact_match("greedy")
    assert len(comparison.lines(5)) == 2


def test_compare_modes_rejects_plain_lists(tiny_trained):
    model, _ = tiny_trained
    with pytest.raises(TypeError, match="Questions"):
        compare_modes(model, [[1, 2]])
