"""Argument checks shared by the public functions.

Every check raises ``TypeError`` for a value of the wrong kind and ``ValueError``
for a value of the right kind but out of range. Each message names the
parameter and repeats the value received, so the caller can see what to fix.
"""

from __future__ import annotations

import numbers

import numpy as np


def check_int(name: str, value, *, minimum: int | None = None) -> int:
    """Return ``value`` as an ``int`` if it is a whole number >= ``minimum``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r} ({type(value).__name__})")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value}")
    return value


def check_tuner_seed(seed) -> int:
    """``seed`` for a KerasTuner oracle: an integer >= 1, since KerasTuner reads 0 as "no seed"."""
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral) or seed < 1:
        raise ValueError(f"seed must be an integer >= 1 (KerasTuner treats 0 as no seed at all), got {seed!r}")
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
        raise ValueError(f"{name} must be a rectangular {meaning} array: {error}") from None
    if array.dtype == object:
        raise ValueError(f"{name} must be a rectangular {meaning} array, got ragged rows")
    if array.size and not np.issubdtype(array.dtype, np.integer):
        raise TypeError(f"{name} must hold integers, got dtype {array.dtype}")
    check_rank(name, array, rank, meaning)
    return array


def check_problem(problem):
    """``problem`` if it is an :class:`~addition_lib.ArithmeticProblem`, else ``TypeError``."""
    from .problem import ArithmeticProblem

    if not isinstance(problem, ArithmeticProblem):
        raise TypeError(f"problem must be an ArithmeticProblem, got {problem!r}")
    return problem


def check_questions(questions):
    """``questions`` if it is a :class:`~addition_lib.Questions` batch, else ``TypeError``."""
    from .questions import Questions

    if not isinstance(questions, Questions):
        raise TypeError(
            f"questions must be a Questions batch (see Questions.from_lists or random_questions), got {questions!r}"
        )
    return questions


def check_real(name: str, value, *, low: float | None = None, high: float | None = None,
               low_open: bool = False, high_open: bool = False) -> float:
    """``value`` as a ``float`` if it is a finite real number in the range given.

    ``low`` and ``high`` are inclusive unless ``low_open`` or ``high_open``. ``bool``
    is not a number here; NumPy scalars are. NaN and infinity are refused.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r} ({type(value).__name__})")
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
        raise TypeError(f"{name} must be True or False, got {value!r} ({type(value).__name__})")
    return bool(value)
