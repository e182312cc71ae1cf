"""The digit-aligned column format and its model: arrays, answers, a tiny timed run, checks."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addition_lib import ArithmeticProblem, Questions
from addition_lib.checks import check_column_digits, check_number_from_digits
from addition_lib.columns import (
    build_column_model,
    column_answers,
    column_arrays,
    column_digits,
    number_from_digits,
    train_columns,
)
from addition_lib.experiments.time_to_target import held_out_task


@given(st.integers(0, 10**10 - 1), st.integers(0, 10**10 - 1))
@settings(max_examples=60, deadline=None)
def test_columns_of_one_sum_agree_with_the_arrays(a, b):
    problem = ArithmeticProblem(2, 10**10 - 1, smallest=0)
    X, y = column_arrays(problem, Questions.from_lists([[a, b]], "+"))
    pairs = column_digits(a, b, problem.n_out_seq_length)
    assert [tuple(np.flatnonzero(step) - [0, 10]) for step in X[0]] == pairs
    assert number_from_digits(y[0].tolist()) == a + b


def test_multiplication_is_written_in_columns_too():
    problem = ArithmeticProblem(2, 99, operators="*")
    X, y = column_arrays(problem, Questions.from_lists([[99, 98]], "*"))
    assert X.shape == (1, 4, 20) and y.tolist() == [[2, 0, 7, 9]]


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="too narrow"):
        column_digits(1000, 1, 3)
    with pytest.raises(TypeError, match="a must be an integer"):
        column_digits("12", 1, 3)
    assert column_digits(np.int64(12), np.int32(5), np.int8(2)) == [(2, 5), (1, 0)]
    with pytest.raises(ValueError, match="digits must be 0..9"):
        number_from_digits([10])
    with pytest.raises(ValueError, match="two terms and one operator"):
        column_arrays(ArithmeticProblem(3, 99), Questions.from_lists([[1, 2, 3]], "+"))
    with pytest.raises(ValueError, match="two terms and one operator"):
        column_arrays(ArithmeticProblem(2, 99, operators="-"), Questions.from_lists([[3, 2]], "-"))


def test_a_tiny_timed_run_answers_in_numbers():
    task = held_out_task(ArithmeticProblem(2, 99), 50, 50, seed=0)
    model, run = train_columns(task, {"units": 8, "batch_size": 32, "max_steps": 20}, check_every=10, seed=1)
    assert run.steps <= 20 and run.seconds > 0 and 0 <= run.exact_match <= 1
    answers = column_answers(model, task.test)
    assert answers.shape == (50,) and answers.dtype == np.int64
    with pytest.raises(ValueError, match="unknown keys"):
        train_columns(task, {"epochs": 3})
    assert build_column_model(task.problem, units=4, decoder=False).count_params() > 0


def test_the_exercise_checks_pass_the_references_and_name_slips(capsys):
    check_column_digits(column_digits)
    check_number_from_digits(number_from_digits)
    assert capsys.readouterr().out.count("cases passed") == 2

    def stub(*args):
        raise NotImplementedError

    check_column_digits(stub)
    assert "not attempted yet" in capsys.readouterr().out
    with pytest.raises(AssertionError, match=r"\(345, 678, 4\) gave (.|\n)*hint: the columns are in the wrong order"):
        check_column_digits(lambda a, b, w: column_digits(a, b, w)[::-1])
    with pytest.raises(AssertionError, match=r"hint: each pair must hold the digit of a first"):
        check_column_digits(lambda a, b, w: [(y, x) for x, y in column_digits(a, b, w)])
    with pytest.raises(AssertionError, match=r"\[3, 2, 0, 1\]\) gave 3201, expected 1023(.|\n)*hint: the first digit"):
        check_number_from_digits(lambda digits: int("".join(map(str, digits))))


def test_width_balanced_training_never_draws_a_held_out_question():
    from addition_lib.columns import width_balanced_stream
    from addition_lib.splits import question_ids

    problem = ArithmeticProblem(2, 99999)
    task = held_out_task(problem, 2_000, 500, seed=0)
    questions = width_balanced_stream(task, 20_000, seed=np.int64(1))
    widths = np.array([len(str(t)) for t in questions.terms.ravel()])
    assert np.bincount(widths)[1:].min() > 0.15 * len(widths)  # every width about a fifth
    assert not np.isin(question_ids(problem, questions), task.excluded_ids).any()
    small = held_out_task(ArithmeticProblem(2, 9), 40, 20, seed=0)
    drawn = width_balanced_stream(small, 500, seed=2)
    assert not np.isin(question_ids(small.problem, drawn), small.excluded_ids).any()


def test_edge_cases_mixed_into_training_are_never_held_out_ones():
    from addition_lib.carries import carry_chains, carry_edge_cases
    from addition_lib.columns import _mix_in_edge_cases
    from addition_lib.experiments.time_to_target import Task
    from addition_lib.splits import question_ids

    problem = ArithmeticProblem(2, 99)
    held = held_out_task(problem, 100, 50, seed=0)
    edge = carry_edge_cases(problem)
    task = Task(problem, held.check, np.union1d(held.excluded_ids, question_ids(problem, edge[::2])), held.test)
    questions = width_balanced_stream_for(task)
    mixed = _mix_in_edge_cases(task, questions, 0.5, seed=3)
    widths = np.array([len(str(max(row))) for row in mixed.rows()])
    assert 0.3 < (carry_chains(mixed) == widths).mean() < 0.8
    assert not np.isin(question_ids(problem, mixed), task.excluded_ids).any()


def width_balanced_stream_for(task):
    from addition_lib.columns import width_balanced_stream

    return width_balanced_stream(task, 2_000, seed=1)
