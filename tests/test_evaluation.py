"""Scores, prediction lines and typed questions."""

import numpy as np
import pytest

from addition_lib import (
    ALPHABET,
    AdditionProblem,
    accuracies,
    ask,
    build_model,
    decode_batch,
    encode_sum_pairs,
    generate_data,
    prediction_lines,
    score_model,
)
from addition_lib.evaluation import encode_question


class PerfectAdder:
    """A stand-in model that always answers right, to test the scoring code itself."""

    def __init__(self, problem, wrong_sums=()):
        self.problem = problem
        self.wrong_sums = set(wrong_sums)
        self.seen = 0

    def predict(self, X, batch_size=None, verbose=0):
        self.seen += len(X)
        questions = decode_batch(X, self.problem.alphabet)
        sums = np.array([sum(int(t) for t in q.split("+")) for q in questions])
        answers = np.where(np.isin(sums, list(self.wrong_sums)), sums + 1, sums)
        terms = np.zeros((len(sums), self.problem.n_numbers), dtype=int)
        terms[:, 0] = answers  # only y matters below
        _, y = encode_sum_pairs(terms, answers, self.problem.n_numbers, self.problem.largest + 1)
        return y.astype("float32")


def test_whole_space_is_scored_once_each():
    problem = AdditionProblem(3, 10)
    model = PerfectAdder(problem)
    score = score_model(model)
    assert score.whole_space and score.n_scored == 1000 and model.seen == 1000
    assert score.exact_match == 1.0 and score.char_accuracy == 1.0


def test_exact_match_is_lower_than_char_accuracy_when_one_digit_is_wrong():
    problem = AdditionProblem(3, 10)
    score = score_model(PerfectAdder(problem, wrong_sums={15}))  # 15 -> 16: one digit of two wrong
    wrong = sum(1 for a in range(1, 11) for b in range(1, 11) for c in range(1, 11) if a + b + c == 15)
    assert score.exact_match == pytest.approx(1 - wrong / 1000)
    assert score.char_accuracy == pytest.approx(1 - wrong / 2000)


def test_large_spaces_are_sampled():
    problem = AdditionProblem(3, 100)
    score = score_model(PerfectAdder(problem), n_samples=500, space_limit=10_000)
    assert not score.whole_space and score.n_scored == 500
    assert "random sample" in str(score)


def test_accuracies_checks_shapes():
    with pytest.raises(ValueError, match=r"y_true and y_pred must be 3-D arrays of one shape, got \(2, 2, 12\) and \(2, 3, 12\)"):
        accuracies(np.zeros((2, 2, 12)), np.zeros((2, 3, 12)))


def test_prediction_lines_use_the_chapter_format():
    problem = AdditionProblem(3, 10)
    X, y = encode_sum_pairs([[9, 10, 9], [2, 4, 5]], [28, 11], 3, 10)
    lines = prediction_lines(PerfectAdder(problem, wrong_sums={28}), X, y)
    assert lines == ["  9+10+9 = 29 (expect 28)", "   2+4+5 = 11 (expect 11)"]


def test_ask_with_a_real_model():
    model = build_model(encoder_units=4, decoder_units=4, seed=0)
    answer = ask(model, "10+6")
    assert len(answer) <= 2 and set(answer) <= set(ALPHABET)


def test_encode_question_pads_like_the_data():
    problem = AdditionProblem(3, 10)
    X, _ = encode_sum_pairs([[9, 10, 9]], [28], 3, 10)
    np.testing.assert_array_equal(encode_question("9+10+9", problem), X)
    np.testing.assert_array_equal(encode_question(" 9 + 10 + 9 ", problem), X)
    assert decode_batch(encode_question("10+6", problem)) == ["    10+6"]


@pytest.mark.parametrize(
    "expression, error, message",
    [
        ("10-6", ValueError, r"expression '10-6' has character '-' at position 2, which is not in the alphabet"),
        ("1+2+3+4", ValueError, "expression '1\\+2\\+3\\+4' has 4 terms; the model was trained on 3"),
        ("100+1", ValueError, "has the term 100, with more digits than the model was trained on \\(terms of 1..10\\)"),
        ("1++2", ValueError, "expression must be whole numbers joined by '\\+'"),
        ("", ValueError, "expression must be whole numbers joined by '\\+'"),
        (12, TypeError, "expression must be a string such as '10\\+6', got 12"),
    ],
)
def test_ask_rejects_bad_questions(expression, error, message):
    model = PerfectAdder(AdditionProblem(3, 10))
    with pytest.raises(error, match=message):
        ask(model, expression)


def test_model_without_problem_needs_one():
    class Bare:
        pass

    with pytest.raises(ValueError, match="model has no .problem"):
        ask(Bare(), "1+2")


def test_generate_data_then_score_a_sample_reproducibly():
    problem = AdditionProblem(2, 999)
    a = score_model(PerfectAdder(problem, wrong_sums={1000}), n_samples=300, seed=4)
    b = score_model(PerfectAdder(problem, wrong_sums={1000}), n_samples=300, seed=4)
    assert a == b
    X, _ = generate_data(3, 2, 999, seed=4)
    assert X.shape == (3, 7, 12)
