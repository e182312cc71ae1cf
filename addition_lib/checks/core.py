"""Checks that teach: run a student's function on named and random cases against the
library's.

Every ``check_...`` function takes the student's function and

* calls it on a few **named cases** (small, chosen to show one idea each) and on
  ``n_random`` **random cases** drawn with ``seed``; where the student's function may be
  handed either, some cases pass NumPy arrays and others plain lists;
* gives it a copy of each case's arguments and fails if the function **changed** them
  (a student's function must not reverse, sort or pop what its caller passed);
* compares each result with the library's reference (or, for a random draw, with the
  rules it must follow) and, at the first wrong one, raises :class:`CheckFailed`
  naming the exact call, the value expected and the value received::

      to_string_per_term([[3, 10]], [13], 2, 10) gave (['3+10'], ['13']), expected (['
      3+10'], ['13'])
        first difference: result[0][0] is '3+10', expected ' 3+10'

* prints ``"<name>: all N cases passed ..."`` when every case is right;
* prints ``"<name>: not attempted yet ..."`` and returns quietly when the function is
  still the stub, that is when its first call raises ``NotImplementedError`` or returns
  ``None``.

Lists and tuples count as the same; NumPy arrays and scalars count as the lists and
numbers they hold; but a float is not an int, so ``3.0`` is not accepted for ``3``.

A failure is a :class:`CheckFailed` (an ``AssertionError``) whose message is the first
thing the student reads: in Jupyter it is shown instead of a traceback, and elsewhere
the traceback stops at the line that called the check. If the student's function raised
an error, the message ends with the line of the student's code it came from.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import inspect
import math
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..seeds import as_generator
from ..validation import check_int

# Term ranges the random cases draw from: round numbers, where widths change, come up
# often.
_LARGEST_CHOICES = (1, 5, 9, 10, 11, 33, 99, 100, 101, 333, 999, 1000)
_LIBRARY = Path(__file__).resolve().parents[1]


class CheckFailed(AssertionError):
    """A check's verdict on a wrong answer; its message says which call went wrong and
    how.

    Jupyter shows the message in place of a traceback (IPython calls
    ``_render_traceback_``), so a student sees what is wrong first, not frames of the
    library.
    """

    def _render_traceback_(self) -> list[str]:
        lines = str(self).splitlines() or [""]
        return [f"\x1b[0;31mCheckFailed\x1b[0m: {lines[0]}", *lines[1:]]


def teaching_check(check: Callable) -> Callable:
    """Decorate a ``check_...`` function so that its failure is raised from one short
    frame."""

    @functools.wraps(check)
    def wrapper(*args, **kwargs):
        __tracebackhide__ = True  # pytest: start the traceback at the caller
        try:
            return check(*args, **kwargs)
        except CheckFailed as failure:
            raise failure.with_traceback(None) from None

    return wrapper


@dataclass(frozen=True)
class Case:
    """One call to check: the positional ``args``, and whether it is a named
    (hand-picked) case."""

    args: tuple
    named: bool = True


# ---------------------------------------------------------------- the runner


def run_check(
    student_fn: Callable,
    cases: Sequence[Case],
    judge: Callable,
    *,
    name: str | None = None,
) -> None:
    """Call ``student_fn(*case.args)`` for every case and let ``judge(args, result)``
    say what is wrong.

    The student's function gets a deep copy of the arguments, and any change it makes to
    them is a failure. ``judge`` returns ``None`` for a right result, or a phrase such
    as ``"gave 3, expected 4"`` that completes the sentence starting with the call. See
    the module docstring for what is printed.
    """
    if not callable(student_fn):
        raise TypeError(f"student_fn must be the function you wrote, got {student_fn!r}")
    name = name or getattr(student_fn, "__name__", "your function")
    for index, case in enumerate(cases):
        call = describe_call(name, case.args)
        passed = copy.deepcopy(case.args)
        try:
            result = student_fn(*passed)
        except NotImplementedError:
            if index == 0:
                print(
                    f"{name}: not attempted yet (it still raises NotImplementedError). "
                    "Write your version, run its cell, then run this check again."
                )
                return
            raise CheckFailed(f"{call} raised NotImplementedError") from None
        except Exception as error:  # the student's bug, reported as the check's message
            raise CheckFailed(f"{call} {describe_error(error)}") from None
        if result is None and index == 0:
            print(
                f"{name}: not attempted yet (it returns None; if you have written it, "
                "check that it ends with a return statement)."
            )
            return
        changed = changed_argument(student_fn, case.args, passed)
        if changed is not None:
            raise CheckFailed(f"{call} {changed}")
        problem = judge(case.args, result)
        if problem is not None:
            raise CheckFailed(f"{call} {problem}")
    n_named = sum(case.named for case in cases)
    n_random = len(cases) - n_named
    print(f"{name}: all {len(cases)} cases passed ({n_named} named, {n_random} random).")


def call_student(student_fn: Callable, args: tuple, name: str | None = None):
    """Call ``student_fn`` once more inside a judge; an error becomes a
    :class:`CheckFailed`."""
    name = name or getattr(student_fn, "__name__", "your function")
    try:
        return student_fn(*copy.deepcopy(args))
    except Exception as error:
        raise CheckFailed(
            f"{describe_call(name, args)} {describe_error(error)}"
        ) from None


def describe_call(name: str, args: tuple) -> str:
    return f"{name}({', '.join(show_argument(arg) for arg in args)})"


def describe_error(error: BaseException) -> str:
    """``'raised KeyError: 'x''``, and the last line of the student's own code it came
    from."""
    text = f"raised {type(error).__name__}: {error}".rstrip(": ")
    own = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if not Path(frame.filename).resolve().is_relative_to(_LIBRARY)
    ]
    if own and own[-1].line:
        text += f"\n  in your code, line {own[-1].lineno}: {own[-1].line.strip()}"
    return text


def compare_with(reference: Callable) -> Callable:
    """A judge that wants exactly what ``reference(*args)`` returns (arrays passed to it
    as lists)."""

    def judge(args, result):
        return difference(result, reference(*plain(copy.deepcopy(args))))

    return judge


def difference(result, expected) -> str | None:
    """``None`` if ``result`` is ``expected`` (see :func:`same`), else ``'gave ...,
    expected ...'``."""
    if same(result, expected):
        return None
    message = f"gave {show_value(result)}, expected {show_value(expected)}"
    path, got, wanted = _first_difference(plain(result), plain(expected), "result")
    mixed_types = got == wanted  # equal values of different types, such as 3.0 for 3
    if path == "result" and not mixed_types:
        return message
    note = (
        f" ({_a(type(got).__name__)}, expected {_a(type(wanted).__name__)})"
        if mixed_types
        else ""
    )
    return f"{message}\n  first difference: {path} is {got!r}, expected {wanted!r}{note}"


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
    """The path of the first place ``got`` and ``expected`` differ, and the two values
    there."""
    if (
        isinstance(expected, (list, tuple))
        and isinstance(got, (list, tuple))
        and len(got) == len(expected)
    ):
        for index, (a, b) in enumerate(zip(got, expected, strict=True)):
            if not same(a, b):
                return _first_difference(a, b, f"{path}[{index}]")
    return path, got, expected


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def show_value(value) -> str:
    """``repr`` of ``value`` with NumPy scalars and arrays turned into plain Python, for
    messages."""
    return repr(plain(value))


def show_argument(value) -> str:
    """An argument as the student would write it: arrays as ``np.array([...])``."""
    if isinstance(value, np.ndarray):
        return f"np.array({value.tolist()!r})"
    if isinstance(value, np.generic):
        return f"np.{type(value).__name__}({value.item()!r})"
    return repr(value)


# ---------------------------------------------------------------- changed arguments


def changed_argument(student_fn: Callable, before: tuple, after: tuple) -> str | None:
    """How the call changed one of its arguments (``before`` is the case, ``after`` what
    was passed)."""
    for index, (old, new) in enumerate(zip(before, after, strict=True)):
        path = _changed_at(old, new, _parameter_name(student_fn, index))
        if path is not None:
            return (
                f"changed its argument {path[0]}: it was {show_argument(path[1])} "
                "before the "
                f"call and {show_argument(path[2])} after it. Leave the caller's "
                "data as it "
                "was: build new lists (or copies) instead of changing the ones you "
                "are given."
            )
    return None


def _parameter_name(function: Callable, index: int) -> str:
    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        parameters = []
    if index < len(parameters) and parameters[index].kind in (
        inspect.Parameter.POSITIONAL_ONLY,
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
    ):
        return parameters[index].name
    return f"number {index + 1}"


def _changed_at(old, new, path: str):
    """``(path, old, new)`` at the outermost place ``new`` differs from ``old``, or
    ``None``."""
    if isinstance(old, np.ndarray):
        if not (
            isinstance(new, np.ndarray)
            and old.dtype == new.dtype
            and old.shape == new.shape
            and np.array_equal(old, new, equal_nan=old.dtype.kind in "fc")
        ):
            return path, old, new
        return None
    if isinstance(old, (list, tuple)):
        if type(new) is not type(old) or len(new) != len(old):
            return path, old, new
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            inner = _changed_at(a, b, f"{path}[{index}]")
            if inner is not None:
                return (
                    inner
                    if isinstance(a, (list, tuple, dict, np.ndarray))
                    else (path, old, new)
                )
        return None
    if isinstance(old, Mapping):
        if not isinstance(new, Mapping) or list(old) != list(new):
            return path, old, new
        for key in old:
            inner = _changed_at(old[key], new[key], f"{path}[{key!r}]")
            if inner is not None:
                return (
                    inner
                    if isinstance(old[key], (list, tuple, dict, np.ndarray))
                    else (path, old, new)
                )
        return None
    if (
        isinstance(old, float)
        and isinstance(new, float)
        and math.isnan(old)
        and math.isnan(new)
    ):
        return None
    if type(old) is not type(new):
        return path, old, new
    if dataclasses.is_dataclass(old):  # its == would compare arrays inside as a whole
        inner = _changed_at(vars(old), vars(new), path)
        return None if inner is None else (path, old, new)
    if type(old).__eq__ is object.__eq__:
        # No value equality (a function, a partial, a model): compare what it holds, if
        # anything; a deep copy of it is otherwise the same thing.
        if hasattr(old, "__dict__") and not callable(old):
            return _changed_at(vars(old), vars(new), path)
        return None
    try:
        unchanged = bool(old == new)
    except Exception:  # an == that gives no answer: only the same object counts
        unchanged = old is new
    return None if unchanged else (path, old, new)


# ---------------------------------------------------------------- cases


def build_cases(
    named: Sequence[tuple],
    make_random: Callable,
    n_random: int,
    seed,
    *,
    arrays: Sequence[int] = (),
) -> list[Case]:
    """The ``named`` argument tuples, then ``n_random`` more from ``make_random(rng)``
    seeded by ``seed``.

    ``arrays`` lists the positions of arguments a student may be handed as NumPy arrays
    as well as lists: the first named case is repeated with those arguments as arrays,
    and every second random case passes them as arrays.
    """
    n_random = check_int("n_random", n_random, minimum=0)
    rng = as_generator(seed)
    cases = [Case(tuple(args)) for args in named]
    if arrays and named:
        cases.insert(1, Case(as_arrays(named[0], arrays)))
    for index in range(n_random):
        args = tuple(make_random(rng))
        cases.append(Case(as_arrays(args, arrays) if index % 2 else args, named=False))
    return cases


def as_arrays(args: tuple, positions: Sequence[int]) -> tuple:
    """``args`` with the lists at ``positions`` turned into NumPy arrays (ragged lists
    stay lists)."""
    converted = list(args)
    for position in positions:
        value = converted[position]
        if isinstance(value, (list, tuple)) and value:
            lengths = {len(row) for row in value if isinstance(row, (list, tuple))}
            if len(lengths) <= 1:
                converted[position] = np.array(value)
    return tuple(converted)


def random_int(rng: np.random.Generator, low: int, high: int) -> int:
    """A Python int in ``low..high`` (both ends included)."""
    return int(rng.integers(low, high + 1))


def random_sums(rng, n_numbers: int, largest: int) -> tuple[list[list[int]], list[int]]:
    """1 to 3 random rows of ``n_numbers`` terms of ``1..largest`` (one at the
    extremes), and their sums."""
    X = [
        [random_int(rng, 1, largest) for _ in range(n_numbers)]
        for _ in range(random_int(rng, 1, 3))
    ]
    if rng.random() < 0.3:
        X[0] = [largest] * n_numbers
    return X, [sum(row) for row in X]


def random_largest(rng) -> int:
    return (
        int(rng.choice(_LARGEST_CHOICES))
        if rng.random() < 0.7
        else random_int(rng, 1, 1500)
    )
