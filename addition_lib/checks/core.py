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
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..seeds import as_generator
from ..validation import check_int

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
        if same(result, expected):
            return None
        message = f"gave {show_value(result)}, expected {show_value(expected)}"
        path, got, wanted = _first_difference(plain(result), plain(expected), "result")
        mixed_types = got == wanted  # equal values of different types, such as 3.0 for 3
        if path == "result" and not mixed_types:
            return message
        note = f" ({_a(type(got).__name__)}, expected {_a(type(wanted).__name__)})" if mixed_types else ""
        return f"{message}\n  first difference: {path} is {got!r}, expected {wanted!r}{note}"

    return judge


def plain(value):
    """NumPy arrays and scalars as the Python lists and numbers they hold."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return type(value)(plain(item) for item in value)
    return value


def same(got, expected) -> bool:
    got, expected = plain(got), plain(expected)
    if isinstance(expected, (list, tuple)):
        return (
            isinstance(got, (list, tuple))
            and len(got) == len(expected)
            and all(same(a, b) for a, b in zip(got, expected, strict=True))
        )
    return type(got) is type(expected) and got == expected


def _first_difference(got, expected, path: str) -> tuple[str, object, object]:
    """The path of the first place ``got`` and ``expected`` differ, and the two values found there."""
    if isinstance(expected, (list, tuple)) and isinstance(got, (list, tuple)) and len(got) == len(expected):
        for index, (a, b) in enumerate(zip(got, expected, strict=True)):
            if not same(a, b):
                return _first_difference(a, b, f"{path}[{index}]")
    return path, got, expected


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def show_value(value) -> str:
    """``repr`` of ``value`` with NumPy scalars and arrays turned into plain Python, for messages."""
    return repr(plain(value))


def build_cases(named: Sequence[tuple], make_random: Callable, n_random: int, seed) -> list[Case]:
    """The ``named`` argument tuples, then ``n_random`` more from ``make_random(rng)`` seeded by ``seed``."""
    n_random = check_int("n_random", n_random, minimum=0)
    rng = as_generator(seed)
    return [Case(args) for args in named] + [Case(make_random(rng), named=False) for _ in range(n_random)]


def random_int(rng: np.random.Generator, low: int, high: int) -> int:
    """A Python int in ``low..high`` (both ends included)."""
    return int(rng.integers(low, high + 1))


def random_sums(rng, n_numbers: int, largest: int) -> tuple[list[list[int]], list[int]]:
    X = [[random_int(rng, 1, largest) for _ in range(n_numbers)] for _ in range(random_int(rng, 1, 3))]
    return X, [sum(row) for row in X]


def random_largest(rng) -> int:
    return int(rng.choice(_LARGEST_CHOICES)) if rng.random() < 0.7 else random_int(rng, 1, 1500)


# ---------------------------------------------------------------- one check per exercise


