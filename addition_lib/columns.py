"""Digit-aligned columns: the format that lets an LSTM add long numbers (exercise 10).

Notebook 15 finds that the order of the digits matters. This module takes the idea to
its end. Both terms are zero-padded to the answer's width and read **column by
column, units first**: at step ``i`` the encoder reads the ``i``-th digit of each term
(two one-hot digits side by side), exactly the digits a person adds in that column.
The answer is written units first too, one digit per column, so the carry the model
must remember only ever travels one step:

    345+678  ->  columns (5,8) (4,7) (3,6) (0,0)  ->  answer 3 2 0 1  (1023)

The network: a bidirectional LSTM encoder over the columns, an LSTM decoder that reads
the encoder's output of the same column at each step (the position of each answer digit
is known in advance, so the decoder needs no attention to find its column), and a
softmax over the ten digits.

* :func:`column_digits` and :func:`number_from_digits` are the format for one sum, the
  way a person reads it; :func:`column_arrays` writes whole batches as columns and
  answers as digit codes;
  :func:`column_answers` reads a model's answers back as numbers.
* :func:`build_column_model` builds and compiles the network.
* :func:`train_columns` trains one on fresh random questions of a
  :class:`~addition_lib.experiments.time_to_target.Task` (never a test or check
  question) until the check questions are all answered right, and times the whole run.
"""

from __future__ import annotations

import time

import numpy as np

from .backends import steps_per_execution_for_backend
from .carries import random_edge_cases
from .decoder_comparison import ScoreEvery
from .experiments.time_to_target import Run, Task, training_stream
from .problem import ArithmeticProblem
from .questions import Questions, is_in_sorted, question_ids
from .quiet import keras
from .rules import PLUS, TIMES
from .seeds import as_generator, set_global_seed
from .validation import (
    Integer,
    Real,
    Seed,
    check_problem,
    check_questions,
    check_real,
    validate,
)

COLUMN_CONFIG = {
    "units": 128,
    "learning_rate": 1e-2,
    "batch_size": 256,
    "max_steps": 3000,
    "decoder": True,
    "widths": "uniform",
    "edge_share": 0.0,
}
"""The settings :func:`train_columns` takes, and their defaults."""


def _check_column_problem(problem) -> ArithmeticProblem:
    problem = check_problem(problem)
    if (
        problem.n_terms != (2, 2)
        or len(problem.operators) != 1
        or (problem.operators[0] not in (PLUS, TIMES))
    ):
        raise ValueError(
            f"problem must have two terms and one operator, '+' or '*', got {problem!r}"
        )
    return problem


@validate(a=Integer(0), b=Integer(0), width=Integer(1))
def column_digits(a: int, b: int, width: int) -> list[tuple[int, int]]:
    """The columns of ``a + b`` as a person adds them: ``(digit of a, digit of b)``, units
    first, both terms zero-padded to ``width`` digits (exercise 10).

    >>> column_digits(345, 678, 4)
    [(5, 8), (4, 7), (3, 6), (0, 0)]
    """
    if max(a, b) >= 10**width:
        raise ValueError(f"width={width} is too narrow for the terms {a} and {b}")
    return [(a // 10**i % 10, b // 10**i % 10) for i in range(width)]


def number_from_digits(digits) -> int:
    """The number whose digits, units first, are ``digits``: the inverse of writing an
    answer column by column (exercise 10).

    >>> number_from_digits([3, 2, 0, 1])
    1023
    """
    digits = [Integer(0)(f"digits[{i}]", d, {}) for i, d in enumerate(digits)]
    if any(d > 9 for d in digits):
        raise ValueError(f"digits must be 0..9, got {digits!r}")
    return sum(d * 10**i for i, d in enumerate(digits))


def column_arrays(problem: ArithmeticProblem, questions: Questions):
    """``(X, y)``: questions as digit columns, answers as digit codes, units first.

    ``X`` is uint8 of shape ``(n, steps, 20)``: at step ``i``, the one-hot ``i``-th digit
    of the first term then of the second (0 beyond a term's length). ``y`` is uint8 of
    shape ``(n, steps)``: the answer's ``i``-th digit. ``steps`` is the answer's width,
    ``problem.n_out_seq_length``.

    >>> sums = Questions.from_lists([[345, 678]], '+')
    >>> X, y = column_arrays(ArithmeticProblem(2, 999), sums)
    >>> X.shape, y.tolist(), X[0, 0].nonzero()[0].tolist()
    ((1, 4, 20), [[3, 2, 0, 1]], [5, 18])
    """
    problem = _check_column_problem(problem)
    questions = check_questions(questions)
    steps = problem.n_out_seq_length
    terms = questions.terms[:, :2]
    answers = questions.answers
    if (terms < 0).any() or (answers < 0).any():
        raise ValueError("questions must have non-negative terms and answers")
    if len(answers) and answers.max() >= 10**steps:
        raise ValueError(f"answers must fit in {steps} digits, got {answers.max()}")
    place = 10 ** np.arange(steps, dtype=np.int64)
    digits = terms[:, :, None] // place % 10  # (n, 2, steps)
    X = np.zeros((len(terms), steps, 20), dtype=np.uint8)
    rows, columns = np.indices((len(terms), steps))
    X[rows, columns, digits[:, 0]] = 1
    X[rows, columns, 10 + digits[:, 1]] = 1
    y = (answers[:, None] // place % 10).astype(np.uint8)
    return X, y


@validate(units=Integer(1), learning_rate=Real(minimum=0), seed=Seed())
def build_column_model(
    problem: ArithmeticProblem,
    *,
    units: int = 128,
    learning_rate: float = 1e-2,
    decay_steps: int | None = None,
    steps_per_execution: int = 1,
    decoder: bool = True,
    seed=None,
) -> keras.Model:
    """The column network for ``problem``, compiled: columns in, one digit per column out.

    A bidirectional LSTM of ``units`` units each way reads the columns; with ``decoder``
    an LSTM of ``units`` units reads its outputs step by step and a softmax writes a digit
    per step. Adam starts at ``learning_rate`` and, with ``decay_steps``, follows a cosine
    to 0. Loss: cross-entropy of the digit codes of :func:`column_arrays`.
    """
    problem = _check_column_problem(problem)
    if seed is not None:
        set_global_seed(seed)
    layers = keras.layers
    columns = keras.Input((problem.n_out_seq_length, 20), name="columns")
    encoded = layers.Bidirectional(
        layers.LSTM(units, return_sequences=True, unroll=True), name="encoder"
    )(columns)
    if decoder:
        encoded = layers.LSTM(units, return_sequences=True, unroll=True, name="decoder")(
            encoded
        )
    digits = layers.Dense(10, activation="softmax", name="digit")(encoded)
    model = keras.Model(columns, digits, name="columns")
    rate = learning_rate
    if decay_steps is not None:
        rate = keras.optimizers.schedules.CosineDecay(learning_rate, decay_steps)
    model.compile(
        loss="sparse_categorical_crossentropy",
        optimizer=keras.optimizers.Adam(rate),
        steps_per_execution=steps_per_execution_for_backend(steps_per_execution),
    )
    model.problem = problem
    return model


def column_answers(model, questions: Questions, *, batch_size: int = 4096) -> np.ndarray:
    """The answers ``model`` gives to ``questions``, as an int64 ``(n,)`` array."""
    X, _ = column_arrays(model.problem, questions)
    codes = (
        np.concatenate(
            [
                np.asarray(model.predict_on_batch(X[i : i + batch_size])).argmax(-1)
                for i in range(0, len(X), batch_size)
            ]
        )
        if len(X)
        else np.zeros((0, X.shape[1]), dtype=np.int64)
    )
    return codes.astype(np.int64) @ (10 ** np.arange(X.shape[1], dtype=np.int64))


def column_exact_match(model, questions: Questions) -> float:
    """Share of ``questions`` whose every answer digit ``model`` gets right."""
    return float((column_answers(model, questions) == questions.answers).mean())


def width_balanced_stream(task: Task, n_samples: int, *, seed=None) -> Questions:
    """``n_samples`` training questions of ``task`` whose terms have every width equally
    often: each term draws its number of digits, then its value among the numbers of that
    width (within the problem's range). Never a test or check question of ``task``.

    Drawn uniformly, 9 terms in 10 of 1..9,999,999,999 have 10 digits and 9 in 100 have
    9: short terms, and so columns of leading zeros next to digits, would almost never be
    seen in training, and a model would not learn them.
    """
    problem = _check_column_problem(task.problem)
    n_samples = Integer(1)("n_samples", n_samples, {})
    rng = as_generator(seed)
    low, high = problem.smallest, problem.largest
    widths = np.arange(len(str(max(low, 1))), len(str(high)) + 1)

    def draw(n):
        digits = rng.choice(widths, size=(n, 2))
        lowest = np.maximum(10 ** (digits - 1), low)
        highest = np.minimum(10**digits - 1, high)
        terms = lowest + (rng.random((n, 2)) * (highest - lowest + 1)).astype(np.int64)
        return Questions(
            np.minimum(terms, highest), np.full(n, 2), np.full(n, problem.operators[0])
        )

    questions = draw(n_samples)
    if task.excluded_ids is None:
        return questions
    for _ in range(100):
        leaked = is_in_sorted(task.excluded_ids, question_ids(problem, questions))
        if not leaked.any():
            return questions
        fresh = draw(int(leaked.sum()))
        terms = questions.terms.copy()
        terms[leaked] = fresh.terms
        questions = Questions(terms, questions.n_terms, questions.operators)
    raise RuntimeError("could not draw training questions outside the held-out ones")


def _mix_in_edge_cases(task: Task, questions: Questions, share, seed) -> Questions:
    """Replace a random ``share`` of ``questions`` by random edge cases of ``task``'s
    range (:func:`~addition_lib.carries.random_edge_cases`), never a held-out one."""
    share = Real(0, 1)("edge_share", share, {})
    problem = task.problem
    rng = as_generator(seed)
    chosen = np.flatnonzero(rng.random(len(questions)) < share)
    edges = random_edge_cases(4 * len(chosen) + 100, len(str(problem.largest)), seed=rng)
    terms = edges.terms
    keep = (terms >= problem.smallest).all(1) & (terms <= problem.largest).all(1)
    if task.excluded_ids is not None:
        keep[keep] = ~is_in_sorted(task.excluded_ids, question_ids(problem, edges[keep]))
    mixed = questions.terms.copy()
    mixed[chosen] = terms[keep][: len(chosen)]
    return Questions(mixed, questions.n_terms, questions.operators)


def train_columns(
    task: Task,
    config: dict | None = None,
    *,
    target: float = 1.0,
    check_every: int = 100,
    max_seconds: float | None = None,
    seed: int = 1,
) -> tuple[keras.Model, Run]:
    """Train a column model on ``task`` until ``task.check`` is answered right; time it.

    ``config`` holds :data:`COLUMN_CONFIG`'s keys. ``max_steps * batch_size`` fresh
    questions are drawn, never a test or check question of ``task``: uniformly
    (:func:`~addition_lib.experiments.time_to_target.training_stream`) with
    ``widths="uniform"``, every term width equally often (:func:`width_balanced_stream`)
    with ``widths="balanced"``; a share ``edge_share`` of them is then replaced by random
    edge cases (sums only). The
    clock covers drawing them, building the model and training, checks included; every
    ``check_every`` steps exact-match on ``task.check`` is scored, and training stops at
    ``target`` (or at the first check after ``max_seconds``). Returns ``(model, run)``, as
    :func:`~addition_lib.experiments.time_to_target.train_to_target` does.
    """
    unknown = sorted(set(config or {}) - set(COLUMN_CONFIG))
    if unknown:
        raise ValueError(
            f"config has unknown keys {unknown!r}; known: {sorted(COLUMN_CONFIG)}"
        )
    config = {**COLUMN_CONFIG, **(config or {})}
    target = check_real("target", target, low=0, high=1, low_open=True)
    check_every = Integer(1)("check_every", check_every, {})
    batch_size = Integer(1)("batch_size", config["batch_size"], {})
    max_steps = Integer(1)("max_steps", config["max_steps"], {})
    start = time.perf_counter()
    if config["widths"] not in ("uniform", "balanced"):
        raise ValueError(
            f"widths must be 'uniform' or 'balanced', got {config['widths']!r}"
        )
    draw = width_balanced_stream if config["widths"] == "balanced" else training_stream
    questions = draw(task, max_steps * batch_size, seed=seed)
    if config["edge_share"]:
        questions = _mix_in_edge_cases(task, questions, config["edge_share"], seed)
    X, y = column_arrays(task.problem, questions)
    model = build_column_model(
        task.problem,
        units=config["units"],
        learning_rate=config["learning_rate"],
        decay_steps=max_steps,
        steps_per_execution=check_every,
        decoder=config["decoder"],
        seed=seed,
    )
    deadline = None if max_seconds is None else start + max_seconds
    stop = ScoreEvery(
        lambda m: column_exact_match(m, task.check),
        every=check_every * batch_size,
        batch_size=batch_size,
        target=target,
        deadline=deadline,
    )
    model.fit(
        X, y, batch_size=batch_size, epochs=1, shuffle=False, verbose=0, callbacks=[stop]
    )
    seconds = time.perf_counter() - start
    for row in stop.rows:  # count from the start of the run, not of training
        row["seconds"] += stop.started - start
    last = stop.rows[-1]
    run = Run(
        config,
        seed,
        seconds,
        last["step"],
        target,
        stop.reached is not None,
        last["exact_match"],
        stop.rows,
    )
    return model, run
