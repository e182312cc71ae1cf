"""Learning curves on held-out questions, and how to compare them across seeds and variants.

The exercises that compare two ways of writing the input (per-term padding,
reversed input) need the same measurement again and again: while the model
trains, how often does it answer questions it has *never seen* exactly right?

* :class:`HeldOutCurve` is a Keras callback. Every ``every`` training samples it
  predicts a fixed held-out set and records the exact-match (and per-character)
  accuracy, so one ``fit`` gives a whole learning curve. It also keeps the time
  spent on these checks, so the training time can be reported without them.
* :func:`stack_curves` lines up the curves of several runs (one per seed) on
  their common grid of samples seen; :func:`samples_to_reach` reads off when
  each run first reached a level, such as 90%.
* :func:`plot_curve_panels` draws problems side by side, one colour per variant:
  the mean over seeds, the band from the worst to the best seed, and each seed thinly.
* :func:`compare_formats` runs the whole comparison of exercises 6 and 7: for every
  problem, seed and way of writing the input, one model trained on the same questions
  and followed on the same held-out set. Its :class:`FormatComparison` holds the curves
  and sums them up (:func:`mean_and_spread`, last checks, samples to reach a level).

Everything except :class:`HeldOutCurve` needs only NumPy and matplotlib.
"""

from __future__ import annotations

import dataclasses
import numbers
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from ._keras import keras
from .data import encode_questions
from .evaluation import accuracies
from .plots import CourseFigure
from .validation import check_int

CURVE_KEYS = ("exact_match", "char_accuracy")


class HeldOutCurve(keras.callbacks.Callback):
    """Score a held-out set every ``every`` training samples while the model trains.

    ``X_test`` and ``y_test`` are one-hot arrays of shapes ``(n_test, n_in, n_chars)`` and
    ``(n_test, n_out, n_chars)``, questions kept out of training. Samples are counted as
    ``batch_size`` per batch, as :class:`~addition_lib.BatchLog` counts them, across epochs;
    give ``n_samples``, the training samples per epoch, to count a smaller last batch exactly.
    A check runs after the batch that takes the count past a multiple of ``every``.

    After ``fit``, ``rows`` holds one dict per check: ``seen`` (training samples so far; the
    first row, 0, is the untrained model), ``exact_match`` and ``char_accuracy``. The last row
    is the model at the end of training. ``eval_seconds`` is the time the checks took.
    """

    def __init__(self, X_test, y_test, *, every: int, batch_size: int = 32, n_samples: int | None = None,
                 eval_batch_size: int = 2048):
        super().__init__()
        X_test, y_test = np.asarray(X_test), np.asarray(y_test)
        if X_test.ndim != 3 or y_test.ndim != 3:
            raise ValueError(
                f"X_test and y_test must be one-hot arrays of shape (n_test, steps, n_chars), "
                f"got shapes {X_test.shape} and {y_test.shape}"
            )
        if len(X_test) != len(y_test) or len(X_test) == 0:
            raise ValueError(
                f"X_test and y_test must hold the same number (> 0) of questions, got {len(X_test)} and {len(y_test)}"
            )
        self.X_test, self.y_test = X_test, y_test
        self.every = check_int("every", every, minimum=1)
        self.batch_size = check_int("batch_size", batch_size, minimum=1)
        self.n_samples = None if n_samples is None else check_int("n_samples", n_samples, minimum=1)
        self.eval_batch_size = check_int("eval_batch_size", eval_batch_size, minimum=1)
        self.rows: list[dict] = []
        self.eval_seconds = 0.0
        self._seen = 0
        self._epoch_start = 0

    def score(self) -> dict:
        """Score the model as it is now and append the row (also returned)."""
        start = time.perf_counter()
        y_hat = self.model.predict(self.X_test, batch_size=self.eval_batch_size, verbose=0)
        char_accuracy, exact_match = accuracies(self.y_test, y_hat)
        self.eval_seconds += time.perf_counter() - start
        row = {"seen": self._seen, "exact_match": exact_match, "char_accuracy": char_accuracy}
        self.rows.append(row)
        return row

    def on_train_begin(self, logs=None):
        if not self.rows:
            self.score()

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_start = self._seen

    def on_train_batch_end(self, batch, logs=None):
        before = self._seen
        in_epoch = (batch + 1) * self.batch_size
        if self.n_samples is not None:
            in_epoch = min(in_epoch, self.n_samples)
        self._seen = self._epoch_start + in_epoch
        if self._seen // self.every > before // self.every:
            self.score()

    def on_train_end(self, logs=None):
        if self.rows[-1]["seen"] != self._seen:
            self.score()


# ---------------------------------------------------------------- comparing runs


def _check_curve(name: str, rows, key: str) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(rows, Mapping) or not isinstance(rows, Sequence) or not rows:
        raise TypeError(f"{name} must be a non-empty list of rows such as HeldOutCurve.rows, got {rows!r:.80}")
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise TypeError(f"{name}[{i}] must be a dict, got {row!r}")
        for field in ("seen", key):
            if field not in row:
                raise ValueError(f"{name}[{i}] has no {field!r}; it has {sorted(row)}")
            if isinstance(row[field], bool) or not isinstance(row[field], numbers.Real):
                raise TypeError(f"{name}[{i}][{field!r}] must be a number, got {row[field]!r}")
    seen = np.array([row["seen"] for row in rows], dtype=np.int64)
    if np.any(np.diff(seen) <= 0):
        raise ValueError(f"{name} must have strictly increasing 'seen', got {seen.tolist()}")
    return seen, np.array([row[key] for row in rows], dtype=np.float64)


def stack_curves(curves: Sequence[Sequence[Mapping]], key: str = "exact_match") -> tuple[np.ndarray, np.ndarray]:
    """Line up several runs' curves: ``(seen, values)``.

    ``curves`` is a list of runs, each a list of rows (``HeldOutCurve.rows``). Every run must
    have been checked at the same numbers of samples seen. Returns ``seen``, an int array of
    shape ``(n_points,)``, and ``values``, a float array of shape ``(n_runs, n_points)`` holding
    ``key`` for each run and check.
    """
    if isinstance(curves, Mapping) or not isinstance(curves, Sequence) or not curves:
        raise TypeError(f"curves must be a non-empty list of runs (lists of rows), got {curves!r:.80}")
    if not isinstance(key, str):
        raise TypeError(f"key must be a metric name such as 'exact_match', got {key!r}")
    seen, first = _check_curve("curves[0]", curves[0], key)
    values = [first]
    for i, rows in enumerate(curves[1:], start=1):
        other_seen, other = _check_curve(f"curves[{i}]", rows, key)
        if not np.array_equal(other_seen, seen):
            raise ValueError(
                f"curves[{i}] was checked at other numbers of samples seen than curves[0] "
                f"({other_seen.tolist()[:5]}... against {seen.tolist()[:5]}...); train every run alike"
            )
        values.append(other)
    return seen, np.vstack(values)


def samples_to_reach(seen, values, level: float) -> np.ndarray:
    """For each run, the first number of samples seen at which ``values`` reached ``level``.

    ``seen`` has shape ``(n_points,)`` and ``values`` shape ``(n_runs, n_points)`` (as
    :func:`stack_curves` returns them; a single run of shape ``(n_points,)`` is accepted too).
    Returns a float array of shape ``(n_runs,)``, ``nan`` for a run that never got there.

    >>> samples_to_reach([0, 100, 200], [[0.1, 0.95, 0.99], [0.1, 0.5, 0.8]], 0.9).tolist()
    [100.0, nan]
    """
    seen = np.asarray(seen, dtype=np.float64)
    values = np.asarray(values, dtype=np.float64)
    if values.ndim == 1:
        values = values[None, :]
    if seen.ndim != 1 or values.ndim != 2 or values.shape[1] != len(seen):
        raise ValueError(
            f"values must have shape (n_runs, len(seen)) = (n_runs, {len(np.atleast_1d(seen))}), got {values.shape}"
        )
    if isinstance(level, bool) or not isinstance(level, numbers.Real):
        raise TypeError(f"level must be a number such as 0.9, got {level!r}")
    reached = values >= level
    first = np.argmax(reached, axis=1)
    return np.where(reached.any(axis=1), seen[first], np.nan)


def plot_curve_panels(panels: Mapping[str, Mapping[str, Sequence[Sequence[Mapping]]]], *,
                      key: str = "exact_match", level: float | None = None, ymax: float | None = 1.02,
                      ylabel: str = "held-out exact-match") -> Figure:
    """Learning curves of several variants, one panel per problem, side by side.

    ``panels`` maps a panel title (the problem) to a dict that maps a variant's name to its
    runs (one list of rows per seed), for example
    ``{"3 terms of 1..10": {"whole": [rows_seed_1, ...], "per term": [...]}}``. Each variant
    gets one colour, the same in every panel: a thick line for the mean over seeds, a band
    from the worst to the best seed, and a thin line per seed. ``level`` draws a dotted
    horizontal line (such as 0.99), a target to read "samples to reach" from, in every panel
    whose range includes it. The y axis runs from 0 to ``ymax``; with ``ymax=None`` each panel
    ends a little above its highest curve, so a problem whose curves stay low is still readable.
    """
    if ymax is not None and (isinstance(ymax, bool) or not isinstance(ymax, numbers.Real) or ymax <= 0):
        raise ValueError(f"ymax must be a number > 0 or None, got {ymax!r}")
    if not isinstance(panels, Mapping) or not panels:
        raise TypeError(f"panels must be a non-empty dict of {{title: {{variant: runs}}}}, got {panels!r:.80}")
    variants = list(dict.fromkeys(name for runs_by_variant in panels.values() for name in runs_by_variant))
    colours = {name: f"C{i}" for i, name in enumerate(variants)}
    fig = CourseFigure(figsize=(5.2 * len(panels), 4), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(panels), squeeze=False)[0])
    for ax, (title, runs_by_variant) in zip(axes, panels.items(), strict=True):
        if not isinstance(runs_by_variant, Mapping) or not runs_by_variant:
            raise TypeError(f"panels[{title!r}] must be a non-empty dict of {{variant: runs}}")
        highest = 0.0
        for name, runs in runs_by_variant.items():
            seen, values = stack_curves(runs, key)
            highest = max(highest, float(values.max()))
            colour = colours[name]
            for run in values:
                ax.plot(seen, run, color=colour, linewidth=0.6, alpha=0.5)
            ax.fill_between(seen, values.min(axis=0), values.max(axis=0), color=colour, alpha=0.15, linewidth=0)
            ax.plot(seen, values.mean(axis=0), color=colour, linewidth=2.2,
                    label=f"{name} (mean of {len(values)}, band: worst to best)")
        top = ymax if ymax is not None else min(1.02, 1.1 * highest + 0.02)
        if level is not None and level <= top:
            ax.axhline(level, color="0.3", linestyle=":", linewidth=1)
        ax.set_title(title)
        ax.set_xlabel("training samples seen")
        ax.set_ylabel(ylabel)
        ax.set_ylim(0, top)
        ax.xaxis.set_major_formatter("{x:,.0f}")
        ax.grid(alpha=0.3)
        ax.legend(fontsize="small", loc="best")
    return fig


def train_and_follow(problem, split, questions, *, seed: int, units: tuple[int, int], n_checks: int,
                     return_model: bool = False):
    """Train one model on ``questions`` for one pass in batches of 32, following held-out exact-match.

    The model is :func:`~addition_lib.build_model` for ``problem`` with ``units`` (encoder,
    decoder) and ``seed``; the held-out set is ``split.test``, checked ``n_checks`` times
    during training. Returns ``(rows, right, seconds)``: the curve (:class:`HeldOutCurve`
    rows), a boolean array ``(n_test, n_out)`` of the answer characters right at the end, and
    the training time without the checks; with ``return_model``, the trained model too.
    """
    from .model import build_model

    n_checks = check_int("n_checks", n_checks, minimum=1)
    X, y = encode_questions(problem, questions)
    X_test, y_test = encode_questions(problem, split.test)
    model = build_model(problem, encoder_units=units[0], decoder_units=units[1], seed=seed)
    curve = HeldOutCurve(X_test, y_test, every=max(1, len(X) // n_checks), n_samples=len(X))
    started = time.perf_counter()
    model.fit(X, y, epochs=1, batch_size=32, verbose=0, callbacks=[curve])
    seconds = time.perf_counter() - started - curve.eval_seconds
    right = np.argmax(model.predict(X_test, verbose=0), axis=-1) == np.argmax(y_test, axis=-1)
    return (curve.rows, right, seconds, model) if return_model else (curve.rows, right, seconds)


def mean_and_spread(values) -> str:
    """``'mean% ± sd%'`` of a list of shares, the standard deviation taken over seeds.

    >>> mean_and_spread([0.9, 1.0])
    '95.0% ± 7.1%'
    """
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 1 or len(values) == 0:
        raise ValueError(f"values must be a non-empty list of shares, got {values.tolist()!r}")
    sd = values.std(ddof=1) if len(values) > 1 else 0.0
    return f"{values.mean():.1%} ± {sd:.1%}"


@dataclass
class FormatComparison:
    """The runs of :func:`compare_formats`, indexed ``[problem title][variant name]``, one entry per seed.

    ``curves`` holds each run's :class:`HeldOutCurve` rows and ``right`` its held-out answer
    characters right at the end; ``splits`` the held-out split of each problem; ``seconds``
    and ``cpu_seconds`` the wall-clock and CPU time of each problem's runs, checks included;
    ``models`` the trained models, if :func:`compare_formats` was asked to keep them.
    """

    setups: Mapping[str, Mapping]
    variants: Mapping[str, Mapping]
    seeds: tuple[int, ...]
    curves: dict = dataclasses.field(default_factory=dict)
    right: dict = dataclasses.field(default_factory=dict)
    splits: dict = dataclasses.field(default_factory=dict)
    seconds: dict = dataclasses.field(default_factory=dict)
    cpu_seconds: dict = dataclasses.field(default_factory=dict)
    models: dict = dataclasses.field(default_factory=dict)

    def finals(self, title: str) -> dict[str, list[float]]:
        """Each variant's held-out exact-match at the last check, one per seed."""
        return {name: [runs[-1]["exact_match"] for runs in self.curves[title][name]] for name in self.variants}

    def lates(self, title: str, last: int = 3) -> dict[str, np.ndarray]:
        """Each variant's mean exact-match over the ``last`` checks, one per seed."""
        last = check_int("last", last, minimum=1)
        return {name: stack_curves(self.curves[title][name])[1][:, -last:].mean(axis=1) for name in self.variants}

    def reach(self, title: str, name: str, level: float) -> str:
        """Samples each seed had seen when it first reached ``level``, as ``'31k / 38k / -'``."""
        seen, values = stack_curves(self.curves[title][name])
        return " / ".join("-" if np.isnan(n) else f"{n / 1000:.0f}k" for n in samples_to_reach(seen, values, level))

    def summary_lines(self) -> list[str]:
        """Per problem and variant: last check, last three checks, and samples to reach the setup's ``levels``."""
        lines, width = [], max(12, *map(len, self.variants))
        for title, setup in self.setups.items():
            finals, lates = self.finals(title), self.lates(title)
            lines.append(title)
            for name in self.variants:
                lines.append(
                    f"  {name:{width}}  last check {mean_and_spread(finals[name]):14}  "
                    f"last three {mean_and_spread(lates[name]):14} "
                    + "  ".join(f"{level:.0%} after {self.reach(title, name, level):16}" for level in setup["levels"])
                )
        return lines

    def result_row(self, title: str, compared: str, new: tuple[str, str], old: tuple[str, str]) -> dict:
        """The ``target``, ``result`` and ``details`` that record ``new`` against ``old`` on one problem.

        ``compared`` names the comparison (such as ``'reversed vs normal input'``); ``new`` and
        ``old`` are ``(variant name, word for it in the result)``.
        """
        setup = self.setups[title]
        (new_name, new_word), (old_name, old_word) = new, old
        finals, lates = self.finals(title), self.lates(title)
        high = setup["levels"][-1]
        units = setup["units"]
        return {
            "target": f"{compared}, {title}, {units[0]}/{units[1]} units, {setup['n_samples']:,} samples, "
                      f"seeds {', '.join(map(str, self.seeds))}, {setup['n_test']:,} held out",
            "result": f"held-out exact-match over the last three checks {mean_and_spread(lates[new_name])} "
                      f"{new_word} vs {mean_and_spread(lates[old_name])} {old_word} (last check "
                      f"{mean_and_spread(finals[new_name])} vs {mean_and_spread(finals[old_name])}); {high:.0%} "
                      f"reached after {self.reach(title, new_name, high)} vs "
                      f"{self.reach(title, old_name, high)} samples",
            "details": {
                "seeds": list(self.seeds),
                "n_samples": setup["n_samples"],
                "batch_size": 32,
                "units": list(units),
                "n_test": setup["n_test"],
                "cpu_seconds": round(self.cpu_seconds[title], 1),
                "last_check": finals,
                "last_three_checks": {name: values.round(4).tolist() for name, values in lates.items()},
                "curves": {name: {"seen": stack_curves(runs)[0].tolist(),
                                  "exact_match": stack_curves(runs)[1].round(4).tolist()}
                           for name, runs in self.curves[title].items()},
            },
        }


def compare_formats(setups: Mapping[str, Mapping], variants: Mapping[str, Mapping], *, seeds: Sequence[int],
                    n_checks: int, verbose: bool = True, keep_models: bool = False) -> FormatComparison:
    """Train every problem x seed x variant on the same questions and follow each on the same held-out set.

    ``setups`` maps a problem title to ``{"problem", "n_samples", "n_test", "units", "levels"}``
    and optionally ``"exclude"``, questions kept out of training as well (such as an edge-case set);
    ``variants`` maps a variant name to the changes it makes to the problem's format, such as
    ``{"reversed": {"reverse": True}}``. For each problem, ``n_test`` questions are held out
    (seed 0); for each seed, ``n_samples`` training questions are drawn once and every variant
    trains on them (:func:`train_and_follow`), so only the format differs. With ``verbose``
    one line is printed per run; with ``keep_models`` the trained models are kept, in ``models``.
    """
    from .splits import HeldOutSplit, held_out_split, question_ids

    if not isinstance(variants, Mapping) or not variants:
        raise TypeError(f"variants must be a non-empty dict of {{name: changes to the problem}}, got {variants!r}")
    if not isinstance(setups, Mapping) or not setups:
        raise TypeError(f"setups must be a non-empty dict of {{title: setup}}, got {setups!r:.80}")
    seeds = tuple(check_int("seeds", seed, minimum=0) for seed in seeds)
    comparison = FormatComparison(setups, variants, seeds)
    for title, setup in setups.items():
        comparison.curves[title] = {name: [] for name in variants}
        comparison.right[title] = {name: [] for name in variants}
        comparison.models[title] = {name: [] for name in variants}
        split = comparison.splits[title] = held_out_split(setup["problem"], setup["n_test"], seed=0)
        train_split = split
        if setup.get("exclude") is not None:
            kept_out = question_ids(setup["problem"], setup["exclude"])
            train_split = HeldOutSplit(setup["problem"], np.union1d(split.test_ids, kept_out))
        started, cpu_started = time.perf_counter(), time.process_time()
        for seed in seeds:
            questions = train_split.sample_train(setup["n_samples"], seed=seed)
            for name, changes in variants.items():
                problem = dataclasses.replace(setup["problem"], **changes)
                rows, right, fit_seconds, model = train_and_follow(
                    problem, split, questions, seed=seed, units=setup["units"], n_checks=n_checks,
                    return_model=True)
                if keep_models:
                    comparison.models[title][name].append(model)
                comparison.curves[title][name].append(rows)
                comparison.right[title][name].append(right)
                if verbose:
                    print(f"{title:32}  seed {seed}  {name:12}  held-out exact-match "
                          f"{rows[-1]['exact_match']:6.1%}  ({fit_seconds:3.0f} s)")
        comparison.seconds[title] = time.perf_counter() - started
        comparison.cpu_seconds[title] = time.process_time() - cpu_started
    if verbose:
        print(f"all runs: {sum(comparison.seconds.values()):.0f} s wall-clock, "
              f"{sum(comparison.cpu_seconds.values()):.0f} s of CPU time")
    return comparison
