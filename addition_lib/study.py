"""Studies run by KerasTuner: model size against problem size (exercise 3), and a small search (exercise 4).

Exercise 3 trains one encoder-decoder per cell of a grid: a **problem size** (digits per
term, number of terms) against a **model size** (units in the encoder and in the decoder).
Every cell gets the same training recipe and budget, and is scored by exact-match on
questions held out of its training data.

KerasTuner runs the grid, so nothing here schedules work:

* :class:`ModelSizeStudy` is a ``keras_tuner.HyperModel`` whose three hyperparameters are
  the axes of the grid. ``build(hp)`` builds the model of one cell; ``fit(hp, model)`` draws
  that cell's data (a :func:`~addition_lib.held_out_split` of its problem, always the same
  for a given seed), trains, and returns the held-out exact-match: the tuner's objective.
* :func:`grid_tuner` wraps a HyperModel in a :class:`GridTuner`, a grid search that visits
  every combination once. :func:`results_table` reads the finished trials back as rows.
* :func:`smallest_reaching` applies the study's rule (the fewest units that reach 99%), and
  :func:`write_csv` and :func:`plot_study` save and draw the grid.

Because KerasTuner hands out the cells, the same code runs on one laptop or on several
machines. Set ``KERASTUNER_TUNER_ID`` (``chief`` for one process, ``tuner0``, ``tuner1``, ...
for the others), ``KERASTUNER_ORACLE_IP`` and ``KERASTUNER_ORACLE_PORT``, and run the same
command in every process: ``python -m addition_lib.study --help`` (see :func:`main`). The
chief hands out cells and collects the results; the workers train. On one machine,
``--workers N`` starts the chief and N workers (:mod:`addition_lib.distributed`).

Exercise 4 tunes one problem (2 to 5 terms of 1..10) with a small search: :func:`held_out_sets`
keeps a validation set and a test set out of training, and :class:`SingleProblemSearch`
chooses units and how much to favour rare answers (:func:`training_questions`) by validation
exact-match, so that the test set is scored only once, by the winner.

Every model is the chapter's network built by :func:`addition_lib.tuning.build_seq2seq`
(exercise 2): Adam with a learning rate that decays to zero along a cosine curve, and the
LSTM loops unrolled, which computes the same thing faster on a CPU. :func:`train_and_score`
trains it in one pass over fresh training questions and scores it on held-out questions.
"""

from __future__ import annotations

import argparse
import csv
import math
import numbers
import os
import time
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from ._keras import keras
from .data import encode_questions
from .distributed import GridOracle
from .evaluation import accuracies
from .plots import CourseFigure
from .problem import ArithmeticProblem
from .questions import Questions
from .seeds import as_generator
from .splits import HeldOutSplit, held_out_split
from .tuning import build_seq2seq
from .validation import check_int

# isort: split
# KerasTuner imports TensorFlow; ._keras (above) has already imported it with its start-up chatter silenced.
import keras_tuner

# KerasTuner 1.4 calls threading.currentThread().getName() on every oracle call; Python 3.10+ deprecates
# both. Nothing for a student to act on, so those two warnings, from KerasTuner only, are not shown.
warnings.filterwarnings("ignore", message=r"(currentThread|getName)\(\) is deprecated", category=DeprecationWarning,
                        module="keras_tuner")

OBJECTIVE = "held_out_exact_match"
"""The metric :class:`ModelSizeStudy` reports and the grid's tuner maximises."""

VAL_OBJECTIVE = "val_exact_match"
"""The metric :class:`SingleProblemSearch` reports and its tuner maximises."""

THRESHOLD = 0.99
"""Exact-match a model must reach on held-out questions to count in the study's rule."""

GRID_AXES = ("digits", "terms", "units")
"""The hyperparameters of :class:`ModelSizeStudy`, in the order the grid visits them."""

CSV_COLUMNS = (
    "digits", "terms", "units", "params", "n_questions", "n_test",
    "held_out_exact_match", "held_out_char_accuracy", "train_seconds", "trial_id",
)
"""The columns :func:`write_csv` writes, in order."""

_WHOLE_NUMBER_METRICS = {"params", "n_questions", "n_test", "n_samples"}


# ---------------------------------------------------------------- argument checks


def _check_axis(name: str, values, *, minimum: int = 1, maximum: int | None = None) -> tuple[int, ...]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence) or not values:
        raise TypeError(f"{name} must be a non-empty list of integers, got {values!r}")
    checked = tuple(check_int(f"each of {name}", value, minimum=minimum) for value in values)
    if maximum is not None and max(checked) > maximum:
        raise ValueError(f"each of {name} must be at most {maximum}, got {max(checked)}")
    if len(set(checked)) != len(checked):
        raise ValueError(f"{name} lists a value more than once, got {list(values)!r}")
    return checked


def _check_fraction(name: str, value, *, allow_zero: bool = True, allow_one: bool = True) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number between 0 and 1, got {value!r}")
    value = float(value)
    low_ok = value >= 0 if allow_zero else value > 0
    high_ok = value <= 1 if allow_one else value < 1
    if not (low_ok and high_ok):
        raise ValueError(f"{name} must be between 0 and 1, got {value!r}")
    return value


def _check_positive(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not value > 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return float(value)


# ---------------------------------------------------------------- problems and data


def study_problem(digits: int, terms: int, *, reverse: bool = True) -> ArithmeticProblem:
    """Sums of ``terms`` terms of up to ``digits`` digits each: terms in ``1..10**digits - 1``.

    >>> p = study_problem(2, 3)
    >>> p.largest, p.n_questions, p.n_in_seq_length, p.n_out_seq_length
    (99, 970299, 8, 3)
    """
    digits = check_int("digits", digits, minimum=1)
    terms = check_int("terms", terms, minimum=1)
    return ArithmeticProblem(n_terms=terms, largest=10**digits - 1, reverse=reverse)


def n_held_out(problem: ArithmeticProblem, *, fraction: float = 0.2, cap: int = 1000) -> int:
    """How many questions to hold out: ``fraction`` of them, at most ``cap``, at least 1.

    Two terms of one digit have only 81 questions, so 16 are held out; larger problems hold out ``cap``.

    >>> n_held_out(study_problem(1, 2)), n_held_out(study_problem(2, 2))
    (16, 1000)
    """
    if not isinstance(problem, ArithmeticProblem):
        raise TypeError(f"problem must be an ArithmeticProblem, got {problem!r}")
    fraction = _check_fraction("fraction", fraction, allow_zero=False, allow_one=False)
    cap = check_int("cap", cap, minimum=1)
    return max(1, min(cap, int(problem.n_questions * fraction)))


def held_out_sets(problem: ArithmeticProblem, n_val: int, n_test: int, *,
                  seed=0) -> tuple[HeldOutSplit, Questions, Questions]:
    """Keep ``n_val + n_test`` questions out of training and cut them into a validation and a test set.

    Returns ``(split, validation, test)``: ``split`` draws training questions that are in
    neither set (:meth:`HeldOutSplit.sample_train`), ``validation`` is for choosing
    settings, and ``test`` for scoring the chosen model once. Both sets take their share
    of every kind of question, as :func:`~addition_lib.held_out_split` does.
    """
    n_val = check_int("n_val", n_val, minimum=1)
    n_test = check_int("n_test", n_test, minimum=1)
    rng = as_generator(seed)
    split = held_out_split(problem, n_val + n_test, seed=rng)
    order = rng.permutation(split.n_test)
    held = split.test
    return split, held[np.sort(order[:n_val])], held[np.sort(order[n_val:])]


def training_questions(split: HeldOutSplit, n_samples: int, *, balance: float = 0.0, seed=None,
                       pool_factor: int = 4) -> Questions:
    """Draw ``n_samples`` training questions of ``split`` (never a held-out one).

    With ``balance=0`` this is :meth:`HeldOutSplit.sample_train`: every question equally likely,
    so rare answers (five terms of 1..10 make 48 in only 15 ways out of 100,000) are rarely seen.
    With ``balance=b`` a share ``b`` of the draws is spread evenly over the kinds of answer
    instead: a pool of ``pool_factor * n_samples`` training questions is drawn, grouped by
    (term count, operator, answer), and each question is picked with probability
    ``(1 - b) / pool + b / (groups * its group's size)``. Questions stay training questions;
    only how often each is shown changes.
    """
    if not isinstance(split, HeldOutSplit):
        raise TypeError(f"split must be a HeldOutSplit (see held_out_split), got {split!r}")
    n_samples = check_int("n_samples", n_samples, minimum=1)
    balance = _check_fraction("balance", balance)
    pool_factor = check_int("pool_factor", pool_factor, minimum=1)
    rng = as_generator(seed)
    if balance == 0:
        return split.sample_train(n_samples, rng)
    pool = split.sample_train(pool_factor * n_samples, rng)
    operators = np.unique(pool.operators, return_inverse=True)[1].reshape(-1)
    keys = np.stack([pool.n_terms, operators, pool.answers], axis=1)
    _, group, sizes = np.unique(keys, axis=0, return_inverse=True, return_counts=True)
    group = group.reshape(-1)
    weights = (1 - balance) / len(pool) + balance / (len(sizes) * sizes[group])
    return pool[rng.choice(len(pool), n_samples, p=weights / weights.sum())]


# ---------------------------------------------------------------- the training recipe


def build_for_budget(problem: ArithmeticProblem, units: int, *, n_samples: int, batch_size: int,
                     learning_rate: float, seed: int):
    """The chapter's network with ``units`` in the encoder and in the decoder, compiled for one pass.

    Adam's learning rate falls from ``learning_rate`` to 0 along a cosine over the
    ``ceil(n_samples / batch_size)`` steps of the pass: large steps early learn fast, small
    ones at the end let the weights settle instead of swinging between good and bad.
    """
    n_steps = math.ceil(check_int("n_samples", n_samples, minimum=1) / check_int("batch_size", batch_size, minimum=1))
    return build_seq2seq(problem, encoder_units=units, decoder_units=units, learning_rate=learning_rate,
                         decay_steps=n_steps, unroll=True, seed=seed)


def train_and_score(model, split: HeldOutSplit, *, n_samples: int, batch_size: int = 64,
                    balance: float = 0.0, seed=0, score_on: Questions | None = None, callbacks=()) -> dict:
    """Train a compiled ``model`` once over ``n_samples`` fresh training questions of ``split``, then score it.

    The questions come from :func:`training_questions` (with ``balance``) and are shown once, in
    batches of ``batch_size``; :func:`build_for_budget` compiles a model for exactly that pass.
    The model is scored on ``score_on`` (default: the split's held-out questions). Returns a
    dict of floats: ``exact_match``, ``char_accuracy``, ``train_seconds`` (the fit alone) and
    ``params``.
    """
    if not isinstance(split, HeldOutSplit):
        raise TypeError(f"split must be a HeldOutSplit (see held_out_split), got {split!r}")
    n_samples = check_int("n_samples", n_samples, minimum=1)
    batch_size = check_int("batch_size", batch_size, minimum=1)
    problem = split.problem
    X, y = encode_questions(problem, training_questions(split, n_samples, balance=balance, seed=seed))
    started = time.perf_counter()
    model.fit(X, y, batch_size=batch_size, epochs=1, verbose=0, callbacks=list(callbacks or ()))
    seconds = time.perf_counter() - started
    X_test, y_test = encode_questions(problem, split.test if score_on is None else score_on)
    char_accuracy, exact = accuracies(y_test, model.predict(X_test, batch_size=1024, verbose=0))
    return {"exact_match": exact, "char_accuracy": char_accuracy, "train_seconds": seconds,
            "params": float(model.count_params())}


# ---------------------------------------------------------------- exercise 3: the grid


class ModelSizeStudy(keras_tuner.HyperModel):
    """One encoder-decoder per (digits, terms, units) cell, scored on held-out questions.

    Parameters
    ----------
    digits, terms, units : sequences of int
        The grid. A cell's problem is :func:`study_problem` ``(digits, terms)``; its model has
        ``units`` LSTM units in the encoder and as many in the decoder.
    n_samples, batch_size, learning_rate : the training budget and recipe of every cell
        (see :func:`build_for_budget` and :func:`train_and_score`).
    reverse : bool
        Reverse the input (Sutskever et al., 2014); exercise 7 measures what it changes.
    test_fraction, max_test : how many questions each problem holds out (:func:`n_held_out`).
    seed : int
        Fixes each cell's split, training questions and initial weights. Cells of the same
        problem get the same split and the same training questions, whatever their units.

    ``fit`` returns ``held_out_exact_match`` (the objective), ``held_out_char_accuracy``,
    ``train_seconds``, ``params``, ``n_questions`` and ``n_test``.
    """

    def __init__(self, digits=(1, 2), terms=(2, 3, 4), units=(16, 32, 64, 128), *, n_samples: int = 200_000,
                 batch_size: int = 64, learning_rate: float = 5e-3, reverse: bool = True,
                 test_fraction: float = 0.2, max_test: int = 1000, seed: int = 0):
        super().__init__(name="model_size_study")
        self.digits = _check_axis("digits", digits, maximum=6)
        self.terms = _check_axis("terms", terms)
        self.units = _check_axis("units", units)
        self.n_samples = check_int("n_samples", n_samples, minimum=1)
        self.batch_size = check_int("batch_size", batch_size, minimum=1)
        self.learning_rate = _check_positive("learning_rate", learning_rate)
        if not isinstance(reverse, bool):
            raise TypeError(f"reverse must be True or False, got {reverse!r}")
        self.reverse = reverse
        self.test_fraction = _check_fraction("test_fraction", test_fraction, allow_zero=False, allow_one=False)
        self.max_test = check_int("max_test", max_test, minimum=1)
        self.seed = check_int("seed", seed, minimum=0)

    @property
    def n_cells(self) -> int:
        """How many models the grid trains."""
        return len(self.digits) * len(self.terms) * len(self.units)

    def problem(self, digits: int, terms: int) -> ArithmeticProblem:
        return study_problem(digits, terms, reverse=self.reverse)

    def split(self, digits: int, terms: int) -> HeldOutSplit:
        """The held-out split of a problem: the same in every process for a given seed."""
        problem = self.problem(digits, terms)
        n_test = n_held_out(problem, fraction=self.test_fraction, cap=self.max_test)
        return held_out_split(problem, n_test, seed=self.seed)

    def build(self, hp):
        digits = hp.Choice("digits", self.digits)
        terms = hp.Choice("terms", self.terms)
        units = hp.Choice("units", self.units)
        return build_for_budget(self.problem(digits, terms), units, n_samples=self.n_samples,
                                batch_size=self.batch_size, learning_rate=self.learning_rate, seed=self.seed)

    def fit(self, hp, model, *args, callbacks=None, **kwargs):
        split = self.split(hp.get("digits"), hp.get("terms"))
        scores = train_and_score(model, split, n_samples=self.n_samples, batch_size=self.batch_size,
                                 seed=self.seed, callbacks=callbacks)
        return {
            OBJECTIVE: scores["exact_match"],
            "held_out_char_accuracy": scores["char_accuracy"],
            "train_seconds": scores["train_seconds"],
            "params": scores["params"],
            "n_questions": float(split.problem.n_questions),
            "n_test": float(split.n_test),
        }


class GridTuner(keras_tuner.Tuner):
    """A grid search whose trials simply build the HyperModel's model and fit it.

    Its oracle, :class:`~addition_lib.distributed.GridOracle`, visits every combination of the
    choices once, in the order of ``keras_tuner.GridSearch``, and, unlike ``GridSearch``'s,
    hands out every cell at once when workers train in parallel. KerasTuner 1.4's own
    ``Tuner.run_trial`` imports ``tensorboard`` whenever the backend is TensorFlow (to adjust
    TensorBoard callbacks, even if there are none), and TensorFlow 2.21 no longer installs it.
    The course installs it, but a study that never writes TensorBoard logs should not fail where
    it is missing. KerasTuner documents overriding ``run_trial`` this way. The trained
    weights are saved where ``Tuner.load_model`` looks for them, so ``tuner.get_best_models()``
    and ``tuner.load_model(trial)`` work as usual.
    """

    def __init__(self, hypermodel, *, objective, seed: int, **kwargs):
        super().__init__(GridOracle(objective=objective, seed=seed), hypermodel, **kwargs)

    def run_trial(self, trial, *args, **kwargs):
        hp = trial.hyperparameters
        keras.backend.clear_session()
        model = self.hypermodel.build(hp)
        results = self.hypermodel.fit(hp, model, *args, **kwargs)
        with warnings.catch_warnings():
            # TensorFlow 2.21's variables predate NumPy 2's __array__(copy=...); Keras's saver trips over it.
            warnings.filterwarnings("ignore", message=r"__array__ implementation doesn't accept a copy keyword",
                                    category=DeprecationWarning)
            model.save_weights(self._get_checkpoint_fname(trial.trial_id))
        return results

    def load_model(self, trial):
        with warnings.catch_warnings():
            # The saved weights include Adam's state, which a model built for predicting does not need.
            warnings.filterwarnings("ignore", message=r"Skipping variable loading for optimizer", category=UserWarning)
            return super().load_model(trial)


def grid_tuner(hypermodel, directory, project_name: str, *, objective: str = OBJECTIVE, seed: int = 0,
               overwrite: bool = True) -> GridTuner:
    """A :class:`GridTuner` that trains ``hypermodel`` once per combination of its choices.

    ``objective`` (maximised) names the metric the HyperModel's ``fit`` returns. The tuner keeps
    its records in ``directory/project_name``; ``overwrite=True`` starts afresh. Call
    ``tuner.search(verbose=0)`` to run it, then :func:`results_table`.
    """
    if not isinstance(project_name, str) or not project_name:
        raise TypeError(f"project_name must be a non-empty string, got {project_name!r}")
    return GridTuner(
        hypermodel,
        objective=keras_tuner.Objective(objective, direction="max"),
        seed=check_int("seed", seed, minimum=0),
        directory=str(directory),
        project_name=project_name,
        overwrite=overwrite,
    )


def tuner_role() -> str:
    """``'local'`` (one process does everything), ``'chief'`` or ``'worker'``, from KerasTuner's variables.

    KerasTuner runs distributed when ``KERASTUNER_ORACLE_IP`` is set; the process whose
    ``KERASTUNER_TUNER_ID`` contains ``chief`` is the chief.
    """
    if "KERASTUNER_ORACLE_IP" not in os.environ:
        return "local"
    return "chief" if "chief" in os.environ.get("KERASTUNER_TUNER_ID", "") else "worker"


def results_table(tuner, *, allow_failed: bool = False) -> list[dict]:
    """One row per finished trial: its hyperparameters, its metrics and ``trial_id``.

    Rows are sorted by hyperparameter values (for :class:`ModelSizeStudy`: digits, terms,
    units). Metrics are floats, except the counts (``params``, ``n_questions``, ``n_test``),
    which are ints. A trial that failed raises ``RuntimeError`` with its error, unless
    ``allow_failed=True`` leaves it out. In distributed mode only the chief holds the results.
    """
    if not hasattr(tuner, "oracle"):
        raise TypeError(f"tuner must be a KerasTuner tuner (such as grid_tuner's), got {tuner!r}")
    trials = getattr(tuner.oracle, "trials", None)
    if not isinstance(trials, Mapping):
        raise RuntimeError("this tuner holds no trials: in distributed mode, read the results on the chief")
    failed = [trial for trial in trials.values() if trial.status in ("FAILED", "INVALID")]
    if failed and not allow_failed:
        last_line = (failed[0].message or "").strip().splitlines()[-1:] or ["(no message)"]
        raise RuntimeError(f"{len(failed)} trial(s) failed, the first ({failed[0].trial_id}, "
                           f"{failed[0].hyperparameters.values}) with: {last_line[0]}")
    rows = []
    for trial in trials.values():
        if trial.status != "COMPLETED":
            continue
        row = dict(trial.hyperparameters.values)
        for name in sorted(trial.metrics.metrics):
            value = trial.metrics.get_last_value(name)
            row[name] = int(value) if name in _WHOLE_NUMBER_METRICS else float(value)
        row["trial_id"] = trial.trial_id
        rows.append(row)
    names = list(tuner.oracle.get_space().values)
    return sorted(rows, key=lambda row: tuple(row.get(name, 0) for name in names))


def _check_rows(rows, keys: Sequence[str]) -> list[Mapping]:
    if isinstance(rows, Mapping) or not isinstance(rows, Sequence):
        raise TypeError(f"rows must be a list of dicts such as results_table gives, got {type(rows).__name__}")
    for index, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise TypeError(f"rows[{index}] must be a dict, got {row!r}")
        missing = [key for key in keys if key not in row]
        if missing:
            raise ValueError(f"rows[{index}] has no {missing[0]!r}; it has {sorted(row)}")
    return list(rows)


def smallest_reaching(rows: Sequence[Mapping], threshold: float = THRESHOLD) -> dict[tuple[int, int], int | None]:
    """For each problem size, the fewest units whose held-out exact-match is at least ``threshold``.

    ``rows`` are dicts with ``digits``, ``terms``, ``units`` and ``held_out_exact_match``, in any
    order. Returns ``{(digits, terms): units}`` for every problem size in ``rows``, sorted,
    with ``None`` where no model reached the threshold. A larger model that failed does not
    hide a smaller one that succeeded.

    >>> rows = [{"digits": 1, "terms": 2, "units": 32, "held_out_exact_match": 1.0},
    ...         {"digits": 1, "terms": 2, "units": 16, "held_out_exact_match": 0.99},
    ...         {"digits": 2, "terms": 2, "units": 16, "held_out_exact_match": 0.42}]
    >>> smallest_reaching(rows)
    {(1, 2): 16, (2, 2): None}
    """
    rows = _check_rows(rows, ("digits", "terms", "units", OBJECTIVE))
    threshold = _check_fraction("threshold", threshold)
    best: dict[tuple[int, int], int | None] = {}
    for row in rows:
        size = (row["digits"], row["terms"])
        best.setdefault(size, None)
        if row[OBJECTIVE] >= threshold and (best[size] is None or row["units"] < best[size]):
            best[size] = row["units"]
    return dict(sorted(best.items()))


def write_csv(rows: Sequence[Mapping], path) -> Path:
    """Write the grid's rows to ``path`` as CSV, with the columns :data:`CSV_COLUMNS`; return the path."""
    rows = _check_rows(rows, CSV_COLUMNS)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _csv_value(row[key]) for key in CSV_COLUMNS})
    return path


def _csv_value(value):
    if isinstance(value, float):
        return f"{value:.6g}" if not value.is_integer() or abs(value) >= 1e6 else f"{value:.1f}"
    return value


def read_csv(path) -> list[dict]:
    """Read rows written by :func:`write_csv`; numbers come back as ints and floats."""
    rows = []
    with Path(path).open(newline="") as handle:
        for raw in csv.DictReader(handle):
            row = {}
            for key, text in raw.items():
                if key in ("digits", "terms", "units") or key in _WHOLE_NUMBER_METRICS:
                    row[key] = int(float(text))
                elif key == "trial_id":
                    row[key] = text
                else:
                    row[key] = float(text)
            rows.append(row)
    return rows


def plot_study(rows: Sequence[Mapping], *, threshold: float = THRESHOLD, title: str | None = None):
    """A heatmap of held-out exact-match: problem sizes down, model sizes across.

    Each cell shows its score; cells at or above ``threshold`` are outlined, and the smallest
    such model of each problem size (:func:`smallest_reaching`) is marked with a star.
    """
    rows = _check_rows(rows, ("digits", "terms", "units", OBJECTIVE))
    if not rows:
        raise ValueError("rows must hold at least one row, got an empty list")
    sizes = sorted({(row["digits"], row["terms"]) for row in rows})
    units = sorted({row["units"] for row in rows})
    scores = np.full((len(sizes), len(units)), np.nan)
    for row in rows:
        scores[sizes.index((row["digits"], row["terms"])), units.index(row["units"])] = row[OBJECTIVE]
    winners = smallest_reaching(rows, threshold)

    fig = CourseFigure(figsize=(1.6 + 1.25 * len(units), 0.9 + 0.55 * len(sizes)), layout="constrained")
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
            ax.text(j, i, text, ha="center", va="center", fontsize=9,
                    color="black" if value > 0.6 else "white", fontweight="bold" if star else "normal")
            if value >= threshold:
                ax.add_patch(_outline(j, i))
    ax.set_xticks(range(len(units)), [str(u) for u in units])
    ax.set_yticks(range(len(sizes)), [f"{d} digit{'s' if d > 1 else ''} × {t} terms" for d, t in sizes])
    ax.set_xlabel("units in the encoder and in the decoder")
    ax.set_ylabel("problem size")
    ax.set_title(title or f"Held-out exact-match (outlined: ≥ {threshold:.0%}; ★ smallest such model)",
                 fontsize=10)
    fig.colorbar(image, ax=ax, label="exact-match", shrink=0.9)
    return fig


def _outline(x: float, y: float):
    from matplotlib.patches import Rectangle

    return Rectangle((x - 0.47, y - 0.45), 0.94, 0.9, fill=False, edgecolor="black", linewidth=2)


def run_study(hypermodel: ModelSizeStudy, directory, *, project_name: str = "model_size_study",
              csv_path=None, seed: int = 0, overwrite: bool | None = None,
              timeout: float | None = None) -> list[dict] | None:
    """Run the grid with :func:`grid_tuner` and return :func:`results_table` (writing ``csv_path`` if given).

    Locally this runs every cell. With KerasTuner's distributed variables set, the chief
    hands out the cells and returns the table once the workers are done (raising
    ``TimeoutError`` after ``timeout`` seconds, see :func:`~addition_lib.distributed.serve_chief`);
    a worker trains the cells the chief hands it and returns ``None``. Every process but a
    worker starts afresh by default (``overwrite``); a worker never does, so a worker that
    starts late never wipes a shared directory.
    """
    from .distributed import run_worker, serve_chief

    role = tuner_role()
    if role == "worker":
        if overwrite:
            raise ValueError("overwrite must be False or None for a worker: only the chief starts afresh")
        run_worker(hypermodel, directory, project_name, seed=seed)
        return None
    tuner = grid_tuner(hypermodel, directory, project_name, seed=seed, overwrite=overwrite is not False)
    if role == "chief":
        serve_chief(tuner, timeout=timeout)
    else:
        tuner.search(verbose=0)
    rows = results_table(tuner)
    if csv_path is not None:
        write_csv(rows, csv_path)
    return rows


# ---------------------------------------------------------------- exercise 4: a small search


class SingleProblemSearch(keras_tuner.HyperModel):
    """Tune units and ``balance`` (see :func:`training_questions`) for one problem, by validation exact-match.

    ``split`` draws the training questions (:func:`held_out_sets` gives it, with ``validation``);
    the test set is never seen here. Every trial trains with :func:`train_and_score` on the same
    budget. ``fit`` returns ``val_exact_match`` (the objective), ``val_char_accuracy``,
    ``train_seconds`` and ``params``.
    """

    def __init__(self, split: HeldOutSplit, validation: Questions, *, units=(64, 128), balance=(0.0, 0.5),
                 n_samples: int = 200_000, batch_size: int = 64, learning_rate: float = 5e-3, seed: int = 0):
        super().__init__(name="single_problem_search")
        if not isinstance(split, HeldOutSplit):
            raise TypeError(f"split must be a HeldOutSplit (see held_out_sets), got {split!r}")
        if not isinstance(validation, Questions) or not len(validation):
            raise TypeError(f"validation must be a non-empty Questions batch, got {validation!r}")
        if split.is_test(validation).sum() != len(validation):
            raise ValueError("validation questions must be held out of split's training questions")
        self.split, self.validation = split, validation
        self.units = _check_axis("units", units)
        if isinstance(balance, (str, bytes)) or not isinstance(balance, Sequence) or not balance:
            raise TypeError(f"balance must be a non-empty list of numbers in 0..1, got {balance!r}")
        self.balance = tuple(_check_fraction("each of balance", value) for value in balance)
        self.n_samples = check_int("n_samples", n_samples, minimum=1)
        self.batch_size = check_int("batch_size", batch_size, minimum=1)
        self.learning_rate = _check_positive("learning_rate", learning_rate)
        self.seed = check_int("seed", seed, minimum=0)

    def build(self, hp):
        units = hp.Choice("units", self.units)
        hp.Choice("balance", self.balance)
        return build_for_budget(self.split.problem, units, n_samples=self.n_samples, batch_size=self.batch_size,
                                learning_rate=self.learning_rate, seed=self.seed)

    def fit(self, hp, model, *args, callbacks=None, **kwargs):
        scores = train_and_score(model, self.split, n_samples=self.n_samples, batch_size=self.batch_size,
                                 balance=hp.get("balance"), seed=self.seed, score_on=self.validation,
                                 callbacks=callbacks)
        return {
            VAL_OBJECTIVE: scores["exact_match"],
            "val_char_accuracy": scores["char_accuracy"],
            "train_seconds": scores["train_seconds"],
            "params": scores["params"],
        }


# ---------------------------------------------------------------- command line


_SEVERAL_MACHINES = """\
on this machine: --workers N starts a chief and N worker processes of this same command, on
a free port of 127.0.0.1, one thread each, and stops them all at the end; --timeout stops
them all and names the worker at fault if the study takes longer.

on several machines: run this command, with the same grid, budget and seed, on each, with
  KERASTUNER_TUNER_ID     chief on one machine; tuner0, tuner1, ... on the others
  KERASTUNER_ORACLE_IP    the chief's address, which every worker can reach
  KERASTUNER_ORACLE_PORT  a port open on the chief, such as 8000
for example, with the chief at 10.0.0.1 and /shared a folder every machine sees:
  KERASTUNER_TUNER_ID=chief KERASTUNER_ORACLE_IP=10.0.0.1 KERASTUNER_ORACLE_PORT=8000 \\
    python -m addition_lib.study --directory /shared/runs --csv grid.csv --heatmap grid.png
  KERASTUNER_TUNER_ID=tuner0 KERASTUNER_ORACLE_IP=10.0.0.1 KERASTUNER_ORACLE_PORT=8000 \\
    python -m addition_lib.study --directory /shared/runs
Start them in any order: a worker waits for the chief. The chief trains nothing: it hands
out the cells, waits for the workers, then prints the table and writes the CSV and the
heatmap. Only the chief starts the directory afresh. With --timeout, the chief gives up
naming the workers that still hold a cell, and a worker exits. The connection is
unencrypted: use it on a network you trust.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m addition_lib.study",
        description="Run the model-size study (exercise 3) with a KerasTuner grid search: in one process, "
                    "on a chief and workers on this machine (--workers), or on several machines.",
        epilog=_SEVERAL_MACHINES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--directory", default="tuner_runs", help="where the tuner keeps its records")
    parser.add_argument("--project-name", default="model_size_study")
    parser.add_argument("--digits", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--terms", type=int, nargs="+", default=[2, 3, 4])
    parser.add_argument("--units", type=int, nargs="+", default=[16, 32, 64, 128])
    parser.add_argument("--samples", type=int, default=200_000, help="training questions per cell")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--learning-rate", type=float, default=5e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--csv", help="write the grid here (chief or single process only)")
    parser.add_argument("--heatmap", help="draw the grid into this PNG file (chief or single process only)")
    parser.add_argument("--workers", type=int, default=0,
                        help="run on a chief and this many worker processes on this machine")
    parser.add_argument("--timeout", type=float, help="give up after this many seconds (default: never)")
    return parser


def main(argv=None) -> None:
    """The command line: ``python -m addition_lib.study --digits 1 2 --terms 2 3 4 --csv grid.csv``."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.workers < 0:
        parser.error(f"--workers must be 0 or more, got {args.workers}")
    if args.timeout is not None and not args.timeout > 0:
        parser.error(f"--timeout must be a positive number of seconds, got {args.timeout}")
    if args.workers and tuner_role() == "local":
        from .distributed import launch_from_command_line

        return launch_from_command_line(parser, args)
    from .distributed import start_watchdog

    role = tuner_role()
    start_watchdog(None if role == "chief" else args.timeout)  # the chief times out while it waits
    hypermodel = ModelSizeStudy(args.digits, args.terms, args.units, n_samples=args.samples,
                                batch_size=args.batch_size, learning_rate=args.learning_rate, seed=args.seed)
    print(f"{role}: {hypermodel.n_cells} cells in {Path(args.directory) / args.project_name}", flush=True)
    rows = run_study(hypermodel, args.directory, project_name=args.project_name, csv_path=args.csv,
                     seed=args.seed, timeout=args.timeout)
    if rows is None:
        print(f"{role}: done; the chief holds the results", flush=True)
        return
    for row in rows:
        print(f"{row['digits']} digits x {row['terms']} terms, {row['units']:>4} units: "
              f"{row[OBJECTIVE]:.2%} held-out exact-match")
    for (digits, terms), units in smallest_reaching(rows).items():
        print(f"smallest model reaching {THRESHOLD:.0%} on {digits} digits x {terms} terms: {units or 'none'}")
    if args.csv:
        print(f"wrote {args.csv}")
    if args.heatmap:
        plot_study(rows).savefig(args.heatmap)
        print(f"wrote {args.heatmap}")


if __name__ == "__main__":
    main()
