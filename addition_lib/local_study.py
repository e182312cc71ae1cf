"""The model-size study on a chief and N workers started here, on this machine.

:class:`LocalStudy` and :func:`run_local_study` start a chief and N workers of
``python -m addition_lib.experiments.model_size`` on this machine, on a free port, one
thread each (see :func:`~addition_lib.distributed.process_env`). They echo every
process's output, and stop every process when the study ends, fails, times out or is
interrupted. A process that dies or does not finish in time raises
:class:`~addition_lib.distributed.StudyProcessError`, which names it. ``--workers N`` on
the command line uses them (:func:`launch_from_command_line`). Taught in exercise 3.
"""

from __future__ import annotations

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

from .validation import check_int

# isort: split

from .distributed import (
    BACKSTOP_SECONDS,
    DEADLINE_VAR,
    PARENT_VAR,
    StudyProcessError,
    check_host,
    check_timeout,
    free_port,
    held_trials,
    process_env,
)

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
        self.timeout = check_timeout(timeout)
        self.host = check_host(host)
        self.port = None if port is None else check_int("port", port, minimum=1)
        if echo is not None and not callable(echo):
            raise TypeError(f"echo must be a function of one line, or None, got {echo!r}")
        self.echo = echo
        from .experiments.model_size import command_line_parser

        parsed = command_line_parser().parse_args(self.study_args)
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
            env[DEADLINE_VAR] = str(time.time() + left + BACKSTOP_SECONDS)
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
