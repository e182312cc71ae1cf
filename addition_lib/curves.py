"""Reading learning curves: several runs lined up, and when each reached a level.

A learning curve is the list of rows :class:`~addition_lib.training.HeldOutScore`
writes while a model trains: one dict per check, with ``seen`` (training samples so far)
and the scores on held-out questions. Exercises 6 and 7 train one run per seed and
compare two ways of writing the input; these functions read those runs:

* :func:`stack_curves` lines up the curves of several runs (one per seed) on their
  common grid of samples seen;
* :func:`samples_to_reach` reads off when each run first reached a level, such as 90%;
* :func:`mean_and_spread` sums up a score over seeds.

This module needs only NumPy; :func:`~addition_lib.plots.plot_curve_panels` draws the
curves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .validation import check_real

CURVE_KEYS = ("exact_match", "char_accuracy")
"""The scores a curve's rows hold."""


def check_rows(name: str, rows, keys: Sequence[str], *, empty: bool = True) -> list:
    """``rows`` as a list, if it is a list of dicts that all have ``keys`` (and, unless
    ``empty``, at least one row): the rows callbacks and tuners write."""
    if isinstance(rows, Mapping) or not isinstance(rows, Sequence) or not (rows or empty):
        raise TypeError(
            f"{name} must be a {'' if empty else 'non-empty '}list of dicts such "
            f"as HeldOutScore.rows or results_table gives, got {rows!r:.80}"
        )
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise TypeError(f"{name}[{i}] must be a dict, got {row!r}")
        missing = [key for key in keys if key not in row]
        if missing:
            raise ValueError(f"{name}[{i}] has no {missing[0]!r}; it has {sorted(row)}")
    return list(rows)


def check_curve(name: str, rows, key: str) -> tuple[np.ndarray, np.ndarray]:
    """``(seen, values)`` of one run's rows, each with numbers ``seen`` and ``key``."""
    rows = check_rows(name, rows, ("seen", key), empty=False)
    for i, row in enumerate(rows):
        for field in ("seen", key):
            check_real(f"{name}[{i}][{field!r}]", row[field])
    seen = np.array([row["seen"] for row in rows], dtype=np.int64)
    if np.any(np.diff(seen) <= 0):
        raise ValueError(
            f"{name} must have strictly increasing 'seen', got {seen.tolist()}"
        )
    return seen, np.array([row[key] for row in rows], dtype=np.float64)


def stack_curves(
    curves: Sequence[Sequence[Mapping]], key: str = "exact_match"
) -> tuple[np.ndarray, np.ndarray]:
    """Line up several runs' curves: ``(seen, values)``.

    ``curves`` is a list of runs, each a list of rows (``HeldOutScore.rows``). Every run
    must have been checked at the same numbers of samples seen. Returns ``seen``, an int
    array of shape ``(n_points,)``, and ``values``, a float array of shape
    ``(n_runs, n_points)`` holding ``key`` for each run and check. Used in exercises 6, 7.
    """
    if isinstance(curves, Mapping) or not isinstance(curves, Sequence) or not curves:
        raise TypeError(
            f"curves must be a non-empty list of runs (lists of rows), got {curves!r:.80}"
        )
    if not isinstance(key, str):
        raise TypeError(f"key must be a metric name such as 'exact_match', got {key!r}")
    seen, first = check_curve("curves[0]", curves[0], key)
    values = [first]
    for i, rows in enumerate(curves[1:], start=1):
        other_seen, other = check_curve(f"curves[{i}]", rows, key)
        if not np.array_equal(other_seen, seen):
            raise ValueError(
                f"curves[{i}] was checked at other numbers of samples seen than "
                f"curves[0] "
                f"({other_seen.tolist()[:5]}... against {seen.tolist()[:5]}...); "
                f"train every run alike"
            )
        values.append(other)
    return seen, np.vstack(values)


def samples_to_reach(seen, values, level: float) -> np.ndarray:
    """For each run, the number of samples seen when ``values`` first reached ``level``.

    ``seen`` has shape ``(n_points,)`` and ``values`` shape ``(n_runs, n_points)`` (as
    :func:`stack_curves` returns them; a single run of shape ``(n_points,)`` is accepted
    too). Returns a float array of shape ``(n_runs,)``, ``nan`` for a run that never got
    there. Used in exercises 6 and 7.

    >>> runs = [[0.1, 0.95, 0.99], [0.1, 0.5, 0.8]]
    >>> samples_to_reach([0, 100, 200], runs, 0.9).tolist()
    [100.0, nan]
    """
    seen = np.asarray(seen, dtype=np.float64)
    values = np.asarray(values, dtype=np.float64)
    if values.ndim == 1:
        values = values[None, :]
    if seen.ndim != 1 or values.ndim != 2 or values.shape[1] != len(seen):
        raise ValueError(
            f"values must have shape (n_runs, len(seen)) = "
            f"(n_runs, {len(np.atleast_1d(seen))}), got {values.shape}"
        )
    level = check_real("level", level)
    reached = values >= level
    first = np.argmax(reached, axis=1)
    return np.where(reached.any(axis=1), seen[first], np.nan)


def mean_and_spread(values) -> str:
    """``'mean% ± sd%'`` of a list of shares, the standard deviation taken over seeds.

    >>> mean_and_spread([0.9, 1.0])
    '95.0% ± 7.1%'
    """
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 1 or len(values) == 0:
        raise ValueError(
            f"values must be a non-empty list of shares, got {values.tolist()!r}"
        )
    sd = values.std(ddof=1) if len(values) > 1 else 0.0
    return f"{values.mean():.1%} ± {sd:.1%}"
