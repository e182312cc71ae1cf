"""The library's one validation system: constraints declared at the public boundary.

A public function states what each argument must be with :func:`validate`::

    @validate(n_examples=Integer(0), n_numbers=Integer(1), largest=Integer(1),
    seed=Seed()) def random_sum_pairs(n_examples, n_numbers, largest, *, seed=None):
        ...

so the body a notebook shows holds only the logic it teaches. The rules, the same
everywhere:

* a value of the wrong kind raises ``TypeError``; a value of the right kind but out
  of range raises ``ValueError``; every message names the parameter, repeats the
  value and says what was expected;
* NumPy integer, float and bool scalars are accepted wherever the Python type is,
  and converted to it; ``bool`` is not an integer; NaN and infinity are not numbers
  here;
* a seed is ``None``, a non-negative integer or a ``numpy.random.Generator``;
* a list of strings is never a single string split into characters.

The ``check_...`` functions below are the same rules for code that validates a
value on its own.
"""

from __future__ import annotations

import functools
import inspect
import numbers
import os
import random
from collections.abc import Sequence

import numpy as np


def check_int(name: str, value, *, minimum: int | None = None) -> int:
    """Return ``value`` as an ``int`` if it is a whole number >= ``minimum``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} must be an integer, got {value!r} ({type(value).__name__})"
        )
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value}")
    return value


def check_tuner_seed(seed) -> int:
    """``seed`` for a KerasTuner oracle: an integer >= 1 (KerasTuner reads 0 as "no
    seed")."""
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        raise TypeError(
            f"seed must be an integer >= 1 (KerasTuner treats 0 as no seed at all), "
            f"got {seed!r} ({type(seed).__name__})"
        )
    if seed < 1:
        raise ValueError(
            "seed must be an integer >= 1 (KerasTuner treats 0 as no seed at all), "
            f"got {seed!r}"
        )
    return int(seed)


def check_rank(name: str, array: np.ndarray, rank: int, meaning: str) -> None:
    if array.ndim != rank:
        raise ValueError(
            f"{name} must be a {rank}-D array of shape {meaning}, "
            f"got an array of shape {array.shape}"
        )


def as_int_array(name: str, values, rank: int, meaning: str) -> np.ndarray:
    """Turn nested lists of whole numbers (or an integer array) into an array."""
    try:
        array = np.asarray(values)
    except ValueError as error:  # ragged nested lists
        raise ValueError(
            f"{name} must be a rectangular {meaning} array: {error}"
        ) from None
    if array.dtype == object:
        raise ValueError(f"{name} must be a rectangular {meaning} array, got ragged rows")
    if array.size and not np.issubdtype(array.dtype, np.integer):
        raise TypeError(f"{name} must hold integers, got dtype {array.dtype}")
    check_rank(name, array, rank, meaning)
    return array


def check_problem(problem):
    """``problem`` if it is an :class:`~addition_lib.ArithmeticProblem`, else
    ``TypeError``."""
    from .problem import ArithmeticProblem

    if not isinstance(problem, ArithmeticProblem):
        raise TypeError(f"problem must be an ArithmeticProblem, got {problem!r}")
    return problem


def check_questions(questions):
    """``questions`` if it is a :class:`~addition_lib.Questions` batch, else
    ``TypeError``."""
    from .questions import Questions

    if not isinstance(questions, Questions):
        raise TypeError(
            "questions must be a Questions batch (see Questions.from_lists or "
            f"random_questions), got {questions!r}"
        )
    return questions


def check_real(
    name: str,
    value,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """``value`` as a ``float`` if it is a finite real number in the range given.

    ``low`` and ``high`` are inclusive unless ``low_open`` or ``high_open``. ``bool``
    is not a number here; NumPy scalars are. NaN and infinity are refused.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{name} must be a number, got {value!r} ({type(value).__name__})"
        )
    given, value = value, float(value)
    bounds = []
    if low is not None:
        bounds.append(f"{'>' if low_open else '>='} {low:g}")
    if high is not None:
        bounds.append(f"{'<' if high_open else '<='} {high:g}")
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high if high_open else value > high)
    if not np.isfinite(value) or too_low or too_high:
        wanted = " and ".join(bounds)
        wanted = f" {wanted}" if wanted else ""
        raise ValueError(f"{name} must be a finite number{wanted}, got {given!r}")
    return value


def check_bool(name: str, value) -> bool:
    """``value`` as a ``bool`` if it is ``True`` or ``False`` (NumPy's too)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(
            f"{name} must be True or False, got {value!r} ({type(value).__name__})"
        )
    return bool(value)


def memory_limit() -> int:
    """Bytes of physical memory on this machine (a large fallback where unknown)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # pragma: no cover - not on Linux
        return 1 << 40


def check_fits_in_memory(name: str, value, n_bytes: int) -> None:
    """Refuse, before anything is allocated, a ``value`` of ``name`` whose arrays
    would take ``n_bytes``, more than half of this machine's memory."""
    limit = memory_limit() // 2
    if n_bytes > limit:
        raise ValueError(
            f"{name}={value:,} would need about {n_bytes / 2**30:,.1f} GiB of "
            "arrays, more than "
            f"half of this machine's {2 * limit / 2**30:,.1f} GiB of memory; use a "
            f"smaller {name}"
        )


# ---------------------------------------------------------------- declared constraints


class Constraint:
    """What one argument must be. Calling it checks and converts a value.

    ``arguments`` holds the call's other arguments, already checked if they were
    declared earlier, so a constraint can depend on them (``Texts(alphabet=...)``).
    """

    expects = "a value"

    def __call__(self, name: str, value, arguments: dict):
        raise NotImplementedError


class Integer(Constraint):
    """A whole number (``bool`` excluded) >= ``minimum``; NumPy integers accepted."""

    def __init__(self, minimum: int | None = None):
        self.minimum = minimum
        self.expects = "an integer" + ("" if minimum is None else f" >= {minimum}")

    def __call__(self, name, value, arguments):
        return check_int(name, value, minimum=self.minimum)


class Real(Constraint):
    """A finite number in ``minimum..maximum``; NumPy scalars accepted."""

    def __init__(self, minimum: float | None = None, maximum: float | None = None):
        self.minimum, self.maximum = minimum, maximum
        self.expects = "a finite number"

    def __call__(self, name, value, arguments):
        return check_real(name, value, low=self.minimum, high=self.maximum)


class Flag(Constraint):
    """``True`` or ``False`` (a NumPy bool is converted)."""

    expects = "True or False"

    def __call__(self, name, value, arguments):
        return check_bool(name, value)


class Seed(Constraint):
    """``None``, a non-negative integer or a ``numpy.random.Generator``
    (with ``python_random=True``, a ``random.Random`` instead of a Generator)."""

    def __init__(self, *, python_random: bool = False):
        self.python_random = python_random
        kind = "random.Random" if python_random else "numpy.random.Generator"
        self.expects = f"None, an integer >= 0 or a {kind}"

    def __call__(self, name, value, arguments):
        generator = random.Random if self.python_random else np.random.Generator
        if value is None or isinstance(value, generator):
            return value
        return check_int(name, value, minimum=0)


class Texts(Constraint):
    """A list of strings (never one string); with ``alphabet=``, the name of the
    argument whose symbols every character must be one of."""

    expects = "a list of strings"

    def __init__(self, *, alphabet: str | None = None):
        self.alphabet = alphabet

    def __call__(self, name, value, arguments):
        if isinstance(value, (str, bytes)) or not isinstance(
            value, (Sequence, np.ndarray)
        ):
            raise TypeError(f"{name} must be a list of strings, got {value!r}")
        symbols = None if self.alphabet is None else arguments[self.alphabet]
        for i, text in enumerate(value):
            if not isinstance(text, str):
                raise TypeError(f"{name}[{i}] must be a string, got {text!r}")
            for position, char in enumerate(text if symbols is not None else ""):
                if char not in symbols:
                    raise ValueError(
                        f"{name}[{i}] = {text!r} has character {char!r} at position "
                        f"{position}, which is not in the alphabet {list(symbols)!r}"
                    )
        return list(value)


class IntArray(Constraint):
    """Nested lists (or an array) of whole numbers of a given rank, as an array.

    ``meaning`` names the axes in messages, e.g. ``"(n_examples, n_numbers)"``;
    ``minimum`` bounds every entry; an empty list gives an empty array.
    """

    def __init__(self, rank: int, meaning: str, *, minimum: int | None = None):
        self.rank, self.meaning, self.minimum = rank, meaning, minimum
        self.expects = f"a {rank}-D array of whole numbers, shape {meaning}"

    def __call__(self, name, value, arguments):
        if isinstance(value, (str, bytes)):
            raise TypeError(f"{name} must be {self.expects}, got {value!r}")
        if not isinstance(value, np.ndarray) and len(value) == 0:
            return np.zeros((0,) * self.rank, dtype=np.int64)
        array = as_int_array(name, value, self.rank, self.meaning)
        if self.minimum is not None and array.size and array.min() < self.minimum:
            raise ValueError(
                f"{name} must hold whole numbers >= {self.minimum}, got {array.min()}"
            )
        return array


class Custom(Constraint):
    """A check written as a function ``check(name, value, arguments) -> value``."""

    def __init__(self, check, expects: str):
        self.check, self.expects = check, expects

    def __call__(self, name, value, arguments):
        return self.check(name, value, arguments)


def validate(**constraints: Constraint):
    """Declare what each named argument of the decorated function must be.

    Arguments are checked in the order declared, before the body runs; the body
    receives the converted values (NumPy scalars as Python numbers, and so on).
    The declared constraints are kept in ``function.constraints`` for the tests
    that check every public function follows the library's rules.
    """

    def decorate(function):
        signature = inspect.signature(function)
        unknown = sorted(set(constraints) - set(signature.parameters))
        if unknown:
            raise TypeError(f"{function.__name__} has no parameters {unknown}")

        @functools.wraps(function)
        def checked(*args, **kwargs):
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            values = bound.arguments
            for name, constraint in constraints.items():
                values[name] = constraint(name, values[name], values)
            return function(*bound.args, **bound.kwargs)

        checked.constraints = dict(constraints)
        return checked

    return decorate
