"""Reversed answers: written and read back, in the arrays, and the four formats."""

import dataclasses

import numpy as np
import pytest
from arithmetic_strategies import problems, seeds
from hypothesis import given, settings
from hypothesis import strategies as st

from addition_lib import ArithmeticProblem, Questions, answer_texts, build_model, decode_batch, encode_questions
from addition_lib.answer_formats import (
    ANSWER_FORMATS,
    in_format,
    read_reversed,
    right_answers,
    write_reversed,
)
from addition_lib.data import read_questions
from addition_lib.problem import problem_from_dict
from addition_lib.step_by_step import format_questions


@given(st.integers(0, 10**12), st.integers(0, 3))
def test_reading_a_reversed_answer_undoes_writing_it(answer, spare):
    width = len(str(answer)) + spare
    text = write_reversed(answer, width)
    assert len(text) == width and read_reversed(text) == answer
    assert text.rstrip() == str(answer)[::-1]


@given(problems(max_largest=999), seeds)
@settings(max_examples=40, deadline=None)
def test_reversing_twice_is_the_identity(problem, seed):
    from addition_lib import random_questions

    questions = random_questions(problem, 20, seed)
    flipped = dataclasses.replace(problem, reverse_output=not problem.reverse_output)
    _, y = encode_questions(problem, questions)
    _, y_flipped = encode_questions(flipped, questions)
    assert (y_flipped[:, ::-1][:, ::-1] == y_flipped).all()
    assert (y_flipped[:, ::-1] == y).all()
    assert answer_texts(problem, y) == answer_texts(flipped, y_flipped)


def test_the_four_formats_write_one_question_four_ways():
    questions = Questions.from_lists([[345, 678], [9, 1]], "+")
    written = {name: format_questions(in_format(ArithmeticProblem(2, 999), name), questions)
               for name in ANSWER_FORMATS}
    assert written["plain"] == (["345+678", "    9+1"], ["1023", "  10"])
    assert written["reversed input"] == (["876+543", "1+9    "], ["1023", "  10"])
    assert written["reversed output"] == (["345+678", "    9+1"], ["3201", "01  "])
    assert written["both reversed"] == (["876+543", "1+9    "], ["3201", "01  "])
    for name in ANSWER_FORMATS:
        problem = in_format(ArithmeticProblem(2, 999), name)
        X, y = encode_questions(problem, questions)
        assert (decode_batch(X, problem.alphabet), decode_batch(y, problem.alphabet)) == written[name]
        assert answer_texts(problem, y) == ["1023", "  10"]
        assert read_questions(problem, written[name][0]).same_as(questions)


def test_reverse_output_is_a_field_that_round_trips():
    problem = ArithmeticProblem(2, 99, reverse_output=np.True_)
    assert problem.reverse_output is True
    assert "reverse_output=True" in repr(problem)
    assert "reverse_output" not in repr(ArithmeticProblem(2, 99))
    assert problem_from_dict(problem.to_dict()) == problem
    assert "reverse_output" not in ArithmeticProblem(2, 99).to_dict()
    with pytest.raises(TypeError, match="reverse_output must be True or False, got 1"):
        ArithmeticProblem(2, 99, reverse_output=1)


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="name must be one of"):
        in_format(ArithmeticProblem(2, 99), "backwards")
    with pytest.raises(ValueError, match="answer 1023 has more than width=3 digits"):
        write_reversed(1023, 3)
    with pytest.raises(TypeError, match="answer must be an integer"):
        write_reversed(10.0, 3)
    with pytest.raises(ValueError, match="width must be an integer >= 1, got 0"):
        write_reversed(1, 0)
    assert write_reversed(np.int64(28), np.int32(3)) == "82 "
    with pytest.raises(ValueError, match="text must be digits"):
        read_reversed(" 28")
    with pytest.raises(ValueError, match="text must be digits"):
        read_reversed("10 ")  # the digits of 01: a leading zero
    with pytest.raises(TypeError, match="text must be a string"):
        read_reversed(82)


def test_right_answers_reads_the_model_in_its_format():
    problem = in_format(ArithmeticProblem(2, 9), "both reversed")
    model = build_model(problem, encoder_units=4, decoder_units=4, seed=1)
    questions = Questions.from_lists([[1, 2], [9, 9]], "+")
    right = right_answers(model, problem, questions)
    assert right.dtype == bool and right.shape == (2,)


def test_teacher_forcing_writes_reversed_answers_units_first():
    from addition_lib.teacher_forcing import answer_codes, answer_symbols

    problem = ArithmeticProblem(2, 99, operators="+-")
    backwards = dataclasses.replace(problem, reverse_output=True)
    symbols = answer_symbols(problem)
    for answer in (28, 7, 100, -10, -98, 0):
        codes = answer_codes(problem, np.array([answer]))[0]
        text = "".join(symbols[c] for c in codes if c >= 0)
        codes_back = answer_codes(backwards, np.array([answer]))[0]
        text_back = "".join(symbols[c] for c in codes_back if c >= 0)
        assert text == f"{answer}." and text_back == f"{str(answer)[::-1]}."
