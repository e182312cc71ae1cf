"""Two ways of writing the input, compared by learning curves (exercises 6 and 7).

Exercises 6 (per-term padding) and 7 (reversed input) ask the same question: while a
model trains, how often does it answer questions it has *never seen* exactly right, when
the input is written one way or the other? :func:`compare_formats` trains, for every
problem, seed and way of writing the input, one model on the same questions, and follows
each on the same held-out set (:func:`train_and_follow`, which records the curve with
:class:`~addition_lib.training.HeldOutScore`). Its :class:`FormatComparison` holds the
curves and sums them up (:func:`~addition_lib.curves.mean_and_spread`, last checks,
samples to reach a level).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..curves import mean_and_spread, samples_to_reach, stack_curves
from ..data import encode_questions
from ..model import build_model
from ..questions import question_ids
from ..splits import HeldOutSplit, held_out_split
from ..training import HeldOutScore
from ..validation import check_int


def train_and_follow(
    problem,
    split,
    questions,
    *,
    seed: int,
    units: tuple[int, int],
    n_checks: int,
    return_model: bool = False,
):
    """Train one model on ``questions`` (one pass, batches of 32), scoring held-out ones.

    The model is :func:`~addition_lib.build_model` for ``problem`` with ``units``
    (encoder, decoder) and ``seed``; the held-out set is ``split.test``, checked
    ``n_checks`` times during training. Returns ``(rows, right, seconds)``: the curve
    (:class:`~addition_lib.training.HeldOutScore` rows), a boolean array ``(n_test,
    n_out)`` of the answer characters right at the end, and the training time without
    the checks; with ``return_model``, the trained model too. Taught in exercises 6 and
    7.
    """
    n_checks = check_int("n_checks", n_checks, minimum=1)
    X, y = encode_questions(problem, questions)
    X_test, y_test = encode_questions(problem, split.test)
    model = build_model(
        problem, encoder_units=units[0], decoder_units=units[1], seed=seed
    )
    curve = HeldOutScore(
        (X_test, y_test),
        every=max(1, len(X) // n_checks),
        per="sample",
        batch_size=32,
        n_samples=len(X),
        at_start=True,
    )
    started = time.perf_counter()
    model.fit(X, y, epochs=1, batch_size=32, verbose=0, callbacks=[curve])
    seconds = time.perf_counter() - started - curve.eval_seconds
    right = np.argmax(model.predict(X_test, verbose=0), axis=-1) == np.argmax(
        y_test, axis=-1
    )
    if return_model:
        return curve.rows, right, seconds, model
    return curve.rows, right, seconds


@dataclass
class FormatComparison:
    """The runs of :func:`compare_formats`, as ``[problem title][variant name]`` per seed.

    ``curves`` holds each run's :class:`~addition_lib.training.HeldOutScore` rows and
    ``right`` its held-out answer characters right at the end; ``splits`` the held-out
    split of each problem; ``seconds`` and ``cpu_seconds`` the wall-clock and CPU time
    of each problem's runs, checks included; ``models`` the trained models, if
    :func:`compare_formats` was asked to keep them.
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
        return {
            name: [runs[-1]["exact_match"] for runs in self.curves[title][name]]
            for name in self.variants
        }

    def lates(self, title: str, last: int = 3) -> dict[str, np.ndarray]:
        """Each variant's mean exact-match over the ``last`` checks, one per seed."""
        last = check_int("last", last, minimum=1)
        return {
            name: stack_curves(self.curves[title][name])[1][:, -last:].mean(axis=1)
            for name in self.variants
        }

    def reach(self, title: str, name: str, level: float) -> str:
        """Samples each seed had seen on first reaching ``level``: ``'31k / 38k / -'``."""
        seen, values = stack_curves(self.curves[title][name])
        return " / ".join(
            "-" if np.isnan(n) else f"{n / 1000:.0f}k"
            for n in samples_to_reach(seen, values, level)
        )

    def summary_lines(self) -> list[str]:
        """Per problem and variant: last check, last three, samples to each level."""
        lines, width = [], max(12, *map(len, self.variants))
        for title, setup in self.setups.items():
            finals, lates = self.finals(title), self.lates(title)
            lines.append(title)
            for name in self.variants:
                lines.append(
                    f"  {name:{width}}  last check {mean_and_spread(finals[name]):14}  "
                    f"last three {mean_and_spread(lates[name]):14} "
                    + "  ".join(
                        f"{level:.0%} after {self.reach(title, name, level):16}"
                        for level in setup["levels"]
                    )
                )
        return lines

    def result_row(
        self, title: str, compared: str, new: tuple[str, str], old: tuple[str, str]
    ) -> dict:
        """``target``, ``result`` and ``details`` recording ``new`` against ``old``.

        ``compared`` names the comparison (such as ``'reversed vs normal input'``);
        ``new`` and ``old`` are ``(variant name, word for it in the result)``.
        """
        setup = self.setups[title]
        (new_name, new_word), (old_name, old_word) = new, old
        finals, lates = self.finals(title), self.lates(title)
        high = setup["levels"][-1]
        units = setup["units"]
        return {
            "target": f"{compared}, {title}, {units[0]}/{units[1]} units, "
            f"{setup['n_samples']:,} samples, "
            f"seeds {', '.join(map(str, self.seeds))}, {setup['n_test']:,} held out",
            "result": "held-out exact-match over the last three checks "
            f"{mean_and_spread(lates[new_name])} "
            f"{new_word} vs {mean_and_spread(lates[old_name])} {old_word} (last check "
            f"{mean_and_spread(finals[new_name])} vs "
            f"{mean_and_spread(finals[old_name])}); "
            f"{high:.0%} "
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
                "last_three_checks": {
                    name: values.round(4).tolist() for name, values in lates.items()
                },
                "curves": {
                    name: {
                        "seen": stack_curves(runs)[0].tolist(),
                        "exact_match": stack_curves(runs)[1].round(4).tolist(),
                    }
                    for name, runs in self.curves[title].items()
                },
            },
        }


def compare_formats(
    setups: Mapping[str, Mapping],
    variants: Mapping[str, Mapping],
    *,
    seeds: Sequence[int],
    n_checks: int,
    verbose: bool = True,
    keep_models: bool = False,
) -> FormatComparison:
    """Train every problem x seed x variant alike; follow each on the same held-out set.

    ``setups`` maps a problem title to ``{"problem", "n_samples", "n_test", "units",
    "levels"}`` and optionally ``"exclude"``, questions kept out of training as well
    (such as an edge-case set); ``variants`` maps a variant name to the changes it makes
    to the problem's format, such as ``{"reversed": {"reverse": True}}``. For each
    problem, ``n_test`` questions are held out (seed 0); for each seed, ``n_samples``
    training questions are drawn once and every variant trains on them
    (:func:`train_and_follow`), so only the format differs. With ``verbose`` one line is
    printed per run; with ``keep_models`` the trained models are kept, in ``models``.
    Taught in exercises 6 and 7.
    """
    if not isinstance(variants, Mapping) or not variants:
        raise TypeError(
            f"variants must be a non-empty dict of {{name: changes to the problem}}, "
            f"got {variants!r}"
        )
    if not isinstance(setups, Mapping) or not setups:
        raise TypeError(
            f"setups must be a non-empty dict of {{title: setup}}, got {setups!r:.80}"
        )
    seeds = tuple(check_int("seeds", seed, minimum=0) for seed in seeds)
    comparison = FormatComparison(setups, variants, seeds)
    for title, setup in setups.items():
        comparison.curves[title] = {name: [] for name in variants}
        comparison.right[title] = {name: [] for name in variants}
        comparison.models[title] = {name: [] for name in variants}
        split = comparison.splits[title] = held_out_split(
            setup["problem"], setup["n_test"], seed=0
        )
        train_split = split
        if setup.get("exclude") is not None:
            kept_out = question_ids(setup["problem"], setup["exclude"])
            train_split = HeldOutSplit(
                setup["problem"], np.union1d(split.test_ids, kept_out)
            )
        started, cpu_started = time.perf_counter(), time.process_time()
        for seed in seeds:
            questions = train_split.sample_train(setup["n_samples"], seed=seed)
            for name, changes in variants.items():
                problem = dataclasses.replace(setup["problem"], **changes)
                rows, right, fit_seconds, model = train_and_follow(
                    problem,
                    split,
                    questions,
                    seed=seed,
                    units=setup["units"],
                    n_checks=n_checks,
                    return_model=True,
                )
                if keep_models:
                    comparison.models[title][name].append(model)
                comparison.curves[title][name].append(rows)
                comparison.right[title][name].append(right)
                if verbose:
                    print(
                        f"{title:32}  seed {seed}  {name:12}  held-out exact-match "
                        f"{rows[-1]['exact_match']:6.1%}  ({fit_seconds:3.0f} s)"
                    )
        comparison.seconds[title] = time.perf_counter() - started
        comparison.cpu_seconds[title] = time.process_time() - cpu_started
    if verbose:
        print(
            f"all runs: {sum(comparison.seconds.values()):.0f} s wall-clock, "
            f"{sum(comparison.cpu_seconds.values()):.0f} s of CPU time"
        )
    return comparison
