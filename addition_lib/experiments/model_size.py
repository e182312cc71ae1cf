"""Model size against problem size, one model per cell of a KerasTuner grid (exercise 3).

The study trains one encoder-decoder per cell of a grid: a **problem size** (digits per
term, number of terms) against a **model size** (units in the encoder and in the
decoder). Every cell gets the same training recipe and budget, and is scored by
exact-match on questions held out of its training data.

KerasTuner runs the grid, so nothing here schedules work:

* :class:`ModelSizeStudy` is a ``keras_tuner.HyperModel`` whose three hyperparameters
  are the axes of the grid. ``build(hp)`` builds the model of one cell; ``fit(hp,
  model)`` draws that cell's data (a :func:`~addition_lib.held_out_split` of its
  problem, always the same for a given seed), trains, and returns the held-out
  exact-match: the tuner's objective.
* :func:`~addition_lib.tuners.grid_tuner` visits every combination once, and
  :func:`~addition_lib.tuners.results_table` reads the finished trials back as rows.
* :func:`smallest_reaching` applies the study's rule (the fewest units that reach 99%),
  and :func:`write_csv` and :func:`~addition_lib.plots.plot_study` save and draw the
  grid.

Because KerasTuner hands out the cells, the same code runs on one laptop or on several
machines. Set ``KERASTUNER_TUNER_ID`` (``chief`` for one process, ``tuner0``,
``tuner1``,
... for the others), ``KERASTUNER_ORACLE_IP`` and ``KERASTUNER_ORACLE_PORT``, and run the
same command in every process: ``python -m addition_lib.experiments.model_size --help``
(see :func:`main`). The chief hands out cells and collects the results; the workers
train.
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..course.paths import tuner_runs_dir
from ..curves import check_rows
from ..problem import ArithmeticProblem
from ..splits import HeldOutSplit, held_out_split
from ..tuners import (
    check_choices,
    grid_tuner,
    results_table,
    run_search,
    tuner_role,
)
from ..validation import check_bool, check_int, check_real
from .one_pass import OnePassRecipe

OBJECTIVE = "held_out_exact_match"
"""The metric :class:`ModelSizeStudy` reports and the grid's tuner maximises."""

THRESHOLD = 0.99
"""Exact-match a model must reach on held-out questions to count in the study's rule."""

GRID_AXES = ("digits", "terms", "units")
"""The hyperparameters of :class:`ModelSizeStudy`, in the order the grid visits them."""

CSV_COLUMNS = (
    "digits",
    "terms",
    "units",
    "params",
    "n_questions",
    "n_test",
    "held_out_exact_match",
    "held_out_char_accuracy",
    "train_seconds",
    "trial_id",
)
"""The columns :func:`write_csv` writes, in order."""

WHOLE_NUMBER_COLUMNS = frozenset(
    {"digits", "terms", "units", "params", "n_questions", "n_test", "n_samples"}
)


def study_problem(digits: int, terms: int, *, reverse: bool = True) -> ArithmeticProblem:
    """Sums of ``terms`` terms of up to ``digits`` digits: terms in ``1..10**digits - 1``.

    >>> p = study_problem(2, 3)
    >>> p.largest, p.n_questions, p.n_in_seq_length, p.n_out_seq_length
    (99, 970299, 8, 3)
    """
    digits = check_int("digits", digits, minimum=1)
    terms = check_int("terms", terms, minimum=1)
    return ArithmeticProblem(n_terms=terms, largest=10**digits - 1, reverse=reverse)


def n_held_out(
    problem: ArithmeticProblem, *, fraction: float = 0.2, cap: int = 1000
) -> int:
    """How many questions to hold out: ``fraction`` of them, at most ``cap``, at least 1.

    Two terms of one digit have only 81 questions, so 16 are held out; larger problems
    hold out ``cap``.

    >>> n_held_out(study_problem(1, 2)), n_held_out(study_problem(2, 2))
    (16, 1000)
    """
    if not isinstance(problem, ArithmeticProblem):
        raise TypeError(f"problem must be an ArithmeticProblem, got {problem!r}")
    fraction = check_real(
        "fraction", fraction, low=0, high=1, low_open=True, high_open=True
    )
    cap = check_int("cap", cap, minimum=1)
    return max(1, min(cap, int(problem.n_questions * fraction)))


class ModelSizeStudy(OnePassRecipe):
    """One encoder-decoder per (digits, terms, units) cell, scored on held-out questions.

    Parameters
    ----------
    digits, terms, units : sequences of int
        The grid. A cell's problem is :func:`study_problem` ``(digits, terms)``; its
        model has ``units`` LSTM units in the encoder and as many in the decoder.
    n_samples, batch_size, learning_rate : the training budget and recipe of every cell
        (see :class:`~.one_pass.OnePassRecipe`).
    reverse : bool
        Reverse the input (Sutskever et al., 2014); exercise 7 measures what it changes.
    test_fraction, max_test : how many questions each problem holds out
        (:func:`n_held_out`).
    seed : int
        Fixes each cell's split, training questions and initial weights. Cells of the
        same problem get the same split and the same training questions, whatever their
        units.

    ``fit`` returns ``held_out_exact_match`` (the objective),
    ``held_out_char_accuracy``, ``train_seconds``, ``params``, ``n_questions`` and
    ``n_test``. Taught in exercise 3.
    """

    objective = OBJECTIVE

    def __init__(
        self,
        digits=(1, 2),
        terms=(2, 3, 4),
        units=(16, 32, 64, 128),
        *,
        n_samples: int = 200_000,
        batch_size: int = 64,
        learning_rate: float = 5e-3,
        reverse: bool = True,
        test_fraction: float = 0.2,
        max_test: int = 1000,
        seed: int = 0,
    ):
        super().__init__(
            "model_size_study",
            n_samples=n_samples,
            batch_size=batch_size,
            learning_rate=learning_rate,
            seed=seed,
        )
        self.digits = check_choices("digits", digits, _digits)
        self.terms = check_choices("terms", terms)
        self.units = check_choices("units", units)
        self.reverse = check_bool("reverse", reverse)
        self.test_fraction = check_real(
            "test_fraction", test_fraction, low=0, high=1, low_open=True, high_open=True
        )
        self.max_test = check_int("max_test", max_test, minimum=1)

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
        return self.one_pass_model(self.problem(digits, terms), units)

    def fit(self, hp, model, *args, callbacks=None, **kwargs):
        split = self.split(hp.get("digits"), hp.get("terms"))
        train = split.sample_train(self.n_samples, seed=self.seed)
        scores = self.train_and_score(
            model, train, split.test, callbacks=callbacks, prefix="held_out_"
        )
        return {
            **scores,
            "n_questions": float(split.problem.n_questions),
            "n_test": float(split.n_test),
        }


def _digits(label: str, value) -> int:
    value = check_int(label, value, minimum=1)
    if value > 6:
        raise ValueError(f"{label} must be at most 6, got {value}")
    return value


def smallest_reaching(
    rows: Sequence[Mapping], threshold: float = THRESHOLD
) -> dict[tuple[int, int], int | None]:
    """For each problem size, the fewest units reaching ``threshold`` held out.

    ``rows`` are dicts with ``digits``, ``terms``, ``units`` and
    ``held_out_exact_match``, in any order. Returns ``{(digits, terms): units}`` for
    every problem size in ``rows``, sorted, with ``None`` where no model reached the
    threshold. A larger model that failed does not hide a smaller one that succeeded.
    Taught in exercise 3.

    >>> rows = [{"digits": 1, "terms": 2, "units": 32, "held_out_exact_match": 1.0},
    ...         {"digits": 1, "terms": 2, "units": 16, "held_out_exact_match": 0.99},
    ...         {"digits": 2, "terms": 2, "units": 16, "held_out_exact_match": 0.42}]
    >>> smallest_reaching(rows)
    {(1, 2): 16, (2, 2): None}
    """
    rows = check_rows("rows", rows, ("digits", "terms", "units", OBJECTIVE))
    threshold = check_real("threshold", threshold, low=0, high=1)
    best: dict[tuple[int, int], int | None] = {}
    for row in rows:
        size = (row["digits"], row["terms"])
        best.setdefault(size, None)
        if row[OBJECTIVE] >= threshold and (
            best[size] is None or row["units"] < best[size]
        ):
            best[size] = row["units"]
    return dict(sorted(best.items()))


def write_csv(rows: Sequence[Mapping], path) -> Path:
    """Write the grid's rows to ``path`` as CSV, with the columns :data:`CSV_COLUMNS`."""
    rows = check_rows("rows", rows, CSV_COLUMNS)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _csv_value(row[key]) for key in CSV_COLUMNS})
    return path


def _csv_value(value):
    if isinstance(value, float):
        return (
            f"{value:.6g}"
            if not value.is_integer() or abs(value) >= 1e6
            else f"{value:.1f}"
        )
    return value


def read_csv(path) -> list[dict]:
    """Read rows written by :func:`write_csv`; numbers come back as ints and floats."""
    rows = []
    with Path(path).open(newline="") as handle:
        for raw in csv.DictReader(handle):
            row = {}
            for key, text in raw.items():
                if key in WHOLE_NUMBER_COLUMNS:
                    row[key] = int(float(text))
                elif key == "trial_id":
                    row[key] = text
                else:
                    row[key] = float(text)
            rows.append(row)
    return rows


def run_study(
    hypermodel: ModelSizeStudy,
    directory=None,
    *,
    project_name: str = "model_size_study",
    csv_path=None,
    overwrite: bool | None = None,
    timeout: float | None = None,
) -> list[dict] | None:
    """Run the grid with :func:`~addition_lib.tuners.grid_tuner` and return its rows.

    Locally this runs every cell and returns :func:`~addition_lib.tuners.results_table`
    (writing ``csv_path`` if given). With KerasTuner's distributed variables set, the
    chief hands out the cells and returns the table once the workers are done (raising
    ``TimeoutError`` after ``timeout`` seconds, see
    :func:`~addition_lib.distributed.serve_chief`); a worker trains the cells the chief
    hands it and returns ``None``. Every process but a worker starts afresh by default
    (``overwrite``); a worker never does, so a worker that starts late never wipes a
    shared directory. ``directory`` defaults to the course's tuner folder.
    """
    from ..distributed import run_worker, serve_chief

    role = tuner_role()
    if role == "worker":
        if overwrite:
            raise ValueError(
                "overwrite must be False or None for a worker: only the chief starts "
                "afresh"
            )
        run_worker(hypermodel, directory, project_name)
        return None
    tuner = grid_tuner(
        hypermodel, directory, project_name, overwrite=overwrite is not False
    )
    if role == "chief":
        serve_chief(tuner, timeout=timeout)
    else:
        run_search(tuner, verbose=0)
    rows = results_table(tuner)
    if csv_path is not None:
        write_csv(rows, csv_path)
    return rows


_SEVERAL_MACHINES = """\
on this machine: --workers N starts a chief and N worker processes of this same command,
on a free port of 127.0.0.1, one thread each, and stops them all at the end; --timeout
stops them all and names the worker at fault if the study takes longer.

on several machines: run this command, with the same grid, budget and seed, on each, with
  KERASTUNER_TUNER_ID     chief on one machine; tuner0, tuner1, ... on the others
  KERASTUNER_ORACLE_IP    the chief's address, which every worker can reach
  KERASTUNER_ORACLE_PORT  a port open on the chief, such as 8000
for example, with the chief at 10.0.0.1 and /shared a folder every machine sees:
  KERASTUNER_TUNER_ID=chief KERASTUNER_ORACLE_IP=10.0.0.1 KERASTUNER_ORACLE_PORT=8000 \\
    python -m addition_lib.experiments.model_size --directory /shared/runs --csv grid.csv
  KERASTUNER_TUNER_ID=tuner0 KERASTUNER_ORACLE_IP=10.0.0.1 KERASTUNER_ORACLE_PORT=8000 \\
    python -m addition_lib.experiments.model_size --directory /shared/runs
Start them in any order: a worker waits for the chief. The chief trains nothing: it hands
out the cells, waits for the workers, then prints the table and writes the CSV and the
heatmap. Only the chief starts the directory afresh. With --timeout, the chief gives up
naming the workers that still hold a cell, and a worker exits. The connection is
unencrypted: use it on a network you trust.
"""


def command_line_parser() -> argparse.ArgumentParser:
    """The parser of ``python -m addition_lib.experiments.model_size``."""
    parser = argparse.ArgumentParser(
        prog="python -m addition_lib.experiments.model_size",
        description="Run the model-size study (exercise 3) with a KerasTuner grid "
        "search: in one process, on a chief and workers on this machine (--workers), "
        "or on several machines.",
        epilog=_SEVERAL_MACHINES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--directory",
        default=str(tuner_runs_dir()),
        help="where the tuner keeps its records (default: %(default)s)",
    )
    parser.add_argument("--project-name", default="model_size_study")
    parser.add_argument("--digits", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--terms", type=int, nargs="+", default=[2, 3, 4])
    parser.add_argument("--units", type=int, nargs="+", default=[16, 32, 64, 128])
    parser.add_argument(
        "--samples", type=int, default=200_000, help="training questions per cell"
    )
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--learning-rate", type=float, default=5e-3)
    parser.add_argument(
        "--seed", type=int, default=0, help="seeds each cell's data and weights"
    )
    parser.add_argument(
        "--csv", help="write the grid here (chief or single process only)"
    )
    parser.add_argument(
        "--heatmap",
        help="draw the grid into this PNG file (chief or single process only)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="run on a chief and this many worker processes on this machine",
    )
    parser.add_argument(
        "--timeout", type=float, help="give up after this many seconds (default: never)"
    )
    return parser


def main(argv=None) -> None:
    """The command line: ``... model_size --digits 1 2 --terms 2 3 4 --csv grid.csv``."""
    parser = command_line_parser()
    args = parser.parse_args(argv)
    if args.workers < 0:
        parser.error(f"--workers must be 0 or more, got {args.workers}")
    if args.timeout is not None and not args.timeout > 0:
        parser.error(
            f"--timeout must be a positive number of seconds, got {args.timeout}"
        )
    if args.workers and tuner_role() == "local":
        from ..local_study import launch_from_command_line

        return launch_from_command_line(parser, args)
    from ..distributed import start_watchdog

    role = tuner_role()
    start_watchdog(
        None if role == "chief" else args.timeout
    )  # the chief times out itself
    hypermodel = ModelSizeStudy(
        args.digits,
        args.terms,
        args.units,
        n_samples=args.samples,
        batch_size=args.batch_size,
        learning_rate=args.learning_rate,
        seed=args.seed,
    )
    where = Path(args.directory) / args.project_name
    print(f"{role}: {hypermodel.n_cells} cells in {where}", flush=True)
    rows = run_study(
        hypermodel,
        args.directory,
        project_name=args.project_name,
        csv_path=args.csv,
        timeout=args.timeout,
    )
    if rows is None:
        print(f"{role}: done; the chief holds the results", flush=True)
        return
    for row in rows:
        print(
            f"{row['digits']} digits x {row['terms']} terms, {row['units']:>4} units: "
            f"{row[OBJECTIVE]:.2%} held-out exact-match"
        )
    for (digits, terms), units in smallest_reaching(rows).items():
        print(
            f"smallest model reaching {THRESHOLD:.0%} on {digits} digits x {terms} "
            f"terms: {units or 'none'}"
        )
    if args.csv:
        print(f"wrote {args.csv}")
    if args.heatmap:
        from ..plots import plot_study

        plot_study(rows).savefig(args.heatmap)
        print(f"wrote {args.heatmap}")


if __name__ == "__main__":
    main()
