"""Every exercise check accepts the library's reference, rejects plausible mistakes, and is calm about stubs."""

import itertools
import random
import re

import numpy as np
import pytest

from addition_lib import input_length, output_length, to_string
from addition_lib.checks import (
    check_answer_width,
    check_evaluate,
    check_reverse_inputs,
    check_split_questions,
    check_to_string_per_term,
    check_to_string_variable_terms,
    check_to_string_with_operator,
)
from addition_lib.checks.core import Case, compare_with, run_check
from addition_lib.rules import answer_width, evaluate
from addition_lib.splits import split_questions
from addition_lib.step_by_step import (
    reverse_inputs,
    to_string_per_term,
    to_string_variable_terms,
    to_string_with_operator,
)

# ---------------------------------------------------------------- plausible mistakes, one per function


def per_term_slot_one_too_wide(X, y, n_numbers, largest):
    slot = len(str(largest)) + 1  # off by one
    X_str = ["+".join(str(t).rjust(slot) for t in row).rjust(input_length(n_numbers, largest)) for row in X]
    return X_str, [str(total).rjust(output_length(n_numbers, largest)) for total in y]


def per_term_right_padded(X, y, n_numbers, largest):
    slot = len(str(largest))
    X_str = ["+".join(str(t).ljust(slot) for t in row).rjust(input_length(n_numbers, largest)) for row in X]
    return X_str, [str(total).rjust(output_length(n_numbers, largest)) for total in y]


def per_term_exact_output_width(X, y, n_numbers, largest):
    X_str, _ = to_string_per_term(X, y, n_numbers, largest)
    return X_str, [str(total).rjust(answer_width("+", n_numbers, largest)) for total in y]


def reverses_the_output_too(X_str, y_str):
    return [text[::-1] for text in X_str], [text[::-1] for text in y_str]


def strips_the_padding_first(X_str, y_str):
    return [text.strip()[::-1] for text in X_str], list(y_str)


def reverses_the_order_of_terms(X_str, y_str):
    return ["+".join(reversed(text.split("+"))) for text in X_str], list(y_str)


def loses_the_minus_sign(terms, operator):
    return abs(evaluate(terms, operator))


def right_to_left(terms, operator):
    answer = terms[-1]
    for term in reversed(terms[:-1]):
        answer = evaluate([term, answer], operator) if not (operator == "/" and answer == 0) else 0
    return answer


def true_division(terms, operator):
    return eval(operator.join(map(str, terms)))  # '/' gives a float


def rounds_the_quotient(terms, operator):
    if operator != "/":
        return evaluate(terms, operator)
    answer = terms[0]
    for term in terms[1:]:
        answer = round(answer / term)
    return answer


def chapter_width_for_every_operator(operator, n_numbers, largest):
    return output_length(n_numbers, largest)


def width_without_the_sign(operator, n_numbers, largest):
    low, high = {"-": (1 - (n_numbers - 1) * largest, largest - (n_numbers - 1))}.get(
        operator, (0, answer_width(operator, n_numbers, largest))
    )
    return max(len(str(abs(low))), len(str(high))) if operator == "-" else answer_width(operator, n_numbers, largest)


def operator_strings_lose_the_sign(X, y, n_numbers, largest, operator):
    X_str, _ = to_string_with_operator(X, [abs(a) for a in y], n_numbers, largest, operator)
    return X_str, [str(abs(a)).rjust(answer_width(operator, n_numbers, largest)) for a in y]


def operator_strings_with_the_chapters_output_width(X, y, n_numbers, largest, operator):
    X_str = [operator.join(map(str, row)).rjust(input_length(n_numbers, largest)) for row in X]
    return X_str, [str(a).rjust(output_length(n_numbers, largest)) for a in y]


def operator_strings_always_plus(X, y, n_numbers, largest, operator):
    X_str = ["+".join(map(str, row)).rjust(input_length(n_numbers, largest)) for row in X]
    return X_str, [str(a).rjust(answer_width(operator, n_numbers, largest)) for a in y]


def pads_to_the_longest_in_the_batch(X, y, max_terms, largest):
    texts = ["+".join(map(str, row)) for row in X]
    width = max(map(len, texts))
    return [t.rjust(width) for t in texts], [str(s).rjust(output_length(max_terms, largest)) for s in y]


def pads_each_row_for_its_own_count(X, y, max_terms, largest):
    return (["+".join(map(str, row)).rjust(input_length(len(row), largest)) for row in X],
            [str(s).rjust(output_length(max_terms, largest)) for s in y])


def forgets_the_plus_signs_in_the_width(X, y, max_terms, largest):
    width = max_terms * len(str(largest))
    return (["+".join(map(str, row)).rjust(width) for row in X],
            [str(s).rjust(output_length(max_terms, largest)) for s in y])


def leaky_row_split(questions, test_fraction, seed):
    rows = list(questions)
    random.Random(seed).shuffle(rows)
    cut = round(test_fraction * len(rows))
    return rows[cut:], rows[:cut]


def drops_the_repeats(questions, test_fraction, seed):
    distinct = [list(row) for row in dict.fromkeys(tuple(row) for row in questions)]
    random.Random(seed).shuffle(distinct)
    cut = round(test_fraction * len(distinct))
    return distinct[cut:], distinct[:cut]


def keeps_no_test_set(questions, test_fraction, seed):
    return list(questions), []


_calls = itertools.count()


def ignores_the_seed(questions, test_fraction, seed):
    return split_questions(questions, test_fraction, seed=next(_calls))  # a new split on every call


CHECKS = {
    check_to_string_per_term: (
        to_string_per_term,
        [to_string, per_term_slot_one_too_wide, per_term_right_padded, per_term_exact_output_width],
    ),
    check_reverse_inputs: (reverse_inputs, [reverses_the_output_too, strips_the_padding_first,
                                            reverses_the_order_of_terms]),
    check_evaluate: (evaluate, [loses_the_minus_sign, right_to_left, true_division, rounds_the_quotient]),
    check_answer_width: (answer_width, [chapter_width_for_every_operator, width_without_the_sign]),
    check_to_string_with_operator: (
        to_string_with_operator,
        [operator_strings_lose_the_sign, operator_strings_with_the_chapters_output_width,
         operator_strings_always_plus],
    ),
    check_to_string_variable_terms: (
        to_string_variable_terms,
        [pads_to_the_longest_in_the_batch, pads_each_row_for_its_own_count, forgets_the_plus_signs_in_the_width],
    ),
    check_split_questions: (
        split_questions,
        [leaky_row_split, drops_the_repeats, keeps_no_test_set, ignores_the_seed],
    ),
}

REFERENCE_CASES = [(check, reference) for check, (reference, _) in CHECKS.items()]
WRONG_CASES = [(check, wrong) for check, (_, wrongs) in CHECKS.items() for wrong in wrongs]


def _name(value):
    return getattr(value, "__name__", str(value))


# ---------------------------------------------------------------- the proofs


@pytest.mark.parametrize("check, reference", REFERENCE_CASES, ids=_name)
def test_every_check_accepts_the_librarys_reference(check, reference, capsys):
    check(reference)
    printed = capsys.readouterr().out
    assert re.fullmatch(rf"{reference.__name__}: all \d+ cases passed \(\d+ named, \d+ random\)\.\n", printed)


@pytest.mark.parametrize("check, wrong", WRONG_CASES, ids=_name)
def test_every_check_rejects_plausible_mistakes(check, wrong, capsys):
    with pytest.raises(AssertionError) as failure:
        check(wrong)
    message = str(failure.value)
    assert message.startswith(f"{wrong.__name__}(")  # names the exact call ...
    assert "expected" in message or "leak" in message or "same seed" in message  # ... and what was wanted
    assert "passed" not in capsys.readouterr().out


def test_every_check_has_at_least_two_wrong_answers():
    assert all(len(wrongs) >= 2 for _, wrongs in CHECKS.values())


@pytest.mark.parametrize("check", list(CHECKS), ids=_name)
def test_an_untouched_stub_is_not_attempted_and_does_not_fail(check, capsys):
    def raises_not_implemented(*args):
        raise NotImplementedError

    def returns_none(*args):
        # Write your code here.
        pass

    check(raises_not_implemented)
    assert "raises_not_implemented: not attempted yet (it still raises NotImplementedError)" in capsys.readouterr().out
    check(returns_none)
    assert "returns_none: not attempted yet (it returns None" in capsys.readouterr().out


# ---------------------------------------------------------------- the messages


def test_a_wrong_answer_names_the_call_the_expected_and_the_received_value():
    def to_string_per_term(X, y, n_numbers, largest):
        return ["+".join(map(str, row)) for row in X], [str(total) for total in y]

    with pytest.raises(AssertionError) as failure:
        check_to_string_per_term(to_string_per_term)
    assert str(failure.value) == (
        "to_string_per_term([[3, 10]], [13], 2, 10) gave (['3+10'], ['13']), expected ([' 3+10'], ['13'])\n"
        "  first difference: result[0][0] is '3+10', expected ' 3+10'"
    )


def test_a_float_is_not_accepted_for_an_int():
    def evaluate_as_float(terms, operator):
        return float(evaluate(terms, operator))

    with pytest.raises(AssertionError, match=r"gave 28.0, expected 28\n.*\(a float, expected an int\)"):
        check_evaluate(evaluate_as_float)


def test_an_error_in_the_students_code_names_the_call():
    def reverse_inputs(X_str, y_str):
        return [text[::-1] for text in X_str], y_str.reverse()

    with pytest.raises(AssertionError, match=r"reverse_inputs\(\[' 3\+10'\], \['13'\]\) gave \(\['01\+3 '\], None\)"):
        check_reverse_inputs(reverse_inputs)

    def crashes(X_str, y_str):
        return 1 / 0

    with pytest.raises(AssertionError, match=r"crashes\(\[' 3\+10'\], \['13'\]\) raised ZeroDivisionError"):
        check_reverse_inputs(crashes)


def test_not_implemented_after_the_first_case_is_a_failure_not_a_stub():
    def evaluate_plus_only(terms, operator):
        if operator != "+":
            raise NotImplementedError
        return sum(terms)

    with pytest.raises(AssertionError, match=r"evaluate_plus_only\(\[9, 10, 9\], '-'\) raised NotImplementedError"):
        check_evaluate(evaluate_plus_only)


def test_a_leak_is_explained(capsys):
    with pytest.raises(AssertionError, match=r"put \[1, 2\] in both train and test: a leak"):
        check_split_questions(leaky_row_split)


def test_lists_tuples_and_arrays_count_as_the_same(capsys):
    def as_arrays(X_str, y_str):
        return tuple(np.array(text[::-1]) for text in X_str), np.array(y_str)

    check_reverse_inputs(as_arrays)
    assert "all" in capsys.readouterr().out


def test_the_random_cases_follow_the_seed(capsys):
    seen = []

    def recording(terms, operator):
        seen.append((list(terms), operator))
        return evaluate(terms, operator)

    check_evaluate(recording, n_random=5, seed=1)
    check_evaluate(recording, n_random=5, seed=1)
    check_evaluate(recording, n_random=5, seed=2)
    first, again, other = seen[:16], seen[16:32], seen[32:]
    assert first == again and first[11:] != other[11:]
    assert "all 16 cases passed (11 named, 5 random)" in capsys.readouterr().out


def test_run_check_with_custom_cases(capsys):
    def double(x):
        return 2 * x

    run_check(double, [Case((1,)), Case((2,), named=False)], compare_with(lambda x: x + x))
    assert capsys.readouterr().out == "double: all 2 cases passed (1 named, 1 random).\n"
    with pytest.raises(AssertionError, match=r"^double\(3\) gave 6, expected 7$"):
        run_check(double, [Case((3,))], compare_with(lambda x: 7))


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: check_evaluate("evaluate"), TypeError, "student_fn must be the function you wrote"),
        (lambda: check_evaluate(evaluate, n_random=-1), ValueError, "n_random must be an integer >= 0, got -1"),
        (lambda: check_evaluate(evaluate, seed="x"), TypeError, "seed must be an integer"),
    ],
)
def test_checks_reject_bad_arguments(call, error, message):
    with pytest.raises(error, match=message):
        call()
