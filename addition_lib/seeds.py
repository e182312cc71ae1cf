"""Seeds: every random draw in the library takes one."""

from __future__ import annotations

import random
import sys

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


MAX_GLOBAL_SEED = 2**32 - 1


def set_global_seed(seed: int) -> None:
    """Seed Python's, NumPy's and Keras's global generators, as
    ``keras.utils.set_random_seed`` does, without starting TensorFlow needlessly.

    Keras's own function imports TensorFlow whenever it is installed, to seed its
    generator for ``tf.data``, even when the backend is JAX or PyTorch and nothing will
    draw from it: about two seconds in every process. Here TensorFlow's generator is
    seeded when TensorFlow is the backend or has already been imported; otherwise no
    TensorFlow code runs in the process to need it.

    ``seed`` is an integer from 0 to 2**32 - 1 (NumPy's global generator takes no more).
    """
    seed = check_int("seed", seed, minimum=0)
    if seed > MAX_GLOBAL_SEED:
        raise ValueError(
            f"seed must be an integer <= 2**32 - 1 (NumPy's global generator takes "
            f"32 bits), got {seed}"
        )

    import keras
    from keras.src.backend.common import global_state
    from keras.src.random import seed_generator
    from keras.src.utils import rng_utils

    global_state.set_global_attribute(rng_utils.GLOBAL_RANDOM_SEED, seed)
    global_state.set_global_attribute(seed_generator.GLOBAL_SEED_GENERATOR, None)
    random.seed(seed)
    np.random.seed(seed)
    backend = keras.config.backend()
    if backend == "tensorflow" or "tensorflow" in sys.modules:
        import tensorflow as tf

        tf.random.set_seed(seed)
    if backend == "torch":
        import torch

        torch.manual_seed(seed)
