"""Heatmaps of attention weights: which input character each answer character reads.

Takes the maps of :func:`addition_lib.attention.attention_maps` (plain lists and
arrays), so it needs only NumPy and matplotlib.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .plots import CourseFigure
from .validation import check_int

SHOWN_PAD = "\u2423"
"""How a padding space is labelled on an axis (an open box), so it can be seen."""


def _check_maps(maps) -> list[Mapping]:
    if isinstance(maps, Mapping) or not isinstance(maps, Sequence) or not maps:
        raise TypeError(
            f"maps must be a non-empty list of maps from attention_maps, got {maps!r:.80}"
        )
    for i, one in enumerate(maps):
        if not isinstance(one, Mapping) or not {"reads", "writes", "weights"} <= set(one):
            raise TypeError(
                f"maps[{i}] must have 'reads', 'writes' and 'weights', got {one!r:.80}"
            )
        shape = np.shape(one["weights"])
        if shape != (len(one["writes"]), len(one["reads"])):
            raise ValueError(
                f"maps[{i}]['weights'] must have shape (len(writes), len(reads)) = "
                f"{(len(one['writes']), len(one['reads']))}, got {shape}"
            )
    return list(maps)


def plot_attention_maps(maps, *, columns: int = 4, title: str | None = None):
    """One heatmap per map: rows the characters written, columns the characters read.

    Dark cells are where an answer character puts its attention weight; each row sums
    to 1. Padding spaces are labelled with an open box. Returns a figure.
    Taught in notebook 14.
    """
    maps = _check_maps(maps)
    columns = min(check_int("columns", columns, minimum=1), len(maps))
    rows = -(-len(maps) // columns)
    width = max(len(one["reads"]) for one in maps)
    fig = CourseFigure(
        figsize=(0.45 * width * columns + 1.2, 0.5 * 6 * rows + 0.6), layout="constrained"
    )
    axes = np.atleast_1d(fig.subplots(rows, columns, squeeze=False)).ravel()
    for ax, one in zip(axes, maps, strict=False):
        image = ax.imshow(
            np.asarray(one["weights"]), cmap="Blues", vmin=0, vmax=1, aspect="equal"
        )
        ax.set_xticks(range(len(one["reads"])))
        ax.set_xticklabels([SHOWN_PAD if c == " " else c for c in one["reads"]])
        ax.set_yticks(range(len(one["writes"])))
        ax.set_yticklabels(one["writes"])
        ax.tick_params(length=0)
        ax.set_title(one.get("question", ""), fontsize="medium")
        ax.set_xlabel("reads")
        ax.set_ylabel("writes")
    for ax in axes[len(maps) :]:
        ax.set_visible(False)
    fig.colorbar(image, ax=axes[: len(maps)].tolist(), shrink=0.6, label="weight")
    if title:
        fig.suptitle(title)
    return fig
