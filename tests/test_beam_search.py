"""Beam search: one step's choice, the plain search on toy decoders, and the batched search on a model."""

import doctest

import numpy as np
import pytest

from addition_lib import beam_search as beam_module
from addition_lib.beam_search import (
    answer_log_probs,
    beam_decode,
    beam_search,
    best_extensions,
    question_step,
    search_errors,
)
from addition_lib.checks.ex08_beam_search import ToyDecoder
from addition_lib.greedy_decoding import greedy_decode
from addition_lib.problem import ArithmeticProblem
from addition_lib.questions import random_questions
from addition_lib.teacher_forcing import (
    answer_codes,
    answer_steps,
    answer_symbols,
    build_teacher_forcing,
    teacher_forcing_arrays,
)

PROBLEM = ArithmeticProblem(2, 99, reverse=True)


def test_doctests():
    assert doctest.testmod(beam_module).failed == 0


def test_best_extensions_ranks_all_pairs_by_total_score():
    scores = np.log([0.5, 0.3])
    log_probs = np.log([[0.6, 0.4], [0.9, 0.1]])
    beams, symbols, totals = best_extensions(scores, log_probs, 4)
    assert beams.tolist() == [0, 1, 0, 1] and symbols.tolist() == [0, 0, 1, 1]
    np.testing.assert_allclose(np.exp(totals), [0.3, 0.27, 0.2, 0.03])


@pytest.mark.parametrize("args, error, match", [
    (([0.0], [[0.0, 0.0]], 3), ValueError, "at most"),
    (([0.0], [[0.0, 0.0]], 0), ValueError, "k must"),
    (([0.0], [[0.0, 0.0]], 1.0), TypeError, "k must"),
    (([0.0, 0.0], [[0.0, 0.0]], 1), ValueError, "shape"),
])
def test_best_extensions_rejects_bad_arguments(args, error, match):
    with pytest.raises(error, match=match):
        best_extensions(*args)


def trap():
    table = np.full((3, 4, 3), 1 / 3)
    table[0, 3] = [0.6, 0.38, 0.02]
    table[1, 1] = [0.05, 0.05, 0.9]
    return ToyDecoder(table, "trap")


def test_beam_search_finds_what_greedy_misses():
    toy = trap()
    greedy, greedy_score = beam_search(toy, 0, toy.start, toy.end, 1, 3)
    best, best_score = beam_search(toy, 0, toy.start, toy.end, 2, 3)
    assert greedy[0] == 0 and best == [1, 2]
    assert best_score == pytest.approx(np.log(0.38 * 0.9)) and best_score > greedy_score


def test_beam_search_stops_at_max_length_and_keeps_finished_answers():
    toy = trap()
    assert beam_search(toy, 0, toy.start, toy.end, 3, 1) == ([0], pytest.approx(np.log(0.6)))
    wide, _ = beam_search(toy, 0, toy.start, toy.end, 5, 3)
    assert wide == [1, 2]


@pytest.mark.parametrize("width, length, error, match", [
    (0, 3, ValueError, "beam_width"), (True, 3, TypeError, "beam_width"), (2, 0, ValueError, "max_length"),
])
def test_beam_search_rejects_bad_sizes(width, length, error, match):
    toy = trap()
    with pytest.raises(error, match=match):
        beam_search(toy, 0, toy.start, toy.end, width, length)


@pytest.fixture(scope="module")
def untrained():
    model = build_teacher_forcing(PROBLEM, units=16, seed=3)
    (X, _), _ = teacher_forcing_arrays(PROBLEM, random_questions(PROBLEM, 30, seed=1))
    return model, X


@pytest.mark.parametrize("width", [1, 3, 15])
def test_batched_beam_search_finds_what_the_plain_one_finds(untrained, width):
    model, X = untrained
    X = X[:12]
    codes, scores = beam_decode(model, X, width, batch_size=8)
    n_symbols = len(answer_symbols(PROBLEM))
    for i, x in enumerate(X):
        step, state = question_step(model, x)
        symbols, score = beam_search(step, state, n_symbols - 2, n_symbols - 1, width, answer_steps(PROBLEM))
        assert codes[i][codes[i] >= 0].tolist() == symbols
        assert scores[i] == pytest.approx(score, abs=1e-6)


def test_beam_of_one_is_greedy_and_scores_are_log_probabilities(untrained):
    model, X = untrained
    codes, scores = beam_decode(model, X, 1)
    greedy = greedy_decode(model, X)
    end = len(answer_symbols(PROBLEM)) - 1
    after_end = np.cumsum(greedy == end, axis=1) - (greedy == end) > 0
    np.testing.assert_array_equal(codes, np.where(after_end, -1, greedy))
    np.testing.assert_allclose(answer_log_probs(model, X, codes), scores, atol=1e-5)


def test_answer_log_probs_of_the_true_answers_are_negative_and_checked(untrained):
    model, X = untrained
    questions = random_questions(PROBLEM, 30, seed=1)
    log_p = answer_log_probs(model, X, answer_codes(PROBLEM, questions.answers))
    assert log_p.shape == (30,) and (log_p < 0).all()
    with pytest.raises(ValueError, match="codes must have shape"):
        answer_log_probs(model, X, np.zeros((29, 4), dtype=int))
    with pytest.raises(TypeError, match="build_teacher_forcing"):
        answer_log_probs(object(), X, np.zeros((30, 4), dtype=int))


def test_search_errors_needs_a_wrong_answer_the_model_would_not_choose():
    got = search_errors([-0.5, -2.0, -0.1, -1.0], [-1.0, -0.3, -0.1, -1.0], [False, False, True, False])
    assert got.tolist() == [True, False, False, False]
    assert search_errors([], [], []).tolist() == []
    with pytest.raises(ValueError, match="log_p_found"):
        search_errors([0.0, 0.0], [0.0], [True, True])
    with pytest.raises(TypeError, match="booleans"):
        search_errors([0.0], [0.0], [1])
