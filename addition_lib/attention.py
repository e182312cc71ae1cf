"""A decoder that looks back at the question: attention over the encoder's outputs.

The teacher-forced decoder of :mod:`addition_lib.teacher_forcing` starts from the
encoder's final state ``[h, c]`` and must carry the whole question in those numbers.
Here the encoder also hands on its output at **every** input character, and at every
answer step the decoder chooses which of them to read:

    question -> LSTM encoder -> one vector per input character (keys and values)
                      |[h, c]                      |
                      v                            v
    previous char -> LSTM decoder -> query -> attention -> context
                                        \\__________________/
                                                 v
                                        Dense softmax -> next character

* ``score="dot"`` (Luong-style, :class:`keras.layers.Attention`): the score of input
  position ``j`` is the dot product of the decoder's output (the query) with the
  encoder's output at ``j`` (the key); ``score="additive"`` (Bahdanau-style,
  :class:`keras.layers.AdditiveAttention`) adds query and key, squashes them with
  ``tanh`` and weighs the result with learned numbers.
* The **attention weights** of a step are the softmax of its scores over the input
  positions: they are positive and sum to 1. The context is the weighted mean of the
  encoder's outputs. :func:`attention_weights` returns them, one row per answer step.
* Training is teacher forcing, with the same arrays, loss and metrics as notebook 13
  (:func:`~addition_lib.teacher_forcing.teacher_forcing_arrays`); answering is greedy
  decoding, one step at a time (:func:`attention_decoder`).
"""

from __future__ import annotations

import numpy as np

from .backends import steps_per_execution_for_backend
from .data import encode_questions
from .greedy_decoding import answers_from_codes, derived_model
from .quiet import keras
from .seeds import set_global_seed
from .teacher_forcing import (
    MaskedCharAccuracy,
    MaskedExactMatch,
    answer_codes,
    answer_steps,
    answer_symbols,
    check_decoder_problem,
    masked_crossentropy,
)
from .validation import (
    Custom,
    Flag,
    Integer,
    check_int,
    check_questions,
    check_real,
    validate,
)

ops = keras.ops

SCORES = ("dot", "additive")
"""How a query and a key give a score: dot product (Luong) or additive (Bahdanau)."""


def _problem(name, value, arguments):
    if not hasattr(value, "n_in_seq_length"):
        raise TypeError(f"{name} must be an ArithmeticProblem, got {value!r}")
    return check_decoder_problem(value)


def _score(name, value, arguments):
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {list(SCORES)!r}, got {value!r}")
    if value not in SCORES:
        raise ValueError(f"{name} must be one of {list(SCORES)!r}, got {value!r}")
    return value


def _positive(name, value, arguments):
    value = check_real(name, value)
    if value <= 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return value


def _optional_int(minimum):
    def check(name, value, arguments):
        return None if value is None else check_int(name, value, minimum=minimum)

    return Custom(check, f"None or an integer >= {minimum}")


def _attention_model(name, value, arguments):
    names = {layer.name for layer in getattr(value, "layers", ())}
    if not {"encoder", "decoder", "attention", "output"} <= names or not hasattr(
        value, "problem"
    ):
        raise TypeError(f"{name} must come from build_attention, got {value!r}")
    return value


PROBLEM = Custom(_problem, "an ArithmeticProblem")
MODEL = Custom(_attention_model, "a model built by build_attention")
QUESTIONS = Custom(lambda name, value, arguments: check_questions(value), "Questions")


# ---------------------------------------------------------------- the model


def _encode(encoder, question):
    """``(keys, h, c)``; a bidirectional encoder's two states are put side by side."""
    keys, *states = encoder(question)
    if len(states) == 4:  # forward h, c, backward h, c
        h = keras.layers.Concatenate()([states[0], states[2]])
        c = keras.layers.Concatenate()([states[1], states[3]])
        return keys, h, c
    return keys, *states


def _attention_layer(score: str):
    if score == "dot":
        return keras.layers.Attention(score_mode="dot", use_scale=False, name="attention")
    return keras.layers.AdditiveAttention(use_scale=True, name="attention")


@validate(
    problem=PROBLEM,
    units=Integer(1),
    score=Custom(_score, f"one of {list(SCORES)}"),
    learning_rate=Custom(_positive, "a positive number"),
    decay_steps=_optional_int(1),
    unroll=Flag(),
    steps_per_execution=Integer(1),
    metrics=Flag(),
    seed=_optional_int(0),
    bidirectional=Flag(),
)
def build_attention(
    problem,
    *,
    units: int = 128,
    score: str = "dot",
    bidirectional: bool = False,
    learning_rate: float = 1e-3,
    decay_steps: int | None = None,
    unroll: bool = True,
    steps_per_execution: int = 1,
    metrics: bool = True,
    seed: int | None = None,
) -> keras.Model:
    """An encoder-decoder whose decoder attends over the encoder's outputs; compiled.

    Inputs and output are those of
    :func:`~addition_lib.teacher_forcing.build_teacher_forcing` (train it on
    ``teacher_forcing_arrays``): ``question`` ``(n_in, n_chars)``, ``previous``
    ``(steps, n_symbols)``, and the next character's probabilities at every step.
    The encoder returns its output at every input position as well as ``[h, c]``; at
    each step the decoder's output is the query, the attention layer mixes the
    encoder's outputs into a context, and the softmax reads query and context side by
    side. ``score`` is ``"dot"`` or ``"additive"`` (:data:`SCORES`).
    ``bidirectional=True`` reads the question both ways, ``units // 2`` units each way
    (``units`` must be even), so every key also knows what follows its character. The
    other arguments mean what they mean for ``build_teacher_forcing``.
    Taught in notebook 14.
    """
    if bidirectional and units % 2:
        raise ValueError(f"units must be even when bidirectional=True, got {units}")
    if seed is not None:
        set_global_seed(seed)
    n_symbols, layers = len(answer_symbols(problem)), keras.layers
    question = keras.Input((problem.n_in_seq_length, problem.n_chars), name="question")
    previous = keras.Input((answer_steps(problem), n_symbols), name="previous")
    encoder = layers.LSTM(
        units // 2 if bidirectional else units,
        return_sequences=True,
        return_state=True,
        unroll=unroll,
        name="encoder",
    )
    if bidirectional:
        encoder = layers.Bidirectional(encoder, name="encoder")
    decoder = layers.LSTM(
        units, return_sequences=True, return_state=True, unroll=unroll, name="decoder"
    )
    attention = _attention_layer(score)
    combine = layers.Concatenate(name="combine")
    output = layers.Dense(n_symbols, activation="softmax", name="output")
    keys, h, c = _encode(encoder, question)  # keys: (n, n_in, units), one per character
    queries, _, _ = decoder(previous, initial_state=[h, c])  # (n, steps, units)
    # Always ask for the weights: Keras 3 cannot add them to a later call of the layer
    # that was first called without them.
    context, _ = attention([queries, keys], return_attention_scores=True)
    model = keras.Model(
        [question, previous], output(combine([queries, context])), name="attention"
    )
    rate = learning_rate
    if decay_steps is not None:
        rate = keras.optimizers.schedules.CosineDecay(rate, decay_steps, alpha=0.0)
    model.compile(
        loss=masked_crossentropy,
        optimizer=keras.optimizers.Adam(rate),
        metrics=[MaskedCharAccuracy(), MaskedExactMatch()] if metrics else None,
        steps_per_execution=steps_per_execution_for_backend(steps_per_execution),
    )
    model.problem = problem
    return model


# ---------------------------------------------------------------- answering on its own


def attention_decoder(model, max_length: int | None = None) -> keras.Model:
    """Greedy decoding with attention: ``question -> [codes, weights]``.

    ``codes`` ``(n, max_length)`` are the symbols written, ``weights``
    ``(n, max_length, n_in)`` the attention weights of every step over the input
    positions. Each step feeds the previous symbol (START at first) to the decoder LSTM,
    attends over the encoder's outputs with the decoder's output as the query, and picks
    the most likely symbol, which is the next step's input. Built from the trained
    layers (default ``max_length``: ``answer_steps``).
    Taught in notebook 14.
    """
    model = MODEL("model", model, {})
    max_length = answer_steps(model.problem) if max_length is None else max_length
    max_length = check_int("max_length", max_length, minimum=1)

    def make():
        encoder, decoder = model.get_layer("encoder"), model.get_layer("decoder")
        attention, combine = model.get_layer("attention"), model.get_layer("combine")
        output = model.get_layer("output")
        n_symbols = output.units
        question = keras.Input(model.inputs[0].shape[1:], name="question")
        keys, h, c = _encode(encoder, question)
        code = ops.full_like(h[:, 0], n_symbols - 2, dtype="int32")  # START for all
        codes, weights = [], []
        for _ in range(max_length):
            previous = ops.expand_dims(ops.one_hot(code, n_symbols), 1)
            query, h, c = decoder(previous, initial_state=[h, c])
            context, weight = attention([query, keys], return_attention_scores=True)
            probabilities = output(combine([query, context]))
            code = ops.cast(ops.argmax(probabilities[:, 0], axis=-1), "int32")
            codes.append(code)
            weights.append(weight[:, 0])
        return keras.Model(
            question,
            [ops.stack(codes, axis=1), ops.stack(weights, axis=1)],
            name="attention_decoder",
        )

    return derived_model(model, ("attention", max_length), make)


def _in_batches(function, X, batch_size):
    parts = [function(X[i : i + batch_size]) for i in range(0, len(X), batch_size)]
    return [np.concatenate(column) for column in zip(*parts, strict=True)]


@validate(model=MODEL, questions=QUESTIONS, batch_size=Integer(1))
def greedy_answers(model, questions, *, batch_size: int = 4096):
    """``(codes, weights)``: greedy answers to ``questions`` and their attention weights.

    ``codes`` ``(n, steps)`` index ``answer_symbols``; ``weights``
    ``(n, steps, n_in)`` are float32, each row summing to 1 over the input positions.
    """
    X, _ = encode_questions(model.problem, questions)
    decoder = attention_decoder(model)
    if not len(X):
        steps, n_in = decoder.outputs[1].shape[1:]
        return np.zeros((0, steps), "int32"), np.zeros((0, steps, n_in), "float32")

    def run(x):
        return [np.asarray(part) for part in decoder.predict_on_batch(x)]

    codes, weights = _in_batches(run, X, batch_size)
    return codes, weights


@validate(model=MODEL, questions=QUESTIONS, forced=Flag())
def attention_weights(model, questions, *, forced: bool = False) -> np.ndarray:
    """Attention weights for ``questions``: float32, shape ``(n, answer_steps, n_in)``.

    Row ``t`` of a question says how much answer step ``t`` reads from each input
    position (as the model reads the question: padded, and reversed if the problem
    reverses). By default the decoder answers on its own (greedy);
    ``forced=True`` feeds it the true answer instead (teacher forcing). For a question
    the model answers right, the two agree up to the end symbol.
    Taught in notebook 14.
    """
    if not forced:
        return greedy_answers(model, questions)[1]
    return attention_parts(model, questions)["weights"]


@validate(model=MODEL, questions=QUESTIONS)
def attention_parts(model, questions) -> dict[str, np.ndarray]:
    """What the attention layer sees under teacher forcing, for ``questions``.

    Returns ``{"queries": (n, steps, units), "keys": (n, n_in, units),
    "weights": (n, steps, n_in)}``: the decoder's outputs, the encoder's outputs and the
    layer's weights. For ``score="dot"`` the weights are the softmax, over the input
    positions, of ``queries @ keys.T``.
    """
    from .teacher_forcing import teacher_forcing_arrays

    def make():
        queries = model.get_layer("decoder").output[0]
        keys = model.get_layer("encoder").output[0]
        _, weights = model.get_layer("attention")(
            [queries, keys], return_attention_scores=True
        )
        return keras.Model(model.inputs, [queries, keys, weights], name="parts")

    (X, previous), _ = teacher_forcing_arrays(model.problem, questions)
    parts = derived_model(model, "parts", make).predict_on_batch([X, previous])
    return dict(zip(("queries", "keys", "weights"), map(np.asarray, parts), strict=True))


# ---------------------------------------------------------------- scoring


@validate(model=MODEL, questions=QUESTIONS, batch_size=Integer(1))
def exact_match(model, questions, *, batch_size: int = 4096) -> float:
    """Free-running exact-match: share of ``questions`` whose greedy answer is right.

    The answer counts up to and including its end symbol; what follows is ignored.
    Taught in notebook 14.
    """
    if not len(questions):
        raise ValueError("questions must hold at least one question, got an empty batch")
    codes, _ = greedy_answers(model, questions, batch_size=batch_size)
    target = answer_codes(model.problem, questions.answers)
    return float(((codes == target) | (target < 0)).all(axis=1).mean())


@validate(model=MODEL, questions=QUESTIONS)
def answer_lines(model, questions) -> list[str]:
    """One line per question: ``'345+678 = 1023 (right)'``, or ``(expected ...)``."""
    codes, _ = greedy_answers(model, questions)
    given = answers_from_codes(model.problem, codes)
    return [
        f"{text} = {answer} "
        + ("(right)" if answer == str(expected) else f"(expected {expected})")
        for text, answer, expected in zip(
            questions.texts(), given, questions.answers.tolist(), strict=True
        )
    ]


# ---------------------------------------------------------------- what each step reads


@validate(model=MODEL, questions=QUESTIONS)
def attention_maps(model, questions) -> list[dict]:
    """One map per question: which input characters each answer character reads.

    Each map is ``{"question": '345+678', "reads": the input characters as the model
    reads them (padded, reversed if the problem reverses), "writes": the greedy answer's
    characters then END, "weights": float32 (len(writes), n_in)}``. A map stops at the
    first END; without one it keeps every step.
    Taught in notebook 14.
    """
    from .data import decode_batch

    X, _ = encode_questions(model.problem, questions)
    codes, weights = greedy_answers(model, questions)
    symbols, end = answer_symbols(model.problem), len(answer_symbols(model.problem)) - 1
    maps = []
    for text, read, row, weight in zip(
        questions.texts(),
        decode_batch(X, model.problem.alphabet),
        codes,
        weights,
        strict=True,
    ):
        row = row.tolist()
        n_steps = row.index(end) + 1 if end in row else len(row)
        maps.append(
            {
                "question": text,
                "reads": list(read),
                "writes": [symbols[code] for code in row[:n_steps]],
                "weights": weight[:n_steps],
            }
        )
    return maps
