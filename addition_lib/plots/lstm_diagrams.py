"""Diagrams of the LSTM: one step drawn with its gates, and the encoder unrolled.

Like every figure of the course, each ``plot_*`` function builds and returns a
:class:`~addition_lib.plots.CourseFigure` without pyplot. This module needs only
matplotlib; it never imports Keras. Taught in notebook 12.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from ..alphabet import PAD
from .figure import CourseFigure

GATE_COLOURS = {"i": "#4c72b0", "f": "#c44e52", "g": "#55a868", "o": "#8172b2"}
_CELL_COLOUR = "#fff4d6"
_STATE_COLOUR = {"c": "#b8860b", "h": "#1f4e79"}

# --------------------------------------------------------------------------
# Drawing helpers
# --------------------------------------------------------------------------


def _arrow(ax, start, end, colour="0.25", width=1.4, style="-|>", **kwargs):
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle=style,
            mutation_scale=11,
            color=colour,
            linewidth=width,
            shrinkA=0,
            shrinkB=0,
            **kwargs,
        )
    )


def _line(ax, xs, ys, colour="0.25", width=1.4):
    ax.plot(xs, ys, color=colour, linewidth=width, solid_capstyle="round")


def _box(ax, centre, size, text, colour, *, text_colour="white", fontsize=10):
    (x, y), (w, h) = centre, size
    ax.add_patch(
        FancyBboxPatch(
            (x - w / 2, y - h / 2),
            w,
            h,
            boxstyle="round,pad=0.04",
            facecolor=colour,
            edgecolor="0.2",
            linewidth=1,
        )
    )
    ax.text(
        x,
        y,
        text,
        ha="center",
        va="center",
        color=text_colour,
        fontsize=fontsize,
        fontweight="bold",
    )


def _operation(ax, centre, symbol, radius=0.27):
    ax.add_patch(
        Circle(
            centre, radius, facecolor="white", edgecolor="0.2", linewidth=1.2, zorder=3
        )
    )
    ax.text(*centre, symbol, ha="center", va="center", fontsize=13, zorder=4)


def _diagram_axes(figsize) -> tuple[Figure, object]:
    fig = CourseFigure(figsize=figsize, layout="constrained")
    ax = fig.subplots()
    ax.set_axis_off()
    ax.set_aspect("equal")
    return fig, ax


# --------------------------------------------------------------------------
# The LSTM drawn: one step, and the encoder unrolled over a question
# --------------------------------------------------------------------------


def plot_lstm_step() -> Figure:
    """Draw one LSTM step with its four gates, in the notation of the course's equations.

    The cell state ``c`` runs along the top and the hidden state ``h`` along the
    bottom; ``x_t`` comes in from below. Each gate box shows the function it
    applies (sigmoid or tanh) to its own quarter of ``x_t W + h_{t-1} U + b``.
    """
    fig, ax = _diagram_axes((10.5, 6))
    c_colour, h_colour = _STATE_COLOUR["c"], _STATE_COLOUR["h"]
    ax.add_patch(
        FancyBboxPatch(
            (0, 0),
            11.6,
            6.4,
            boxstyle="round,pad=0.1",
            facecolor=_CELL_COLOUR,
            edgecolor="0.4",
            linewidth=1.5,
        )
    )
    ax.text(
        0.25,
        6.05,
        "one LSTM step (time t): the same weights W, U, b at every step",
        fontsize=10,
        color="0.3",
        va="center",
    )
    top, gate_y, bottom = 5.0, 2.6, 1.0
    xs = {"f": 1.8, "i": 3.6, "g": 5.4, "o": 7.6}
    labels = {
        "f": "forget gate $f_t$",
        "i": "input gate $i_t$",
        "g": "candidate $g_t$",
        "o": "output gate $o_t$",
    }
    product, tanh_at, out_at = (4.5, 3.9), (9.6, 3.9), (9.6, gate_y)
    # The cell state: c_{t-1} -> x f_t -> + i_t g_t -> c_t.
    _arrow(ax, (-1.4, top), (xs["f"] - 0.27, top), c_colour, 2.5)
    _operation(ax, (xs["f"], top), "×")
    _arrow(ax, (xs["f"] + 0.27, top), (product[0] - 0.27, top), c_colour, 2.5)
    _operation(ax, (product[0], top), "+")
    _arrow(ax, (product[0] + 0.27, top), (13.0, top), c_colour, 2.5)
    ax.text(-1.5, top + 0.35, "$c_{t-1}$", fontsize=14, color=c_colour)
    ax.text(12.3, top + 0.35, "$c_t$", fontsize=14, color=c_colour)
    ax.text(
        5.6, top + 0.25, "cell state: the long-term memory", fontsize=9, color=c_colour
    )
    # The input: h_{t-1} along the bottom, x_t from below, feeding every gate.
    _line(ax, [-1.4, xs["o"]], [bottom, bottom], h_colour, 2.5)
    _arrow(ax, (0.9, -1.2), (0.9, bottom), "0.25", 2)
    ax.add_patch(Circle((0.9, bottom), 0.08, color="0.25", zorder=3))
    ax.text(-1.5, bottom + 0.3, "$h_{t-1}$", fontsize=14, color=h_colour)
    ax.text(1.1, -1.1, "$x_t$: the character read at step t (one-hot)", fontsize=11)
    ax.text(
        1.1, bottom - 0.45, "every gate sees $x_t$ and $h_{t-1}$", fontsize=9, color="0.3"
    )
    for name, x in xs.items():
        _arrow(ax, (x, bottom), (x, gate_y - 0.35), "0.35", 1.2)
        _box(
            ax,
            (x, gate_y),
            (0.9, 0.7),
            "tanh" if name == "g" else "σ",
            GATE_COLOURS[name],
        )
        ax.text(
            x,
            gate_y - 0.7,
            labels[name],
            fontsize=9.5,
            color=GATE_COLOURS[name],
            ha="center",
            va="center",
            zorder=3,
            bbox={"boxstyle": "round,pad=0.1", "facecolor": _CELL_COLOUR, "linewidth": 0},
        )
    # forget gate -> x on the cell state; input gate and candidate -> x -> +.
    _arrow(ax, (xs["f"], gate_y + 0.35), (xs["f"], top - 0.27), GATE_COLOURS["f"], 1.5)
    _line(
        ax,
        [xs["i"], xs["i"], product[0] - 0.27],
        [gate_y + 0.35, product[1], product[1]],
        GATE_COLOURS["i"],
        1.5,
    )
    _line(
        ax,
        [xs["g"], xs["g"], product[0] + 0.27],
        [gate_y + 0.35, product[1], product[1]],
        GATE_COLOURS["g"],
        1.5,
    )
    _operation(ax, product, "×")
    _arrow(ax, (product[0], product[1] + 0.27), (product[0], top - 0.27), "0.25", 1.5)
    # output: tanh(c_t), gated by o_t, is h_t.
    _arrow(ax, (tanh_at[0], top), (tanh_at[0], tanh_at[1] + 0.3), c_colour, 1.5)
    _box(ax, tanh_at, (0.9, 0.6), "tanh", "#d9d9d9", text_colour="0.1")
    _arrow(ax, (tanh_at[0], tanh_at[1] - 0.3), (out_at[0], out_at[1] + 0.27), "0.25", 1.5)
    _operation(ax, out_at, "×")
    _arrow(
        ax, (xs["o"] + 0.45, gate_y), (out_at[0] - 0.27, gate_y), GATE_COLOURS["o"], 1.5
    )
    _line(ax, [out_at[0], out_at[0]], [out_at[1] - 0.27, bottom], h_colour, 2.5)
    _arrow(ax, (out_at[0], bottom), (13.0, bottom), h_colour, 2.5)
    ax.text(12.3, bottom + 0.3, "$h_t$", fontsize=14, color=h_colour)
    ax.text(
        9.8, bottom - 0.45, "hidden state: the step's output", fontsize=9, color=h_colour
    )
    ax.set_xlim(-1.8, 13.4)
    ax.set_ylim(-1.6, 6.8)
    return fig


def plot_lstm_unrolled(question: str, *, units: int | None = None) -> Figure:
    """Draw the LSTM unrolled over the characters of ``question``, one box per time step.

    ``question`` is the padded text the encoder reads, such as ``'  9+10+9'``; each
    box is the step of :func:`plot_lstm_step` with its gates ``i, f, g, o``. The
    cell state ``c`` and the hidden state ``h`` run from box to box, starting from
    zero; the last ``h`` is what the encoder hands on. ``units``, if given, is
    printed as the length of the state vectors.
    """
    if not isinstance(question, str):
        raise TypeError(f"question must be a string such as '  9+10+9', got {question!r}")
    if not 1 <= len(question) <= 20:
        raise ValueError(
            f"question must have 1 to 20 characters, got {len(question)}: {question!r}"
        )
    if units is not None and (
        isinstance(units, bool) or not isinstance(units, (int, np.integer)) or units < 1
    ):
        raise ValueError(f"units must be a positive integer or None, got {units!r}")
    n = len(question)
    fig, ax = _diagram_axes((min(3 + 1.45 * n, 16), 3.6))
    c_colour, h_colour = _STATE_COLOUR["c"], _STATE_COLOUR["h"]
    pitch, width, height = 2.0, 1.4, 1.9
    c_y, h_y = 1.55, 0.35
    for t, char in enumerate(question, start=1):
        x = t * pitch
        ax.add_patch(
            FancyBboxPatch(
                (x - width / 2, 0),
                width,
                height,
                boxstyle="round,pad=0.05",
                facecolor=_CELL_COLOUR,
                edgecolor="0.4",
                linewidth=1.2,
            )
        )
        for k, gate in enumerate("ifgo"):
            gx = x - 0.48 + k * 0.32
            ax.add_patch(
                FancyBboxPatch(
                    (gx - 0.12, 0.8),
                    0.24,
                    0.3,
                    boxstyle="round,pad=0.02",
                    facecolor=GATE_COLOURS[gate],
                    edgecolor="none",
                )
            )
            ax.text(
                gx,
                0.95,
                gate,
                ha="center",
                va="center",
                color="white",
                fontsize=8,
                fontweight="bold",
            )
        _arrow(ax, (x, -0.9), (x, 0), "0.3", 1.2)
        shown = "␣" if char == PAD else char
        ax.text(
            x,
            -1.15,
            f"'{shown}'",
            ha="center",
            va="center",
            fontsize=13,
            fontfamily="monospace",
            fontweight="bold",
        )
        ax.text(x, -1.6, f"$x_{{{t}}}$", ha="center", va="center", fontsize=11)
    states = ((c_y, c_colour, "c", "cell state"), (h_y, h_colour, "h", "hidden state"))
    for t in range(n + 1):  # the arrows between the boxes: c on top, h below
        left = t * pitch + (width / 2 if t else -0.9)
        right = (t + 1) * pitch - width / 2 + (0 if t < n else 0.9)
        for y, colour, name, long_name in states:
            _arrow(ax, (left, y), (right, y), colour, 2)
            if t in (0, n):
                text = f"{long_name} ${name}_0 = 0$" if t == 0 else f"${name}_{{{n}}}$"
                ax.text(
                    left - 0.1 if t == 0 else right + 0.1,
                    y,
                    text,
                    fontsize=11,
                    ha="right" if t == 0 else "left",
                    va="center",
                    color=colour,
                )
    size = f" ({units} numbers)" if units else ""
    ax.text(
        (n + 1) * pitch - 0.1,
        h_y - 0.55,
        f"the encoder's output{size}",
        ha="left",
        va="center",
        fontsize=9,
        color=h_colour,
    )
    ax.text(
        pitch - width / 2,
        height + 0.75,
        f"The encoder reads {question!r} one character per step; every box is the same "
        "LSTM step, with the same weights W, U, b",
        fontsize=10,
        color="0.25",
    )
    ax.text(
        pitch - width / 2,
        height + 0.3,
        "gates in each box: i input, f forget, g candidate, o output",
        fontsize=9,
        color="0.35",
    )
    ax.set_xlim(-3.6, (n + 1) * pitch + 2.6)
    ax.set_ylim(-1.9, height + 1.1)
    return fig
