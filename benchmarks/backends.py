"""Benchmark: the same training on every installed Keras backend, side by side.

Two workloads, each timed as ``model.fit`` alone (data generation, model
building and scoring are outside the clock; the first epoch's tracing and
compilation are inside it, as a student waits for them):

* ``chapter``: the chapter's recipe, 3 terms of 1..10, LSTM(75) -> LSTM(50),
  75,000 samples, one epoch, batches of 32; scored on all 1,000 problems.
* ``large``: the 3-digit model of exercises 6 and 7, 2 terms of 1..999,
  LSTM(128) -> LSTM(128), one epoch, batches of 32 over ``--large-samples``
  samples (60,000 by default, a quarter of the exercises' budget: enough steps
  that start-up costs are a small share); scored on 10,000 random sums.

Each run is a fresh Python process with ``KERAS_BACKEND`` set, importing Keras
through ``addition_lib`` exactly as the notebooks do. The backends take turns
(the order rotates every round), and round ``r`` uses seed ``r`` on every
backend, so slow spells of a shared machine spread over all of them. The script
prints the machine, its load before and after, every run, and per backend the
median fit time and its ratio to the fastest backend's median. A run still going after
``--timeout`` seconds is stopped and counted as that long (marked ``>=``).

    python benchmarks/backends.py                   # every installed backend, 3 rounds
    python benchmarks/backends.py --record    # the same, stored and quoted in the README
    python benchmarks/backends.py --backends jax tensorflow --workloads chapter
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from addition_lib.backends import BACKENDS, backend_version, installed_backends  # noqa: E402
from addition_lib.course.results import machine  # noqa: E402

WORKLOADS = {
    "chapter": {"n_numbers": 3, "largest": 10, "units": (75, 50), "samples": 75_000,
                "title": "the chapter's recipe: 3 terms of 1..10, LSTM(75) -> LSTM(50), "
                         "75,000 samples, 1 epoch, batch 32"},
    "large": {"n_numbers": 2, "largest": 999, "units": (128, 128), "samples": 60_000,
              "title": "exercises 6-7's 3-digit model: 2 terms of 1..999, LSTM(128) -> LSTM(128), "
                       "{samples:,} samples, 1 epoch, batch 32"},
}
BATCH_SIZE = 32
RECORD = ROOT / "results" / "backends_benchmark.txt"
README = ROOT / "README.md"
START, END = "<!-- backends:start -->", "<!-- backends:end -->"


def quote_in_readme(report: str) -> None:
    """Put ``report`` between the README's backend markers, as a text block."""
    text = README.read_text()
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    README.write_text(f"{before}{START}\n```text\n{report.rstrip()}\n```\n{END}{after}")


def worker(workload: str, samples: int, seed: int) -> dict:
    """One timed fit on the backend of this process; returns its figures."""
    from addition_lib import AdditionProblem, build_model, generate_data, keras, score_model

    spec = WORKLOADS[workload]
    problem = AdditionProblem(spec["n_numbers"], spec["largest"])
    X, y = generate_data(samples, problem.n_numbers, problem.largest, problem.alphabet, seed=seed)
    model = build_model(problem, encoder_units=spec["units"][0], decoder_units=spec["units"][1], seed=seed)
    started, cpu_started = time.perf_counter(), time.process_time()
    model.fit(X, y, epochs=1, batch_size=BATCH_SIZE, verbose=0)
    fit_seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    score = score_model(model, seed=seed + 1)
    return {"backend": keras.config.backend(), "workload": workload, "seed": seed,
            "fit_seconds": fit_seconds, "cpu_seconds": cpu_seconds,
            "exact_match": score.exact_match, "n_scored": score.n_scored}


def run_worker(backend: str, workload: str, samples: int, seed: int, timeout: float) -> dict:
    """One run in a fresh process; a run stopped after ``timeout`` s counts as that long, at least."""
    env = dict(os.environ, KERAS_BACKEND=backend, TF_CPP_MIN_LOG_LEVEL="3")
    command = [sys.executable, __file__, "--worker", workload, "--samples", str(samples), "--seed", str(seed)]
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"backend": backend, "workload": workload, "seed": seed, "fit_seconds": timeout,
                "cpu_seconds": None, "exact_match": None, "n_scored": 0, "timed_out": True}
    if result.returncode != 0:
        raise RuntimeError(f"the {backend} run of {workload} (seed {seed}) failed:\n{result.stderr[-3000:]}")
    row = json.loads(result.stdout.strip().splitlines()[-1])
    if row["backend"] != backend:
        raise RuntimeError(f"asked for backend {backend!r}, the run used {row['backend']!r}")
    return row


def load() -> tuple[str, float | None]:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown", None
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min)", five


def summary(rows: list[dict], backends: list[str]) -> tuple[list[str], dict]:
    """The table of one workload, and the fastest backend by wall-clock and by CPU time."""
    def median(backend, key):
        values = [r[key] for r in rows if r["backend"] == backend]
        return statistics.median(values) if None not in values else float("inf")

    wall = {b: median(b, "fit_seconds") for b in backends}
    cpu = {b: median(b, "cpu_seconds") for b in backends}
    fastest = {"wall-clock": min(wall, key=wall.get), "CPU time": min(cpu, key=cpu.get)}
    lines = [f"  {'backend':20} {'median fit':>10} {'range':>15} {'x fastest':>9} {'median CPU':>10}"
             f"   exact-match"]
    for backend in sorted(backends, key=wall.get):
        own = [r for r in rows if r["backend"] == backend]
        times = [r["fit_seconds"] for r in own]
        exact = [r["exact_match"] for r in own if r["exact_match"] is not None]
        label = f"{BACKENDS[backend]} {backend_version(backend)}"
        at_least = ">=" if any(r.get("timed_out") for r in own) else "  "
        cpu_text = f"{cpu[backend]:8.1f} s" if cpu[backend] != float("inf") else "         -"
        scores = f"{min(exact):.1%}-{max(exact):.1%}" if exact else "-"
        lines.append(f"  {label:20} {at_least}{wall[backend]:6.1f} s {min(times):6.1f}-{max(times):6.1f} s "
                     f"{wall[backend] / wall[fastest['wall-clock']]:8.2f}x {cpu_text}   {scores}")
    lines.append(f"  fastest by wall-clock: {BACKENDS[fastest['wall-clock']]}; "
                 f"by CPU time: {BACKENDS[fastest['CPU time']]}")
    return lines, fastest


def busy(load_at_start: float | None) -> bool:
    """True when other work kept the cores busy: then wall-clock times measure that work too."""
    return load_at_start is not None and load_at_start > 0.5 * (os.cpu_count() or 1)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", nargs="+", choices=list(BACKENDS), help="default: every installed one")
    parser.add_argument("--workloads", nargs="+", choices=list(WORKLOADS), default=list(WORKLOADS))
    parser.add_argument("--rounds", type=int, default=3, help="runs per backend and workload (seeds 1..rounds)")
    parser.add_argument("--large-samples", type=int, default=WORKLOADS["large"]["samples"])
    parser.add_argument("--timeout", type=float, default=900,
                        help="seconds after which a run is stopped and counted as at least that long")
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    parser.add_argument("--record", action="store_true",
                        help=f"write the report to {RECORD.relative_to(ROOT)} and quote it in README.md")
    parser.add_argument("--worker", choices=list(WORKLOADS), help=argparse.SUPPRESS)
    parser.add_argument("--samples", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.samples, args.seed)))
        return 0
    if args.timeout <= 0:
        parser.error(f"--timeout must be > 0, got {args.timeout}")
    if args.rounds < 1:
        parser.error(f"--rounds must be >= 1, got {args.rounds}")
    if args.large_samples < BATCH_SIZE:
        parser.error(f"--large-samples must be >= {BATCH_SIZE}, got {args.large_samples}")
    backends = args.backends or installed_backends()
    missing = [b for b in backends if b not in installed_backends()]
    if missing:
        parser.error(f"not installed: {', '.join(missing)}")

    out = []
    fastest = {}

    def say(line: str = "") -> None:
        print(line, flush=True)
        out.append(line)

    say(f"Keras backends, side by side ({datetime.date.today().isoformat()}, "
        f"`python benchmarks/backends.py{' ' + ' '.join(argv if argv is not None else sys.argv[1:])}`)".rstrip())
    say(f"Machine: {machine()}")
    say("Backends: " + ", ".join(f"{BACKENDS[b]} {backend_version(b)}" for b in backends))
    load_text, load_at_start = load()
    say(f"Load average at the start: {load_text}")
    for workload in args.workloads:
        samples = args.large_samples if workload == "large" else WORKLOADS[workload]["samples"]
        say()
        say(WORKLOADS[workload]["title"].format(samples=samples))
        rows = []
        for seed in range(1, args.rounds + 1):
            turn = (seed - 1) % len(backends)
            for backend in backends[turn:] + backends[:turn]:
                row = run_worker(backend, workload, samples, seed, args.timeout)
                rows.append(row)
                if row.get("timed_out"):
                    say(f"  round {seed}  {BACKENDS[backend]:10} stopped after {args.timeout:.0f} s")
                    continue
                say(f"  round {seed}  {BACKENDS[backend]:10} fit {row['fit_seconds']:6.1f} s "
                    f"(CPU {row['cpu_seconds']:6.1f} s)   exact-match {row['exact_match']:.1%} "
                    f"on {row['n_scored']:,}")
        lines, fastest[workload] = summary(rows, backends)
        for line in lines:
            say(line)
    say()
    say(f"Load average at the end: {load()[0]}")
    basis = "CPU time" if busy(load_at_start) else "wall-clock"
    why = (f"the machine was busy (5-minute load {load_at_start:.1f} on {os.cpu_count()} cores), so "
           "wall-clock times measure the other work as well" if basis == "CPU time"
           else "the machine was quiet")
    first = args.workloads[0]
    say(f"Fastest on the {first} workload by {basis}, since {why}: {BACKENDS[fastest[first][basis]]}")
    report = "\n".join(out) + "\n"
    if args.output:
        args.output.write_text(report)
    if args.record:
        RECORD.write_text(report)
        quote_in_readme(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
