"""The chapter's ``RepeatVector`` decoder against a teacher-forced one, measured alike.

Two kinds of model (:data:`KINDS`):

* ``"repeat"``: the chapter's network, ``LSTM -> RepeatVector -> LSTM -> Dense``
  (:func:`~addition_lib.model.build_model`), answers padded to a fixed width. Its
  prediction is the answer; there is nothing to feed back.
* ``"teacher"``: the decoder of :mod:`addition_lib.teacher_forcing`, trained with
  teacher forcing and scored by greedy decoding, its answers ending at the end symbol.
* ``"attention"``: the same, with a decoder that attends over the encoder's outputs
  (:mod:`addition_lib.attention`).

Both are scored by **free-running exact-match**: the whole answer right, as the model
writes it on its own. The pieces:

* :class:`ScoreEvery` is a callback that scores a held-out set every so many training
  samples (a learning curve) and can stop at a target or a deadline.
* :func:`follow_run` trains one model on given questions and follows it;
  :func:`compare_decoders` does that for every problem, seed and model, on the same
  training and held-out questions, and returns a
  :class:`~addition_lib.experiments.formats.FormatComparison` (its summaries work for
  any variants).
* :func:`race_to_target` trains until a check set is answered right and times the whole
  run, for either kind, as
  :func:`~addition_lib.experiments.time_to_target.train_to_target` does for one.
* :func:`units_for_parameters` finds the teacher-forced model's size that matches a
  parameter count.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence

from .attention import build_attention
from .attention import exact_match as attention_exact_match
from .data import encode_questions
from .experiments.formats import FormatComparison
from .experiments.time_to_target import Run, Task, formatted, training_stream
from .greedy_decoding import free_running_exact_match
from .model import build_model
from .problem import ArithmeticProblem
from .questions import Questions
from .quiet import keras
from .splits import held_out_split
from .teacher_forcing import (
    answer_codes,
    answer_symbols,
    build_teacher_forcing,
    teacher_forcing_arrays,
)
from .training import exact_match_of
from .validation import check_int, check_real

KINDS = ("repeat", "teacher", "attention")


def _check_kind(kind) -> str:
    if not isinstance(kind, str) or kind not in KINDS:
        raise ValueError(f"kind must be one of {list(KINDS)!r}, got {kind!r}")
    return kind


def build_decoder_model(
    kind: str,
    problem: ArithmeticProblem,
    units,
    *,
    learning_rate: float = 1e-3,
    decay_steps: int | None = None,
    steps_per_execution: int = 1,
    seed: int | None = None,
    options: Mapping | None = None,
) -> keras.Model:
    """A compiled model of ``kind``: ``units`` is ``(encoder, decoder)`` for ``"repeat"``,
    one number for ``"teacher"`` and ``"attention"`` (encoder and decoder share one
    state
    size). ``options`` go to the builder as they are (``{"score": "additive"}``)."""
    options = dict(options or {})
    kind = _check_kind(kind)
    if kind == "repeat":
        if not (isinstance(units, Sequence) and len(units) == 2):
            raise TypeError(
                f"units must be an (encoder, decoder) pair for 'repeat', got {units!r}"
            )
        return build_model(
            problem,
            encoder_units=units[0],
            decoder_units=units[1],
            learning_rate=learning_rate,
            decay_steps=decay_steps,
            unroll=True,
            metrics=False,
            steps_per_execution=steps_per_execution,
            seed=seed,
            **options,
        )
    build = build_attention if kind == "attention" else build_teacher_forcing
    return build(
        problem,
        units=units,
        learning_rate=learning_rate,
        decay_steps=decay_steps,
        steps_per_execution=steps_per_execution,
        metrics=False,
        seed=seed,
        **options,
    )


def training_data(kind: str, problem: ArithmeticProblem, questions: Questions):
    """``(inputs, targets)`` for ``model.fit`` with a model of ``kind``."""
    if _check_kind(kind) == "repeat":
        return encode_questions(problem, questions)
    return teacher_forcing_arrays(problem, questions)


def exact_match_scorer(
    kind: str, problem: ArithmeticProblem, questions: Questions
) -> Callable:
    """A function ``score(model)``: the free-running exact-match on ``questions``."""
    X, y = encode_questions(problem, questions)
    if _check_kind(kind) == "repeat":
        return lambda model: exact_match_of(model, X, y)
    if kind == "attention":
        return lambda model: attention_exact_match(model, questions)
    codes = answer_codes(problem, questions.answers)
    return lambda model: free_running_exact_match(model, X, codes)


def units_for_parameters(problem: ArithmeticProblem, n_parameters: int) -> int:
    """The teacher-forced model's ``units`` that give about ``n_parameters`` weights.

    Two LSTMs of ``u`` units read ``n_chars`` and ``n_symbols`` inputs, and a Dense
    layer writes ``n_symbols``, so the count is ``4u(n_chars + u + 1) + 4u(n_symbols + u
    + 1) + (u + 1) n_symbols``.
    """
    n_parameters = check_int("n_parameters", n_parameters, minimum=1)
    n_chars, n_symbols = problem.n_chars, len(answer_symbols(problem))

    def count(u):
        return (
            4 * u * (n_chars + u + 1) + 4 * u * (n_symbols + u + 1) + (u + 1) * n_symbols
        )

    best = 1
    while count(best + 1) <= n_parameters:
        best += 1
    return (
        best if n_parameters - count(best) <= count(best + 1) - n_parameters else best + 1
    )


# ---------------------------------------------------------------- following a run


class ScoreEvery(keras.callbacks.Callback):
    """Call ``score(model)`` every ``every`` training samples, first and last too.

    Samples are counted as ``batch_size`` per optimizer step, capped at ``n_samples``.
    ``rows`` gets ``{"seen", "step", "seconds", "exact_match"}`` per check (seconds
    since training began, checks included); ``eval_seconds`` is the time the checks
    took. With ``target`` training stops at the first check that reaches it (``reached``
    keeps that row); with ``deadline`` (a ``time.perf_counter()`` value) at the first
    check after it.
    """

    def __init__(
        self,
        score: Callable,
        *,
        every: int,
        batch_size: int,
        n_samples: int | None = None,
        target: float | None = None,
        deadline: float | None = None,
    ):
        super().__init__()
        if not callable(score):
            raise TypeError(f"score must be a function of the model, got {score!r}")
        self.score = score
        self.every = check_int("every", every, minimum=1)
        self.batch_size = check_int("batch_size", batch_size, minimum=1)
        self.n_samples = (
            None if n_samples is None else check_int("n_samples", n_samples, minimum=1)
        )
        if target is not None:
            target = check_real("target", target, low=0, high=1, low_open=True)
        self.target = target
        self.deadline = deadline
        self.rows: list[dict] = []
        self.reached: dict | None = None
        self.eval_seconds = 0.0

    def _seen(self) -> int:
        seen = int(self.model.optimizer.iterations) * self.batch_size
        return seen if self.n_samples is None else min(seen, self.n_samples)

    def check(self):
        """Score the model now and append the row."""
        started = time.perf_counter()
        exact = float(self.score(self.model))
        now = time.perf_counter()
        self.eval_seconds += now - started
        row = {
            "seen": self._seen(),
            "step": int(self.model.optimizer.iterations),
            "seconds": now - self.started,
            "exact_match": exact,
        }
        self.rows.append(row)
        if self.target is not None and self.reached is None and exact >= self.target:
            self.reached = row
            self.model.stop_training = True
        elif self.deadline is not None and now > self.deadline:
            self.model.stop_training = True

    def on_train_begin(self, logs=None):
        self.started = time.perf_counter()
        self._next = self.every
        if not self.rows:
            self.check()

    def on_train_batch_end(self, batch, logs=None):
        if self._seen() >= self._next:
            self._next = self._seen() // self.every * self.every + self.every
            self.check()

    def on_train_end(self, logs=None):
        if self.rows[-1]["step"] != int(self.model.optimizer.iterations):
            self.check()


def follow_run(
    kind: str,
    problem: ArithmeticProblem,
    train: Questions,
    test: Questions,
    *,
    units,
    seed: int,
    n_checks: int,
    batch_size: int = 32,
    learning_rate: float = 1e-3,
    decay: bool = False,
    steps_per_execution: int = 1,
    options: Mapping | None = None,
):
    """Train a model of ``kind`` on ``train`` once, scoring ``test`` ``n_checks`` times.

    ``decay=True`` brings Adam's rate to 0 along a cosine over the pass; ``options`` go
    to the model's builder (:func:`build_decoder_model`). Returns
    ``(rows, seconds, n_parameters)``: the :class:`ScoreEvery` rows, the training time
    without the checks, and the model's weight count.
    """
    n_checks = check_int("n_checks", n_checks, minimum=1)
    batch_size = check_int("batch_size", batch_size, minimum=1)
    inputs, targets = training_data(kind, problem, train)
    n_steps = -(-len(train) // batch_size)
    model = build_decoder_model(
        kind,
        problem,
        units,
        learning_rate=learning_rate,
        decay_steps=n_steps if decay else None,
        steps_per_execution=steps_per_execution,
        seed=seed,
        options=options,
    )
    curve = ScoreEvery(
        exact_match_scorer(kind, problem, test),
        every=max(1, len(train) // n_checks),
        batch_size=batch_size,
        n_samples=len(train),
    )
    started = time.perf_counter()
    model.fit(
        inputs,
        targets,
        batch_size=batch_size,
        epochs=1,
        shuffle=False,
        verbose=0,
        callbacks=[curve],
    )
    return (
        curve.rows,
        time.perf_counter() - started - curve.eval_seconds,
        model.count_params(),
    )


def compare_decoders(
    setups: Mapping[str, Mapping],
    *,
    seeds: Sequence[int],
    n_checks: int,
    verbose: bool = True,
) -> FormatComparison:
    """Train every problem x seed x model on the same questions and held-out set.

    ``setups`` maps a problem title to ``{"problem", "n_samples", "n_test", "models",
    "recipe", "levels"}``: ``models`` maps a name to ``(kind, units)`` or ``(kind,
    units, changes)``, ``recipe`` holds :func:`follow_run`'s ``batch_size``,
    ``learning_rate``, ``decay``, ``steps_per_execution`` and ``options``, and
    ``changes`` (such as ``{"learning_rate": 0.005}``) overrides it for one model. For
    each problem ``n_test`` questions are held out (seed 0); for each seed ``n_samples``
    training questions are drawn once and every model trains on them. Every problem must
    name the same models. The result's ``variants`` maps a model's name to its entry on
    the first problem; ``params[title][name]`` holds each weight count.
    """
    if not isinstance(setups, Mapping) or not setups:
        raise TypeError(
            f"setups must be a non-empty dict of {{title: setup}}, got {setups!r:.80}"
        )
    names = [tuple(setup["models"]) for setup in setups.values()]
    if len(set(names)) != 1:
        raise ValueError(f"every setup must name the same models, got {names}")
    seeds = tuple(check_int("seeds", seed, minimum=0) for seed in seeds)
    first = next(iter(setups.values()))["models"]
    comparison = FormatComparison(setups, dict(first), seeds)
    comparison.params = {}
    for title, setup in setups.items():
        models = setup["models"]
        comparison.curves[title] = {name: [] for name in models}
        comparison.params[title] = {}
        split = comparison.splits[title] = held_out_split(
            setup["problem"], setup["n_test"], seed=0
        )
        started, cpu_started = time.perf_counter(), time.process_time()
        for seed in seeds:
            train = split.sample_train(setup["n_samples"], seed=seed)
            for name, (kind, units, *changes) in models.items():
                recipe = {**setup.get("recipe", {}), **(changes[0] if changes else {})}
                rows, seconds, n_params = follow_run(
                    kind,
                    setup["problem"],
                    train,
                    split.test,
                    units=units,
                    seed=seed,
                    n_checks=n_checks,
                    **recipe,
                )
                comparison.curves[title][name].append(rows)
                comparison.params[title][name] = n_params
                if verbose:
                    print(
                        f"{title:28} seed {seed}  {name:16} held-out exact-match "
                        f"{rows[-1]['exact_match']:7.2%}  ({seconds:3.0f} s)"
                    )
        comparison.seconds[title] = time.perf_counter() - started
        comparison.cpu_seconds[title] = time.process_time() - cpu_started
    return comparison


# ---------------------------------------------------------------- time to a target

RACE_CONFIG = {
    "units": 128,
    "learning_rate": 0.01,
    "batch_size": 128,
    "max_steps": 4500,
    "padding": "whole",
    "reverse": True,
    "answer_exponent": 0.0,
}
"""Keys of a :func:`race_to_target` config, and the values of the ones left out."""


def race_to_target(
    kind: str,
    task: Task,
    config: dict,
    *,
    target: float = 1.0,
    check_every: int = 250,
    max_seconds: float | None = None,
    seed: int = 1,
):
    """Train a model of ``kind`` until ``task.check`` is answered right, and time it.

    As :func:`~addition_lib.experiments.time_to_target.train_to_target`: the clock
    covers drawing ``max_steps * batch_size`` training questions (never a test or check
    question), building the model and training, checks included; Adam follows a cosine
    from ``learning_rate`` to 0 over ``max_steps``. ``config`` holds
    :data:`RACE_CONFIG`'s keys (``units`` is a pair for ``"repeat"``). Every
    ``check_every`` steps the free-running exact-match on ``task.check`` is scored;
    training stops once it reaches ``target``, or at the first check after
    ``max_seconds``. Returns ``(model, run)``, a
    :class:`~addition_lib.experiments.time_to_target.Run` whose ``rows`` count seconds
    from the start.
    """
    kind = _check_kind(kind)
    unknown = sorted(set(config) - set(RACE_CONFIG))
    if unknown:
        raise ValueError(
            f"config has unknown keys {unknown!r}; known keys are {sorted(RACE_CONFIG)!r}"
        )
    config = {**RACE_CONFIG, **config}
    target = check_real("target", target, low=0, high=1, low_open=True)
    check_every = check_int("check_every", check_every, minimum=1)
    batch_size = check_int("batch_size", config["batch_size"], minimum=1)
    max_steps = check_int("max_steps", config["max_steps"], minimum=1)
    start = time.perf_counter()
    problem = formatted(
        task.problem, padding=config["padding"], reverse=config["reverse"]
    )
    questions = training_stream(
        task, max_steps * batch_size, answer_exponent=config["answer_exponent"], seed=seed
    )
    inputs, targets = training_data(kind, problem, questions)
    model = build_decoder_model(
        kind,
        problem,
        config["units"],
        learning_rate=config["learning_rate"],
        decay_steps=max_steps,
        steps_per_execution=check_every,
        seed=seed,
    )
    deadline = None if max_seconds is None else start + max_seconds
    stop = ScoreEvery(
        exact_match_scorer(kind, problem, task.check),
        every=check_every * batch_size,
        batch_size=batch_size,
        target=target,
        deadline=deadline,
    )
    model.fit(
        inputs,
        targets,
        batch_size=batch_size,
        epochs=1,
        shuffle=False,
        verbose=0,
        callbacks=[stop],
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


def held_out_exact_match(kind: str, model, task: Task) -> float:
    """Free-running exact-match of ``model`` (of ``kind``) on ``task.test``."""
    if task.test is None:
        raise ValueError("task has no test questions; make it with held_out_task")
    return float(exact_match_scorer(kind, model.problem, task.test)(model))
