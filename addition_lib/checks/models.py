"""Judging a student's Keras model by what it computes, and a KerasTuner search space by
what it declares.

A model can carry the right layer names and still be wrong: a softmax output followed by
a loss told ``from_logits=True``, an alphabet size or a sequence length typed in as a
number. :func:`judge_seq2seq` therefore runs the model on a batch of the problem's
shape, checks that every step gives probabilities, counts the weights against the
chapter's four layers, and evaluates the compiled loss on chosen probabilities against
categorical cross-entropy. :func:`judge_search_space` compares the hyperparameters a
model-building function declares (names, kinds, ranges, steps, sampling) with those the
task asks for.
"""

from __future__ import annotations

import numpy as np

from ..quiet import keras
from .chapter_model import lstm_parameters

_BATCH = 4


def seq2seq_parameters(n_chars: int, encoder_units: int, decoder_units: int) -> int:
    """Weights of LSTM(encoder_units) -> RepeatVector -> LSTM(decoder_units) ->
    Dense(n_chars)."""
    return (
        lstm_parameters(encoder_units, n_chars)
        + lstm_parameters(decoder_units, encoder_units)
        + decoder_units * n_chars
        + n_chars
    )


def judge_seq2seq(
    model,
    n_in: int,
    n_out: int,
    n_chars: int,
    encoder_units: int,
    decoder_units: int,
    *,
    learning_rate: float | None = None,
) -> str | None:
    """``None`` if ``model`` computes the chapter's encoder-decoder for these sizes,
    else what is wrong.

    ``learning_rate``, if given, is the rate Adam must start from (compared to a
    relative 1e-6).
    """
    if not isinstance(model, keras.Model):
        return f"gave {model!r}, expected a compiled keras Model"
    if getattr(model, "optimizer", None) is None:
        return (
            "gave a model that is not compiled; call model.compile(...) before "
            "returning it"
        )
    try:
        declared = tuple(model.input_shape)
    except (
        AttributeError,
        ValueError,
        TypeError,
    ):  # a model with several inputs, or none declared
        declared = None
    if declared is not None and len(declared) == 3 and declared[1:] != (n_in, n_chars):
        return (
            f"gave a model that declares inputs of shape {declared}, expected (None, "
            f"{n_in}, "
            f"{n_chars}): {n_in} steps of {n_chars} symbols. Are its sizes taken "
            "from the "
            "arguments, or typed in as numbers?"
        )
    rng = np.random.default_rng(0)
    eye = np.eye(n_chars, dtype="float32")
    X = eye[rng.integers(0, n_chars, size=(_BATCH, n_in))]
    try:
        P = np.asarray(model(X, training=False))
    except Exception as error:  # a shape typed in by hand, for instance
        return (
            f"gave a model that cannot read a batch of shape {X.shape} ({n_in} steps of "
            f"{n_chars} symbols; it raised {type(error).__name__}): are its sizes "
            "taken from "
            "the arguments, or typed in as numbers?"
        )
    if P.shape != (_BATCH, n_out, n_chars):
        return (
            f"gave a model whose output for a batch of shape {X.shape} has shape "
            f"{P.shape}, "
            f"expected {(_BATCH, n_out, n_chars)}: {n_chars} probabilities at each "
            "of the "
            f"{n_out} answer steps"
        )
    sums = P.sum(axis=-1)
    if P.min() < -1e-6 or not np.allclose(sums, 1.0, atol=1e-5):
        return (
            "gave a model whose outputs are not probabilities: at the first step "
            "they sum to "
            f"{sums[0, 0]:.6f}, expected 1 (to 1e-5). The last layer needs a softmax."
        )
    expected = seq2seq_parameters(n_chars, encoder_units, decoder_units)
    if model.count_params() != expected:
        return (
            f"gave a model with {model.count_params():,} weights, expected {expected:,}: "
            f"LSTM({encoder_units}) reading {n_chars} symbols "
            f"({lstm_parameters(encoder_units, n_chars):,}), RepeatVector({n_out}) "
            "(none), "
            f"LSTM({decoder_units}, return_sequences=True) "
            f"({lstm_parameters(decoder_units, encoder_units):,}) and Dense({n_chars}, "
            f"softmax) at every step ({decoder_units * n_chars + n_chars:,})"
        )
    optimizer = model.optimizer
    if not isinstance(optimizer, keras.optimizers.Adam):
        return f"gave a model compiled with {type(optimizer).__name__}, expected Adam"
    if learning_rate is not None:
        rate = float(optimizer.learning_rate)
        if not np.isclose(rate, learning_rate, rtol=1e-6, atol=0):
            return (
                f"gave a model whose Adam starts at a learning rate of {rate:.7g}, "
                f"expected {learning_rate:.7g}"
            )
    return _judge_loss(model, rng, eye, n_out)


def _judge_loss(model, rng, eye, n_out: int) -> str | None:
    n_chars = len(eye)
    Y = eye[rng.integers(0, n_chars, size=(_BATCH, n_out))]
    right = rng.random((_BATCH, n_out)) < 0.5  # half the steps sure of the right symbol
    wrong = eye[(np.argmax(Y, axis=-1) + 1) % n_chars]
    sure = np.where(right[..., None], Y, wrong)
    Q = (0.7 * sure + 0.3 * (1 - sure) / (n_chars - 1)).astype("float32")
    cross_entropy = float(np.mean(-np.log(np.sum(Y * Q, axis=-1))))
    try:
        loss = float(model.compute_loss(x=None, y=Y, y_pred=Q, training=False))
    except Exception as error:
        return (
            "gave a model whose loss cannot be computed on one-hot answers of shape "
            f"{Y.shape}: "
            f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
        )
    if not np.isclose(loss, cross_entropy, rtol=1e-4):
        return (
            f"gave a model whose loss, on a batch of probabilities, is {loss:.5f}; "
            "categorical "
            f"cross-entropy gives {cross_entropy:.5f} (to 1e-4). Compile with "
            "loss='categorical_crossentropy' on the softmax outputs: a loss told "
            "from_logits=True treats probabilities as scores and computes something else."
        )
    return None


# ---------------------------------------------------------------- KerasTuner search
# spaces


def declared_space(hp) -> dict[str, dict]:
    """``{name: {"kind": "Int", "min_value": ..., "max_value": ..., "step": ...,
    "sampling": ...}}``."""
    space = {}
    for parameter in hp.space:
        config = parameter.get_config()
        entry = {"kind": type(parameter).__name__}
        for key in ("min_value", "max_value", "step", "sampling", "values", "value"):
            if key in config:
                entry[key] = config[key]
        space[parameter.name] = entry
    return space


def describe_hyperparameter(name: str, entry: dict) -> str:
    """How the task writes a hyperparameter, such as ``hp.Int('units', 32, 256,
    step=32)``."""
    kind = entry["kind"]
    if kind == "Choice":
        return f"hp.Choice({name!r}, {entry['values']!r})"
    if kind not in ("Int", "Float"):
        return f"hp.{kind}({name!r})"
    text = f"hp.{kind}({name!r}, {entry['min_value']!r}, {entry['max_value']!r}"
    if entry.get("step") is not None:
        text += f", step={entry['step']!r}"
    if entry.get("sampling", "linear") != "linear":
        text += f", sampling={entry['sampling']!r}"
    return text + ")"


def judge_search_space(got: dict[str, dict], wanted: dict[str, dict]) -> str | None:
    """Compare two :func:`declared_space` results; ``None`` if they declare the same
    hyperparameters."""
    for name, entry in wanted.items():
        if name not in got:
            return (
                f"declares no hyperparameter {name!r}; the task asks for "
                f"{describe_hyperparameter(name, entry)}"
            )
        mine = got[name]
        if mine != entry:
            return (
                f"declares {describe_hyperparameter(name, mine)}; the task asks for "
                f"{describe_hyperparameter(name, entry)}"
            )
    extra = [name for name in got if name not in wanted]
    if extra:
        return f"declares a hyperparameter {extra[0]!r} the task does not ask for"
    return None
