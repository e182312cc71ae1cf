"""One switch that shrinks training budgets for CI: the ``COURSE_QUICK`` variable.

A student who opens a solution gets its full budget. ``python3 course.py test``
sets ``COURSE_QUICK=1`` so that the training-heavy notebooks run in seconds;
their figures are then only a smoke test and are never recorded.
"""

from __future__ import annotations

import os

ENV_VAR = "COURSE_QUICK"


def quick() -> bool:
    """True when ``COURSE_QUICK`` is set to ``1`` (or ``true``/``yes``)."""
    value = os.environ.get(ENV_VAR, "0").strip().lower()
    if value in {"", "0", "false", "no"}:
        return False
    if value in {"1", "true", "yes"}:
        return True
    raise ValueError(f"{ENV_VAR} must be 0 or 1, got {os.environ[ENV_VAR]!r}")


def budget(full, quick_value):
    """``full`` normally, ``quick_value`` under ``COURSE_QUICK=1``."""
    return quick_value if quick() else full
