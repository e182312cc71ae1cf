"""addition_lib.distributed: the model-size study on a chief and worker processes, for real.

The end-to-end tests start real processes of ``python -m addition_lib.experiments.model_size`` on 127.0.0.1 with
a tiny grid (a few hundred training questions per cell), so they check the plumbing, not what
a model learns. Every run has a timeout, so a hung process fails the test instead of hanging
CI, and every test checks that no process it started is left behind.
"""

import json
import os
import signal
import time
from itertools import product
from pathlib import Path

import numpy as np
import pytest

import addition_lib.distributed as distributed
import addition_lib.local_study as local_study
from addition_lib.distributed import (
    DEADLINE_VAR,
    PARENT_VAR,
    StudyProcessError,
    free_port,
    held_trials,
    process_env,
    serve_chief,
    start_watchdog,
)
from addition_lib.experiments.model_size import ModelSizeStudy, main, read_csv, run_study
from addition_lib.local_study import LocalStudy, run_local_study
from addition_lib.tuners import GridOracle, grid_tuner, results_table

# KerasTuner's oracle calls threading.currentThread().getName(), which Python 3.11 deprecates.
pytestmark = pytest.mark.filterwarnings(r"ignore:(currentThread|getName)\(\) is deprecated:DeprecationWarning")

DIGITS, TERMS, UNITS = (1,), (2, 3), (4, 8)
GRID = ["--digits", *map(str, DIGITS), "--terms", *map(str, TERMS), "--units", *map(str, UNITS),
        "--samples", "200", "--seed", "3"]
CELLS = sorted(product(DIGITS, TERMS, UNITS))
# The real run uses solution 3's quick grid and budget (COURSE_QUICK=1), so the models it
# compiles are the ones exercise and solution 3 train after it (JAX keeps them on disk).
RUN_UNITS, RUN_SAMPLES = (16, 32), 2000
RUN_GRID = ["--digits", *map(str, DIGITS), "--terms", *map(str, TERMS), "--units", *map(str, RUN_UNITS),
            "--samples", str(RUN_SAMPLES), "--seed", "3"]
RUN_CELLS = sorted(product(DIGITS, TERMS, RUN_UNITS))
KERASTUNER_VARS = ("KERASTUNER_ORACLE_IP", "KERASTUNER_TUNER_ID", "KERASTUNER_ORACLE_PORT")
ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 150  # seconds for a whole run: far more than it takes, even on a busy 2-core machine


@pytest.fixture
def local(monkeypatch):
    for name in KERASTUNER_VARS:
        monkeypatch.delenv(name, raising=False)


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def started_by_this_test() -> list[int]:
    """Processes anywhere on this machine that a LocalStudy of this process started (Linux)."""
    marker = f"{PARENT_VAR}={os.getpid()}".encode()
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def assert_nothing_left(pids):
    assert pids
    assert not [pid for pid in pids if running(pid)], "a process of the study is still running"
    if Path("/proc/self/environ").exists():
        assert started_by_this_test() == []


def trial_records(project_dir: Path) -> list[dict]:
    return [json.loads(path.read_text()) for path in sorted(project_dir.glob("trial_*/trial.json"))]


def cell_of(values) -> tuple:
    return values["digits"], values["terms"], values["units"]


# ---------------------------------------------------------------- a real run


def test_a_chief_and_two_workers_train_every_cell_once_like_a_local_run(tmp_path, local):
    csv_path, png_path = tmp_path / "grid.csv", tmp_path / "grid.png"
    project_dir = tmp_path / "distributed" / "model_size_study"
    project_dir.mkdir(parents=True)
    (project_dir / "left_from_before.txt").write_text("the chief starts the project afresh")
    lines = []
    run = run_local_study([*RUN_GRID, "--directory", str(tmp_path / "distributed"), "--csv", str(csv_path),
                           "--heatmap", str(png_path)], workers=2, timeout=TIMEOUT, echo=lines.append)
    assert_nothing_left([p.pid for p in run.processes.values()])
    assert list(run.processes) == ["chief", "tuner0", "tuner1"]
    assert [p.returncode for p in run.processes.values()] == [0, 0, 0]
    assert not (project_dir / "left_from_before.txt").exists()
    assert any(line.startswith("[chief] chief: handing out cells on 127.0.0.1:") for line in lines)

    # The chief's records: one completed trial per cell, each run once.
    records = trial_records(project_dir)
    assert sorted(cell_of(r["hyperparameters"]["values"]) for r in records) == RUN_CELLS
    assert {r["status"] for r in records} == {"COMPLETED"}
    oracle = json.loads((project_dir / "oracle.json").read_text())
    assert sorted(oracle["run_times"].values()) == [1] * len(RUN_CELLS) and oracle["ongoing_trials"] == {}

    # The workers' own reports: every cell trained by exactly one worker, none by the chief.
    trained = [(name, line) for name, p in run.processes.items() for line in p.lines if " trained trial " in line]
    assert sorted(line.split(" trained trial ")[1].split(")")[0] for _, line in trained) == sorted(
        f"{r['trial_id']} (digits={d}, terms={t}, units={u}" for r, (d, t, u) in
        zip(records, [cell_of(r["hyperparameters"]["values"]) for r in records], strict=True))
    assert {name for name, _ in trained} <= {"tuner0", "tuner1"}

    # One thread each: a worker never used more than about one core.
    for name in ("tuner0", "tuner1"):
        assert run.processes[name].cores < 1.1, f"{name} used {run.processes[name].cores:.2f} cores"

    # The chief wrote the CSV and the heatmap; the same grid in this one process gives the same scores.
    assert png_path.read_bytes().startswith(b"\x89PNG")
    distributed = {(r["digits"], r["terms"], r["units"]): r for r in read_csv(csv_path)}
    study = ModelSizeStudy(DIGITS, TERMS, RUN_UNITS, n_samples=RUN_SAMPLES, seed=3)
    tuner = grid_tuner(study, tmp_path / "local", "model_size_study", seed=3)
    tuner.search(verbose=0)
    alone = results_table(tuner)
    assert [(r["digits"], r["terms"], r["units"]) for r in alone] == sorted(distributed) == RUN_CELLS
    full_precision = {cell_of(r["hyperparameters"]["values"]): r["metrics"]["metrics"] for r in records}
    for row in alone:
        cell = (row["digits"], row["terms"], row["units"])
        for metric in ("held_out_exact_match", "held_out_char_accuracy", "params", "n_test"):
            recorded = full_precision[cell][metric]["observations"][0]["value"][0]
            assert recorded == row[metric], f"{cell} {metric}: {recorded} on the workers, {row[metric]} alone"
        assert distributed[cell]["params"] == row["params"]


def test_a_killed_worker_is_named_at_once_and_every_process_is_stopped(tmp_path, local):
    # Cells of 2,000 questions take a few seconds each: tuner1 is killed while it trains one.
    study = LocalStudy([*GRID, "--samples", "2000", "--directory", str(tmp_path)], workers=2, timeout=TIMEOUT,
                       echo=None)

    def tuner1_is_training():
        process = study.processes.get("tuner1")
        return process is not None and any(" training trial " in line for line in process.lines)

    with study:
        study.start()
        deadline = time.monotonic() + TIMEOUT
        while not tuner1_is_training():
            assert not study.poll(), "the grid was finished before tuner1 took a cell"
            assert time.monotonic() < deadline, "tuner1 never took a cell"
            time.sleep(0.05)
        victim = study.processes["tuner1"].pid
        os.kill(victim, signal.SIGKILL)
        killed = time.monotonic()
        with pytest.raises(StudyProcessError, match=r"worker tuner1 \(pid \d+\) was killed by SIGKILL before the "
                                                    r"study was finished; its last output:") as error:
            study.wait()
        assert time.monotonic() - killed < 5
        assert error.value.names == ("tuner1",) and error.value.pids == (victim,)
        assert "training trial" in str(error.value)
    assert_nothing_left([p.pid for p in study.processes.values()])
    assert study.processes["chief"].returncode == -signal.SIGTERM


# ---------------------------------------------------------------- the chief and the grid, in this process


def test_grid_oracle_hands_out_every_cell_at_once_in_grid_search_order(tmp_path, local):
    import keras_tuner

    study = ModelSizeStudy(DIGITS, TERMS, UNITS)
    tuner = grid_tuner(study, tmp_path, "order")
    oracle = tuner.oracle
    assert isinstance(oracle, GridOracle)
    # Three workers ask before any finishes: each gets its own cell (GridSearch would make the third wait).
    trials = [oracle.create_trial(f"tuner{i}") for i in range(3)]
    assert [t.status for t in trials] == ["RUNNING"] * 3
    assert [cell_of(t.hyperparameters.values) for t in trials] == CELLS[:3]
    last = oracle.create_trial("tuner3")
    assert cell_of(last.hyperparameters.values) == CELLS[3]
    assert oracle.create_trial("tuner4").status == "IDLE"  # every cell is taken, some still train
    for trial in [*trials, last]:
        oracle.update_trial(trial.trial_id, {"held_out_exact_match": 0.5})
        trial.status = "COMPLETED"
        oracle.end_trial(trial)
    assert oracle.create_trial("tuner4").status == "STOPPED"

    # The same order as KerasTuner's GridSearch, one cell at a time.
    reference = keras_tuner.GridSearch(study, objective=keras_tuner.Objective("held_out_exact_match", "max"),
                                       directory=str(tmp_path), project_name="reference")
    order = []
    while (trial := reference.oracle.create_trial("tuner0")).status == "RUNNING":
        order.append(cell_of(trial.hyperparameters.values))
        reference.oracle.update_trial(trial.trial_id, {"held_out_exact_match": 0.5})
        trial.status = "COMPLETED"
        reference.oracle.end_trial(trial)
    assert order == CELLS


def test_grid_oracle_refuses_what_it_cannot_enumerate():
    import keras_tuner

    oracle = GridOracle(objective=keras_tuner.Objective("score", "max"))
    oracle.hyperparameters.Float("rate", 0.1, 0.5)
    with pytest.raises(TypeError, match="GridOracle needs hp.Choice or hp.Fixed; 'rate' is Float"):
        list(oracle.cells())


def chief_env(monkeypatch, port):
    monkeypatch.setenv("KERASTUNER_TUNER_ID", "chief")
    monkeypatch.setenv("KERASTUNER_ORACLE_IP", "127.0.0.1")
    monkeypatch.setenv("KERASTUNER_ORACLE_PORT", str(port))


def test_the_chief_times_out_naming_the_worker_that_holds_a_cell(tmp_path, monkeypatch):
    chief_env(monkeypatch, free_port())
    tuner = grid_tuner(ModelSizeStudy(DIGITS, TERMS, UNITS), tmp_path, "chief")
    trial = tuner.oracle.create_trial("tuner7")  # a worker took a cell, then went silent
    started = time.monotonic()
    with pytest.raises(TimeoutError, match=rf"not finished within 0.5 s: worker tuner7 still holds trial "
                                           rf"{trial.trial_id} \(digits=1, terms=2, units=4\)"):
        serve_chief(tuner, timeout=0.5)
    assert time.monotonic() - started < 5
    assert held_trials(tmp_path / "chief") == {"tuner7": f"trial {trial.trial_id} (digits=1, terms=2, units=4)"}


def test_the_chief_says_when_its_port_is_taken(tmp_path, monkeypatch):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        chief_env(monkeypatch, taken.getsockname()[1])
        tuner = grid_tuner(ModelSizeStudy(DIGITS, TERMS, UNITS), tmp_path, "chief")
        with pytest.raises(OSError, match=r"the chief cannot listen on 127.0.0.1:\d+ .*is the port in use"):
            serve_chief(tuner, timeout=5)


def test_a_worker_never_starts_the_directory_afresh(tmp_path, monkeypatch):
    chief_env(monkeypatch, 1)
    monkeypatch.setenv("KERASTUNER_TUNER_ID", "tuner0")
    with pytest.raises(ValueError, match="overwrite must be False or None for a worker"):
        run_study(ModelSizeStudy(DIGITS, TERMS, UNITS), tmp_path, overwrite=True)


def test_held_trials_without_records(tmp_path):
    assert held_trials(tmp_path / "nothing here") == {}
    (tmp_path / "oracle.json").write_text(json.dumps({"ongoing_trials": {"tuner2": "0005", "tuner3": "0006"}}))
    (tmp_path / "trial_0006").mkdir()
    (tmp_path / "trial_0006" / "trial.json").write_text(json.dumps({"status": "COMPLETED"}))
    assert held_trials(tmp_path) == {"tuner2": "trial 0005"}  # 0006 is finished, whatever oracle.json says


def watchdog_verdict(monkeypatch, **env) -> str:
    """What the watchdog says, in this process, with os._exit replaced by a message."""
    said = []

    def give_up(message):
        said.append(message)  # and return: the watchdog's thread ends, not this process

    monkeypatch.setattr(distributed, "_give_up", give_up)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    start_watchdog()
    deadline = time.monotonic() + 10
    while not said and time.monotonic() < deadline:
        time.sleep(0.05)
    return said[0] if said else "nothing"


def test_a_process_whose_launcher_has_gone_stops(monkeypatch):
    monkeypatch.setenv("KERASTUNER_TUNER_ID", "tuner5")
    # A launcher that is not our parent: as after the real one died and we were handed to init.
    verdict = watchdog_verdict(monkeypatch, **{PARENT_VAR: str(os.getppid() + 100_000)})
    assert verdict == "tuner5: the process that started it has gone; stopping"


def test_a_process_past_its_deadline_stops(monkeypatch):
    monkeypatch.delenv(PARENT_VAR, raising=False)
    monkeypatch.setenv("KERASTUNER_TUNER_ID", "tuner6")
    verdict = watchdog_verdict(monkeypatch, **{DEADLINE_VAR: str(time.time() + 0.2)})
    assert verdict == "tuner6: still running after its time limit; stopping"


def test_no_watchdog_without_a_launcher_or_a_timeout(monkeypatch):
    for name in (PARENT_VAR, DEADLINE_VAR):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(distributed.threading, "Thread", None)  # starting a thread would fail
    start_watchdog()
    with pytest.raises(ValueError, match="timeout must be a positive number of seconds, got 0"):
        start_watchdog(0)


# ---------------------------------------------------------------- arguments


def test_the_readme_quotes_the_stored_benchmark():
    stored = (ROOT / "results" / "distributed_benchmark.txt").read_text().strip()
    assert stored.startswith("Machine: ") and "Speed-up with 2 workers: " in stored
    assert "Same scores in both runs: yes" in stored
    assert f"```text\n{stored}\n```" in (ROOT / "README.md").read_text(), (
        "README.md must quote results/distributed_benchmark.txt as it is; after rerunning "
        "benchmarks/distributed_study.py, copy its output there and rerun solution 3 "
        "(python scripts/record_results.py sol_03), which prints it too")


def test_process_env_one_thread_and_the_three_variables():
    env = process_env("tuner1", "127.0.0.1", np.int64(8123), base={"XLA_FLAGS": "--xla_dump_to=/tmp/x"})
    assert (env["KERASTUNER_TUNER_ID"], env["KERASTUNER_ORACLE_IP"], env["KERASTUNER_ORACLE_PORT"]) == (
        "tuner1", "127.0.0.1", "8123")
    assert env["OMP_NUM_THREADS"] == env["TF_NUM_INTRAOP_THREADS"] == env["TF_NUM_INTEROP_THREADS"] == "1"
    assert env["XLA_FLAGS"].startswith("--xla_dump_to=/tmp/x ") and "--xla_cpu_multi_thread_eigen=false" in env["XLA_FLAGS"]
    assert env["PYTHONPATH"].split(os.pathsep)[0] == str(ROOT)
    with pytest.raises(ValueError, match="port must be at most 65535, got 70000"):
        process_env("tuner1", "127.0.0.1", 70000)
    with pytest.raises(TypeError, match="port must be an integer"):
        process_env("tuner1", "127.0.0.1", "8000")
    with pytest.raises(TypeError, match="tuner_id must be a non-empty string"):
        process_env("", "127.0.0.1", 8000)


def test_local_study_checks_its_arguments():
    assert LocalStudy(GRID, workers=np.int64(3), timeout=np.float64(9.5)).names == ["chief", "tuner0", "tuner1", "tuner2"]
    with pytest.raises(ValueError, match="workers must be an integer >= 1, got 0"):
        LocalStudy(GRID, workers=0)
    with pytest.raises(TypeError, match="workers must be an integer"):
        LocalStudy(GRID, workers=True)
    with pytest.raises(ValueError, match="timeout must be a positive number of seconds, got -1"):
        LocalStudy(GRID, timeout=-1)
    with pytest.raises(TypeError, match="timeout must be a number of seconds or None, got '60'"):
        LocalStudy(GRID, timeout="60")
    with pytest.raises(TypeError, match="study_args must be a list of strings"):
        LocalStudy("--digits 1")
    with pytest.raises(ValueError, match="must not hold --workers or --timeout"):
        LocalStudy([*GRID, "--workers", "2"])
    with pytest.raises(TypeError, match="echo must be a function"):
        LocalStudy(GRID, echo="print")
    with pytest.raises(RuntimeError, match="call start"):
        LocalStudy(GRID).poll()


def test_local_study_says_where_it_cannot_run(monkeypatch):
    monkeypatch.setattr(local_study.os, "name", "nt")
    with pytest.raises(OSError, match="LocalStudy needs Linux or macOS"):
        LocalStudy(GRID)


def test_the_command_line_checks_workers_and_timeout(capsys):
    with pytest.raises(SystemExit):
        main(["--workers", "-1"])
    assert "--workers must be 0 or more, got -1" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--timeout", "0"])
    assert "--timeout must be a positive number of seconds, got 0.0" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "KERASTUNER_ORACLE_IP" in capsys.readouterr().out
