"""The chapter-style references the exercise checks compare with."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addition_lib import output_length, to_string
from addition_lib.problem import ArithmeticProblem
from addition_lib.questions import Questions
from addition_lib.rules import evaluate
from addition_lib.step_by_step import (
    format_questions,
    reverse_inputs,
    to_string_per_term,
    to_string_variable_terms,
    to_string_with_operator,
)


@st.composite
def sum_rows(draw, min_terms=1, max_terms=4):
    n_numbers = draw(st.integers(min_terms, max_terms))
    largest = draw(st.integers(1, 2000))
    rows = draw(st.lists(st.lists(st.integers(1, largest), min_size=n_numbers, max_size=n_numbers),
                         min_size=1, max_size=8))
    return rows, n_numbers, largest


def test_named_examples():
    assert to_string_per_term([[3, 10]], [13], 2, 10) == ([" 3+10"], ["13"])
    assert to_string_per_term([[9, 6, 9], [1, 1, 1]], [24, 3], 3, 10) == ([" 9+ 6+ 9", " 1+ 1+ 1"], ["24", " 3"])
    assert to_string_variable_terms([[3, 10], [9, 6, 9]], [13, 24], 3, 10) == (["    3+10", "   9+6+9"], ["13", "24"])
    assert to_string_with_operator([[9, 10, 9]], [-10], 3, 10, "-") == (["  9-10-9"], ["-10"])
    assert to_string_with_operator([[7, 2]], [3], 2, 10, "/") == (["  7/2"], [" 3"])
    assert reverse_inputs([" 3+10"], ["13"]) == (["01+3 "], ["13"])


@given(sum_rows())
@settings(max_examples=60, deadline=None)
def test_per_term_keeps_the_chapters_widths_and_text(case):
    rows, n_numbers, largest = case
    sums = [sum(row) for row in rows]
    per_term, per_term_y = to_string_per_term(rows, sums, n_numbers, largest)
    whole, whole_y = to_string(rows, sums, n_numbers, largest)
    assert per_term_y == whole_y
    assert [len(text) for text in per_term] == [len(text) for text in whole]
    assert [text.replace(" ", "") for text in per_term] == [text.replace(" ", "") for text in whole]


@given(sum_rows())
@settings(max_examples=60, deadline=None)
def test_per_term_matches_the_arithmetic_pipeline(case):
    rows, n_numbers, largest = case
    problem = ArithmeticProblem(n_numbers, largest, padding="per_term")
    texts, _ = format_questions(problem, Questions.from_lists(rows))
    assert to_string_per_term(rows, [sum(row) for row in rows], n_numbers, largest)[0] == texts


@given(sum_rows(max_terms=5))
@settings(max_examples=60, deadline=None)
def test_variable_terms_with_full_rows_is_the_chapters_to_string(case):
    rows, n_numbers, largest = case
    sums = [sum(row) for row in rows]
    assert to_string_variable_terms(rows, sums, n_numbers, largest) == to_string(rows, sums, n_numbers, largest)


@given(st.integers(1, 5), st.integers(1, 500), st.data())
@settings(max_examples=60, deadline=None)
def test_variable_terms_pads_every_row_to_the_longest_possible_question(max_terms, largest, data):
    rows = data.draw(st.lists(st.lists(st.integers(1, largest), min_size=1, max_size=max_terms), min_size=1,
                              max_size=8))
    texts, answers = to_string_variable_terms(rows, [sum(row) for row in rows], max_terms, largest)
    problem = ArithmeticProblem((1, max_terms), largest)
    assert {len(text) for text in texts} == {problem.n_in_seq_length}
    assert {len(text) for text in answers} == {output_length(max_terms, largest)}
    assert format_questions(problem, Questions.from_lists(rows))[0] == texts


@given(sum_rows(), st.sampled_from("+-*/"))
@settings(max_examples=80, deadline=None)
def test_operator_strings_match_the_arithmetic_pipeline(case, operator):
    rows, n_numbers, largest = case
    answers = [evaluate(row, operator) for row in rows]
    problem = ArithmeticProblem(n_numbers, largest, operators=operator)
    expected = format_questions(problem, Questions.from_lists(rows, operator))
    assert to_string_with_operator(rows, answers, n_numbers, largest, operator) == expected


@given(st.lists(st.text(alphabet="0123456789+- ", max_size=12), max_size=6))
def test_reversing_twice_gives_back_the_input_and_never_touches_the_output(texts):
    outputs = [text[:3] for text in texts]
    reversed_texts, same_outputs = reverse_inputs(texts, outputs)
    assert same_outputs == outputs
    assert reverse_inputs(reversed_texts, outputs)[0] == texts


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: to_string_per_term([[100, 1]], [101], 2, 10), ValueError, "has 3 characters, more than its padded"),
        (lambda: to_string_per_term([[1, 2, 3]], [6], 2, 10), ValueError, "n_numbers=2 terms per row, got rows of 3"),
        (lambda: to_string_per_term([[1, 2]], [3, 4], 2, 10), ValueError, "same length, got 1 and 2"),
        (lambda: to_string_per_term([[1, -2]], [-1], 2, 10), ValueError, r"X must hold whole numbers >= 0, got -2"),
        (lambda: to_string_per_term([[1, 2]], [3], 0, 10), ValueError, "n_numbers must be an integer >= 1, got 0"),
        (lambda: to_string_variable_terms([[1, 2, 3]], [6], 2, 10), ValueError, "list of 1 to max_terms=2 terms"),
        (lambda: to_string_variable_terms([[]], [0], 2, 10), ValueError, "list of 1 to max_terms=2 terms"),
        (lambda: to_string_variable_terms([[1, 2.5]], [3], 2, 10), TypeError, "must be an integer, got 2.5"),
        (lambda: to_string_with_operator([[1, 2]], [3], 2, 10, "%"), ValueError, "operator must be one of"),
        (lambda: to_string_with_operator([[1, 10]], [-99], 2, 10, "+"), ValueError, "more than its padded width 2"),
        (lambda: reverse_inputs(" 3+10", ["13"]), TypeError, "X_str must be a list of strings"),
        (lambda: reverse_inputs([" 3+10"], [13]), TypeError, r"y_str\[0\] must be a string, got 13"),
    ],
)
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
