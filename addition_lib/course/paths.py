"""Where the course keeps files it makes: passed in, never derived from the package.

Trained models are cached in one folder outside the course's tracked files, so the
library works from any folder (and from an installed copy, not only a checkout):
``$COURSE_MODELS_DIR`` if set, otherwise ``~/.cache/addition-course/models``.
"""

from __future__ import annotations

import os
from pathlib import Path

MODELS_ENV_VAR = "COURSE_MODELS_DIR"


def models_dir() -> Path:
    """The folder for trained models (created when a model is first saved)."""
    chosen = os.environ.get(MODELS_ENV_VAR, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    return Path.home() / ".cache" / "addition-course" / "models"
