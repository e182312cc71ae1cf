"""Settings for every pytest run of the course, whichever folder or notebook it is given."""

from pathlib import Path

SANITIZE = Path(__file__).resolve().parent / "nbval-sanitize.cfg"


def pytest_configure(config):
    # Outputs that differ between Keras backends only in a backend's name are compared
    # without it (see nbval-sanitize.cfg), unless a run names its own sanitize file.
    if hasattr(config.option, "nbval_sanitize_with") and config.option.nbval_sanitize_with is None:
        config.option.nbval_sanitize_with = str(SANITIZE)


def pytest_report_header(config):
    from addition_lib.backends import DEFAULT_BACKEND, ENV_VAR, chosen_backend

    how = f"{ENV_VAR}={chosen_backend()}" if chosen_backend() != DEFAULT_BACKEND else "the course's default"
    return f"Keras backend: {chosen_backend()} ({how}; set {ENV_VAR} to choose another)"
