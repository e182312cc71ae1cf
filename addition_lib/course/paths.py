"""Where the course keeps files it makes: passed in, never derived from the package.

Trained models and tuner searches are kept in one folder outside the course's tracked
files, so the library works from any folder (and from an installed copy, not only a
checkout): ``~/.cache/addition-course``, or the folders named by ``$COURSE_MODELS_DIR``
and ``$COURSE_TUNER_RUNS_DIR``.
"""

from __future__ import annotations

import os
from pathlib import Path

MODELS_ENV_VAR = "COURSE_MODELS_DIR"
TUNER_RUNS_ENV_VAR = "COURSE_TUNER_RUNS_DIR"
CACHE = Path.home() / ".cache" / "addition-course"


def models_dir() -> Path:
    """The folder for trained models (created when a model is first saved)."""
    chosen = os.environ.get(MODELS_ENV_VAR, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    return CACHE / "models"


def tuner_runs_dir() -> Path:
    """The one folder where every KerasTuner search keeps its trials, outside the
    folders a student browses: ``$COURSE_TUNER_RUNS_DIR`` or
    ``~/.cache/addition-course/tuner_runs``."""
    chosen = os.environ.get(TUNER_RUNS_ENV_VAR, "").strip()
    return Path(chosen).expanduser() if chosen else CACHE / "tuner_runs"
