import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


# `course.py test` runs the whole suite on the default backend, then these on the others:
# on TensorFlow the unit tests of the library's Keras core (building, training, scoring,
# saving and loading), and on PyTorch the backend tests
# (choosing a backend, saving and loading across backends, a short training run). The
# experiments' own tests run on the default backend only, to keep the whole command within
# its time budget.
KERAS_TESTS = frozenset({
    "test_backends.py",
    "test_model.py",
    "test_training.py",
})
SMOKE_TESTS = frozenset({"test_backends.py"})
# The unit tests that need only NumPy (the data pipeline, questions, splits, carries, the
# checks of the data steps, the repository's own rules). .ci/run runs these on the other
# Python versions the project supports, in environments without Keras:
# `python3 tests/conftest.py` lists them.
PIPELINE_TESTS = frozenset({
    "test_arithmetic.py",
    "test_carries.py",
    "test_carry_checks.py",
    "test_chapter_listings.py",
    "test_dataset.py",
    "test_environment.py",
    "test_extension_steps.py",
    "test_held_out_sets.py",
    "test_lengths.py",
    "test_recorded_results.py",
    "test_splits.py",
    "test_steps.py",
    "test_style.py",
})


def pytest_collection_modifyitems(config, items):
    import pytest

    for item in items:
        if item.path.name in KERAS_TESTS:
            item.add_marker(pytest.mark.keras)
        if item.path.name in SMOKE_TESTS:
            item.add_marker(pytest.mark.smoke)
        if item.path.name in PIPELINE_TESTS:
            item.add_marker(pytest.mark.pipeline)


if __name__ == "__main__":
    print(" ".join(f"tests/{name}" for name in sorted(PIPELINE_TESTS)))
