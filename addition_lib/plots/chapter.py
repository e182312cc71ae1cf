"""The chapter's figures: learning curves, error maps and a look inside the encoder.

The numbers behind each figure come from a plain function that returns arrays
(``window_means``, ``errors_by_first_two``, ``errors_by_sum``, ``pca``,
``variance_explained_by``), so they can be printed, tested, and reused in the exercises.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

from ..validation import check_int
from .figure import CourseFigure

LEARNING_CURVE_KEYS = ("loss", "char_accuracy", "exact_match")


# --------------------------------------------------------------------------
# Argument checks
# --------------------------------------------------------------------------


def _as_array(name: str, values, rank: int, meaning: str) -> np.ndarray:
    try:
        array = np.asarray(values)
    except ValueError as error:  # ragged nested lists
        raise ValueError(
            f"{name} must be a rectangular array of shape {meaning}: {error}"
        ) from None
    if array.dtype == object:
        raise TypeError(f"{name} must hold numbers, got {values!r:.80}")
    if array.ndim != rank:
        raise ValueError(
            f"{name} must be a {rank}-D array of shape {meaning}, got shape {array.shape}"
        )
    return array


def _check_terms(terms) -> np.ndarray:
    terms = _as_array("terms", terms, 2, "(n_problems, n_numbers)")
    if not np.issubdtype(terms.dtype, np.integer):
        raise TypeError(f"terms must hold integers, got dtype {terms.dtype}")
    if terms.shape[0] == 0:
        raise ValueError("terms must hold at least one problem, got an empty array")
    if terms.shape[1] < 2:
        raise ValueError(
            f"terms must have at least 2 terms per problem, got shape {terms.shape}"
        )
    if terms.min() < 1:
        raise ValueError(f"terms must all be >= 1, got {terms.min()}")
    return terms


def _check_correct(correct, n_problems: int) -> np.ndarray:
    correct = _as_array("correct", correct, 1, "(n_problems,)")
    if correct.dtype != bool:
        raise TypeError(
            "correct must be a boolean array (True where the answer is right), "
            f"got dtype {correct.dtype}"
        )
    if len(correct) != n_problems:
        raise ValueError(
            f"correct must have one entry per problem ({n_problems}), got {len(correct)}"
        )
    return correct


def _check_vectors(vectors) -> np.ndarray:
    vectors = _as_array("vectors", vectors, 2, "(n_samples, n_features)")
    if not (
        np.issubdtype(vectors.dtype, np.floating)
        or np.issubdtype(vectors.dtype, np.integer)
    ):
        raise TypeError(f"vectors must hold real numbers, got dtype {vectors.dtype}")
    if vectors.shape[0] < 2:
        raise ValueError(
            "vectors must have at least 2 rows to find directions of spread, "
            f"got {vectors.shape[0]}"
        )
    if vectors.shape[1] < 1:
        raise ValueError(
            f"vectors must have at least 1 column, got shape {vectors.shape}"
        )
    if not np.all(np.isfinite(vectors)):
        raise ValueError("vectors must hold finite numbers, got NaN or infinity")
    return vectors.astype(np.float64)


# --------------------------------------------------------------------------
# Learning curve
# --------------------------------------------------------------------------


def window_means(
    rows: Sequence[Mapping], keys: Sequence[str] = LEARNING_CURVE_KEYS
) -> dict[str, np.ndarray]:
    """Undo Keras's running means: the mean of each metric between two consecutive rows.

    ``rows`` is :attr:`addition_lib.BatchLog.rows` from a one-epoch fit: dicts
    with ``seen`` (samples seen so far) and, for each name in ``keys``, the
    metric averaged over *everything seen so far in the epoch*, which is what
    Keras logs. Late in the epoch that average still carries the first, clumsy
    batches. Since ``running[i] * seen[i]`` is the total so far, the mean over
    the window between rows ``i - 1`` and ``i`` is::

        (running[i] * seen[i] - running[i-1] * seen[i-1]) / (seen[i] - seen[i-1])

    Returns a dict of 1-D float arrays, one entry per row: ``seen`` and each key.
    Keras restarts its running means at every epoch, so use one epoch's rows.
    Taught in notebook 08.
    """
    if isinstance(rows, Mapping) or not isinstance(rows, Sequence):
        raise TypeError(
            "rows must be a list of dicts such as BatchLog.rows, "
            f"got {type(rows).__name__}"
        )
    if len(rows) == 0:
        raise ValueError(
            "rows must hold at least one row, got an empty list "
            "(was the fit shorter than `every`?)"
        )
    if isinstance(keys, str) or not isinstance(keys, Sequence) or not keys:
        raise TypeError(f"keys must be a non-empty list of metric names, got {keys!r}")
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise TypeError(f"rows[{i}] must be a dict, got {row!r}")
        for key in ("seen", *keys):
            if key not in row:
                raise ValueError(f"rows[{i}] has no {key!r}; it has {sorted(row)}")
            if isinstance(row[key], bool) or not isinstance(row[key], numbers.Real):
                raise TypeError(f"rows[{i}][{key!r}] must be a number, got {row[key]!r}")
    seen = np.array([row["seen"] for row in rows], dtype=np.float64)
    if seen[0] <= 0 or np.any(np.diff(seen) <= 0):
        raise ValueError(
            "rows must have 'seen' > 0 and strictly increasing, "
            f"got {seen.astype(int).tolist()}"
        )
    result = {"seen": seen}
    previous_seen = np.concatenate([[0.0], seen[:-1]])
    for key in keys:
        running = np.array([row[key] for row in rows], dtype=np.float64)
        totals = running * seen
        previous_totals = np.concatenate([[0.0], totals[:-1]])
        result[key] = (totals - previous_totals) / (seen - previous_seen)
    return result


def plot_learning_curve(
    rows: Sequence[Mapping], *, keys: Sequence[str] = LEARNING_CURVE_KEYS
) -> Figure:
    """Plot the loss and the accuracies over one epoch, from :attr:`BatchLog.rows`.

    Thin lines show what Keras reports (the running mean since the start of
    the epoch); thick lines show the mean over each window between two rows
    (:func:`window_means`), which is how good the model is at that moment.
    Metrics whose name contains ``loss`` go on the left panel, the others
    (accuracies, between 0 and 1) on the right.
    Taught in notebook 08.
    """
    windows = window_means(rows, keys)
    running = {
        key: np.array([row[key] for row in rows], dtype=np.float64) for key in keys
    }
    seen = windows["seen"]
    fig = CourseFigure(figsize=(10, 3.8), layout="constrained")
    loss_ax, acc_ax = fig.subplots(1, 2)
    colours = {key: f"C{i}" for i, key in enumerate(keys)}
    for key in keys:
        ax = loss_ax if "loss" in key else acc_ax
        label = key.replace("_", " ")
        ax.plot(
            seen,
            windows[key],
            color=colours[key],
            linewidth=2,
            label=f"{label} (window mean)",
        )
        ax.plot(
            seen,
            running[key],
            color=colours[key],
            linewidth=1,
            linestyle="--",
            label=f"{label} (running mean, as Keras logs it)",
        )
    loss_ax.set_title("Loss")
    acc_ax.set_title("Accuracy")
    acc_ax.set_ylim(0, 1.02)
    for ax in (loss_ax, acc_ax):
        ax.set_xlabel("training samples seen")
        ax.xaxis.set_major_formatter("{x:,.0f}")
        ax.grid(alpha=0.3)
        if ax.lines:
            ax.legend(fontsize="small")
    return fig


# --------------------------------------------------------------------------
# Where the model goes wrong
# --------------------------------------------------------------------------


def errors_by_first_two(terms, correct, *, largest: int | None = None) -> np.ndarray:
    """Count the wrong answers for each pair of first and second terms.

    ``terms`` is an ``(n_problems, n_numbers)`` integer array of terms in
    ``1..largest`` (``all_sum_pairs(3, 10)`` for the chapter), ``correct`` a
    boolean array of shape ``(n_problems,)``. Returns an integer array of shape
    ``(largest, largest)``: entry ``[a - 1, b - 1]`` counts the wrong answers
    among problems that start with ``a + b``, whatever the other terms are.
    ``largest`` defaults to the largest term in ``terms``.
    Used in notebook 09 (by :func:`plot_error_map`).
    """
    terms = _check_terms(terms)
    correct = _check_correct(correct, len(terms))
    largest = (
        int(terms.max()) if largest is None else check_int("largest", largest, minimum=1)
    )
    if terms.max() > largest:
        raise ValueError(f"terms must all be <= largest={largest}, got {terms.max()}")
    counts = np.zeros((largest, largest), dtype=np.int64)
    np.add.at(counts, (terms[:, 0] - 1, terms[:, 1] - 1), ~correct)
    return counts


def errors_by_sum(terms, correct) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Group the problems by their true sum.

    Returns three 1-D integer arrays of one length: ``sums`` (every sum from
    the smallest to the largest in ``terms``), ``n_problems`` (how many
    problems have that sum) and ``n_wrong`` (how many of them the model got wrong).
    Taught in notebook 09.
    """
    terms = _check_terms(terms)
    correct = _check_correct(correct, len(terms))
    totals = terms.sum(axis=1)
    low = int(totals.min())
    sums = np.arange(low, int(totals.max()) + 1)
    n_problems = np.bincount(totals - low, minlength=len(sums))
    n_wrong = np.bincount(totals - low, weights=~correct, minlength=len(sums)).astype(
        np.int64
    )
    return sums, n_problems, n_wrong


def plot_error_map(terms, correct, *, largest: int | None = None) -> Figure:
    """Two views of the wrong answers, for a model scored on every problem.

    Left: a heat map over the first two terms; each cell counts the wrong
    answers among the problems that start that way (for the chapter, out of the
    10 possible third terms). Right: for each true sum, how many problems have
    it (grey) and how many of those the model got wrong (red).
    Arguments as in :func:`errors_by_first_two`.
    Taught in notebook 09.
    """
    counts = errors_by_first_two(terms, correct, largest=largest)
    sums, n_problems, n_wrong = errors_by_sum(terms, correct)
    largest = counts.shape[0]
    per_cell = len(correct) / largest**2
    fig = CourseFigure(figsize=(11, 4.2), layout="constrained")
    map_ax, sum_ax = fig.subplots(1, 2, width_ratios=[1, 1.4])
    image = map_ax.imshow(
        counts,
        origin="lower",
        cmap="Reds",
        vmin=0,
        vmax=max(1, int(counts.max())),
        extent=(0.5, largest + 0.5, 0.5, largest + 0.5),
    )
    map_ax.set_xlabel("second term")
    map_ax.set_ylabel("first term")
    ticks = np.arange(1, largest + 1)
    map_ax.set_xticks(ticks)
    map_ax.set_yticks(ticks)
    map_ax.set_title(f"Wrong answers per start 'a+b' (of {per_cell:g} each)")
    fig.colorbar(image, ax=map_ax, label="wrong answers")
    sum_ax.bar(sums, n_problems, color="0.8", label="problems with this sum")
    sum_ax.bar(sums, n_wrong, color="tab:red", label="answered wrongly")
    sum_ax.set_xlabel("true sum")
    sum_ax.set_ylabel("number of problems")
    sum_ax.set_title(
        f"{int(n_wrong.sum())} wrong of {len(correct):,} problems, by true sum"
    )
    sum_ax.legend(fontsize="small")
    return fig


# --------------------------------------------------------------------------
# Inside the encoder
# --------------------------------------------------------------------------


def _check_labels(name: str, values, n_rows: int) -> np.ndarray:
    values = _as_array(name, values, 1, "(n_samples,)")
    if not (
        np.issubdtype(values.dtype, np.integer)
        or np.issubdtype(values.dtype, np.floating)
    ):
        raise TypeError(f"{name} must hold numbers, got dtype {values.dtype}")
    if len(values) != n_rows:
        raise ValueError(
            f"{name} must have one entry per row of vectors ({n_rows}), got {len(values)}"
        )
    return values


def pca(vectors, n_components: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Principal component analysis with NumPy's SVD.

    ``vectors`` has shape ``(n_samples, n_features)``, for example the encoder's
    75 numbers for each of the 1,000 problems. The rows are centred, then
    ``centred = U @ diag(S) @ Vt``; the rows of ``Vt`` are the directions of
    largest spread, and projecting onto the first ``n_components`` of them
    keeps as much of the spread as any flat view can.

    Returns ``(coords, explained)``: ``coords`` of shape ``(n_samples,
    n_components)``, the position of each row along each direction, and
    ``explained`` of shape ``(n_components,)``, the share of the total variance
    along each direction (in decreasing order). Each direction's sign is chosen
    so that its largest loading is positive, so the picture does not flip
    between runs.
    Taught in notebook 11.
    """
    vectors = _check_vectors(vectors)
    n_components = check_int("n_components", n_components, minimum=1)
    limit = min(vectors.shape)
    if n_components > limit:
        raise ValueError(
            f"n_components must be at most min(n_samples, n_features) = {limit}, "
            f"got {n_components}"
        )
    centred = vectors - vectors.mean(axis=0)
    _, singular, directions = np.linalg.svd(centred, full_matrices=False)
    directions = directions[:n_components]
    biggest = np.argmax(np.abs(directions), axis=1)
    directions = (
        directions * np.sign(directions[np.arange(n_components), biggest])[:, None]
    )
    variance = singular**2
    total = variance.sum()
    explained = variance[:n_components] / total if total > 0 else np.zeros(n_components)
    return centred @ directions.T, explained


def plot_encoder_projection(
    vectors, sums, *, label_sums: bool = True, title: str | None = None
) -> Figure:
    """Project encoder vectors to 2-D with :func:`pca`; colour each point by its true sum.

    ``vectors`` has shape ``(n_samples, n_features)`` and ``sums`` shape
    ``(n_samples,)``. The first axis is turned, if needed, so that the sums
    grow from left to right (a principal direction's sign is arbitrary). With
    ``label_sums`` each sum is also written at the centre of its points, so the
    order of the sums can be read off the picture. ``title`` replaces the
    default title, for instance to say which model the vectors came from.
    Taught in notebook 11.
    """
    coords, explained = pca(vectors, 2)
    sums = _check_labels("sums", sums, len(coords))
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a string or None, got {title!r}")
    if np.dot(coords[:, 0], sums - sums.mean()) < 0:
        coords[:, 0] = -coords[
            :, 0
        ]  # a direction's sign is arbitrary: let the sums grow to the right
    fig = CourseFigure(figsize=(7.5, 6), layout="constrained")
    ax = fig.subplots()
    points = ax.scatter(
        coords[:, 0], coords[:, 1], c=sums, cmap="viridis", s=14, alpha=0.8
    )
    fig.colorbar(points, ax=ax, label="true sum")
    if label_sums:
        for value in np.unique(sums):
            centre = coords[sums == value].mean(axis=0)
            ax.annotate(
                f"{value:g}",
                centre,
                ha="center",
                va="center",
                fontsize=8,
                fontweight="bold",
                bbox={
                    "boxstyle": "round,pad=0.15",
                    "facecolor": "white",
                    "alpha": 0.7,
                    "linewidth": 0,
                },
            )
    ax.set_xlabel(f"first principal component ({explained[0]:.0%} of the variance)")
    ax.set_ylabel(f"second principal component ({explained[1]:.0%} of the variance)")
    ax.set_title(
        title
        if title is not None
        else "The encoder's vectors, flattened to 2-D and coloured by the true sum"
    )
    return fig


def variance_explained_by(vectors, groups) -> float:
    """Share of the spread of ``vectors`` that is explained by knowing each row's group.

    ``vectors`` has shape ``(n_samples, n_features)`` and ``groups`` shape
    ``(n_samples,)``, for example the true sum of each problem. Every row is
    replaced by the mean of its group; the result is the total variance of
    those group means divided by the total variance of the rows (summed over
    all features). 1.0 means rows of a group are identical; near 0 means the
    group says almost nothing about where a row lies.
    Taught in notebook 11.
    """
    vectors = _check_vectors(vectors)
    groups = _check_labels("groups", groups, len(vectors))
    centred = vectors - vectors.mean(axis=0)
    total = float((centred**2).sum())
    if total == 0:
        raise ValueError("vectors must not all be equal: their spread is zero")
    _, inverse = np.unique(groups, return_inverse=True)
    counts = np.bincount(inverse)
    means = np.zeros((len(counts), centred.shape[1]))
    np.add.at(means, inverse, centred)
    means /= counts[:, None]
    return float((counts[:, None] * means**2).sum() / total)
