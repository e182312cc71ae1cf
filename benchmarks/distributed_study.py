"""Benchmark: the model-size study's grid in one process and on two workers, side by side.

Runs the study command twice on the same grid, budget and seed, and prints both
wall-clock times, the speed-up, the CPU time each run used (with every process it started:
on a busy machine, CPU time over wall-clock time shows how much of the cores a run got),
whether both runs gave the same scores, and the machine with its load:

* ``python -m addition_lib.experiments.model_size ...``: one process, TensorFlow's default threads;
* ``python -m addition_lib.experiments.model_size ... --workers 2``: a chief and two one-thread workers.

Both times are for the whole command, start-up included (every process imports
TensorFlow). With ``--repeats`` above 1 the two commands alternate and the medians are
shown.

    python benchmarks/distributed_study.py [--samples 50000] [--repeats 1]
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from addition_lib.course.results import machine  # noqa: E402

GRID = {"digits": ["1"], "terms": ["2", "3"], "units": ["16", "32", "64", "128"]}
COMPARED = ("digits", "terms", "units", "params", "n_questions", "n_test",
            "held_out_exact_match", "held_out_char_accuracy")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(args: list[str], timeout: float) -> tuple[float, float, str]:
    """Wall-clock and CPU seconds (with every process it started) and output of a run."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONPATH=str(ROOT))
    cpu, started = children_cpu(), time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "addition_lib.experiments.model_size", *args], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=timeout)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"the study command failed:\n{result.stdout}\n{result.stderr}")
    return seconds, children_cpu() - cpu, result.stdout


def scores(path: Path) -> list[tuple]:
    with path.open(newline="") as handle:
        return [tuple(row[key] for key in COMPARED) for row in csv.DictReader(handle)]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=50_000, help="questions per cell")
    parser.add_argument("--repeats", type=int, default=1, help="runs of each command")
    parser.add_argument("--timeout", type=float, default=1800,
                        help="seconds any one command may take")
    args = parser.parse_args(argv)
    if args.samples < 1 or args.repeats < 1:
        parser.error("--samples and --repeats must be at least 1")

    grid = [part for axis, values in GRID.items() for part in (f"--{axis}", *values)]
    n_cells = len(GRID["digits"]) * len(GRID["terms"]) * len(GRID["units"])
    commands = {"serial": [], "workers": ["--workers", "2"]}
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    outputs, same = {}, True
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        for repeat in range(args.repeats):
            for name, extra in commands.items():
                csv_path = Path(folder) / f"{name}_{repeat}.csv"
                common = [*grid, "--samples", str(args.samples), "--seed", "0",
                          "--directory", str(Path(folder) / f"{name}_{repeat}"),
                          "--csv", str(csv_path)]
                seconds, cpu, outputs[name] = run([*common, *extra], args.timeout)
                times[name].append((seconds, cpu))
            same &= len({tuple(scores(Path(folder) / f"{name}_{repeat}.csv"))
                         for name in commands}) == 1
    load_after = os.getloadavg()[0]

    wall = {name: statistics.median(s for s, _ in runs) for name, runs in times.items()}
    cpu = {name: statistics.median(c for _, c in runs) for name, runs in times.items()}
    processes = re.search(r"CPU time \(cores used\): (.*)", outputs["workers"])
    print(f"Machine: {machine()}")
    print(f"Load average (1 min) before: {load_before:.2f}, after: {load_after:.2f}")
    print(f"Grid: {n_cells} cells (digits {', '.join(GRID['digits'])} x terms "
          f"{', '.join(GRID['terms'])} x units {', '.join(GRID['units'])}), "
          f"{args.samples:,} training questions each, seed 0; {args.repeats} run(s) of "
          "each command, medians")
    print(f"{'command':<58} {'wall-clock':>10} {'CPU time':>10} {'cores used':>11}")
    for name, label in (("serial", "python -m addition_lib.experiments.model_size"),
                        ("workers", "python -m addition_lib.experiments.model_size --workers 2")):
        print(f"{label:<58} {wall[name]:>8.1f} s {cpu[name]:>8.1f} s "
              f"{cpu[name] / wall[name]:>11.2f}")
    if processes:
        print(f"  its processes, last run: {processes.group(1)}")
    print(f"Speed-up with 2 workers: {wall['serial'] / wall['workers']:.2f}x")
    print(f"Same scores in both runs: {'yes' if same else 'NO'} ({n_cells} cells)")


if __name__ == "__main__":
    main()
