"""Seeds: every random draw in the library takes one."""

from __future__ import annotations

import numpy as np

from .validation import check_int


def as_generator(seed) -> np.random.Generator:
    """Accept ``None``, an ``int`` or a ``numpy.random.Generator`` and return a
    Generator."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    return np.random.default_rng(check_int("seed", seed, minimum=0))
