"""The checks' machinery: the student reads the check's message first, and the message is exact.

* In Jupyter (IPython) a failed check shows its message in place of a traceback.
* Anywhere else the traceback stops at the line that called the check: one frame of the
  library, not the checks' internals.
* An error in the student's function is reported with the line of the student's code.
* Changed arguments, arrays and NumPy numbers are described as the student wrote them.
"""

from __future__ import annotations

import re
import traceback

import numpy as np
import pytest

from addition_lib.checks import (
    CheckFailed,
    check_answer_weights,
    check_evaluate,
    check_sequence_kinds,
    check_to_string,
)
from addition_lib.checks.core import Case, changed_argument, run_check, show_argument
from addition_lib.checks.ex01_seq2seq_problems import KINDS, SEQUENCE_PROBLEMS, blank_answers

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def wrong_evaluate(terms, operator):
    return sum(terms)


def test_jupyter_shows_the_message_instead_of_a_traceback():
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    shell = InteractiveShell.instance()
    shell.user_ns.update(check_evaluate=check_evaluate, wrong_evaluate=wrong_evaluate)
    with capture_output() as captured:
        shell.run_cell("check_evaluate(wrong_evaluate)")
    shown = ANSI.sub("", captured.stdout + captured.stderr).strip()
    assert shown.startswith("CheckFailed: wrong_evaluate([9, 10, 9], '-') gave 28, expected -10"), shown
    assert "core.py" not in shown and "Traceback" not in shown


def test_elsewhere_the_traceback_stops_at_the_call():
    with pytest.raises(CheckFailed) as failure:
        check_evaluate(wrong_evaluate)
    frames = traceback.extract_tb(failure.value.__traceback__)
    assert [frame.name for frame in frames] == ["test_elsewhere_the_traceback_stops_at_the_call", "wrapper"]
    assert failure.value.__cause__ is None and failure.value.__suppress_context__


def test_an_error_in_the_students_code_names_its_line():
    def evaluate(terms, operator):
        answer = terms[0]
        for term in terms[1:]:
            answer = {"+": answer + term, "-": answer - term}[operator]
        return answer

    with pytest.raises(CheckFailed) as failure:
        check_evaluate(evaluate)
    assert str(failure.value) == (
        "evaluate([2, 3, 4], '*') raised KeyError: '*'\n"
        "  in your code, line 81: answer = {\"+\": answer + term, \"-\": answer - term}[operator]"
    ).replace("line 81", f"line {evaluate.__code__.co_firstlineno + 3}")


def test_a_changed_argument_is_named_with_its_value_before_and_after():
    def pad(X, y):
        y.append(0)

    assert changed_argument(pad, ([[1]], [5]), ([[1]], [5, 0])).startswith(
        "changed its argument y: it was [5] before the call and [5, 0] after it.")
    assert changed_argument(pad, ([[1, 2]], [5]), ([[2, 1]], [5])).startswith(
        "changed its argument X[0]: it was [1, 2] before the call and [2, 1] after it.")
    array = np.array([3, 1, 2])
    assert changed_argument(pad, (array, [5]), (np.sort(array), [5])).startswith(
        "changed its argument X: it was np.array([3, 1, 2]) before the call and np.array([1, 2, 3])")
    assert changed_argument(pad, ({"a": 1}, [5]), ({"a": 2}, [5])).startswith("changed its argument X:")
    assert changed_argument(pad, ([[1]], [5]), ([[1]], [5])) is None


def test_an_array_changed_to_another_dtype_counts_as_changed():
    def f(values):
        return values

    assert changed_argument(f, (np.array([1, 2]),), (np.array([1.0, 2.0]),)) is not None


def test_arguments_are_shown_as_the_student_writes_them():
    assert show_argument(np.array([[3, 10]])) == "np.array([[3, 10]])"
    assert show_argument(np.int64(3)) == "np.int64(3)"
    assert show_argument([1, "a"]) == "[1, 'a']"


def test_numbers_in_messages_have_the_precision_of_the_comparison():
    def weights(answers, balance):
        from addition_lib.experiments.time_to_target import answer_weights

        return answer_weights(answers, balance) * (1 + 1e-7)

    with pytest.raises(CheckFailed) as failure:
        check_answer_weights(weights)
    # compared to a relative 1e-9: shown with 10 significant digits, so the difference is visible
    assert "is 0.3333333667, expected 0.3333333333 (to a relative 1e-9)" in str(failure.value)


def test_numpy_numbers_and_arrays_pass_where_python_ones_are_expected(capsys):
    def to_string(X, y, n_numbers, largest):
        from addition_lib import to_string as reference

        X_str, y_str = reference(X, y, n_numbers, largest)
        return np.array(X_str), tuple(np.str_(s) for s in y_str)

    check_to_string(to_string)
    assert "cases passed" in capsys.readouterr().out


def test_run_check_reports_not_attempted_and_wrong_and_right(capsys):
    def double(x):
        return 2 * x

    run_check(double, [Case((1,)), Case((2,), named=False)], lambda args, result: None)
    assert capsys.readouterr().out == "double: all 2 cases passed (1 named, 1 random).\n"

    def stub(x):
        raise NotImplementedError

    run_check(stub, [Case((1,))], lambda args, result: None)
    assert "stub: not attempted yet" in capsys.readouterr().out


# ---------------------------------------------------------------- exercise 1: kinds of sequence problems


def right_answers():
    return {name: problem.kind for name, problem in SEQUENCE_PROBLEMS.items()}


def test_the_sequence_kinds_check_accepts_the_right_kinds(capsys):
    check_sequence_kinds(right_answers())
    assert capsys.readouterr().out == f"check_sequence_kinds: all {len(SEQUENCE_PROBLEMS)} problems right.\n"


def test_the_sequence_kinds_check_is_calm_about_blank_answers(capsys):
    check_sequence_kinds(blank_answers())
    assert "not attempted yet" in capsys.readouterr().out


def test_the_sequence_kinds_check_reports_progress(capsys):
    answers = blank_answers()
    answers["translation"] = "many-to-many, lengths differ"
    check_sequence_kinds(answers)
    assert f"2 of {len(SEQUENCE_PROBLEMS)} right so far; still to answer: house price" in capsys.readouterr().out


@pytest.mark.parametrize("problem, given, phrase", [
    ("photo to caption", "many-to-many, lengths differ", "look again at the input"),
    ("review to rating", "many-to-many, lengths differ", "look again at the output"),
    ("house price from floor area", "many-to-many, same length", "look again at the input and the output"),
    ("tagging each word", "many-to-many, lengths differ", "look again at the lengths"),
])
def test_the_sequence_kinds_check_says_where_to_look_without_the_answer(problem, given, phrase):
    answers = right_answers()
    answers[problem] = given
    with pytest.raises(CheckFailed) as failure:
        check_sequence_kinds(answers)
    message = str(failure.value)
    assert message.startswith(f"{problem!r}") and phrase in message and "Hint:" in message
    assert SEQUENCE_PROBLEMS[problem].kind not in message.split("Hint:")[0].split("is not")[1]


def test_the_sequence_kinds_check_names_an_unknown_kind_or_problem():
    answers = right_answers()
    answers["translation"] = "many to many"
    with pytest.raises(CheckFailed, match=r"'translation': 'many to many' is not one of the kinds"):
        check_sequence_kinds(answers)
    with pytest.raises(CheckFailed, match=r"'chess' is not one of the problems"):
        check_sequence_kinds({**right_answers(), "chess": "one-to-one"})
    assert len(KINDS) == 5
