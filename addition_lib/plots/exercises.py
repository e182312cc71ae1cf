"""The exercises' figures: curves across seeds, the model-size grid, time to target."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ..curves import check_rows, stack_curves
from ..validation import check_real
from .figure import CourseFigure


def plot_curve_panels(
    panels: Mapping[str, Mapping[str, Sequence[Sequence[Mapping]]]],
    *,
    key: str = "exact_match",
    level: float | None = None,
    ymax: float | None = 1.02,
    ylabel: str = "held-out exact-match",
) -> Figure:
    """Learning curves of several variants, one panel per problem, side by side.

    ``panels`` maps a panel title (the problem) to a dict that maps a variant's name to
    its runs (one list of rows per seed), for example
    ``{"3 terms of 1..10": {"whole": [rows_seed_1, ...], "per term": [...]}}``. Each
    variant gets one colour, the same in every panel: a thick line for the mean over
    seeds, a band from the worst to the best seed, and a thin line per seed. ``level``
    draws a dotted horizontal line (such as 0.99), a target to read "samples to reach"
    from, in every panel whose range includes it. The y axis runs from 0 to ``ymax``; with
    ``ymax=None`` each panel ends a little above its highest curve, so a problem whose
    curves stay low is still readable. Used in exercises 6 and 7.
    """
    if ymax is not None:
        ymax = check_real("ymax", ymax, low=0, low_open=True)
    if not isinstance(panels, Mapping) or not panels:
        raise TypeError(
            f"panels must be a non-empty dict of {{title: {{variant: runs}}}}, "
            f"got {panels!r:.80}"
        )
    variants = list(
        dict.fromkeys(name for by_variant in panels.values() for name in by_variant)
    )
    colours = {name: f"C{i}" for i, name in enumerate(variants)}
    fig = CourseFigure(figsize=(5.2 * len(panels), 4), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(panels), squeeze=False)[0])
    for ax, (title, runs_by_variant) in zip(axes, panels.items(), strict=True):
        if not isinstance(runs_by_variant, Mapping) or not runs_by_variant:
            raise TypeError(
                f"panels[{title!r}] must be a non-empty dict of {{variant: runs}}"
            )
        highest = 0.0
        for name, runs in runs_by_variant.items():
            seen, values = stack_curves(runs, key)
            highest = max(highest, float(values.max()))
            colour = colours[name]
            for run in values:
                ax.plot(seen, run, color=colour, linewidth=0.6, alpha=0.5)
            ax.fill_between(
                seen,
                values.min(axis=0),
                values.max(axis=0),
                color=colour,
                alpha=0.15,
                linewidth=0,
            )
            ax.plot(
                seen,
                values.mean(axis=0),
                color=colour,
                linewidth=2.2,
                label=f"{name} (mean of {len(values)}, band: worst to best)",
            )
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


def plot_study(
    rows: Sequence[Mapping], *, threshold: float = 0.99, title: str | None = None
) -> Figure:
    """A heatmap of held-out exact-match: problem sizes down, model sizes across.

    ``rows`` are the model-size grid's rows (exercise 3). Each cell shows its score;
    cells at or above ``threshold`` are outlined, and the smallest such model of each
    problem size (:func:`~addition_lib.experiments.model_size.smallest_reaching`) is
    marked with a star. Used in exercise 3.
    """
    # The study's rule lives with the study (which needs KerasTuner); only this figure
    # uses it.
    from ..experiments.model_size import OBJECTIVE, smallest_reaching

    rows = check_rows("rows", rows, ("digits", "terms", "units", OBJECTIVE))
    if not rows:
        raise ValueError("rows must hold at least one row, got an empty list")
    sizes = sorted({(row["digits"], row["terms"]) for row in rows})
    units = sorted({row["units"] for row in rows})
    scores = np.full((len(sizes), len(units)), np.nan)
    for row in rows:
        scores[sizes.index((row["digits"], row["terms"])), units.index(row["units"])] = (
            row[OBJECTIVE]
        )
    winners = smallest_reaching(rows, threshold)

    fig = CourseFigure(
        figsize=(1.6 + 1.25 * len(units), 0.9 + 0.55 * len(sizes)), layout="constrained"
    )
    ax = fig.add_subplot()
    image = ax.imshow(scores, cmap="viridis", vmin=0, vmax=1, aspect="auto")
    for i, size in enumerate(sizes):
        for j, unit in enumerate(units):
            value = scores[i, j]
            if np.isnan(value):
                ax.text(j, i, "-", ha="center", va="center", color="grey")
                continue
            star = " ★" if winners[size] == unit else ""
            # Never round a score short of 100% up to "100.0%".
            text = f"{min(100 * value, 99.9):.1f}%{star}" if value < 1 else f"100%{star}"
            ax.text(
                j,
                i,
                text,
                ha="center",
                va="center",
                fontsize=9,
                color="black" if value > 0.6 else "white",
                fontweight="bold" if star else "normal",
            )
            if value >= threshold:
                ax.add_patch(
                    Rectangle(
                        (j - 0.47, i - 0.45),
                        0.94,
                        0.9,
                        fill=False,
                        edgecolor="black",
                        linewidth=2,
                    )
                )
    ax.set_xticks(range(len(units)), [str(u) for u in units])
    ax.set_yticks(
        range(len(sizes)),
        [f"{d} digit{'s' if d > 1 else ''} × {t} terms" for d, t in sizes],
    )
    ax.set_xlabel("units in the encoder and in the decoder")
    ax.set_ylabel("problem size")
    default = f"Held-out exact-match (outlined: ≥ {threshold:.0%}; ★ smallest such model)"
    ax.set_title(title or default, fontsize=10)
    fig.colorbar(image, ax=ax, label="exact-match", shrink=0.9)
    return fig


def plot_time_to_accuracy(
    curves: dict,
    *,
    target: float | None = None,
    deadline: float | None = None,
    title: str | None = None,
) -> Figure:
    """Exact-match against wall-clock seconds, one line per run.

    ``curves`` maps a label to ``(seconds, exact_match)``, two sequences of one length.
    ``target`` draws a horizontal line, ``deadline`` a vertical one. Used in exercise 2.
    """
    fig = CourseFigure(figsize=(8, 3.6), layout="constrained")
    ax = fig.subplots()
    for label, (seconds, exact) in curves.items():
        if len(seconds) != len(exact):
            raise ValueError(
                f"curves[{label!r}] has {len(seconds)} times but {len(exact)} "
                f"exact-match values"
            )
        ax.plot(seconds, exact, marker=".", label=label)
    if target is not None:
        ax.axhline(target, color="grey", linestyle=":", label=f"target {target:.1%}")
    if deadline is not None:
        ax.axvline(
            deadline, color="grey", linestyle="--", label=f"time limit {deadline:,.0f} s"
        )
    ax.set_xlabel("wall-clock seconds (drawing data, building, training)")
    ax.set_ylabel("exact-match")
    ax.set_ylim(0, 1.02)
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small", loc="lower right")
    if title:
        ax.set_title(title)
    return fig
