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


def pytest_collection_modifyitems(config, items):
    import pytest

    for item in items:
        if item.path.name in KERAS_TESTS:
            item.add_marker(pytest.mark.keras)
        if item.path.name in SMOKE_TESTS:
            item.add_marker(pytest.mark.smoke)
