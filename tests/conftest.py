import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


# `course.py test` runs the whole suite on the default backend, then these on the others:
# on TensorFlow every unit test that builds, trains, saves or tunes a Keras model, and on
# PyTorch the backend tests (choosing a backend, saving and loading across backends, a
# short training run).
KERAS_TESTS = frozenset({
    "test_backends.py",
    "test_beam_search.py",
    "test_decoder_comparison.py",
    "test_evaluation.py",
    "test_keras_tuner_install.py",
    "test_lstm_cell.py",
    "test_model.py",
    "test_model_size.py",
    "test_teacher_forcing.py",
    "test_time_to_target.py",
    "test_training.py",
    "test_tuners.py",
})
SMOKE_TESTS = frozenset({"test_backends.py"})


def pytest_collection_modifyitems(config, items):
    import pytest

    for item in items:
        if item.path.name in KERAS_TESTS:
            item.add_marker(pytest.mark.keras)
        if item.path.name in SMOKE_TESTS:
            item.add_marker(pytest.mark.smoke)
