"""benchmarks/backends.py: its arithmetic, one real run of a worker, and its stored report."""

import importlib.util
import json
import re
from pathlib import Path

import pytest

from addition_lib.backends import BACKENDS, DEFAULT_BACKEND

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "results" / "backends_benchmark.txt"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("backends_benchmark", ROOT / "benchmarks" / "backends.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_summary_takes_medians_and_ratios_to_the_fastest(bench):
    rows = [{"backend": "jax", "fit_seconds": t, "cpu_seconds": 2 * t, "exact_match": 0.9} for t in (6.0, 7.0, 30.0)]
    rows += [{"backend": "tensorflow", "fit_seconds": t, "cpu_seconds": t, "exact_match": 0.95}
             for t in (10.5, 14.0, 9.0)]
    rows += [{"backend": "torch", "fit_seconds": 99.0, "cpu_seconds": None, "exact_match": None, "timed_out": True}]
    lines, fastest = bench.summary(rows, ["tensorflow", "jax", "torch"])
    assert lines[1].startswith("  JAX ") and "     7.0 s" in lines[1] and "1.00x" in lines[1] and "14.0 s" in lines[1]
    assert lines[2].startswith("  TensorFlow ") and "10.5 s" in lines[2] and "1.50x" in lines[2]
    assert lines[3].startswith("  PyTorch ") and ">=  99.0 s" in lines[3] and lines[3].endswith("   -")
    assert fastest == {"wall-clock": "jax", "CPU time": "tensorflow"}
    assert lines[-1] == "  fastest by wall-clock: JAX; by CPU time: TensorFlow"


def test_a_busy_machine_is_one_with_more_load_than_half_its_cores(bench, monkeypatch):
    monkeypatch.setattr(bench.os, "cpu_count", lambda: 2)
    assert bench.busy(1.5) and not bench.busy(0.9) and not bench.busy(None)


def test_a_worker_trains_and_reports_on_this_backend(bench, capsys):
    from addition_lib import keras

    assert bench.main(["--worker", "large", "--samples", "64", "--seed", "3"]) == 0
    row = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert row["backend"] == keras.config.backend() and row["seed"] == 3
    assert row["fit_seconds"] > 0 and 0 <= row["exact_match"] <= 1 and row["n_scored"] == 10_000


@pytest.mark.parametrize("argv, message", [
    (["--rounds", "0"], "--rounds must be >= 1, got 0"),
    (["--large-samples", "5"], "--large-samples must be >= 32, got 5"),
])
def test_bad_arguments_are_named(bench, capsys, argv, message):
    with pytest.raises(SystemExit):
        bench.main(argv)
    assert message in capsys.readouterr().err


def test_the_readme_quotes_the_stored_report():
    readme = (ROOT / "README.md").read_text()
    block = readme.split("<!-- backends:start -->", 1)[1].split("<!-- backends:end -->", 1)[0]
    assert block == f"\n```text\n{REPORT.read_text().rstrip()}\n```\n", (
        "README.md does not quote results/backends_benchmark.txt; run `python benchmarks/backends.py --record`"
    )


def test_the_default_backend_is_the_fastest_the_stored_report_found():
    report = REPORT.read_text()
    assert all(name in report.splitlines()[2] for name in BACKENDS.values()), "the report must cover every backend"
    assert report.count("fastest by wall-clock:") == 2, "the report must cover both workloads"
    verdict = re.search(r"^Fastest on the chapter workload by .*: (\w+)$", report, flags=re.MULTILINE)
    assert verdict, "the report has no verdict on the chapter's recipe"
    assert verdict.group(1) == BACKENDS[DEFAULT_BACKEND], f"the chapter's recipe ran fastest on {verdict.group(1)}"
