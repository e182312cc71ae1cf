"""A decoder that reads the previous answer character, trained with teacher forcing.

The chapter's decoder gets the encoder's vector once per output step (``RepeatVector``)
and writes a fixed-width, padded answer. This module builds the other classic design:

    question -> LSTM encoder --[h, c]--> LSTM decoder -> Dense softmax -> next character
                                  ^ reads the previous answer character

* The answer gets its own length: the decoder starts from a **start symbol**
  (:data:`START`, ``'='``) and writes digits until it writes the **end symbol**
  (:data:`END`, ``'.'``). ``28`` is read as ``'=28'`` and written as ``'28.'``.
* **Teacher forcing** (training): the decoder reads the *true* previous character,
  so one call of the model covers every step of the answer (:func:`build_teacher_forcing`,
  :func:`teacher_forcing_arrays`).
* **Greedy decoding** (inference): the decoder reads *its own* previous prediction, one
  step at a time; that is :mod:`addition_lib.greedy_decoding`, which also scores one
  model both ways (the measurement behind exposure bias).

Arrays are rectangular, so an answer shorter than the longest leaves steps after its end
symbol. Their target rows are all zeros: the loss and the metrics skip them, and since an
LSTM reads left to right, nothing after the end symbol can change an earlier step.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .alphabet import DIGITS
from .backends import announce_backend, steps_per_execution_for_backend
from .data import encode_questions
from .model import learning_rate_schedule
from .problem import ArithmeticProblem
from .questions import Questions
from .quiet import keras
from .rules import MINUS
from .seeds import set_global_seed
from .validation import check_int

ops = keras.ops

START, END = "=", "."
"""The decoder's first input, and the symbol that ends an answer."""


# ---------------------------------------------------------------- symbols and arrays


def check_decoder_problem(problem) -> ArithmeticProblem:
    """``problem`` if a decoder with start and end symbols can write its answers."""
    if not isinstance(problem, ArithmeticProblem):
        raise TypeError(f"problem must be an ArithmeticProblem, got {problem!r}")
    if START in problem.alphabet or END in problem.alphabet:
        raise ValueError(
            f"problem's alphabet {list(problem.alphabet)!r} already uses "
            f"{START!r} or {END!r}, the decoder's start and end symbols"
        )
    return problem


def answer_symbols(problem: ArithmeticProblem) -> tuple[str, ...]:
    """The decoder's symbols: the digits, ``'-'`` if answers can be negative, START, END.

    >>> answer_symbols(ArithmeticProblem(3, 10))
    ('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '=', '.')
    """
    problem = check_decoder_problem(problem)
    sign = (MINUS,) if problem.result_range[0] < 0 else ()
    return DIGITS + sign + (START, END)


def answer_steps(problem: ArithmeticProblem) -> int:
    """Decoder steps of the longest answer: its characters plus the end symbol."""
    return check_decoder_problem(problem).n_out_seq_length + 1


def decoder_texts(answers: Sequence[str]) -> tuple[list[str], list[str]]:
    """What the decoder reads and what it must write, for answers such as ``'28'``.

    The input is the start symbol then the answer, the target the answer then the end
    symbol: the target shifted one step to the right is the input.

    >>> decoder_texts(['28', '7'])
    (['=28', '=7'], ['28.', '7.'])
    """
    if isinstance(answers, str) or not isinstance(answers, Sequence):
        raise TypeError(
            f"answers must be a list of strings such as ['28'], got {answers!r}"
        )
    for i, answer in enumerate(answers):
        if not isinstance(answer, str):
            raise TypeError(f"answers[{i}] must be a string such as '28', got {answer!r}")
        if not answer or answer != answer.strip() or START in answer or END in answer:
            raise ValueError(
                f"answers[{i}] must be an unpadded answer such as '28', got {answer!r}"
            )
    return [START + answer for answer in answers], [answer + END for answer in answers]


def answer_codes(problem: ArithmeticProblem, answers) -> np.ndarray:
    """Codes of each answer's characters then END, ``-1`` after it: shape ``(n, steps)``.

    ``answers`` are whole numbers; codes index :func:`answer_symbols`, and ``steps`` is
    :func:`answer_steps`. ``28`` becomes ``[2, 8, END, -1]`` for a width of 3, or
    ``[8, 2, END, -1]`` if ``problem.reverse_output`` (units first; a ``'-'`` then
    follows the digits, as in the reversed text).
    """
    symbols = answer_symbols(problem)
    code = {symbol: i for i, symbol in enumerate(symbols)}
    answers = np.asarray(answers)
    if answers.ndim != 1 or (
        answers.size and not np.issubdtype(answers.dtype, np.integer)
    ):
        raise TypeError(
            f"answers must be a 1-D array of whole numbers, got {answers!r:.80}"
        )
    low, high = problem.result_range
    if answers.size and (answers.min() < low or answers.max() > high):
        bad = answers[(answers < low) | (answers > high)][0]
        raise ValueError(
            f"answers must be in {low}..{high} (the problem's answers), got {bad}"
        )
    negative = answers < 0
    magnitude = np.abs(answers).astype(np.int64)
    digits = np.ones(len(answers), dtype=np.int64)
    while (more := magnitude >= 10**digits).any():
        digits += more
    length = negative + digits
    codes = np.full((len(answers), answer_steps(problem)), -1, dtype=np.int16)
    backwards = problem.reverse_output
    for position in range(codes.shape[1]):
        if backwards:  # units first, the sign after the digits
            place = np.where(position < digits, position, -1)
            sign_here = negative & (position == digits)
        else:
            place = digits - 1 - (position - negative)  # the power of ten written here
            place = np.where(position >= negative, place, -1)
            sign_here = negative & (position == 0)
        is_digit = place >= 0
        value = (magnitude // 10 ** np.maximum(place, 0)) % 10
        codes[is_digit, position] = value[is_digit]
        codes[sign_here, position] = code.get(MINUS, -1)
        codes[position == length, position] = code[END]
    return codes


def one_hot_symbols(codes, n_symbols: int) -> np.ndarray:
    """One-hot uint8 rows for codes ``>= 0``; a code of ``-1`` gives a row of zeros."""
    codes = np.asarray(codes)
    table = np.vstack(
        [np.eye(n_symbols, dtype=np.uint8), np.zeros((1, n_symbols), np.uint8)]
    )
    return table[np.where(codes < 0, n_symbols, codes)]


def shift_right(problem: ArithmeticProblem, target_codes: np.ndarray) -> np.ndarray:
    """The decoder's input codes under teacher forcing: START, then the target shifted.

    The step after END has nothing to read (``-1``): its output is never scored.
    """
    end, start = len(answer_symbols(problem)) - 1, len(answer_symbols(problem)) - 2
    previous = target_codes[:, :-1]
    inputs = np.where((previous == end) | (previous < 0), -1, previous)
    first = np.full((len(target_codes), 1), start, dtype=target_codes.dtype)
    return np.concatenate([first, inputs], axis=1)


def teacher_forcing_arrays(problem: ArithmeticProblem, questions: Questions):
    """``([X, previous], y)``, ready for the model of :func:`build_teacher_forcing`.

    ``X`` is the question, one-hot as ``encode_questions`` writes it, shape
    ``(n, n_in, n_chars)``; ``previous`` the decoder's input (START and the answer) and
    ``y`` its target (the answer and END), both ``(n, steps, n_symbols)`` uint8, with rows
    of zeros after the end.
    """
    problem = check_decoder_problem(problem)
    X, _ = encode_questions(problem, questions)
    target = answer_codes(problem, questions.answers)
    n_symbols = len(answer_symbols(problem))
    return [X, one_hot_symbols(shift_right(problem, target), n_symbols)], one_hot_symbols(
        target, n_symbols
    )


# ---------------------------------------------------------------- loss and metrics


@keras.saving.register_keras_serializable(package="addition_lib")
def masked_crossentropy(y_true, y_pred):
    """Cross-entropy per answer, averaged over its real steps; rows of zeros add 0."""
    y_true = ops.cast(y_true, y_pred.dtype)
    per_step = -ops.sum(y_true * ops.log(ops.clip(y_pred, 1e-7, 1.0)), axis=-1)
    n_steps = ops.maximum(ops.sum(y_true, axis=(1, 2)), 1.0)
    return ops.sum(per_step, axis=-1) / n_steps


def _right_and_real(y_true, y_pred):
    real = ops.sum(ops.cast(y_true, "float32"), axis=-1) > 0
    right = ops.equal(ops.argmax(y_true, axis=-1), ops.argmax(y_pred, axis=-1))
    return ops.logical_and(right, real), real


@keras.saving.register_keras_serializable(package="addition_lib")
class MaskedCharAccuracy(keras.metrics.Metric):
    """Share of real answer steps (digits and END) predicted right; empty ones skipped."""

    def __init__(self, name="char_accuracy", **kwargs):
        super().__init__(name=name, **kwargs)
        self.right = self.add_variable(shape=(), initializer="zeros", name="right")
        self.total = self.add_variable(shape=(), initializer="zeros", name="total")

    def update_state(self, y_true, y_pred, sample_weight=None):
        right, real = _right_and_real(y_true, y_pred)
        self.right.assign_add(ops.sum(ops.cast(right, "float32")))
        self.total.assign_add(ops.sum(ops.cast(real, "float32")))

    def result(self):
        return self.right / ops.maximum(self.total, 1.0)


@keras.saving.register_keras_serializable(package="addition_lib")
class MaskedExactMatch(keras.metrics.Metric):
    """Share of answers whose every real step is right (teacher-forced, when training)."""

    def __init__(self, name="exact_match", **kwargs):
        super().__init__(name=name, **kwargs)
        self.right = self.add_variable(shape=(), initializer="zeros", name="right")
        self.total = self.add_variable(shape=(), initializer="zeros", name="total")

    def update_state(self, y_true, y_pred, sample_weight=None):
        right, real = _right_and_real(y_true, y_pred)
        whole = ops.all(ops.logical_or(right, ops.logical_not(real)), axis=-1)
        self.right.assign_add(ops.sum(ops.cast(whole, "float32")))
        self.total.assign_add(ops.cast(ops.shape(whole)[0], "float32"))

    def result(self):
        return self.right / ops.maximum(self.total, 1.0)


# ---------------------------------------------------------------- the model


def build_teacher_forcing(
    problem: ArithmeticProblem,
    *,
    units: int = 128,
    learning_rate: float = 1e-3,
    decay_steps: int | None = None,
    unroll: bool = True,
    steps_per_execution: int = 1,
    metrics: bool = True,
    seed: int | None = None,
) -> keras.Model:
    """An encoder-decoder whose decoder reads the previous answer character; compiled.

    Two inputs, ``question`` ``(n_in, n_chars)`` and ``previous`` ``(steps, n_symbols)``
    (see :func:`teacher_forcing_arrays`); one output, the next character's probabilities
    at every step. The encoder's final ``[h, c]`` is the decoder's initial state, so both
    LSTMs have ``units`` units. Adam starts at ``learning_rate`` and, with
    ``decay_steps``, follows a cosine to 0 at that step
    (:func:`~addition_lib.model.learning_rate_schedule`). ``unroll`` and
    ``steps_per_execution`` only change how fast a step runs. ``metrics=True`` reports
    ``char_accuracy`` and ``exact_match``, both **teacher-forced**.
    Taught in notebook 13.
    """
    problem = check_decoder_problem(problem)
    units = check_int("units", units, minimum=1)
    steps_per_execution = check_int("steps_per_execution", steps_per_execution, minimum=1)
    schedule = learning_rate_schedule(learning_rate, decay_steps)
    announce_backend()
    if seed is not None:
        set_global_seed(seed)
    n_symbols, layers = len(answer_symbols(problem)), keras.layers
    question = keras.Input((problem.n_in_seq_length, problem.n_chars), name="question")
    previous = keras.Input((answer_steps(problem), n_symbols), name="previous")
    encoder = layers.LSTM(units, return_state=True, unroll=unroll, name="encoder")
    decoder = layers.LSTM(
        units, return_sequences=True, return_state=True, unroll=unroll, name="decoder"
    )
    output = layers.Dense(n_symbols, activation="softmax", name="output")
    _, h, c = encoder(question)
    sequence, _, _ = decoder(previous, initial_state=[h, c])
    model = keras.Model([question, previous], output(sequence), name="teacher_forcing")
    model.compile(
        loss=masked_crossentropy,
        optimizer=keras.optimizers.Adam(schedule),
        metrics=[MaskedCharAccuracy(), MaskedExactMatch()] if metrics else None,
        steps_per_execution=steps_per_execution_for_backend(steps_per_execution),
    )
    model.problem = problem
    return model


def require_teacher_forcing(model) -> keras.Model:
    """``model`` itself, if :func:`build_teacher_forcing` built it; else ``TypeError``."""
    names = {layer.name for layer in getattr(model, "layers", ())}
    if not {"encoder", "decoder", "output"} <= names or not hasattr(model, "problem"):
        raise TypeError(f"model must come from build_teacher_forcing, got {model!r}")
    return model
