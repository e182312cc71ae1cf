"""The model-size study on several processes: KerasTuner's chief and workers, for real.

KerasTuner spreads a search over processes by itself. One **chief** holds the oracle
(for a grid search, the cells still to train) behind a small gRPC service; every
**worker** runs the same program, asks the chief for a cell, trains it, reports its
scores and asks again, until the chief says the grid is done. Three environment
variables switch this on in each process: ``KERASTUNER_TUNER_ID`` (``chief``,
``tuner0``, ``tuner1``, ...), ``KERASTUNER_ORACLE_IP`` and ``KERASTUNER_ORACLE_PORT``
(where the chief listens).

This module adds what a real run needs around that:

* The grid itself is :class:`~addition_lib.tuners.GridSearch`, whose oracle hands out
  every cell as soon as a worker asks (KerasTuner 1.4's own ``GridSearch`` finds each
  next cell from the latest finished one, so after the first two cells its workers would
  take turns).
* :func:`process_env` is the environment of one process (KerasTuner's variables, one
  thread); :mod:`addition_lib.local_study` starts a chief and N workers on this machine
  with it. A process that dies or does not finish in time raises
  :class:`StudyProcessError`, which names it.
* :func:`serve_chief` is the chief's side: KerasTuner's own oracle service, with a check
  that the port could be opened, a prompt exit once the grid is done, and a timeout that
  names the workers still holding a cell.
* :func:`run_worker` is a worker's side: KerasTuner's own loop, which waits for the
  chief, prints a line per cell, and pauses between requests while no cell is free
  (KerasTuner would ask again at once, over and over, taking CPU from the workers still
  training).
* :func:`start_watchdog` makes a process exit if it outlives its time limit or the
  process that started it, so that no process is ever left behind.

``python -m addition_lib.experiments.model_size --workers 2`` uses
:class:`~addition_lib.local_study.LocalStudy`;
the same command run by hand with the three variables set is a chief or a worker on any
machine (see its ``--help``).
"""

from __future__ import annotations

import json
import numbers
import os
import socket
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from .tuners import grid_tuner  # imports Keras quietly, before KerasTuner
from .validation import check_int

# isort: split
from keras_tuner.engine.trial import TrialStatus

ONE_THREAD = {
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "TF_NUM_INTRAOP_THREADS": "1",
    "TF_NUM_INTEROP_THREADS": "1",
}
"""Variables that keep TensorFlow's, OpenMP's and BLAS's thread pools to one thread."""

XLA_ONE_THREAD = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
"""Added to ``XLA_FLAGS``: Keras compiles ``fit`` with XLA, which has its own threads."""

PARENT_VAR = "ADDITION_LIB_STUDY_PARENT"
"""Set by :class:`LocalStudy` in each process it starts: its own process id."""

DEADLINE_VAR = "ADDITION_LIB_STUDY_DEADLINE"
"""Set by :class:`LocalStudy`: the ``time.time()`` by which its processes must be gone."""

# How long after LocalStudy's own deadline a process it started stops by itself.
BACKSTOP_SECONDS = 15.0
_IDLE_WAIT = 0.2  # seconds a worker waits before asking again when no cell is free
_LIBRARY_ROOT = str(Path(__file__).resolve().parents[1])


class StudyProcessError(RuntimeError):
    """A process of a distributed study died or did not finish in time.

    ``names`` are the processes at fault (``'chief'``, ``'tuner0'``, ...), ``pids``
    their process ids.
    """

    def __init__(self, message: str, names: Sequence[str] = (), pids: Sequence[int] = ()):
        super().__init__(message)
        self.names = tuple(names)
        self.pids = tuple(pids)


# ---------------------------------------------------------------- the grid


def _cell(values) -> str:
    return ", ".join(f"{name}={value}" for name, value in values.items())


# ---------------------------------------------------------------- processes and ports


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port of ``host`` that nothing listens on now (the system picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def process_env(tuner_id: str, host: str, port: int, *, base=None) -> dict[str, str]:
    """The environment of one process of a study: KerasTuner's variables, one thread.

    ``base`` (default: this process's environment) is copied, never changed. The folder
    holding ``addition_lib`` comes first on ``PYTHONPATH``, so every process imports the
    same code.

    >>> env = process_env("tuner0", "127.0.0.1", 8000, base={})
    >>> env["KERASTUNER_TUNER_ID"], env["KERASTUNER_ORACLE_PORT"], env["OMP_NUM_THREADS"]
    ('tuner0', '8000', '1')
    """
    if not isinstance(tuner_id, str) or not tuner_id:
        raise TypeError(f"tuner_id must be a non-empty string, got {tuner_id!r}")
    check_host(host)
    port = check_int("port", port, minimum=1)
    if port > 65535:
        raise ValueError(f"port must be at most 65535, got {port}")
    env = dict(os.environ if base is None else base)
    env.update(ONE_THREAD)
    env["XLA_FLAGS"] = f"{env.get('XLA_FLAGS', '')} {XLA_ONE_THREAD}".strip()
    env["KERASTUNER_TUNER_ID"] = tuner_id
    env["KERASTUNER_ORACLE_IP"] = host
    env["KERASTUNER_ORACLE_PORT"] = str(port)
    paths = (_LIBRARY_ROOT, env.get("PYTHONPATH"))
    env["PYTHONPATH"] = os.pathsep.join(path for path in paths if path)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def check_host(host) -> str:
    if not isinstance(host, str) or not host:
        raise TypeError(
            f"host must be a non-empty string, such as '127.0.0.1', got {host!r}"
        )
    return host


def check_timeout(timeout) -> float | None:
    if timeout is None:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, numbers.Real):
        raise TypeError(f"timeout must be a number of seconds or None, got {timeout!r}")
    if not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}")
    return float(timeout)


def held_trials(project_dir) -> dict[str, str]:
    """The cells workers hold now: ``{'tuner1': 'trial 0003 (digits=1, units=8)', ...}``.

    Read from the chief's records in ``project_dir`` (KerasTuner's ``oracle.json`` and
    ``trial_*/trial.json``); empty if there are none.
    """
    project_dir = Path(project_dir)
    try:
        ongoing = json.loads((project_dir / "oracle.json").read_text())["ongoing_trials"]
    except (OSError, ValueError, KeyError):
        return {}
    held = {}
    for tuner_id, trial_id in ongoing.items():
        try:
            path = project_dir / f"trial_{trial_id}" / "trial.json"
            trial = json.loads(path.read_text())
        except (OSError, ValueError):
            held[tuner_id] = f"trial {trial_id}"
            continue
        # KerasTuner saves oracle.json before it forgets a finished trial: ask the trial.
        if trial.get("status") == "RUNNING":
            cell = _cell(trial["hyperparameters"]["values"])
            held[tuner_id] = f"trial {trial_id} ({cell})"
    return held


# ---------------------------------------------------------------- the chief and a worker


def serve_chief(tuner, *, timeout: float | None = None, poll: float = 0.1) -> None:
    """Hand out ``tuner``'s cells to the workers until all are done (the chief's side).

    This is the service ``tuner.search()`` starts on a chief, with three changes: it
    fails at once, with a clear error, if it cannot listen on ``KERASTUNER_ORACLE_IP``
    and ``KERASTUNER_ORACLE_PORT``; it returns within ``poll`` seconds of the last
    worker leaving (KerasTuner looks every 20 s); and after ``timeout`` seconds it
    raises ``TimeoutError`` naming the workers that still hold a cell. The chief trains
    nothing.
    """
    from concurrent import futures

    import grpc

    # KerasTuner's public API cannot serve an oracle alone: these are what search() uses.
    from keras_tuner.src import protos
    from keras_tuner.src.distribute import oracle_chief

    timeout = check_timeout(timeout)
    host, port = os.environ["KERASTUNER_ORACLE_IP"], os.environ["KERASTUNER_ORACLE_PORT"]
    address = f"{host}:{port}"
    tuner.oracle.verbose = 0  # each worker reports its own cells
    tuner.save()
    servicer = oracle_chief.OracleServicer(tuner.oracle)
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=1))
    protos.get_service_grpc().add_OracleServicer_to_server(servicer, server)
    try:
        bound = server.add_insecure_port(address)
    except RuntimeError:  # newer gRPC raises where older returned 0
        bound = 0
    if not bound:
        raise OSError(
            f"the chief cannot listen on {address} (KERASTUNER_ORACLE_IP:"
            "KERASTUNER_ORACLE_PORT): is the port in use, or the address not "
            "one of this machine's?"
        )
    server.start()
    print(f"chief: handing out cells on {address}", flush=True)
    started = time.monotonic()
    try:
        while not (servicer.stop_triggered and oracle_chief.exit_chief(tuner.oracle)):
            if timeout is not None and time.monotonic() - started > timeout:
                holders = "; ".join(
                    f"worker {tuner_id} still holds trial {trial.trial_id} "
                    f"({_cell(trial.hyperparameters.values)})"
                    for tuner_id, trial in dict(tuner.oracle.ongoing_trials).items()
                )
                holders = holders or "no worker holds a cell (are any running?)"
                raise TimeoutError(
                    f"the grid was not finished within {timeout:g} s: {holders}"
                )
            time.sleep(poll)
    finally:
        server.stop(grace=2).wait(5)
    tuner.save()  # the records on disk now say that no cell is held


def run_worker(hypermodel, directory, project_name: str) -> None:
    """Train the cells the chief hands out until the grid is done (a worker's side).

    The worker waits until the chief listens, so it may start first; it never starts the
    project directory afresh (only the chief does). It prints a line when it takes a
    cell and one when it has trained it.
    """
    _wait_for_chief()  # by then the chief has started the directory afresh
    tuner = grid_tuner(hypermodel, directory, project_name, overwrite=False)
    _pace_and_report(tuner)
    tuner.search(verbose=0)


def _wait_for_chief(poll: float = 0.2) -> None:
    host = os.environ["KERASTUNER_ORACLE_IP"]
    port = int(os.environ["KERASTUNER_ORACLE_PORT"])
    said = False
    while True:
        try:
            with socket.create_connection((host, port), timeout=2):
                return
        except OSError:
            if not said:
                name = os.environ["KERASTUNER_TUNER_ID"]
                print(f"{name}: waiting for the chief at {host}:{port}", flush=True)
                said = True
            time.sleep(poll)


def _pace_and_report(tuner) -> None:
    # KerasTuner's worker loop asks the chief for a cell and, when none is free yet (the
    # last cells still train elsewhere), asks again at once: pause between such requests.
    client = tuner.oracle
    create_trial, run_trial = client.create_trial, tuner.run_trial
    objective = client.objective.name

    def paced_create_trial(tuner_id):
        trial = create_trial(tuner_id)
        if trial.status == TrialStatus.IDLE:
            time.sleep(_IDLE_WAIT)
        return trial

    def reported_run_trial(trial, *args, **kwargs):
        cell = _cell(trial.hyperparameters.values)
        print(f"{tuner.tuner_id}: training trial {trial.trial_id} ({cell})", flush=True)
        started = time.perf_counter()
        results = run_trial(trial, *args, **kwargs)
        seconds = time.perf_counter() - started
        print(
            f"{tuner.tuner_id}: trained trial {trial.trial_id} ({cell}) in "
            f"{seconds:.1f} s: {objective} {_objective_of(results, objective):.4f}",
            flush=True,
        )
        return results

    client.create_trial = paced_create_trial
    tuner.run_trial = reported_run_trial


def _objective_of(results, objective: str) -> float:
    # KerasTuner's run_trial returns one result per execution: a number or a dict.
    result = results[-1] if isinstance(results, list) else results
    return result[objective] if isinstance(result, dict) else float(result)


def start_watchdog(timeout: float | None = None) -> None:
    """Make this process exit after ``timeout`` seconds, or once LocalStudy's has gone.

    A process started by :class:`LocalStudy` exits by itself if the process that started
    it goes away (however it went), or some seconds after that process's deadline, so no
    process is ever left behind. Without ``timeout`` and outside a LocalStudy, nothing
    happens.
    """
    timeout = check_timeout(timeout)
    parent = int(os.environ.get(PARENT_VAR) or 0)
    deadlines = [float(os.environ[DEADLINE_VAR])] if os.environ.get(DEADLINE_VAR) else []
    if timeout is not None:
        deadlines.append(time.time() + timeout)
    if not parent and not deadlines:
        return
    deadline = min(deadlines, default=None)
    name = os.environ.get("KERASTUNER_TUNER_ID", "this process")

    def watch():
        while True:
            if parent and os.getppid() != parent:
                return _give_up(f"{name}: the process that started it has gone; stopping")
            if deadline is not None and time.time() > deadline:
                return _give_up(f"{name}: still running after its time limit; stopping")
            time.sleep(0.5)

    threading.Thread(target=watch, name="study-watchdog", daemon=True).start()


def _give_up(message: str) -> None:
    try:
        print(message, file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass  # nobody reads this process's output any more
    finally:
        os._exit(3)
