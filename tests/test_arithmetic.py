"""The generalised pipeline: rules, problem object, question batches, encoding and decoding."""

import dataclasses
import itertools
import json

import numpy as np
import pytest
from arithmetic_strategies import problems, seeds
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from addition_lib import ALPHABET, AdditionProblem, decode_batch, encode_sum_pairs, input_length, output_length
from addition_lib.data import (
    answer_texts,
    answers_to_ints,
    encode_questions,
    exact_match_by_block,
    generate_arithmetic_data,
    question_texts,
    read_questions,
)
from addition_lib.problem import ArithmeticProblem, default_alphabet, problem_from_dict
from addition_lib.questions import Questions, concatenate, evaluate_terms, random_questions
from addition_lib.rules import OPERATORS, answer_width, evaluate, result_range
from addition_lib.step_by_step import format_questions, write_answer, write_question

# ---------------------------------------------------------------- the rules


@pytest.mark.parametrize(
    "terms, operator, answer",
    [
        ([9, 10, 9], "+", 28),
        ([9, 10, 9], "-", -10),  # (9 - 10) - 9, left to right
        ([10, 3, 4], "-", 3),
        ([2, 3, 4], "*", 24),
        ([20, 3, 2], "/", 3),  # (20 // 3) // 2
        ([7, 2], "/", 3),
        ([3, 10], "/", 0),
        ([5], "-", 5),  # one term: no operator, the answer is the term
        ([0, 7], "/", 0),
    ],
)
def test_evaluate_named_cases(terms, operator, answer):
    assert evaluate(terms, operator) == answer
    assert type(evaluate(terms, operator)) is int


@given(st.lists(st.integers(1, 1000), min_size=1, max_size=6), st.sampled_from(OPERATORS))
def test_evaluate_folds_left_to_right(terms, operator):
    step = {"+": int.__add__, "-": int.__sub__, "*": int.__mul__, "/": int.__floordiv__}[operator]
    expected = terms[0]
    for term in terms[1:]:
        expected = step(expected, term)
    assert evaluate(terms, operator) == expected


@pytest.mark.parametrize(
    "terms, operator, error, message",
    [
        ([1, 2], "%", ValueError, "operator must be one of ['+', '-', '*', '/'], got '%'"),
        ([1, 2], "plus", ValueError, "got 'plus'"),
        ([1, 2], 1, TypeError, "operator must be one of"),
        ([4, 0], "/", ValueError, "terms[1] is a divisor of 0"),
        ([4, -1], "+", ValueError, "terms[1] must be an integer >= 0, got -1"),
        ([4, 1.5], "+", TypeError, "terms[1] must be an integer, got 1.5"),
        ([], "+", TypeError, "terms must be a non-empty list"),
        ("12", "+", TypeError, "terms must be a non-empty list"),
    ],
)
def test_evaluate_rejects_bad_input(terms, operator, error, message):
    with pytest.raises(error, match=message.replace("[", r"\[").replace("]", r"\]").replace("+", r"\+")
                       .replace("*", r"\*")):
        evaluate(terms, operator)


@given(
    st.sampled_from(OPERATORS), st.integers(1, 3), st.integers(0, 3), st.integers(1, 7)
)
@settings(max_examples=100)
def test_result_range_and_answer_width_are_exact(operator, n_terms, smallest, largest):
    assume(smallest <= largest and not (operator == "/" and smallest == 0 and n_terms > 1))
    answers = [
        evaluate(list(terms), operator)
        for terms in itertools.product(range(smallest, largest + 1), repeat=n_terms)
    ]
    assert result_range(operator, n_terms, largest, smallest) == (min(answers), max(answers))
    assert answer_width(operator, n_terms, largest, smallest) == max(len(str(a)) for a in answers)


def test_answer_width_named_cases():
    assert answer_width("+", 3, 10) == 2
    assert answer_width("+", 3, 33) == 2  # exact: 99; the chapter's formula gives 3
    assert output_length(3, 33) == 3
    assert answer_width("-", 3, 10) == 3  # -19
    assert answer_width("-", 2, 10) == 2  # -9 .. 9
    assert answer_width("*", 2, 99) == 4
    assert answer_width("/", 3, 1000) == 4


@given(st.integers(1, 6), st.integers(1, 10**6))
def test_the_question_width_is_the_chapters_input_length(n_terms, largest):
    assert ArithmeticProblem(n_terms, largest).n_in_seq_length == input_length(n_terms, largest)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: result_range("/", 2, 10, 0), ValueError, "smallest=0 puts 0 in the divisor range"),
        (lambda: result_range("+", 0, 10), ValueError, "n_terms must be an integer >= 1, got 0"),
        (lambda: result_range("+", 2, 3, 5), ValueError, "smallest=5 > largest=3"),
        (lambda: answer_width("^", 2, 10), ValueError, "operator must be one of"),
        (lambda: input_length(2, 0), ValueError, "largest must be an integer >= 1, got 0"),
    ],
)
def test_width_helpers_reject_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


# ---------------------------------------------------------------- the problem object


def test_default_problem_is_the_chapters():
    problem = ArithmeticProblem()
    assert problem.n_terms == (3, 3)
    assert (problem.n_in_seq_length, problem.n_out_seq_length, problem.n_chars) == (8, 2, 12)
    assert problem.alphabet == ALPHABET
    assert problem.n_questions == 1000 == AdditionProblem().n_problems


def test_subtraction_gains_a_minus_sign_and_an_output_column():
    problem = ArithmeticProblem(3, 10, operators="-")
    assert problem.alphabet == (*"0123456789", "-", " ")
    assert problem.result_range == (-19, 8)
    assert problem.n_out_seq_length == 3


def test_mixed_variable_problem_sizes():
    problem = ArithmeticProblem((2, 5), 10, operators=["/", "+", "-", "*"], padding="per_term")
    assert problem.operators == ("+", "-", "*", "/")  # stored in one order, whatever order was given
    assert problem.n_in_seq_length == 14  # '10+10+10+10+10'
    assert problem.result_range == (-39, 100_000)
    assert problem.n_out_seq_length == 6
    assert problem.n_questions == 4 * (10**2 + 10**3 + 10**4 + 10**5)


def test_one_term_questions_count_once_whatever_the_operators():
    problem = ArithmeticProblem((1, 2), 3, operators="+-")
    texts = {text for text in format_questions(problem, random_questions(problem, 2000, 0))[0]}
    assert problem.n_questions == 3 + 2 * 9 == len(texts)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"operators": "+%"}, ValueError, "each of operators must be one of .*, got '%'"),
        ({"operators": ""}, ValueError, "operators must hold at least one of"),
        ({"operators": "++"}, ValueError, r"operators lists \['\+'\] more than once"),
        ({"operators": 3}, TypeError, "operators must be a string such as '\\+-'"),
        ({"operators": "/", "smallest": 0}, ValueError, "smallest..largest = 0..10 includes 0"),
        ({"n_terms": (5, 2)}, ValueError, r"n_terms is an empty range: min 5 > max 2, got \(5, 2\)"),
        ({"n_terms": 0}, ValueError, "n_terms must be an integer >= 1, got 0"),
        ({"n_terms": (0, 2)}, ValueError, r"n_terms\[0\] \(the fewest terms\) must be an integer >= 1, got 0"),
        ({"n_terms": (1, 2, 3)}, ValueError, r"n_terms must be an integer or a \(min, max\) pair"),
        ({"n_terms": 2.5}, TypeError, "n_terms must be an integer, got 2.5"),
        ({"n_terms": True}, TypeError, "n_terms must be an integer, got True"),
        ({"largest": "10"}, TypeError, "largest must be an integer, got '10'"),
        ({"largest": 0}, ValueError, "largest must be an integer >= 1, got 0"),
        ({"smallest": -1}, ValueError, "smallest must be an integer >= 0, got -1"),
        ({"smallest": 11}, ValueError, "empty: smallest=11 > largest=10"),
        ({"padding": "left"}, ValueError, r"padding must be one of \['whole', 'per_term'\], got 'left'"),
        ({"reverse": 1}, TypeError, "reverse must be True or False, got 1"),
        ({"operators": "-", "alphabet": ALPHABET}, ValueError, "is missing '-'"),
        ({"alphabet": (*ALPHABET, "0")}, ValueError, "has the symbol '0' twice"),
        ({"operators": "*", "n_terms": 5, "largest": 10**4}, ValueError, "beyond 64-bit integers"),
    ],
)
def test_problem_rejects_bad_settings(kwargs, error, message):
    with pytest.raises(error, match=message):
        ArithmeticProblem(**kwargs)


def test_division_with_zero_allowed_as_a_dividend_only_when_no_divisor_can_be_zero():
    assert ArithmeticProblem(1, 10, smallest=0, operators="/").result_range == (0, 10)
    assert ArithmeticProblem(2, 10, smallest=0, operators="+-").result_range == (-10, 20)


def test_problem_is_frozen_and_round_trips_through_json():
    problem = ArithmeticProblem((2, 4), 99, smallest=2, operators="-*", padding="per_term", reverse=True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        problem.largest = 5
    data = json.loads(json.dumps(problem.to_dict()))
    assert data["kind"] == "ArithmeticProblem"
    assert ArithmeticProblem.from_dict(data) == problem
    assert problem_from_dict(data) == problem
    assert problem_from_dict(AdditionProblem(4, 50).to_dict()) == AdditionProblem(4, 50)


@pytest.mark.parametrize(
    "data, error, message",
    [
        ({"n_terms": [2, 3], "colour": "red"}, ValueError, r"unknown keys \['colour'\]"),
        ({"kind": "AdditionProblem"}, ValueError, "describes a 'AdditionProblem'"),
        ([1, 2], TypeError, "data must be a dict"),
    ],
)
def test_from_dict_rejects_bad_data(data, error, message):
    with pytest.raises(error, match=message):
        ArithmeticProblem.from_dict(data)


def test_problem_from_dict_rejects_an_unknown_kind():
    with pytest.raises(ValueError, match="data describes a 'Poem'"):
        problem_from_dict({"kind": "Poem"})


def test_with_exact_widths_keeps_terms_and_alphabet():
    problem = AdditionProblem(3, 33).with_exact_widths(reverse=True)
    assert problem.n_terms == (3, 3) and problem.largest == 33 and problem.reverse
    assert problem.widths == "exact" and problem.n_out_seq_length == 2
    assert AdditionProblem(3, 33).n_out_seq_length == 3


def test_chapter_widths_only_for_sums():
    with pytest.raises(ValueError, match="widths='chapter'.*operators must be '\\+'"):
        ArithmeticProblem(3, 10, operators="+-", widths="chapter")
    with pytest.raises(ValueError, match="widths must be one of"):
        ArithmeticProblem(3, 10, widths="wide")


def test_default_alphabet_orders_digits_operators_pad():
    assert default_alphabet("/+") == (*"0123456789", "+", "/", " ")


# ---------------------------------------------------------------- question batches


def test_questions_from_lists_pad_short_rows_with_unused_zeros():
    questions = Questions.from_lists([[9, 10, 9], [3, 10], [7]], ["-", "+", "*"])
    assert questions.terms.tolist() == [[9, 10, 9], [3, 10, 0], [7, 0, 0]]
    assert questions.n_terms.tolist() == [3, 2, 1]
    assert questions.answers.tolist() == [-10, 13, 7]
    assert questions.texts() == ["9-10-9", "3+10", "7"]
    assert questions.rows() == [[9, 10, 9], [3, 10], [7]]
    assert len(questions) == 3
    assert questions[1:].texts() == ["3+10", "7"]
    assert questions[-1].texts() == ["7"]
    assert "9-10-9" in repr(questions)


def test_questions_are_read_only():
    questions = Questions.from_lists([[1, 2]])
    with pytest.raises(ValueError):
        questions.terms[0, 0] = 5


def test_concatenate_keeps_order_and_widens():
    joined = concatenate([Questions.from_lists([[1, 2]]), Questions.from_lists([[3, 4, 5]], "*")])
    assert joined.texts() == ["1+2", "3*4*5"]
    assert joined.terms.shape == (2, 3)
    with pytest.raises(ValueError, match="at least one"):
        concatenate([])


@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: Questions.from_lists([[1, -2]]), ValueError, "must be an integer >= 0, got -2"),
        (lambda: Questions.from_lists([[1, 2]], "%"), ValueError, "got '%'"),
        (lambda: Questions.from_lists([[1, 2]], ["+", "-"]), ValueError, "one per row"),
        (lambda: Questions.from_lists([[]]), TypeError, r"rows\[0\] must be a non-empty list"),
        (lambda: Questions.from_lists("12"), TypeError, "rows must be a list of lists"),
        (lambda: Questions([[1, 2]], [3], ["+"]), ValueError, "n_terms must be in 1..2"),
        (lambda: Questions([[1, 2]], [2, 2], ["+", "+"]), ValueError, "one row per question"),
        (lambda: Questions([[1, 2]], [2], ["%"]), ValueError, "got '%'"),
        (lambda: Questions([[1.5, 2]], [2], ["+"]), TypeError, "terms must hold integers"),
        (lambda: Questions([[1, 2]], [2], [1]), TypeError, "operators must be a 1-D array"),
    ],
)
def test_questions_reject_bad_input(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_evaluate_terms_refuses_zero_divisors_and_overflow():
    with pytest.raises(ValueError, match="question 1 divides by 0"):
        evaluate_terms(np.array([[4, 2], [4, 0]]), np.array([2, 2]), np.array(["/", "/"]))
    with pytest.raises(ValueError, match="beyond 64-bit integers"):
        evaluate_terms(np.array([[10**10, 10**10]]), np.array([2]), np.array(["*"]))


@given(problems(), seeds)
@settings(max_examples=40, deadline=None)
def test_batch_answers_equal_one_at_a_time(problem, seed):
    questions = random_questions(problem, 50, seed)
    expected = [evaluate(row, op) for row, op in zip(questions.rows(), questions.operators.tolist(), strict=True)]
    assert questions.answers.tolist() == expected


@given(problems(), seeds)
@settings(max_examples=40, deadline=None)
def test_random_questions_stay_inside_the_problem(problem, seed):
    questions = random_questions(problem, 300, seed)
    used = np.arange(problem.max_terms) < questions.n_terms[:, None]
    assert questions.terms.shape == (300, problem.max_terms)
    assert set(questions.n_terms.tolist()) <= set(problem.term_counts)
    assert set(questions.operators.tolist()) <= set(problem.operators)
    assert ((questions.terms[used] >= problem.smallest) & (questions.terms[used] <= problem.largest)).all()
    assert (questions.operators[questions.n_terms == 1] == problem.operators[0]).all()
    low, high = problem.result_range
    assert ((questions.answers >= low) & (questions.answers <= high)).all()


def test_random_questions_cover_every_count_and_operator_and_reproduce():
    problem = ArithmeticProblem((2, 5), 10, operators="+-*/")
    questions = random_questions(problem, 4000, 1)
    assert set(questions.n_terms.tolist()) == {2, 3, 4, 5}
    assert set(questions.operators.tolist()) == set(OPERATORS)
    assert random_questions(problem, 100, 7).same_as(random_questions(problem, 100, np.random.default_rng(7)))
    assert not random_questions(problem, 100, 7).same_as(random_questions(problem, 100, 8))


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: random_questions((3, 10), 5), TypeError, "problem must be an ArithmeticProblem"),
        (lambda: random_questions(ArithmeticProblem(), -1), ValueError, "n_samples must be an integer >= 0, got -1"),
        (lambda: random_questions(ArithmeticProblem(), 5, "seed"), TypeError, "seed must be an integer"),
    ],
)
def test_random_questions_reject_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


# ---------------------------------------------------------------- writing, encoding, decoding


@pytest.mark.parametrize(
    "settings_, rows, operator, texts, answers",
    [
        ({"n_terms": 2}, [[3, 10]], "+", [" 3+10"], ["13"]),
        ({"padding": "per_term"}, [[9, 6, 9], [3, 10]], "+", [" 9+ 6+ 9", "    3+10"], ["24", "13"]),
        ({}, [[9, 6, 9]], "+", ["   9+6+9"], ["24"]),
        ({"operators": "-"}, [[9, 10, 9]], "-", ["  9-10-9"], ["-10"]),
        ({"operators": "-", "reverse": True}, [[9, 10, 9]], "-", ["9-01-9  "], ["-10"]),
        ({"operators": "/", "n_terms": 2}, [[7, 2]], "/", ["  7/2"], [" 3"]),
        ({"operators": "*", "n_terms": (1, 2)}, [[10, 10], [7]], "*", ["10*10", "    7"], ["100", "  7"]),
    ],
)
def test_named_questions_are_written_and_encoded(settings_, rows, operator, texts, answers):
    problem = ArithmeticProblem(**settings_)
    questions = Questions.from_lists(rows, operator)
    assert format_questions(problem, questions) == (texts, answers)
    X, y = encode_questions(problem, questions)
    assert decode_batch(X, problem.alphabet) == texts
    assert answer_texts(problem, y) == answers


@given(problems(), seeds)
@settings(max_examples=60, deadline=None)
def test_vectorised_encoding_equals_the_readable_strings(problem, seed):
    questions = random_questions(problem, 40, seed)
    X, y = encode_questions(problem, questions)
    assert X.dtype == y.dtype == np.uint8
    assert X.shape == (40, problem.n_in_seq_length, problem.n_chars)
    assert y.shape == (40, problem.n_out_seq_length, problem.n_chars)
    assert (X.sum(axis=2) == 1).all() and (y.sum(axis=2) == 1).all()
    texts, answers = format_questions(problem, questions)
    assert decode_batch(X, problem.alphabet) == texts
    assert decode_batch(y, problem.alphabet) == answers
    readable = [text[::-1] for text in answers] if problem.reverse_output else answers
    assert answer_texts(problem, y) == readable


@given(problems(), seeds)
@settings(max_examples=50, deadline=None)
def test_decoding_gives_back_the_questions_and_their_answers(problem, seed):
    questions = random_questions(problem, 40, seed)
    X, y = encode_questions(problem, questions)
    assert read_questions(problem, decode_batch(X, problem.alphabet)).same_as(questions)
    assert answers_to_ints(answer_texts(problem, y)).tolist() == questions.answers.tolist()
    readable = question_texts(problem, X)
    assert [text.replace(" ", "") for text in readable] == questions.texts()
    assert all(len(text) == problem.n_in_seq_length for text in readable)


@given(problems(max_terms=3, max_largest=60), seeds)
@settings(max_examples=40, deadline=None)
def test_per_term_padding_lines_up_place_values(problem, seed):
    problem = dataclasses.replace(problem, padding="per_term", reverse=False)
    questions = random_questions(problem, 30, seed)
    slot = problem.term_width + 1
    for text, count in zip(format_questions(problem, questions)[0], questions.n_terms.tolist(), strict=True):
        written = text[len(text) - (count * slot - 1):]
        assert all(written[slot * i - 1] in OPERATORS for i in range(1, count))
        assert text[: len(text) - len(written)].strip() == ""


@given(problems(), seeds)
@settings(max_examples=40, deadline=None)
def test_reversal_reverses_the_input_only(problem, seed):
    questions = random_questions(problem, 20, seed)
    forward, backward = (dataclasses.replace(problem, reverse=flag) for flag in (False, True))
    X_forward, y_forward = encode_questions(forward, questions)
    X_backward, y_backward = encode_questions(backward, questions)
    np.testing.assert_array_equal(X_backward, X_forward[:, ::-1])
    np.testing.assert_array_equal(y_backward, y_forward)


@given(st.integers(1, 5), st.integers(1, 5000), seeds)
@settings(max_examples=80, deadline=None)
def test_sums_match_the_chapters_encoding_when_widths_agree(n_terms, largest, seed):
    problem = ArithmeticProblem(n_terms, largest)
    if problem.n_out_seq_length != output_length(n_terms, largest):
        return  # the chapter's formula left a spare column here; the text is the same, shifted
    questions = random_questions(problem, 30, seed)
    X, y = encode_questions(problem, questions)
    X_chapter, y_chapter = encode_sum_pairs(questions.terms, questions.answers, n_terms, largest)
    np.testing.assert_array_equal(X, X_chapter)
    np.testing.assert_array_equal(y, y_chapter)


@pytest.mark.parametrize(
    "settings_, rows, operator, message",
    [
        ({"padding": "per_term"}, [[100, 1]], "+", r"question 0 \('100\+1'\) has the term 100, wider than .* width 2"),
        ({}, [[100, 10, 10]], "+", r"question 0 \('100\+10\+10'\) needs 9 characters, more than the input width 8"),
        ({}, [[1, 1, 1, 1, 1]], "+", "needs 9 characters"),
        ({}, [[99, 99, 99]], "+", r"answer 0 \(297\) needs 3 characters, more than the output width 2"),
        ({}, [[9, 10, 9]], "-", "uses the operator '-', which is not in the problem's alphabet"),
    ],
)
def test_questions_that_do_not_fit_are_refused_not_cut(settings_, rows, operator, message):
    problem = ArithmeticProblem(**settings_)
    questions = Questions.from_lists(rows, operator)
    with pytest.raises(ValueError, match=message):
        encode_questions(problem, questions)
    with pytest.raises(ValueError):
        format_questions(problem, questions)


def test_a_short_question_with_long_terms_fits_whole_padding():
    problem = ArithmeticProblem(3, 10, operators="-")
    questions = Questions.from_lists([[100, 99]], "-")
    assert format_questions(problem, questions) == (["  100-99"], ["  1"])
    assert decode_batch(encode_questions(problem, questions)[0], problem.alphabet) == ["  100-99"]


def test_write_helpers():
    problem = ArithmeticProblem(3, 10, operators="-", padding="per_term")
    assert write_question([9, 10, 9], "-", problem) == " 9-10- 9"
    assert write_answer(-10, problem) == "-10"
    with pytest.raises(ValueError, match="more than the output width 3"):
        write_answer(-100, problem)


def test_encode_questions_rejects_wrong_types():
    with pytest.raises(TypeError, match="problem must be an ArithmeticProblem"):
        encode_questions((3, 10), Questions.from_lists([[1, 2, 3]]))
    with pytest.raises(TypeError, match="questions must be a Questions batch"):
        encode_questions(ArithmeticProblem(), [[1, 2, 3]])


def test_generate_arithmetic_data_is_seeded():
    problem = ArithmeticProblem((2, 4), 99, operators="+-")
    first, second = generate_arithmetic_data(problem, 200, seed=3), generate_arithmetic_data(problem, 200, seed=3)
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])


def test_fifty_thousand_mixed_questions_in_one_call():
    # Speed is measured by benchmarks/pipeline_speed.py, side by side, never by a timed test.
    problem = ArithmeticProblem((2, 5), 999, operators="+-*/", padding="per_term", reverse=True)
    X, y = generate_arithmetic_data(problem, 50_000, seed=0)
    assert X.shape == (50_000, 19, 15) and y.shape[0] == 50_000


@pytest.mark.parametrize(
    "texts, expected",
    [
        ([" 28", "-10", "  0", "5"], [28, -10, 0, 5]),
        (["1000"], [1000]),
    ],
)
def test_answers_to_ints(texts, expected):
    assert answers_to_ints(texts).tolist() == expected


@pytest.mark.parametrize("bad", ["-0", "007", " 7 ", "1-3", "  ", "", "+4", "2 8", None])
def test_answers_to_ints_refuses_what_the_library_would_not_write(bad):
    with pytest.raises(ValueError, match=r"texts\[1\] = .* is not a left-padded whole number"):
        answers_to_ints([" 1", bad])
    assert answers_to_ints([" 1", bad], invalid=-999).tolist() == [1, -999]


@pytest.mark.parametrize(
    "texts, message",
    [
        (["  9+6-9"], "not whole numbers joined by one operator"),
        (["9++6"], "not whole numbers joined by one operator"),
        (["    "], "not whole numbers"),
    ],
)
def test_read_questions_rejects_mixed_or_broken_text(texts, message):
    with pytest.raises(ValueError, match=message):
        read_questions(ArithmeticProblem(operators="+-"), texts)


def test_questions_typed_by_hand():
    questions = Questions.from_texts(["9-10-9", " 3 + 10", "7"])
    assert questions.rows() == [[9, 10, 9], [3, 10], [7]]
    assert questions.operators.tolist() == ["-", "+", "+"]
    with pytest.raises(TypeError, match="texts must be a list of strings"):
        Questions.from_texts("9-10-9")
    with pytest.raises(TypeError, match=r"texts\[0\] must be a string, got 9"):
        Questions.from_texts([9])


def test_one_term_questions_read_back_with_the_problems_first_operator():
    problem = ArithmeticProblem((1, 2), 10, operators="*/", reverse=True)
    questions = read_questions(problem, ["01       "[:5], "2*3  "])
    assert questions.rows() == [[10], [3, 2]]
    assert questions.operators.tolist() == ["*", "*"]


def test_exact_match_by_block_scores_each_kind_of_question():
    problem = ArithmeticProblem((1, 2), 10, operators="+-")
    questions = Questions.from_lists([[7], [3, 4], [3, 4], [9, 10]], ["+", "+", "+", "-"])
    _, y = encode_questions(problem, questions)
    y_pred = y.astype(float)
    y_pred[1] = encode_questions(problem, Questions.from_lists([[3, 5]]))[1][0]  # a wrong answer, 8 for 7
    assert exact_match_by_block(problem, questions, y_pred) == {(1, "+"): 1.0, (2, "+"): 0.5, (2, "-"): 1.0}
    with pytest.raises(ValueError, match="y_pred has 3 answers for 4 questions"):
        exact_match_by_block(problem, questions, y_pred[:3])


@pytest.mark.parametrize("decode, name, steps, meaning", [
    (question_texts, "X", 5, "n_in_seq_length"),
    (answer_texts, "y", 3, "n_out_seq_length"),
])
def test_decoding_rejects_arrays_of_another_problem_width(decode, name, steps, meaning):
    problem = ArithmeticProblem(2, 99)  # questions of 5 steps ('99+99'), answers of 3 ('198')
    wrong = np.zeros((2, steps + 1, problem.n_chars), dtype=np.uint8)
    with pytest.raises(ValueError, match=rf"{name} must have {steps} time steps \(the problem's {meaning}\), "
                                         rf"got shape \(2, {steps + 1}, {problem.n_chars}\)"):
        decode(problem, wrong)


@pytest.mark.parametrize("problem, n_samples", [
    (ArithmeticProblem(3, 10), 5_000),  # few questions, drawn often: encoded once, then copied
    (ArithmeticProblem((1, 3), 9, operators="+-*/", padding="per_term", reverse=True), 8_000),
    (ArithmeticProblem(2, 99, reverse_output=True), 20_000),
    (ArithmeticProblem(2, 99), 50),  # fewer samples than questions: encoded one by one
    (ArithmeticProblem(2, 999), 3_000),  # too many questions for a table
])
def test_generated_data_is_the_drawn_questions_encoded(problem, n_samples):
    X, y = generate_arithmetic_data(problem, n_samples, seed=np.int64(4))
    expected = encode_questions(problem, random_questions(problem, n_samples, seed=4))
    np.testing.assert_array_equal(X, expected[0])
    np.testing.assert_array_equal(y, expected[1])
    X[:] = 0  # the caller's own arrays: changing them changes nothing the library keeps
    again = generate_arithmetic_data(problem, n_samples, seed=4)
    np.testing.assert_array_equal(again[0], expected[0])
