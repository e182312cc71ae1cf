"""Checks that teach: run a student's function on named and random cases against the library's.

Every ``check_...`` function takes the student's function and

* calls it on a few **named cases** (small, chosen to show one idea each) and on
  ``n_random`` **random cases** drawn with ``seed``;
* compares each result with the library's reference (or, for a split, with the
  rules a split must follow) and, at the first wrong one, raises ``AssertionError``
  naming the exact call, the value expected and the value received::

      to_string_per_term([[3, 10]], [13], 2, 10) gave (['3+10'], ['13']), expected ([' 3+10'], ['13'])
        first difference: result[0][0] is '3+10', expected ' 3+10'

* prints ``"<name>: all N cases passed ..."`` when every case is right;
* prints ``"<name>: not attempted yet ..."`` and returns quietly when the function is still
  the stub, that is when its first call raises ``NotImplementedError`` or returns ``None``.

Lists and tuples count as the same; NumPy arrays and scalars count as the lists and
numbers they hold; but a float is not an int, so ``3.0`` is not accepted for ``3``.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ._validate import check_int
from .arithmetic import OPERATORS, answer_width, evaluate
from .dataset import as_generator
from .extension_steps import reverse_inputs, to_string_per_term, to_string_variable_terms, to_string_with_operator
from .splits import question_key
from .steps import to_string

# Term ranges the random cases draw from: round numbers, where widths change, come up often.
_LARGEST_CHOICES = (1, 5, 9, 10, 11, 33, 99, 100, 101, 999, 1000)


@dataclass(frozen=True)
class Case:
    """One call to check: the positional ``args``, and whether it is a named (hand-picked) case."""

    args: tuple
    named: bool = True


# ---------------------------------------------------------------- the runner


def run_check(student_fn: Callable, cases: Sequence[Case], judge: Callable, *, name: str | None = None) -> None:
    """Call ``student_fn(*case.args)`` for every case and let ``judge(args, result)`` say what is wrong.

    ``judge`` returns ``None`` for a right result, or a phrase such as ``"gave 3, expected 4"``
    that completes the sentence starting with the call. See the module docstring for what is printed.
    """
    if not callable(student_fn):
        raise TypeError(f"student_fn must be the function you wrote, got {student_fn!r}")
    name = name or getattr(student_fn, "__name__", "your function")
    for index, case in enumerate(cases):
        call = f"{name}({', '.join(show_value(arg) for arg in case.args)})"
        try:
            result = student_fn(*copy.deepcopy(case.args))
        except NotImplementedError:
            if index == 0:
                print(f"{name}: not attempted yet (it still raises NotImplementedError). "
                      "Write your version, run its cell, then run this check again.")
                return
            raise AssertionError(f"{call} raised NotImplementedError") from None
        except Exception as error:
            raise AssertionError(f"{call} raised {type(error).__name__}: {error}") from error
        if result is None and index == 0:
            print(f"{name}: not attempted yet (it returns None; if you have written it, "
                  "check that it ends with a return statement).")
            return
        problem = judge(case.args, result)
        if problem is not None:
            raise AssertionError(f"{call} {problem}")
    n_named = sum(case.named for case in cases)
    print(f"{name}: all {len(cases)} cases passed ({n_named} named, {len(cases) - n_named} random).")


def compare_with(reference: Callable) -> Callable:
    """A judge that wants exactly what ``reference(*args)`` returns."""

    def judge(args, result):
        expected = reference(*copy.deepcopy(args))
        if _same(result, expected):
            return None
        message = f"gave {show_value(result)}, expected {show_value(expected)}"
        path, got, wanted = _first_difference(_plain(result), _plain(expected), "result")
        mixed_types = got == wanted  # equal values of different types, such as 3.0 for 3
        if path == "result" and not mixed_types:
            return message
        note = f" ({_a(type(got).__name__)}, expected {_a(type(wanted).__name__)})" if mixed_types else ""
        return f"{message}\n  first difference: {path} is {got!r}, expected {wanted!r}{note}"

    return judge


def _plain(value):
    """NumPy arrays and scalars as the Python lists and numbers they hold."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(item) for item in value)
    return value


def _same(got, expected) -> bool:
    got, expected = _plain(got), _plain(expected)
    if isinstance(expected, (list, tuple)):
        return (
            isinstance(got, (list, tuple))
            and len(got) == len(expected)
            and all(_same(a, b) for a, b in zip(got, expected, strict=True))
        )
    return type(got) is type(expected) and got == expected


def _first_difference(got, expected, path: str) -> tuple[str, object, object]:
    """The path of the first place ``got`` and ``expected`` differ, and the two values found there."""
    if isinstance(expected, (list, tuple)) and isinstance(got, (list, tuple)) and len(got) == len(expected):
        for index, (a, b) in enumerate(zip(got, expected, strict=True)):
            if not _same(a, b):
                return _first_difference(a, b, f"{path}[{index}]")
    return path, got, expected


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def show_value(value) -> str:
    """``repr`` of ``value`` with NumPy scalars and arrays turned into plain Python, for messages."""
    return repr(_plain(value))


def build_cases(named: Sequence[tuple], make_random: Callable, n_random: int, seed) -> list[Case]:
    """The ``named`` argument tuples, then ``n_random`` more from ``make_random(rng)`` seeded by ``seed``."""
    n_random = check_int("n_random", n_random, minimum=0)
    rng = as_generator(seed)
    return [Case(args) for args in named] + [Case(make_random(rng), named=False) for _ in range(n_random)]


def random_int(rng: np.random.Generator, low: int, high: int) -> int:
    """A Python int in ``low..high`` (both ends included)."""
    return int(rng.integers(low, high + 1))


def _random_sums(rng, n_numbers: int, largest: int) -> tuple[list[list[int]], list[int]]:
    X = [[random_int(rng, 1, largest) for _ in range(n_numbers)] for _ in range(random_int(rng, 1, 3))]
    return X, [sum(row) for row in X]


def _random_largest(rng) -> int:
    return int(rng.choice(_LARGEST_CHOICES)) if rng.random() < 0.7 else random_int(rng, 1, 1500)


# ---------------------------------------------------------------- one check per exercise


def check_to_string_per_term(student_fn: Callable, *, n_random: int = 30, seed=0) -> None:
    """Check ``to_string_per_term(X, y, n_numbers, largest)``: each term left-padded on its own.

    The reference is :func:`addition_lib.extension_steps.to_string_per_term`.
    """
    named = [
        ([[3, 10]], [13], 2, 10),
        ([[9, 6, 9]], [24], 3, 10),
        ([[1, 1]], [2], 2, 10),
        ([[5, 100, 42]], [147], 3, 100),
        ([[7]], [7], 1, 9),
        ([[1, 2], [10, 10]], [3, 20], 2, 10),
        ([[33, 33, 33]], [99], 3, 33),  # sums keep the chapter's width, here one wider than 99 needs
    ]

    def make_random(rng):
        n_numbers, largest = random_int(rng, 1, 4), _random_largest(rng)
        return (*_random_sums(rng, n_numbers, largest), n_numbers, largest)

    run_check(student_fn, build_cases(named, make_random, n_random, seed), compare_with(to_string_per_term))


def check_reverse_inputs(student_fn: Callable, *, n_random: int = 30, seed=0) -> None:
    """Check ``reverse_inputs(X_str, y_str)``: padded inputs reversed, outputs untouched.

    The reference is :func:`addition_lib.extension_steps.reverse_inputs`.
    """
    named = [
        ([" 3+10"], ["13"]),
        (["   9+6+9", " 9+ 6+ 9"], ["24", "24"]),
        (["10+10+10"], ["30"]),
        (["  9-10-9"], ["-10"]),
    ]

    def make_random(rng):
        n_numbers, largest = random_int(rng, 1, 4), _random_largest(rng)
        return to_string(*_random_sums(rng, n_numbers, largest), n_numbers, largest)

    run_check(student_fn, build_cases(named, make_random, n_random, seed), compare_with(reverse_inputs))


def check_evaluate(student_fn: Callable, *, n_random: int = 40, seed=0) -> None:
    """Check ``evaluate(terms, operator)``: left to right, ``'/'`` the quotient ``a // b``.

    The reference is :func:`addition_lib.arithmetic.evaluate`.
    """
    named = [
        ([9, 10, 9], "+"),
        ([9, 10, 9], "-"),
        ([1, 10], "-"),
        ([10, 3, 4], "-"),
        ([2, 3, 4], "*"),
        ([20, 3, 2], "/"),
        ([7, 2], "/"),
        ([3, 10], "/"),
        ([5], "-"),
    ]

    def make_random(rng):
        operator = str(rng.choice(OPERATORS))
        largest = int(rng.choice((9, 10, 99, 100)))
        return [random_int(rng, 1, largest) for _ in range(random_int(rng, 1, 4))], operator

    run_check(student_fn, build_cases(named, make_random, n_random, seed), compare_with(evaluate))


def check_answer_width(student_fn: Callable, *, n_random: int = 40, seed=0) -> None:
    """Check ``answer_width(operator, n_numbers, largest)``: characters the widest answer needs, ``'-'`` included.

    Terms are in ``1..largest``. The reference is :func:`addition_lib.arithmetic.answer_width`.
    """
    named = [
        ("+", 3, 10),
        ("+", 3, 33),
        ("-", 3, 10),
        ("-", 2, 10),
        ("-", 1, 10),
        ("*", 2, 99),
        ("/", 2, 10),
        ("/", 3, 1000),
    ]

    def make_random(rng):
        return str(rng.choice(OPERATORS)), random_int(rng, 1, 5), _random_largest(rng)

    run_check(student_fn, build_cases(named, make_random, n_random, seed), compare_with(answer_width))


def check_to_string_with_operator(student_fn: Callable, *, n_random: int = 40, seed=0) -> None:
    """Check ``to_string_with_operator(X, y, n_numbers, largest, operator)``.

    The reference is :func:`addition_lib.extension_steps.to_string_with_operator`.
    """
    named = [
        ([[9, 10, 9]], [-10], 3, 10, "-"),
        ([[1, 10], [10, 1]], [-9, 9], 2, 10, "-"),
        ([[3, 10]], [13], 2, 10, "+"),
        ([[10, 10]], [100], 2, 10, "*"),
        ([[7, 2]], [3], 2, 10, "/"),
        ([[3, 10]], [0], 2, 10, "/"),
        ([[33, 33, 33]], [99], 3, 33, "+"),  # the exact width: 2, where the chapter's formula gives 3
    ]

    def make_random(rng):
        operator, n_numbers, largest = str(rng.choice(OPERATORS)), random_int(rng, 1, 4), _random_largest(rng)
        X = [[random_int(rng, 1, largest) for _ in range(n_numbers)] for _ in range(random_int(rng, 1, 3))]
        return X, [evaluate(row, operator) for row in X], n_numbers, largest, operator

    run_check(student_fn, build_cases(named, make_random, n_random, seed), compare_with(to_string_with_operator))


def check_to_string_variable_terms(student_fn: Callable, *, n_random: int = 30, seed=0) -> None:
    """Check ``to_string_variable_terms(X, y, max_terms, largest)``: rows of different lengths, one width.

    The reference is :func:`addition_lib.extension_steps.to_string_variable_terms`.
    """
    named = [
        ([[3, 10], [9, 6, 9]], [13, 24], 3, 10),
        ([[7]], [7], 3, 10),
        ([[2, 2]], [4], 5, 10),
        ([[1, 2, 3, 4, 5]], [15], 5, 10),
        ([[100, 1], [5]], [101, 5], 4, 100),
        ([[33], [33, 33, 33]], [33, 99], 3, 33),  # sums keep the chapter's width for max_terms
    ]

    def make_random(rng):
        max_terms, largest = random_int(rng, 1, 5), _random_largest(rng)
        X = [[random_int(rng, 1, largest) for _ in range(random_int(rng, 1, max_terms))]
             for _ in range(random_int(rng, 1, 3))]
        return X, [sum(row) for row in X], max_terms, largest

    run_check(student_fn, build_cases(named, make_random, n_random, seed), compare_with(to_string_variable_terms))


def check_split_questions(student_fn: Callable, *, n_random: int = 30, seed=0) -> None:
    """Check ``split_questions(questions, test_fraction, seed)`` against the rules of a split that cannot leak.

    A split is random, so it is not compared with one answer. Instead every result must

    * be a pair ``(train, test)`` of lists of questions;
    * keep every question: ``train`` and ``test`` together hold exactly the input rows;
    * never put one question in both (every copy of a question goes to the same side);
    * put ``test_fraction`` of the distinct questions in ``test``, give or take one;
    * give the same split again for the same seed.

    :func:`addition_lib.splits.split_questions` follows them.
    """
    repeated = [[1, 1], [2, 2], [3, 3], [4, 4]] * 5
    named = [
        ([[1, 2], [3, 4], [1, 2], [5, 6]], 1 / 3, 0),
        (repeated, 0.25, 1),
        (repeated, 0.5, 2),
        ([[9, 6, 9], [3, 10], [9, 6, 9], [10, 10, 10], [3, 10], [1, 1, 1]], 0.5, 3),
    ]

    def make_random(rng):
        largest = random_int(rng, 2, 4)
        questions = [[random_int(rng, 1, largest) for _ in range(2)] for _ in range(random_int(rng, 6, 30))]
        if len({tuple(row) for row in questions}) < 2:
            questions.append([largest + 1, 1])
        return questions, float(rng.choice((0.1, 0.2, 0.25, 0.5, 0.75))), random_int(rng, 0, 1000)

    def judge(args, result):
        questions, test_fraction, split_seed = args
        if not (isinstance(result, (list, tuple)) and len(result) == 2
                and all(isinstance(side, (list, tuple)) for side in result)):
            return f"gave {show_value(result)}, expected a pair (train, test) of lists of questions"
        train, test = (_plain(side) for side in result)
        got, given = Counter(map(question_key, [*train, *test])), Counter(map(question_key, questions))
        if got != given:
            lost, added = given - got, got - given
            extra = lost or added
            detail = f"{'lost' if lost else 'added'} {[list(row) for row in extra.elements()]}"
            return f"{detail}: expected train and test together to hold every row given, each exactly once"
        both = sorted(set(map(question_key, train)) & set(map(question_key, test)))
        if both:
            return (f"put {list(both[0])} in both train and test: a leak, so the test score would "
                    "reward memorising. Every copy of a question must go to the same side.")
        n_distinct = len(set(given))
        n_test = len(set(map(question_key, test)))
        if abs(n_test - test_fraction * n_distinct) > 1:
            return (f"put {n_test} distinct questions in test, expected about "
                    f"{test_fraction} * {n_distinct} = {test_fraction * n_distinct:g}")
        again = student_fn(*copy.deepcopy(args))
        if not _same(again, result):
            return f"gave a different split when called again with the same seed={split_seed}; expected the same"
        return None

    run_check(student_fn, build_cases(named, make_random, n_random, seed), judge)
