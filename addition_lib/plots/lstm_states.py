"""Inside the LSTM, in numbers and figures: the encoder reading, the decoder's output.

The numbers behind each figure come from plain functions that return arrays
(``reading_paths``, ``running_totals``, ``state_moves``, ``share_explained_by_total``,
``answer_confidence``), so they can be printed and tested; each ``plot_*`` function
builds and returns a :class:`~addition_lib.plots.CourseFigure` without pyplot. This
module needs only NumPy and matplotlib; it never imports Keras. Taught in notebook 12.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from ..alphabet import PAD, PLUS
from .chapter import pca, variance_explained_by
from .figure import CourseFigure

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
