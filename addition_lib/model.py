"""The chapter's encoder-decoder network, built one way for the whole course; its metric.

    input (n_in, n_chars) -> LSTM(75) -> RepeatVector(n_out)
        -> LSTM(50, return_sequences=True) -> TimeDistributed(Dense(n_chars, softmax))

The encoder reads the whole input and keeps only its final state: one vector
of 75 numbers. ``RepeatVector`` hands that same vector to the decoder once per
output step, and the decoder writes one character per step.

:func:`build_model` builds it for the chapter (notebook 07) and, with its options
(sizes, learning rate or schedule, unrolled loops, several steps per call), for every
exercise and tuner. :class:`ExactMatch` is the metric the course reports besides
Keras's per-character accuracy. Saving and loading keep the problem with the model.
"""

from __future__ import annotations

import json
import numbers
import os
import tempfile
import zipfile
from pathlib import Path

from .backends import announce_backend, steps_per_execution_for_backend
from .problem import CHAPTER_PROBLEM, ArithmeticProblem, problem_from_dict
from .quiet import keras, silenced_library_warnings
from .seeds import set_global_seed
from .validation import check_bool, check_int, check_problem, check_real

ops = keras.ops
_PROBLEM_ENTRY = "addition_problem.json"


def exact_match(y_true, y_pred):
    """1.0 for each sample whose every character is right, else 0.0.

    Both arguments have shape ``(batch, n_steps, n_chars)``; the result has shape
    ``(batch,)``. This runs inside Keras's training step; scores computed outside
    ``fit`` use :func:`addition_lib.evaluation.accuracies`, the same rule in NumPy.
    """
    same = ops.equal(ops.argmax(y_true, axis=-1), ops.argmax(y_pred, axis=-1))
    return ops.cast(ops.all(same, axis=-1), "float32")


@keras.saving.register_keras_serializable(package="addition_lib")
class ExactMatch(keras.metrics.MeanMetricWrapper):
    """Share of answers with every character right (whole-answer accuracy).

    Keras's ``accuracy`` counts characters: an answer ``'27'`` for ``'28'``
    still scores 50%. This metric scores it 0. Taught in notebook 07.
    """

    def __init__(self, name="exact_match", dtype=None):
        super().__init__(fn=exact_match, name=name, dtype=dtype)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


def learning_rate_schedule(learning_rate=1e-3, decay_steps: int | None = None):
    """Adam's learning rate: a number, or a cosine from ``learning_rate`` to 0.

    ``learning_rate`` is a positive number or a Keras ``LearningRateSchedule`` (returned
    as it is). With ``decay_steps`` a number becomes a cosine decay that reaches 0 at
    that step: large steps early learn fast, small ones at the end let the weights
    settle.
    """
    schedules = keras.optimizers.schedules
    if isinstance(learning_rate, schedules.LearningRateSchedule):
        if decay_steps is not None:
            raise ValueError(
                f"decay_steps applies only to a number learning_rate, got decay_steps="
                f"{decay_steps!r} with the schedule {learning_rate!r}"
            )
        return learning_rate
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, numbers.Real):
        raise TypeError(
            f"learning_rate must be a positive number or a keras LearningRateSchedule, "
            f"got {learning_rate!r} ({type(learning_rate).__name__})"
        )
    rate = check_real("learning_rate", learning_rate, low=0, low_open=True)
    if decay_steps is None:
        return rate
    decay_steps = check_int("decay_steps", decay_steps, minimum=1)
    return schedules.CosineDecay(rate, decay_steps, alpha=0.0)


def build_model(
    problem: ArithmeticProblem = CHAPTER_PROBLEM,
    *,
    encoder_units: int = 75,
    decoder_units: int = 50,
    learning_rate=1e-3,
    decay_steps: int | None = None,
    unroll: bool = False,
    metrics: bool = True,
    steps_per_execution: int = 1,
    seed: int | None = None,
) -> keras.Model:
    """Build and compile the chapter's encoder-decoder LSTM for ``problem``.

    With its defaults this is the chapter's model (notebook 07): 75 and 50 units, Adam
    at Keras's default learning rate (0.001), categorical cross-entropy, and two
    metrics in the training log, ``char_accuracy`` (Keras's per-character accuracy)
    and ``exact_match`` (:class:`ExactMatch`). The exercises and tuners use the options:

    * ``learning_rate``: a number, or a Keras ``LearningRateSchedule``; with
      ``decay_steps`` a number falls to 0 along a cosine
      (:func:`learning_rate_schedule`).
    * ``unroll=True`` writes each LSTM's loop out step by step, and
      ``steps_per_execution`` runs that many training steps per call from Python.
      Neither changes what is computed; on a CPU both cut Keras's fixed cost per step.
    * ``metrics=False`` leaves the two metrics out of the log (a little faster).
    * ``seed`` fixes the initial weights (and Python's, NumPy's and the backend's
      global generators, through :func:`~addition_lib.seeds.set_global_seed`).

    The first call in a process prints the Keras backend the model runs on.

    The model keeps ``problem`` as ``model.problem``. Taught in notebooks 01 and 07.
    """
    problem = check_problem(problem)
    encoder_units = check_int("encoder_units", encoder_units, minimum=1)
    decoder_units = check_int("decoder_units", decoder_units, minimum=1)
    schedule = learning_rate_schedule(learning_rate, decay_steps)
    unroll = check_bool("unroll", unroll)
    metrics = check_bool("metrics", metrics)
    steps_per_execution = check_int("steps_per_execution", steps_per_execution, minimum=1)
    announce_backend()
    if seed is not None:
        set_global_seed(seed)
    layers = keras.layers
    model = keras.Sequential(
        [
            keras.Input(shape=(problem.n_in_seq_length, problem.n_chars)),
            layers.LSTM(encoder_units, unroll=unroll, name="encoder"),
            layers.RepeatVector(problem.n_out_seq_length, name="repeat"),
            layers.LSTM(
                decoder_units, return_sequences=True, unroll=unroll, name="decoder"
            ),
            layers.TimeDistributed(
                layers.Dense(problem.n_chars, activation="softmax"), name="output"
            ),
        ],
        name="encoder_decoder",
    )
    reported = [keras.metrics.CategoricalAccuracy(name="char_accuracy"), ExactMatch()]
    model.compile(
        loss="categorical_crossentropy",
        optimizer=keras.optimizers.Adam(schedule),
        metrics=reported if metrics else None,
        steps_per_execution=steps_per_execution_for_backend(steps_per_execution),
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
        raise TypeError(
            f"path must be a file path such as 'models/chapter.keras', got {path!r}"
        )
    path = Path(path)
    if path.suffix != ".keras":
        raise ValueError(f"path must end in '.keras', got {str(path)!r}")
    return path


def save_model(model, path) -> Path:
    """Save ``model`` in Keras's ``.keras`` format, with the problem it solves (notebook
    08).

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
    handle, temporary = tempfile.mkstemp(
        suffix=".keras", prefix=f".{path.stem}-", dir=path.parent
    )
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
        raise ValueError(
            f"path {str(path)!r} is not a valid .keras archive (not a zip file)"
        )
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if "config.json" not in names:
            raise ValueError(
                f"path {str(path)!r} is not a valid .keras archive (no config.json)"
            )
        stored = archive.read(_PROBLEM_ENTRY) if _PROBLEM_ENTRY in names else None
    try:
        with silenced_library_warnings():
            model = keras.saving.load_model(path)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
        raise ValueError(
            f"path {str(path)!r} is not a valid .keras archive: {error}"
        ) from error
    if stored is not None:
        model.problem = problem_from_dict(json.loads(stored))
    return model


def encoder_of(model) -> keras.Model:
    """A model that maps an encoded input to the encoder's fixed-length vector.

    Taught in notebook 11.
    """
    return keras.Model(model.inputs, model.get_layer("encoder").output)
