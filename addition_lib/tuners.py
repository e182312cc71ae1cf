"""KerasTuner glue: stock tuners seeded one way, a tunable model, the trials read back.

* :func:`make_tuner` makes KerasTuner's own ``GridSearch``, ``RandomSearch`` or
  ``BayesianOptimization`` (or a subclass of one), with the seed checked the one way the
  course checks it; :func:`grid_tuner` is the grid of exercises 3 and 4.
* :func:`build_tunable_model` is a model-building function for a tuner: the course's
  model (:func:`~addition_lib.model.build_model`) with three tuned hyperparameters.
* :func:`trial_table`, :func:`ranking`, :func:`results_table`, :func:`trial_model` and
  :func:`best_model` read a finished search.
* :func:`check_choices` checks the list of choices of one hyperparameter, and
  :func:`run_search` runs ``tuner.search`` with the libraries' own warnings hidden.
* :func:`tuner_role` says whether this process is a distributed search's chief or worker.

The tuners are KerasTuner's, unchanged: KerasTuner 1.4 needs the ``tensorboard`` package
on the TensorFlow backend, and the course installs it.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Mapping, Sequence

from .quiet import (
    keras,  # before keras_tuner: quiet start-up
    silenced_library_warnings,
)

# isort: split
import keras_tuner
from keras_tuner.engine.hyperparameters import Choice, Fixed
from keras_tuner.engine.trial import TrialStatus

from .course.paths import tuner_runs_dir
from .model import build_model
from .validation import check_int, check_tuner_seed


class GridOracle(keras_tuner.Oracle):
    """Every combination of the search space's choices once, to as many workers as ask.

    The order is ``keras_tuner.GridSearch``'s: the first value of every choice, then the
    last choice changing fastest. ``GridSearch``'s oracle finds each next cell from a
    *finished* trial, which lets it discover hyperparameters that only some cells use; so
    after the first two cells it hands out a new one only when the latest finishes, and
    the other workers wait. A grid of plain choices needs none of that: this oracle hands
    out the first cell not yet taken, and stops the search once every cell is done. It
    supports ``hp.Choice`` and ``hp.Fixed`` without conditions.
    """

    def populate_space(self, trial_id):
        taken = {cell_key(t.hyperparameters.values) for t in self.trials.values()}
        for values in self.cells():
            if cell_key(values) not in taken:
                return {"status": TrialStatus.RUNNING, "values": values}
        # Every cell is taken: wait while some still train, then stop.
        status = TrialStatus.IDLE if self.ongoing_trials else TrialStatus.STOPPED
        return {"status": status, "values": None}

    def cells(self):
        """Every combination of values, in the grid's order, as dicts {name: value}."""
        names, axes = [], []
        for hp in self.get_space().space:
            if hp.conditions:
                raise ValueError(
                    f"GridOracle needs choices without conditions; {hp.name!r} has some"
                )
            if isinstance(hp, Choice):
                values = [hp.default, *(v for v in hp.values if v != hp.default)]
            elif isinstance(hp, Fixed):
                values = [hp.value]
            else:
                raise TypeError(
                    f"GridOracle needs hp.Choice or hp.Fixed; {hp.name!r} is "
                    f"{type(hp).__name__}"
                )
            names.append(hp.name)
            axes.append(values)
        for combination in itertools.product(*axes):
            yield dict(zip(names, combination, strict=True))


def cell_key(values) -> tuple:
    """A hashable key for one cell of a grid: its values, sorted by name."""
    return tuple(sorted(values.items()))


class GridSearch(keras_tuner.Tuner):
    """A grid search: KerasTuner's ``Tuner`` driven by :class:`GridOracle`.

    It visits the cells in ``keras_tuner.GridSearch``'s order, and on a chief with
    several workers hands every free cell out at once (see :class:`GridOracle`).
    """

    def __init__(self, hypermodel=None, *, objective, seed, max_trials=None, **kwargs):
        oracle = GridOracle(objective=objective, seed=seed, max_trials=max_trials)
        super().__init__(oracle, hypermodel, **kwargs)


TUNERS = {
    "grid": GridSearch,
    "random": keras_tuner.RandomSearch,
    "bayesian": keras_tuner.BayesianOptimization,
}
"""The stock tuners :func:`make_tuner` knows by name."""

WHOLE_NUMBER_METRICS = frozenset({"params", "n_questions", "n_test", "n_samples"})
"""Metrics :func:`results_table` gives back as ints (KerasTuner stores floats)."""


def make_tuner(
    kind,
    hypermodel=None,
    *,
    objective: str,
    direction: str = "max",
    seed: int,
    directory=None,
    project_name: str,
    overwrite: bool = True,
    **options,
):
    """A KerasTuner tuner of ``kind`` ``'grid'``, ``'random'``, ``'bayesian'`` or a class.

    ``objective`` names the metric the trials report (``'val_exact_match'`` for a model
    fitted with validation data) and ``direction`` says whether it is maximised
    (``'max'``) or minimised (``'min'``). ``seed`` must be an integer of at least 1:
    KerasTuner's oracle reads ``seed or random.randint(...)``, so ``seed=0`` would
    silently mean "a different search every run". The tuner keeps its records in
    ``directory/project_name`` (by default under
    :func:`~addition_lib.course.paths.tuner_runs_dir`, outside the course's files);
    ``overwrite=True`` starts afresh. ``options`` go to the
    tuner as they are (``max_trials``, ``num_initial_points``, ...).
    """
    tuner_class = TUNERS.get(kind) if isinstance(kind, str) else kind
    if not (isinstance(tuner_class, type) and issubclass(tuner_class, keras_tuner.Tuner)):
        raise ValueError(
            f"kind must be one of {list(TUNERS)} or a KerasTuner tuner class, "
            f"got {kind!r}"
        )
    if not isinstance(objective, str) or not objective:
        raise TypeError(f"objective must be the name of a metric, got {objective!r}")
    if direction not in ("max", "min"):
        raise ValueError(f"direction must be 'max' or 'min', got {direction!r}")
    if not isinstance(project_name, str) or not project_name:
        raise TypeError(f"project_name must be a non-empty string, got {project_name!r}")
    return tuner_class(
        hypermodel,
        objective=keras_tuner.Objective(objective, direction=direction),
        seed=check_tuner_seed(seed),
        directory=str(tuner_runs_dir() if directory is None else directory),
        project_name=project_name,
        overwrite=overwrite,
        **options,
    )


def grid_tuner(
    hypermodel,
    directory,
    project_name: str,
    *,
    objective: str | None = None,
    seed: int = 1,
    overwrite: bool = True,
):
    """KerasTuner's ``GridSearch``: ``hypermodel`` trained once per combination.

    ``objective`` (maximised) names the metric the HyperModel's ``fit`` returns; by
    default the HyperModel's own ``objective`` attribute. The grid is visited in order,
    the same for every seed. Call ``tuner.search(verbose=0)`` to run it, then
    :func:`results_table`. Used in exercises 3 and 4.
    """
    objective = objective or getattr(hypermodel, "objective", None)
    return make_tuner(
        "grid",
        hypermodel,
        objective=objective,
        seed=seed,
        directory=directory,
        project_name=project_name,
        overwrite=overwrite,
    )


def build_tunable_model(hp, problem, *, decay_steps: int | None = None) -> keras.Model:
    """A KerasTuner model-building function: the course's model with three tuned choices.

    ``hp`` is a ``keras_tuner.HyperParameters``. It registers ``encoder_units`` and
    ``decoder_units`` (32 to 256 in steps of 32) and ``learning_rate`` (1e-3 to 3e-2,
    sampled on a log scale), and builds :func:`~addition_lib.model.build_model` with
    unrolled loops and no metrics in the log. Use it with a fixed problem, for example
    ``functools.partial(build_tunable_model, problem=problem)``. Used in exercise 2.
    """
    return build_model(
        problem,
        encoder_units=hp.Int("encoder_units", 32, 256, step=32),
        decoder_units=hp.Int("decoder_units", 32, 256, step=32),
        learning_rate=hp.Float("learning_rate", 1e-3, 3e-2, sampling="log"),
        decay_steps=decay_steps,
        unroll=True,
        metrics=False,
    )


def check_choices(name: str, values, check: Callable | None = None) -> tuple:
    """``values``, the choices of one hyperparameter, as a tuple: non-empty, no repeats.

    ``check(label, value)`` checks and converts each value (default: whole numbers >= 1,
    as units and batch sizes are).
    """
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise TypeError(f"{name} must be a list of choices, got {values!r}")
    if not values:
        raise ValueError(f"{name} must hold at least one choice, got {values!r}")
    check = check or (lambda label, value: check_int(label, value, minimum=1))
    checked = tuple(check(f"each of {name}", value) for value in values)
    if len(set(checked)) != len(checked):
        raise ValueError(f"{name} lists a value more than once, got {list(values)!r}")
    return checked


def run_search(tuner, *args, **kwargs):
    """``tuner.search(*args, **kwargs)``, with the libraries' own warnings hidden."""
    with silenced_library_warnings():
        return tuner.search(*args, **kwargs)


def _check_tuner(tuner):
    if not hasattr(tuner, "oracle"):
        raise TypeError(
            f"tuner must be a KerasTuner tuner (such as make_tuner's), got {tuner!r}"
        )
    return tuner


def best_trials(tuner, n: int | None = None) -> list:
    """The ``n`` best finished trials of ``tuner`` (all by default), best first."""
    oracle = _check_tuner(tuner).oracle
    with silenced_library_warnings():
        return oracle.get_best_trials(len(oracle.trials) if n is None else n)


def trial_model(tuner, trial_id: str) -> keras.Model:
    """The model of a finished trial, rebuilt with the weights it ended with.

    Adam's state, saved with the weights, is left out: the model is for predicting.
    Used in exercise 3.
    """
    trials = _check_tuner(tuner).oracle.trials
    if trial_id not in trials:
        raise ValueError(
            f"trial_id must be one of the tuner's trials {sorted(trials)}, "
            f"got {trial_id!r}"
        )
    with silenced_library_warnings():
        return tuner.load_model(trials[trial_id])


def best_model(tuner) -> keras.Model:
    """The best trial's model (see :func:`trial_model`). Used in exercise 4."""
    return trial_model(tuner, best_trials(tuner, 1)[0].trial_id)


def ranking(tuner, n: int | None = None) -> list[tuple[float, dict]]:
    """The ``n`` best trials (all by default), best first, as ``(score, choices)``."""
    return [
        (float(trial.score), dict(trial.hyperparameters.values))
        for trial in best_trials(tuner, n)
    ]


def trial_table(tuner, n: int = 10) -> list[dict]:
    """The ``n`` best trials of a finished search as rows of choices and metrics."""
    rows = []
    for trial in best_trials(tuner, n):
        row = dict(trial.hyperparameters.values)
        for name in trial.metrics.metrics:
            row[name] = float(trial.metrics.get_last_value(name))
        rows.append(row)
    return rows


def results_table(tuner, *, allow_failed: bool = False) -> list[dict]:
    """One row per finished trial: its hyperparameters, its metrics and ``trial_id``.

    Rows are sorted by hyperparameter values (for the model-size grid: digits, terms,
    units). Metrics are floats, except the counts in :data:`WHOLE_NUMBER_METRICS`, which
    are ints. A trial that failed raises ``RuntimeError`` with its error, unless
    ``allow_failed=True`` leaves it out. In distributed mode only the chief holds the
    results. Used in exercises 3 and 4.
    """
    trials = getattr(_check_tuner(tuner).oracle, "trials", None)
    if not isinstance(trials, Mapping):
        raise RuntimeError(
            "this tuner holds no trials: in distributed mode, read the results "
            "on the chief"
        )
    failed = [trial for trial in trials.values() if trial.status in ("FAILED", "INVALID")]
    if failed and not allow_failed:
        last_line = (failed[0].message or "").strip().splitlines()[-1:] or [
            "(no message)"
        ]
        raise RuntimeError(
            f"{len(failed)} trial(s) failed, the first ({failed[0].trial_id}, "
            f"{failed[0].hyperparameters.values}) with: {last_line[0]}"
        )
    rows = []
    for trial in trials.values():
        if trial.status != "COMPLETED":
            continue
        row = dict(trial.hyperparameters.values)
        for name in sorted(trial.metrics.metrics):
            value = trial.metrics.get_last_value(name)
            row[name] = int(value) if name in WHOLE_NUMBER_METRICS else float(value)
        row["trial_id"] = trial.trial_id
        rows.append(row)
    names = list(tuner.oracle.get_space().values)
    return sorted(rows, key=lambda row: tuple(row.get(name, 0) for name in names))


def tuner_role() -> str:
    """``'local'`` (one process does everything), ``'chief'`` or ``'worker'``.

    KerasTuner runs distributed when ``KERASTUNER_ORACLE_IP`` is set; the process whose
    ``KERASTUNER_TUNER_ID`` contains ``chief`` is the chief.
    """
    if "KERASTUNER_ORACLE_IP" not in os.environ:
        return "local"
    return "chief" if "chief" in os.environ.get("KERASTUNER_TUNER_ID", "") else "worker"
