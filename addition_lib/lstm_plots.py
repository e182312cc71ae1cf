"""Figures inside the LSTM: a diagram, the encoder reading, the decoder's output.

As in :mod:`addition_lib.plots`, every ``plot_*`` function builds and returns a
:class:`~addition_lib.plots.CourseFigure` without pyplot, and the numbers behind
a figure come from plain functions that return arrays (``reading_paths``,
``running_totals``, ``state_moves``, ``share_explained_by_total``,
``answer_confidence``), so they can be printed and tested.

This module needs only NumPy and matplotlib; it never imports Keras.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from .alphabet import PAD, PLUS
from .plots import CourseFigure, pca, variance_explained_by

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


# --------------------------------------------------------------------------
# The encoder reading: hidden states along each question
# --------------------------------------------------------------------------


def _three_axes(name: str, value, meaning: str) -> np.ndarray:
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be an array of real numbers, got {value!r:.60}"
        ) from None
    if array.ndim != 3 or 0 in array.shape:
        raise ValueError(f"{name} must have shape {meaning}, got {array.shape}")
    return array


def _check_states(states) -> np.ndarray:
    states = _three_axes("states", states, "(n_questions, n_steps, units)")
    if not np.all(np.isfinite(states)):
        raise ValueError("states must hold finite numbers, got NaN or infinity")
    return states


def _check_questions(questions, n_steps: int | None = None) -> list[str]:
    if isinstance(questions, str) or not isinstance(questions, (Sequence, np.ndarray)):
        raise TypeError(f"questions must be a list of strings, got {questions!r:.60}")
    questions = list(questions)
    for k, question in enumerate(questions):
        if not isinstance(question, str):
            raise TypeError(f"questions[{k}] must be a string, got {question!r}")
        if n_steps is not None and len(question) != n_steps:
            raise ValueError(
                f"questions[{k}] must have {n_steps} characters (one per step), "
                f"got {question!r}"
            )
    return questions


def _states_and_questions(states, questions) -> tuple[np.ndarray, list[str]]:
    states = _check_states(states)
    questions = _check_questions(questions, states.shape[1])
    if len(questions) != len(states):
        raise ValueError(
            f"questions must have one entry per row of states ({len(states)}), "
            f"got {len(questions)}"
        )
    return states, questions


def running_totals(questions) -> np.ndarray:
    """The sum of what has been read so far, after each character of each question.

    A term still being read counts with the digits seen so far, so after ``' 9+1'``
    the total is 10, after ``' 9+10'`` it is 19, and a ``'+'`` or a space leaves it
    unchanged. Returns an integer array of shape ``(n_questions, n_steps)``.
    """
    questions = _check_questions(questions)
    lengths = {len(question) for question in questions}
    if len(lengths) > 1:
        raise ValueError(
            f"questions must all have the same length, got lengths {sorted(lengths)}"
        )
    totals = np.zeros((len(questions), lengths.pop() if lengths else 0), dtype=np.int64)
    for row, question in enumerate(questions):
        done, term = 0, 0
        for t, char in enumerate(question):
            if char.isdigit():
                term = 10 * term + int(char)
            elif char == PLUS:
                done, term = done + term, 0
            elif char != PAD:
                raise ValueError(
                    f"questions[{row}] has {char!r}; expected digits, '+' or spaces"
                )
            totals[row, t] = done + term
    return totals


def state_moves(states) -> np.ndarray:
    """How far each character moves the state: ``|h_t - h_{t-1}|``, with ``h_0 = 0``.

    The distance is Euclidean. ``states`` has shape ``(n_questions, n_steps, units)``;
    the result has shape ``(n_questions, n_steps)``.
    """
    states = _check_states(states)
    before = np.concatenate([np.zeros_like(states[:, :1]), states[:, :-1]], axis=1)
    return np.linalg.norm(states - before, axis=-1)


def share_explained_by_total(states, questions, select) -> float:
    """Share of the spread of the selected states that the running total explains.

    ``select`` is a boolean array of shape ``(n_questions, n_steps)``. States are
    compared only with states at the same step (their size grows from step to
    step): the result is 1 minus the spread left within groups of equal step and
    equal :func:`running_totals`, divided by the spread within each step.
    """
    states, questions = _states_and_questions(states, questions)
    select = np.asarray(select)
    if select.dtype != bool or select.shape != states.shape[:2]:
        raise TypeError(
            f"select must be a boolean array of shape {states.shape[:2]}, "
            f"got {select.dtype} {select.shape}"
        )
    totals = running_totals(questions)
    within_step, within_total = 0.0, 0.0
    for t in range(states.shape[1]):
        chosen = select[:, t]
        if chosen.sum() < 2:
            continue
        spread = float(((states[chosen, t] - states[chosen, t].mean(axis=0)) ** 2).sum())
        if spread == 0:
            continue
        within_step += spread
        within_total += spread * (
            1 - variance_explained_by(states[chosen, t], totals[chosen, t])
        )
    if within_step == 0:
        raise ValueError("select must pick at least 2 different states at some step")
    return 1 - within_total / within_step


def reading_paths(states, questions, shown) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Project the hidden states to 2-D and pick out the path of each ``shown`` question.

    ``states`` has shape ``(n_questions, n_steps, units)``: the hidden state after
    every character of every question (:func:`addition_lib.lstm_cell.lstm_run`).
    PCA (:func:`addition_lib.plots.pca`) is fitted on all of them plus the zero
    starting state. Returns ``(paths, everything, explained)``: ``paths`` of shape
    ``(len(shown), n_steps + 1, 2)``, each starting at the zero state;
    ``everything`` of shape ``(n_questions * n_steps, 2)``; and the share of the
    variance along each of the two directions.
    """
    states, questions = _states_and_questions(states, questions)
    shown = _check_questions(shown, states.shape[1])
    for question in shown:
        if question not in questions:
            raise ValueError(f"shown has {question!r}, which is not among the questions")
    n, n_steps, units = states.shape
    coords, explained = pca(
        np.vstack([np.zeros((1, units)), states.reshape(-1, units)]), 2
    )
    start, everything = coords[0], coords[1:]
    by_question = everything.reshape(n, n_steps, 2)
    paths = np.stack([np.vstack([start, by_question[questions.index(q)]]) for q in shown])
    return paths, everything, explained


def plot_reading_paths(states, questions, shown, *, title: str | None = None) -> Figure:
    """Draw the path of the encoder's hidden state while it reads each ``shown`` question.

    Arguments as in :func:`reading_paths`. Grey dots are the states of all
    questions after every character; each shown question is a coloured path from
    the zero state, with the character just read written at each point (a dot
    for a padding space); squares mark the points reached on a ``'+'``.
    """
    paths, everything, explained = reading_paths(states, questions, shown)
    shown = list(shown)
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a string or None, got {title!r}")
    fig = CourseFigure(figsize=(10.5, 6.5), layout="constrained")
    ax = fig.subplots()
    ax.scatter(
        everything[:, 0],
        everything[:, 1],
        s=4,
        color="0.85",
        label="every question, after every character",
    )
    ax.scatter(
        *paths[0, 0], s=80, color="black", marker="*", zorder=4, label="start: h = 0"
    )
    for k, (path, question) in enumerate(zip(paths, shown, strict=True)):
        colour = f"C{k}"
        ax.plot(
            path[:, 0],
            path[:, 1],
            "-",
            color=colour,
            linewidth=1.6,
            alpha=0.9,
            label=f"{question.strip()} = {running_totals([question])[0, -1]}",
        )
        chars = np.array(list(question))
        for where, marker, size in (
            (chars == PAD, "o", 8),
            (chars == PLUS, "s", 22),
            ((chars != PAD) & (chars != PLUS), "o", 22),
        ):
            ax.scatter(*path[1:][where].T, s=size, color=colour, marker=marker, zorder=3)
        for point, char in zip(path[1:], question, strict=True):
            if char != PAD:
                ax.annotate(
                    char,
                    point,
                    xytext=(4, 4),
                    textcoords="offset points",
                    color=colour,
                    fontsize=10,
                    fontweight="bold",
                )
    ax.set_xlabel(f"first principal component ({explained[0]:.0%} of the variance)")
    ax.set_ylabel(f"second principal component ({explained[1]:.0%} of the variance)")
    ax.set_title(title or "The encoder's hidden state, character by character")
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.grid(alpha=0.3)
    return fig


# --------------------------------------------------------------------------
# The decoder's output: a probability for every symbol at every answer step
# --------------------------------------------------------------------------


def _check_probabilities(probabilities) -> np.ndarray:
    meaning = "(n_questions, n_steps, n_symbols)"
    probabilities = _three_axes("probabilities", probabilities, meaning)
    if np.any(probabilities < 0) or not np.allclose(
        probabilities.sum(axis=-1), 1, atol=1e-3
    ):
        raise ValueError(
            "probabilities must be non-negative and sum to 1 over the symbols "
            "(the softmax output of the model)"
        )
    return probabilities


def _check_targets(targets, shape) -> np.ndarray:
    targets = np.asarray(targets)
    if targets.shape == shape:  # one-hot targets
        targets = targets.argmax(axis=-1)
    if targets.shape != shape[:2] or not np.issubdtype(targets.dtype, np.integer):
        raise ValueError(
            f"targets must be symbol codes of shape {shape[:2]} or one-hot of "
            f"shape {shape}, got {targets.dtype} {targets.shape}"
        )
    if targets.min() < 0 or targets.max() >= shape[2]:
        raise ValueError(
            f"targets must be codes from 0 to {shape[2] - 1}, "
            f"got {targets.min()}..{targets.max()}"
        )
    return targets


def answer_confidence(probabilities, targets) -> dict[str, np.ndarray]:
    """The numbers behind :func:`plot_answer_probabilities`, for every answer step.

    ``probabilities`` has shape ``(n_questions, n_steps, n_symbols)`` (the model's
    softmax output); ``targets`` holds the true symbols, as codes of shape
    ``(n_questions, n_steps)`` or one-hot. Returns a dict of arrays of shape
    ``(n_questions, n_steps)``: ``chosen`` (the symbol with the highest probability),
    ``p_chosen`` (its probability), ``p_true`` (the true symbol's probability) and
    ``true_rank`` (1 if the true symbol was chosen, 2 if it came second, ...).
    """
    probabilities = _check_probabilities(probabilities)
    targets = _check_targets(targets, probabilities.shape)
    chosen = probabilities.argmax(axis=-1)
    p_true = np.take_along_axis(probabilities, targets[..., None], axis=-1)[..., 0]
    return {
        "chosen": chosen,
        "p_chosen": probabilities.max(axis=-1),
        "p_true": p_true,
        "true_rank": 1 + (probabilities > p_true[..., None]).sum(axis=-1),
    }


def _probability_panel(ax, p: np.ndarray, chosen: int, true: int, labels) -> None:
    """Bars of ``p``: the true symbol green, a wrong choice red, with probabilities."""
    colours = ["0.75"] * len(p)
    colours[chosen] = "tab:red"
    colours[true] = "tab:green"
    ax.bar(range(len(p)), p, color=colours)
    marks = [(chosen, f"{p[chosen]:.2f}", "black")]
    if chosen != true:
        marks.append((true, f"true\n{p[true]:.2f}", "tab:green"))
    for where, text, colour in marks:
        ax.text(where, p[where] + 0.03, text, ha="center", fontsize=8, color=colour)
    ax.set_ylim(0, 1.15)
    ax.set_yticks([0, 0.5, 1])
    ax.set_xticks(range(len(p)), labels, fontsize=8)
    ax.grid(axis="y", alpha=0.3)


def plot_answer_probabilities(probabilities, targets, questions, alphabet) -> Figure:
    """Bar charts of the decoder's softmax output: a row per question, a panel per step.

    Arguments as in :func:`answer_confidence`, plus the ``questions`` as text and the
    model's ``alphabet``. In each panel the true symbol's bar is green; when the
    model picks another symbol, that bar is red.
    """
    probabilities = _check_probabilities(probabilities)
    targets = _check_targets(targets, probabilities.shape)
    questions = _check_questions(questions)
    n, n_steps, n_symbols = probabilities.shape
    if len(questions) != n:
        raise ValueError(
            f"questions must have one entry per row of probabilities ({n}), "
            f"got {len(questions)}"
        )
    if isinstance(alphabet, str) or len(alphabet) != n_symbols:
        raise ValueError(
            f"alphabet must be a sequence of the {n_symbols} symbols, got {alphabet!r}"
        )
    numbers = answer_confidence(probabilities, targets)
    labels = ["␣" if symbol == PAD else symbol for symbol in alphabet]
    fig = CourseFigure(
        figsize=(3.2 * n_steps + 1.5, 1.75 * n + 0.6), layout="constrained"
    )
    axes = np.asarray(fig.subplots(n, n_steps, sharex=True, sharey=True, squeeze=False))
    for row in range(n):
        answer = "".join(alphabet[k] for k in numbers["chosen"][row])
        truth = "".join(alphabet[k] for k in targets[row])
        verdict = "right" if answer == truth else f"WRONG, true {truth.strip()}"
        for step in range(n_steps):
            ax = axes[row, step]
            p = probabilities[row, step]
            _probability_panel(
                ax, p, numbers["chosen"][row, step], targets[row, step], labels
            )
            if step == 0:
                ax.set_ylabel(
                    f"{questions[row].strip()} = {answer.strip()}\n({verdict})",
                    fontsize=9,
                )
            if row == 0:
                ax.set_title(f"answer step {step + 1}")
    fig.suptitle(
        "The decoder's probabilities (green: the true symbol, red: a wrong choice)",
        fontsize=11,
    )
    return fig
