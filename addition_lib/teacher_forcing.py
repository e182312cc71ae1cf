"""A decoder that reads the previous answer character: teacher forcing, greedy decoding.

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
  step at a time (:func:`greedy_decoder`, :func:`greedy_decode`). The inference models
  share the trained layers (:func:`inference_models`).
* :func:`compare_modes` scores one model both ways on the same questions, the
  measurement behind exposure bias.

Arrays are rectangular, so an answer shorter than the longest leaves steps after its end
symbol. Their target rows are all zeros: the loss and the metrics skip them, and since an
LSTM reads left to right, nothing after the end symbol can change an earlier step.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._keras import keras
from .alphabet import DIGITS
from .data import encode_questions
from .problem import ArithmeticProblem
from .questions import Questions
from .rules import MINUS
from .validation import check_int

ops = keras.ops

START, END = "=", "."
"""The decoder's first input, and the symbol that ends an answer."""


# ---------------------------------------------------------------- symbols and arrays


def _check_problem(problem) -> ArithmeticProblem:
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
    problem = _check_problem(problem)
    sign = (MINUS,) if problem.result_range[0] < 0 else ()
    return DIGITS + sign + (START, END)


def answer_steps(problem: ArithmeticProblem) -> int:
    """Decoder steps of the longest answer: its characters plus the end symbol."""
    return _check_problem(problem).n_out_seq_length + 1


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
    problem = _check_problem(problem)
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
    ``decay_steps``, follows a cosine to 0 at that step. ``unroll`` and
    ``steps_per_execution`` only change how fast a step runs. ``metrics=True`` reports
    ``char_accuracy`` and ``exact_match``, both **teacher-forced**.
    Taught in notebook 13.
    """
    problem = _check_problem(problem)
    units = check_int("units", units, minimum=1)
    steps_per_execution = check_int("steps_per_execution", steps_per_execution, minimum=1)
    if isinstance(learning_rate, (bool, np.bool_)) or not isinstance(
        learning_rate, (int, float, np.floating)
    ):
        raise TypeError(f"learning_rate must be a number, got {learning_rate!r}")
    if not 0 < learning_rate < float("inf"):
        raise ValueError(
            f"learning_rate must be a positive number, got {learning_rate!r}"
        )
    if decay_steps is not None:
        decay_steps = check_int("decay_steps", decay_steps, minimum=1)
    if seed is not None:
        keras.utils.set_random_seed(check_int("seed", seed, minimum=0))
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
    rate = float(learning_rate)
    if decay_steps is not None:
        rate = keras.optimizers.schedules.CosineDecay(rate, decay_steps, alpha=0.0)
    model.compile(
        loss=masked_crossentropy,
        optimizer=keras.optimizers.Adam(rate),
        metrics=[MaskedCharAccuracy(), MaskedExactMatch()] if metrics else None,
        steps_per_execution=steps_per_execution,
    )
    model.problem = problem
    return model


def require_teacher_forcing(model) -> keras.Model:
    """``model`` itself, if :func:`build_teacher_forcing` built it; else ``TypeError``."""
    names = {layer.name for layer in getattr(model, "layers", ())}
    if not {"encoder", "decoder", "output"} <= names or not hasattr(model, "problem"):
        raise TypeError(f"model must come from build_teacher_forcing, got {model!r}")
    return model


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _cached(model, key, make):
    entries = _CACHE.setdefault(model, {})
    if key not in entries:
        entries[key] = make()
    return entries[key]


def inference_models(model) -> tuple[keras.Model, keras.Model]:
    """``(encoder_model, step_model)`` built from the trained layers of ``model``.

    ``encoder_model`` maps questions ``(n, n_in, n_chars)`` to ``[h, c]``;
    ``step_model`` maps ``[previous (n, 1, n_symbols), h, c]`` to
    ``[probabilities (n, 1, n_symbols), h, c]``: one decoder step. They share the trained
    weights, so training ``model`` further changes them too.
    Taught in notebook 13.
    """
    model = require_teacher_forcing(model)

    def make():
        encoder, decoder = model.get_layer("encoder"), model.get_layer("decoder")
        output = model.get_layer("output")
        question = keras.Input(model.inputs[0].shape[1:], name="question")
        _, h, c = encoder(question)
        encoder_model = keras.Model(question, [h, c], name="encoder_model")
        previous = keras.Input((1, output.units), name="previous")
        h_in = keras.Input((decoder.units,), name="h")
        c_in = keras.Input((decoder.units,), name="c")
        sequence, h_out, c_out = decoder(previous, initial_state=[h_in, c_in])
        step_model = keras.Model(
            [previous, h_in, c_in], [output(sequence), h_out, c_out], name="step_model"
        )
        return encoder_model, step_model

    return _cached(model, "inference", make)


def greedy_decoder(model, max_length: int | None = None) -> keras.Model:
    """A model that answers by greedy decoding: codes of shape ``(n, max_length)``.

    The loop is written out ``max_length`` times (default: :func:`answer_steps`): each
    step reads the previous symbol (START at first), updates ``[h, c]``, and picks the
    most likely next symbol, which becomes the next step's input. Every question runs all
    the steps; whatever follows its first END is ignored (:func:`answers_from_codes`).
    Taught in notebook 13.
    """
    model = require_teacher_forcing(model)
    max_length = answer_steps(model.problem) if max_length is None else max_length
    max_length = check_int("max_length", max_length, minimum=1)

    def make():
        encoder, decoder = model.get_layer("encoder"), model.get_layer("decoder")
        output = model.get_layer("output")
        n_symbols = output.units
        question = keras.Input(model.inputs[0].shape[1:], name="question")
        _, h, c = encoder(question)
        code = ops.full_like(h[:, 0], n_symbols - 2, dtype="int32")  # START for everyone
        codes = []
        for _ in range(max_length):
            previous = ops.expand_dims(ops.one_hot(code, n_symbols), 1)
            sequence, h, c = decoder(previous, initial_state=[h, c])
            code = ops.cast(ops.argmax(output(sequence)[:, 0], axis=-1), "int32")
            codes.append(code)
        return keras.Model(question, ops.stack(codes, axis=1), name="greedy_decoder")

    return _cached(model, ("greedy", max_length), make)


def greedy_decode(
    model, X, *, max_length: int | None = None, batch_size: int = 4096
) -> np.ndarray:
    """Greedy answers to one-hot questions ``X``: codes of shape ``(n, max_length)``."""
    batch_size = check_int("batch_size", batch_size, minimum=1)
    X = np.asarray(X)
    if X.ndim != 3 or X.shape[1:] != tuple(
        require_teacher_forcing(model).inputs[0].shape[1:]
    ):
        raise ValueError(
            f"X must be one-hot questions of shape (n, "
            f"{', '.join(map(str, model.inputs[0].shape[1:]))}), got {X.shape}"
        )
    decoder = greedy_decoder(model, max_length)
    parts = [
        np.asarray(decoder.predict_on_batch(X[i : i + batch_size]))
        for i in range(0, len(X), batch_size)
    ]
    return np.concatenate(parts) if parts else np.zeros((0, decoder.output.shape[1]), int)


def answers_from_codes(problem: ArithmeticProblem, codes) -> list[str]:
    """The text of each decoded answer, up to its first END; ``'...'`` marks no END.

    >>> problem = ArithmeticProblem(3, 10)
    >>> answers_from_codes(problem, [[2, 8, 11, 5], [1, 3, 3, 3]])
    ['28', '1333...']
    """
    symbols = answer_symbols(problem)
    end = len(symbols) - 1
    texts = []
    for row in np.asarray(codes).tolist():
        stop = row.index(end) if end in row else len(row)
        text = "".join(symbols[code] if code >= 0 else "" for code in row[:stop])
        texts.append(text if stop < len(row) else text + "...")
    return texts


# ---------------------------------------------------------------- scoring both ways


@dataclass(frozen=True, eq=False)
class ModeComparison:
    """One model on the same questions, teacher-forced and free-running (greedy).

    ``real`` ``(n, steps)`` marks the answer's steps (its characters and END).
    ``forced_right`` says which steps the model gets right when it reads the *true*
    previous characters, ``free_right`` which characters of its *own* greedy answer match
    the true answer at the same place. ``free_codes`` holds the greedy answers.
    """

    problem: ArithmeticProblem
    questions: Questions
    real: np.ndarray
    forced_right: np.ndarray
    free_right: np.ndarray
    free_codes: np.ndarray

    def char_accuracy(self, mode: str) -> float:
        """Share of real steps right, ``mode`` ``'forced'`` or ``'free'``."""
        return float(self._right(mode)[self.real].mean())

    def right_answers(self, mode: str) -> np.ndarray:
        """Which answers have every real step right: a boolean ``(n,)`` array."""
        return (self._right(mode) | ~self.real).all(axis=1)

    def exact_match(self, mode: str) -> float:
        """Share of answers whose every real step is right."""
        return float(self.right_answers(mode).mean())

    def _right(self, mode):
        if mode not in ("forced", "free"):
            raise ValueError(f"mode must be 'forced' or 'free', got {mode!r}")
        return self.forced_right if mode == "forced" else self.free_right

    def after_first_mistake(self) -> dict:
        """Accuracy of the steps after the first wrong step of each wrong greedy answer.

        Returns ``{"answers": how many greedy answers are wrong, "steps": real steps after
        their first mistake, "forced": share of those right under teacher forcing,
        "free": share right in the greedy answer}``.
        """
        wrong_step = self.real & ~self.free_right
        has_mistake = wrong_step.any(axis=1)
        first = np.where(has_mistake, wrong_step.argmax(axis=1), self.real.shape[1])
        after = self.real & (np.arange(self.real.shape[1]) > first[:, None])
        n_after = int(after.sum())
        share = (
            (lambda right: float(right[after].mean()))
            if n_after
            else (lambda _: float("nan"))
        )
        return {
            "answers": int(has_mistake.sum()),
            "steps": n_after,
            "forced": share(self.forced_right),
            "free": share(self.free_right),
        }

    def lines(self, n: int = 10) -> list[str]:
        """The first ``n`` wrong greedy answers: ``'345+678 = 1013 (expected 1023)'``."""
        n = check_int("n", n, minimum=0)
        texts = self.questions.texts()
        wrong = np.flatnonzero(~self.right_answers("free"))[:n]
        given = answers_from_codes(self.problem, self.free_codes[wrong])
        return [
            f"{texts[i]} = {answer} (expected {self.questions.answers[i]})"
            for i, answer in zip(wrong.tolist(), given, strict=True)
        ]


def compare_modes(
    model, questions: Questions, *, batch_size: int = 4096
) -> ModeComparison:
    """Score ``model`` on ``questions`` teacher-forced and free-running.

    Returns a :class:`ModeComparison`.
    """
    model = require_teacher_forcing(model)
    if not isinstance(questions, Questions):
        raise TypeError(f"questions must be a Questions batch, got {questions!r}")
    problem = model.problem
    (X, previous), y = teacher_forcing_arrays(problem, questions)
    target = answer_codes(problem, questions.answers)
    forced = np.concatenate(
        [
            np.asarray(
                model.predict_on_batch(
                    [X[i : i + batch_size], previous[i : i + batch_size]]
                )
            ).argmax(-1)
            for i in range(0, len(X), batch_size)
        ]
    )
    free = greedy_decode(model, X, batch_size=batch_size)
    real = target >= 0
    return ModeComparison(
        problem, questions, real, (forced == target) & real, (free == target) & real, free
    )


def free_running_exact_match(model, X, target_codes, *, batch_size: int = 4096) -> float:
    """Share of questions ``X`` whose greedy answer is ``target_codes`` up to its END."""
    free = greedy_decode(model, X, batch_size=batch_size)
    return float(((free == target_codes) | (target_codes < 0)).all(axis=1).mean())
