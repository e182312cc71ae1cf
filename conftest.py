"""Settings for every pytest run of the course, whichever folder or notebook it is given."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

SANITIZE = Path(__file__).resolve().parent / "nbval-sanitize.cfg"
TUNER_RUNS_MADE_BY = "COURSE_TUNER_RUNS_MADE_BY_PID"  # set with a folder pytest made


def pytest_configure(config):
    # Each pytest process (each xdist worker too) keeps its KerasTuner searches in a folder
    # of its own, removed at the end: an exercise and its solution run at once never share
    # a search's project folder, and a test run leaves a student's own searches alone.
    # An xdist worker inherits its controller's folder, so it makes one of its own too.
    if not os.environ.get("COURSE_TUNER_RUNS_DIR") or os.environ.get(TUNER_RUNS_MADE_BY):
        config._course_tuner_runs = tempfile.mkdtemp(prefix="course-tuner-runs-")
        os.environ["COURSE_TUNER_RUNS_DIR"] = config._course_tuner_runs
        os.environ[TUNER_RUNS_MADE_BY] = str(os.getpid())
    # Outputs that differ between Keras backends only in a backend's name are compared
    # without it (see nbval-sanitize.cfg), unless a run names its own sanitize file.
    if hasattr(config.option, "nbval_sanitize_with") and config.option.nbval_sanitize_with is None:
        config.option.nbval_sanitize_with = str(SANITIZE)


def pytest_unconfigure(config):
    folder = getattr(config, "_course_tuner_runs", None)
    if folder:
        for variable in ("COURSE_TUNER_RUNS_DIR", TUNER_RUNS_MADE_BY):
            os.environ.pop(variable, None)
        shutil.rmtree(folder, ignore_errors=True)


def pytest_report_header(config):
    from addition_lib.backends import DEFAULT_BACKEND, ENV_VAR, chosen_backend

    how = f"{ENV_VAR}={chosen_backend()}" if chosen_backend() != DEFAULT_BACKEND else "the course's default"
    return f"Keras backend: {chosen_backend()} ({how}; set {ENV_VAR} to choose another)"


# The order in which course.py's two xdist processes take files (one file at a time, in this
# order, with --no-loadscope-reorder): the unit tests first, then the notebooks, exercises
# and solutions, and last the quick NumPy-only tests, which even out the two processes'
# finishing times. JAX keeps what it compiles on disk, so a notebook that builds the same
# models as a unit test before it (a check run on a solution, say) finds them compiled;
# pytest-xdist's own order (the files with the most tests first) ran such pairs at once,
# and both compiled.
RUN_ORDER = ("tests", "notebooks", "exercises", "solutions")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    def rank(item):
        if item.get_closest_marker("pipeline"):
            return len(RUN_ORDER)
        folder = item.path.relative_to(config.rootpath).parts[0]
        return RUN_ORDER.index(folder) if folder in RUN_ORDER else len(RUN_ORDER)

    items[:] = sorted(items, key=rank)  # stable: each file's own order is kept
