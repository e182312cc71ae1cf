"""The library's global seed (seeds.set_global_seed) and TensorFlow imported only when needed."""

import random
import sys

import numpy as np
import pytest

from addition_lib import CHAPTER_PROBLEM, build_model, keras
from addition_lib.seeds import MAX_GLOBAL_SEED, set_global_seed


def _draws():
    """One draw from every global generator a training run can use."""
    draws = [random.random(), np.random.rand(3), keras.ops.convert_to_numpy(keras.random.uniform((3,)))]
    if "tensorflow" in sys.modules:
        import tensorflow as tf

        draws.append(tf.random.uniform((3,)).numpy())
    return draws


@pytest.mark.keras
@pytest.mark.parametrize("seed", [0, 7, np.int64(7), MAX_GLOBAL_SEED])
def test_the_same_draws_as_keras_own_seeding(seed):
    keras.utils.set_random_seed(int(seed))
    expected = _draws()
    keras.utils.set_random_seed(int(seed) ^ 1)  # something else first, then ours
    _draws()
    set_global_seed(seed)
    for got, want in zip(_draws(), expected, strict=True):
        np.testing.assert_array_equal(got, want)
    from keras.src.utils.rng_utils import get_random_seed

    assert get_random_seed() == int(seed)


@pytest.mark.keras
def test_a_model_built_after_it_starts_from_the_same_weights():
    set_global_seed(3)
    first = build_model(CHAPTER_PROBLEM).get_weights()
    keras.utils.set_random_seed(3)
    second = build_model(CHAPTER_PROBLEM).get_weights()
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    "seed, error, message",
    [
        ("1", TypeError, r"seed must be an integer, got '1' \(str\)"),
        (1.0, TypeError, r"seed must be an integer, got 1.0 \(float\)"),
        (True, TypeError, r"seed must be an integer, got True \(bool\)"),
        (None, TypeError, r"seed must be an integer, got None"),
        (-1, ValueError, r"seed must be an integer >= 0, got -1"),
        (MAX_GLOBAL_SEED + 1, ValueError, r"seed must be an integer <= 2\*\*32 - 1 .*got 4294967296"),
        (np.uint64(2**63), ValueError, r"got 9223372036854775808"),
    ],
)
def test_bad_seeds_are_named(seed, error, message):
    with pytest.raises(error, match=message):
        set_global_seed(seed)


def test_build_model_names_a_seed_numpy_cannot_take():
    with pytest.raises(ValueError, match=r"seed must be an integer <= 2\*\*32 - 1"):
        build_model(CHAPTER_PROBLEM, seed=2**32)


# That TensorFlow starts only when something needs it (Keras's saver), and quietly, is checked
# in a fresh process by tests/test_backends.py's save-and-load test.
