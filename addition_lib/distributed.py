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
* :class:`LocalStudy` and :func:`run_local_study` start a chief and N workers of
  ``python -m addition_lib.experiments.model_size`` on this machine, on a free port, one
  thread each (see :func:`process_env`). They echo every process's output, and stop
  every process when the study ends, fails, times out or is interrupted. A process that
  dies or does not finish in time raises :class:`StudyProcessError`, which names it.
* :func:`serve_chief` is the chief's side: KerasTuner's own oracle service, with a check
  that the port could be opened, a prompt exit once the grid is done, and a timeout that
  names the workers still holding a cell.
* :func:`run_worker` is a worker's side: KerasTuner's own loop, which waits for the
  chief, prints a line per cell, and pauses between requests while no cell is free
  (KerasTuner would ask again at once, over and over, taking CPU from the workers still
  training).
* :func:`start_watchdog` makes a process exit if it outlives its time limit or the
  process that started it, so that no process is ever left behind.

``python -m addition_lib.experiments.model_size --workers 2`` uses :class:`LocalStudy`;
the same command run by hand with the three variables set is a chief or a worker on any
machine (see its ``--help``).
"""

from __future__ import annotations

import json
import numbers
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
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
_BACKSTOP_SECONDS = 15.0
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
    _check_host(host)
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


def _check_host(host) -> str:
    if not isinstance(host, str) or not host:
        raise TypeError(
            f"host must be a non-empty string, such as '127.0.0.1', got {host!r}"
        )
    return host


def _check_timeout(timeout) -> float | None:
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

    timeout = _check_timeout(timeout)
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
    timeout = _check_timeout(timeout)
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


# ---------------------------------------------------------------- chief and workers here


@dataclass
class StudyProcess:
    """One process of a :class:`LocalStudy`: its name, pid, output and figures."""

    name: str
    pid: int
    started: float
    lines: list[str] = field(default_factory=list)
    returncode: int | None = None
    seconds: float | None = None
    cpu_seconds: float | None = None

    @property
    def cores(self) -> float | None:
        """CPU time over wall-clock time: at most about 1 for a process of one thread."""
        if self.seconds is None or self.cpu_seconds is None or self.seconds <= 0:
            return None
        return self.cpu_seconds / self.seconds


@dataclass
class StudyRun:
    """What :func:`run_local_study` returns: every process, and the whole run's time."""

    processes: dict[str, StudyProcess]
    seconds: float
    project_dir: Path

    def output(self, name: str = "chief") -> str:
        """Everything process ``name`` printed."""
        return "\n".join(self.processes[name].lines)


class LocalStudy:
    """A chief and ``workers`` workers of ``python -m
    addition_lib.experiments.model_size`` here.

    Parameters
    ----------
    study_args : list of str
        The study command's arguments, the same for every process (``--directory``,
        ``--digits``, ``--csv``, ...; not ``--workers`` or ``--timeout``). The chief
        writes the CSV and the heatmap; workers never start the directory afresh.
    workers : int
        How many worker processes train cells; the chief only hands them out.
    timeout : float or None
        Seconds the whole run may take. Past it, every process is stopped and
        :class:`StudyProcessError` names the workers still holding a cell.
    host, port : where the chief listens (default: ``127.0.0.1``, a free port).
    echo : callable or None
        Called with every line a process prints, after its name (default: ``print``).

    ``start()`` starts every process (the workers wait for the chief); ``poll()``
    watches for one round and says whether the run is over; ``wait()`` polls until it is
    and returns a :class:`StudyRun`; ``close()`` stops whatever still runs. Use it as a
    context manager, or call :func:`run_local_study`. Any error stops every process.
    """

    def __init__(
        self,
        study_args: Sequence[str],
        *,
        workers: int = 2,
        timeout: float | None = 600,
        host: str = "127.0.0.1",
        port: int | None = None,
        echo: Callable[[str], object] | None = print,
    ):
        if os.name != "posix":
            raise OSError(
                "LocalStudy needs Linux or macOS (it uses process groups); "
                "elsewhere, start the chief and the workers by hand (see "
                "python -m addition_lib.experiments.model_size --help)"
            )
        if (
            isinstance(study_args, (str, bytes))
            or not isinstance(study_args, Sequence)
            or not all(isinstance(arg, str) for arg in study_args)
        ):
            raise TypeError(f"study_args must be a list of strings, got {study_args!r}")
        self.study_args = list(study_args)
        self.workers = check_int("workers", workers, minimum=1)
        self.timeout = _check_timeout(timeout)
        self.host = _check_host(host)
        self.port = None if port is None else check_int("port", port, minimum=1)
        if echo is not None and not callable(echo):
            raise TypeError(f"echo must be a function of one line, or None, got {echo!r}")
        self.echo = echo
        from .experiments.model_size import _parser

        parsed = _parser().parse_args(self.study_args)
        if parsed.workers or parsed.timeout is not None:
            raise ValueError(
                "study_args must not hold --workers or --timeout: "
                "pass workers= and timeout="
            )
        self.project_dir = Path(parsed.directory) / parsed.project_name
        self.processes: dict[str, StudyProcess] = {}
        self._popens: dict[str, subprocess.Popen] = {}
        self._readers: list[threading.Thread] = []
        self._lines: queue.Queue = queue.Queue()
        self._started = self._deadline = self._chief_done = None
        self._serving = False
        self._notes: list[str] = []

    @property
    def names(self) -> list[str]:
        return ["chief", *(f"tuner{i}" for i in range(self.workers))]

    # ------------------------------------------------------------ starting

    def start(self) -> LocalStudy:
        if self._started is not None:
            raise RuntimeError("this LocalStudy was already started")
        self._started = time.monotonic()
        if self.timeout is not None:
            self._deadline = self._started + self.timeout
        self.port = self.port or free_port(self.host)
        for name in self.names:  # the workers wait for the chief to listen (run_worker)
            self._launch(name)
        return self

    def _launch(self, name: str) -> None:
        env = process_env(name, self.host, self.port)
        env[PARENT_VAR] = str(os.getpid())
        if self._deadline is not None:
            left = self._deadline - time.monotonic()
            env[DEADLINE_VAR] = str(time.time() + left + _BACKSTOP_SECONDS)
        popen = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "addition_lib.experiments.model_size",
                *self.study_args,
            ],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
            start_new_session=True,  # its own process group: stopped as one, never by ^C
        )
        self._popens[name] = popen
        self.processes[name] = StudyProcess(name, popen.pid, time.monotonic())
        reader = threading.Thread(
            target=self._read,
            args=(name, popen.stdout),
            name=f"study-output-{name}",
            daemon=True,
        )
        reader.start()
        self._readers.append(reader)

    def _read(self, name: str, stream) -> None:
        # One thread per process, so that no process ever blocks on a full pipe.
        for line in stream:
            self._lines.put((name, line.rstrip("\n")))

    def _chief_listens(self) -> bool:
        try:
            with socket.create_connection((self.host, self.port), timeout=0.5):
                return True
        except OSError:
            return False

    # ------------------------------------------------------------ watching

    def poll(self) -> bool:
        """One round: show new output, notice ended processes, enforce the timeout.

        Returns True once every process has ended well. Raises
        :class:`StudyProcessError`, after stopping every process, when one failed or
        time ran out.
        """
        if self._started is None:
            raise RuntimeError("call start() first")
        try:
            return self._poll()
        except BaseException:
            self.close()
            raise

    def _poll(self) -> bool:
        self._show_output()
        self._reap()
        for name, process in self.processes.items():
            if process.returncode not in (None, 0):
                self._show_output()
                message = self._death_message(process)
                raise StudyProcessError(message, [name], [process.pid])
        chief = self.processes["chief"]
        if not self._serving and chief.returncode is None and self._chief_listens():
            self._serving = True
        if chief.returncode == 0:
            if not self._serving:
                raise StudyProcessError(
                    f"the chief (pid {chief.pid}) ended before it "
                    f"handed out any cell{self._tail(chief)}",
                    ["chief"],
                    [chief.pid],
                )
            self._chief_done = self._chief_done or time.monotonic()
            late = [p for p in self.processes.values() if p.returncode is None]
            if late and time.monotonic() - self._chief_done > 5:
                # The grid was done before these workers asked for a cell: nothing lost.
                self._notes += [
                    f"stopped {p.name}: the grid was finished before it asked for a cell"
                    for p in late
                ]
                self._stop(late)
            return all(p.returncode is not None for p in self.processes.values())
        if self._deadline is not None and time.monotonic() > self._deadline:
            raise self._timeout_error()
        return False

    def wait(self) -> StudyRun:
        """Poll until the run is over; return a :class:`StudyRun`. Stops all on error."""
        if self._started is None:
            self.start()
        try:
            while not self.poll():
                time.sleep(0.1)
        finally:
            self.close()
        for note in self._notes:
            self._say(note)
        return StudyRun(
            dict(self.processes), time.monotonic() - self._started, self.project_dir
        )

    def _say(self, line: str) -> None:
        if self.echo is not None:
            self.echo(line)

    def _show_output(self) -> None:
        while True:
            try:
                name, line = self._lines.get_nowait()
            except queue.Empty:
                return
            self.processes[name].lines.append(line)
            self._say(f"[{name}] {line}")

    def _reap(self) -> None:
        for name, process in self.processes.items():
            if process.returncode is None:
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    self._ended(name, status, usage)

    def _ended(self, name: str, status: int, usage) -> None:
        process = self.processes[name]
        process.returncode = os.waitstatus_to_exitcode(status)
        self._popens[name].returncode = process.returncode  # reaped here, not by Popen
        process.seconds = time.monotonic() - process.started
        process.cpu_seconds = usage.ru_utime + usage.ru_stime

    def _tail(self, process: StudyProcess, n: int = 8) -> str:
        lines = [line for line in process.lines if line.strip()][-n:]
        if not lines:
            return " (it printed nothing)"
        return "; its last output:\n    " + "\n    ".join(lines)

    def _death_message(self, process: StudyProcess) -> str:
        code = process.returncode
        if code < 0 and -code in signal.valid_signals():
            how = f"was killed by {signal.Signals(-code).name}"
        else:
            how = f"exited with code {code}"
        who = "the chief" if process.name == "chief" else f"worker {process.name}"
        return (
            f"{who} (pid {process.pid}) {how} before the study was finished"
            f"{self._tail(process)}"
        )

    def _timeout_error(self) -> StudyProcessError:
        start = f"the study did not finish within {self.timeout:g} s: "
        chief = self.processes["chief"]
        if not self._serving:
            return StudyProcessError(
                f"{start}the chief (pid {chief.pid}) never listened "
                f"on {self.host}:{self.port}{self._tail(chief)}",
                ["chief"],
                [chief.pid],
            )
        running = [p for p in self.processes.values() if p.returncode is None]
        held = held_trials(self.project_dir)
        stuck = [p for p in running if p.name in held] or running
        what = "; ".join(
            f"worker {p.name} (pid {p.pid}) still holds {held[p.name]}"
            for p in stuck
            if p.name in held
        )
        if not what:
            what = "still running: " + ", ".join(f"{p.name} (pid {p.pid})" for p in stuck)
        names, pids = [p.name for p in stuck], [p.pid for p in stuck]
        return StudyProcessError(start + what, names, pids)

    # ------------------------------------------------------------ stopping

    def close(self) -> None:
        """Stop every process that still runs (SIGTERM, then SIGKILL) and wait for it."""
        self._stop([p for p in self.processes.values() if p.returncode is None])
        for reader in self._readers:
            reader.join(timeout=2)
        self._show_output()
        for popen in self._popens.values():
            if popen.stdout is not None:
                popen.stdout.close()

    def _stop(self, processes: Sequence[StudyProcess], grace: float = 3.0) -> None:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            for process in processes:
                if process.returncode is None:
                    try:
                        os.killpg(process.pid, sig)  # the process and anything it started
                    except ProcessLookupError:
                        pass
            ends = time.monotonic() + grace
            while time.monotonic() < ends and any(
                p.returncode is None for p in processes
            ):
                self._reap()
                time.sleep(0.05)
        for process in processes:
            if process.returncode is None:  # SIGKILL cannot be refused: a short wait
                _, status, usage = os.wait4(process.pid, 0)
                self._ended(process.name, status, usage)

    def __enter__(self) -> LocalStudy:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def run_local_study(
    study_args: Sequence[str],
    *,
    workers: int = 2,
    timeout: float | None = 600,
    host: str = "127.0.0.1",
    port: int | None = None,
    echo: Callable[[str], object] | None = print,
) -> StudyRun:
    """Run the study on a chief and ``workers`` workers on this machine; wait for it.

    See :class:`LocalStudy` for the arguments. Returns a :class:`StudyRun`; the chief's
    output holds the table, and the CSV and the heatmap are where ``--csv`` and
    ``--heatmap`` say. Raises :class:`StudyProcessError`, naming the process at fault,
    if one dies or time runs out. Every process is stopped before this returns or
    raises, also on KeyboardInterrupt.
    """
    with LocalStudy(
        study_args, workers=workers, timeout=timeout, host=host, port=port, echo=echo
    ) as study:
        return study.start().wait()


# ---------------------------------------------------------------- the command line


def study_arguments(parser, args) -> list[str]:
    """The arguments that give ``args`` again, without ``--workers`` and ``--timeout``."""
    argv = []
    for action in parser._actions:
        if not action.option_strings or action.dest in ("help", "workers", "timeout"):
            continue
        value = getattr(args, action.dest)
        option = max(action.option_strings, key=len)
        if value is None or value is False:
            continue
        if value is True:
            argv.append(option)
        elif isinstance(value, (list, tuple)):
            argv += [option, *map(str, value)]
        else:
            argv += [option, str(value)]
    return argv


def launch_from_command_line(parser, args) -> None:
    """``python -m addition_lib.experiments.model_size --workers N``: a chief and N
    workers, here."""

    def stop(signum, frame):
        raise SystemExit(128 + signum)  # so that every process is stopped on the way out

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        run = run_local_study(
            study_arguments(parser, args), workers=args.workers, timeout=args.timeout
        )
    except StudyProcessError as error:
        parser.exit(1, f"error: {error}\n")
    finally:
        signal.signal(signal.SIGTERM, previous)
    used = ", ".join(
        f"{p.name} {p.cpu_seconds:.1f} s ({p.cores:.2f})" for p in run.processes.values()
    )
    print(
        f"the chief and {args.workers} workers took {run.seconds:.1f} s; "
        f"CPU time (cores used): {used}"
    )
