"""The chapter's encoder-decoder network, an exact-match metric, and saving.

    input (n_in, n_chars) -> LSTM(75) -> RepeatVector(n_out)
        -> LSTM(50, return_sequences=True) -> TimeDistributed(Dense(n_chars, softmax))

The encoder reads the whole input and keeps only its final state: one vector
of 75 numbers. ``RepeatVector`` hands that same vector to the decoder once per
output step, and the decoder writes one character per step.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from pathlib import Path

from ._keras import keras
from .problem import CHAPTER_PROBLEM, ArithmeticProblem, problem_from_dict
from .quiet import silenced_library_warnings
from .validation import check_int, check_problem

ops = keras.ops
_PROBLEM_ENTRY = "addition_problem.json"


def exact_match(y_true, y_pred):
    """1.0 for each sample whose every character is right, else 0.0.

    Both arguments have shape ``(batch, n_steps, n_chars)``; the result has shape ``(batch,)``.
    """
    same = ops.equal(ops.argmax(y_true, axis=-1), ops.argmax(y_pred, axis=-1))
    return ops.cast(ops.all(same, axis=-1), "float32")


@keras.saving.register_keras_serializable(package="addition_lib")
class ExactMatch(keras.metrics.MeanMetricWrapper):
    """Share of answers with every character right (whole-answer accuracy).

    Keras's ``accuracy`` counts characters: an answer ``'27'`` for ``'28'``
    still scores 50%. This metric scores it 0.
    """

    def __init__(self, name="exact_match", dtype=None):
        super().__init__(fn=exact_match, name=name, dtype=dtype)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


def build_model(
    problem: ArithmeticProblem = CHAPTER_PROBLEM,
    *,
    encoder_units: int = 75,
    decoder_units: int = 50,
    seed: int | None = None,
) -> keras.Model:
    """Build and compile the chapter's encoder-decoder LSTM for ``problem``.

    ``seed`` fixes the initial weights (and Python's, NumPy's and TensorFlow's
    global generators, through ``keras.utils.set_random_seed``). The model is
    compiled with categorical cross-entropy and Adam and reports two metrics:
    ``char_accuracy`` (Keras's per-character accuracy) and ``exact_match``.
    Taught in notebooks 01 and 07.
    """
    problem = check_problem(problem)
    encoder_units = check_int("encoder_units", encoder_units, minimum=1)
    decoder_units = check_int("decoder_units", decoder_units, minimum=1)
    if seed is not None:
        keras.utils.set_random_seed(check_int("seed", seed, minimum=0))
    layers = keras.layers
    model = keras.Sequential(
        [
            keras.Input(shape=(problem.n_in_seq_length, problem.n_chars)),
            layers.LSTM(encoder_units, name="encoder"),
            layers.RepeatVector(problem.n_out_seq_length, name="repeat"),
            layers.LSTM(decoder_units, return_sequences=True, name="decoder"),
            layers.TimeDistributed(layers.Dense(problem.n_chars, activation="softmax"), name="output"),
        ],
        name="encoder_decoder",
    )
    model.compile(
        loss="categorical_crossentropy",
        optimizer="adam",
        metrics=[keras.metrics.CategoricalAccuracy(name="char_accuracy"), ExactMatch()],
    )
    model.problem = problem
    return model


def problem_of(model) -> ArithmeticProblem:
    """The problem a model was built for (kept by build_model and load_model)."""
    problem = getattr(model, "problem", None)
    if not isinstance(problem, ArithmeticProblem):
        raise ValueError(
            "model has no .problem; build it with build_model or load it with "
            "load_model, "
            "or pass problem= explicitly"
        )
    return problem


def _check_keras_path(path) -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file path such as 'models/chapter.keras', got {path!r}")
    path = Path(path)
    if path.suffix != ".keras":
        raise ValueError(f"path must end in '.keras', got {str(path)!r}")
    return path


def save_model(model, path) -> Path:
    """Save ``model`` in Keras's ``.keras`` format, with the problem it solves (notebook 08).

    The problem description is one extra small JSON entry inside the archive, so
    :func:`load_model` can give it back. The archive is written to a temporary file
    next to ``path`` and renamed into place, so an interrupted save never leaves a
    half-written file behind. An untrained model's optimizer is built first, so the
    round trip restores it without a warning.
    """
    path = _check_keras_path(path)
    problem = problem_of(model)
    if model.optimizer is not None and not model.optimizer.built:
        model.optimizer.build(model.trainable_variables)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(suffix=".keras", prefix=f".{path.stem}-", dir=path.parent)
    os.close(handle)
    try:
        with silenced_library_warnings():
            model.save(temporary)
        with zipfile.ZipFile(temporary, "a") as archive:
            archive.writestr(_PROBLEM_ENTRY, json.dumps(problem.to_dict()))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return path


def load_model(path) -> keras.Model:
    """Load a model written by :func:`save_model`; its ``.problem`` is restored too.

    A file that exists but is not a ``.keras`` archive (for example one cut short)
    raises ``ValueError`` saying so.
    """
    path = _check_keras_path(path)
    if not path.exists():
        raise FileNotFoundError(f"path {str(path)!r} does not exist")
    if not zipfile.is_zipfile(path):
        raise ValueError(f"path {str(path)!r} is not a valid .keras archive (not a zip file)")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if "config.json" not in names:
            raise ValueError(f"path {str(path)!r} is not a valid .keras archive (no config.json)")
        stored = archive.read(_PROBLEM_ENTRY) if _PROBLEM_ENTRY in names else None
    try:
        with silenced_library_warnings():
            model = keras.saving.load_model(path)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
        raise ValueError(f"path {str(path)!r} is not a valid .keras archive: {error}") from error
    if stored is not None:
        model.problem = problem_from_dict(json.loads(stored))
    return model


def encoder_of(model) -> keras.Model:
    """A model that maps an encoded input to the encoder's fixed-length vector.

    Taught in notebook 11.
    """
    return keras.Model(model.inputs, model.get_layer("encoder").output)
