"""The chapter's encoder-decoder network, an exact-match metric, and saving.

    input (n_in, n_chars) -> LSTM(75) -> RepeatVector(n_out)
        -> LSTM(50, return_sequences=True) -> TimeDistributed(Dense(n_chars, softmax))

The encoder reads the whole input and keeps only its final state: one vector
of 75 numbers. ``RepeatVector`` hands that same vector to the decoder once per
output step, and the decoder writes one character per step.
"""

from __future__ import annotations

import json
import warnings
import zipfile
from pathlib import Path

from ._keras import keras
from ._validate import check_int
from .arithmetic import ArithmeticProblem, problem_from_dict
from .backends import announce_backend
from .problem import CHAPTER_PROBLEM, AdditionProblem

ops = keras.ops
_PROBLEM_ENTRY = "addition_problem.json"
PROBLEM_TYPES = (AdditionProblem, ArithmeticProblem)


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
    problem: AdditionProblem = CHAPTER_PROBLEM,
    *,
    encoder_units: int = 75,
    decoder_units: int = 50,
    seed: int | None = None,
) -> keras.Model:
    """Build and compile the chapter's encoder-decoder LSTM for ``problem``.

    ``seed`` fixes the initial weights (and Python's, NumPy's and the backend's
    global generators, through ``keras.utils.set_random_seed``). The model is
    compiled with categorical cross-entropy and Adam and reports two metrics:
    ``char_accuracy`` (Keras's per-character accuracy) and ``exact_match``. The first
    call in a process prints the Keras backend the model runs on.
    """
    if not isinstance(problem, PROBLEM_TYPES):
        raise TypeError(f"problem must be an AdditionProblem or ArithmeticProblem, got {problem!r}")
    encoder_units = check_int("encoder_units", encoder_units, minimum=1)
    decoder_units = check_int("decoder_units", decoder_units, minimum=1)
    announce_backend()
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


def problem_of(model) -> AdditionProblem:
    """The :class:`AdditionProblem` a model was built for (kept by build_model and load_model)."""
    problem = getattr(model, "problem", None)
    if not isinstance(problem, PROBLEM_TYPES):
        raise ValueError(
            "model has no .problem; build it with build_model or load it with load_model, "
            "or pass problem= explicitly"
        )
    return problem


def _check_keras_path(path) -> Path:
    path = Path(path)
    if path.suffix != ".keras":
        raise ValueError(f"path must end in '.keras', got {str(path)!r}")
    return path


def save_model(model, path) -> Path:
    """Save ``model`` in Keras's ``.keras`` format, with the problem it solves.

    The problem description is stored as one extra small JSON entry inside the
    ``.keras`` archive, so :func:`load_model` can give it back.
    """
    path = _check_keras_path(path)
    problem = problem_of(model)
    path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # TensorFlow 2.21's variables predate NumPy 2's __array__(copy=...) protocol, and
        # Keras's saver trips over that inside its own code. Nothing for a student to act on.
        warnings.filterwarnings("ignore", message=r"__array__ implementation doesn't accept a copy keyword",
                                category=DeprecationWarning)
        model.save(path)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(_PROBLEM_ENTRY, json.dumps(problem.to_dict()))
    return path


def load_model(path) -> keras.Model:
    """Load a model written by :func:`save_model`; its ``.problem`` is restored too."""
    path = _check_keras_path(path)
    if not path.exists():
        raise FileNotFoundError(f"path {str(path)!r} does not exist")
    model = keras.saving.load_model(path)
    with zipfile.ZipFile(path) as archive:
        if _PROBLEM_ENTRY in archive.namelist():
            model.problem = problem_from_dict(json.loads(archive.read(_PROBLEM_ENTRY)))
    return model


def encoder_of(model) -> keras.Model:
    """A model that maps an encoded input to the encoder's fixed-length vector."""
    return keras.Model(model.inputs, model.get_layer("encoder").output)
