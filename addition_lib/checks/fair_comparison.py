"""A check that a comparison of two ways of writing the input is fair (exercises 6 and 7).

Before a multi-seed experiment, the student writes the step that sets up one seed's runs:

    fair_runs(problem, variants, n_samples, n_test, units, seed)
        -> {variant name: (model, (X_train, y_train), (X_test, y_test))}

``variants`` maps a name to the changes it makes to ``problem``, such as
``{"per term": {"padding": "per_term"}}``. :func:`check_fair_runs` decodes the arrays
back into questions and checks that only the writing differs: every variant trains on
the same questions in the same order, from the same initial weights, and is scored on
the same held-out questions, which training never sees and which stay the same for
every seed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping

import numpy as np

from ..data import answer_texts, question_texts
from ..problem import ArithmeticProblem
from ..questions import Questions
from ..quiet import keras
from ..rules import evaluate
from .core import build_cases, call_student, random_int, run_check, teaching_check
from .models import seq2seq_parameters


def _form(n_samples, n_test) -> str:
    return (
        f"(model, (X_train, y_train), (X_test, y_test)) with {n_samples} training and "
        f"{n_test} held-out questions"
    )


def _decode(problem: ArithmeticProblem, X, y, what: str):
    """``(questions as tuples of terms, problem text)``: ``problem`` is ``None`` if all
    is well."""
    X, y = np.asarray(X), np.asarray(y)
    shape_in = (problem.n_in_seq_length, problem.n_chars)
    shape_out = (problem.n_out_seq_length, problem.n_chars)
    if X.ndim != 3 or X.shape[1:] != shape_in or y.ndim != 3 or y.shape[1:] != shape_out:
        return None, (
            f"gave {what} arrays of shapes {X.shape} and {y.shape}, expected "
            f"(n, {shape_in[0]}, {shape_in[1]}) and (n, {shape_out[0]}, {shape_out[1]}) "
            f"for this variant's problem"
        )
    if len(X) != len(y):
        return None, f"gave {len(X)} {what} questions but {len(y)} answers"
    texts = question_texts(problem, X)
    try:
        questions = Questions.from_texts(texts)
    except ValueError as error:
        return None, f"gave {what} questions that do not read as questions ({error})"
    rows = [tuple(row) for row in questions.rows()]
    answers = [text.strip() for text in answer_texts(problem, y)]
    for i, (row, operator, answer) in enumerate(
        zip(rows, questions.operators.tolist(), answers, strict=True)
    ):
        if answer != str(evaluate(row, operator)):
            return None, (
                f"gave {what} answer {i} as {answer!r} for the question "
                f"{texts[i].strip()!r}; expected {evaluate(row, operator)}"
            )
    return rows, None


def _first_mismatch(a: list, b: list) -> int:
    return next(i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y)


def _show(row) -> str:
    return "+".join(map(str, row))


@teaching_check
def check_fair_runs(
    student_fn: Callable, variants: Mapping[str, Mapping], *, n_random: int = 1, seed=0
) -> None:
    """Check ``fair_runs(problem, variants, n_samples, n_test, units, seed)`` for a fair
    comparison.

    For each case, the result must map every name of ``variants`` to ``(model, (X_train,
    y_train), (X_test, y_test))`` for the problem with that variant's
    changes, and:

    * every variant trains on **the same questions in the same order**, ``n_samples`` of
      them;
    * every variant is scored on **the same held-out questions**, ``n_test`` distinct
      ones, none of which is ever a training question, and the same again for another
      seed;
    * every variant's model starts from **the same weights**, with ``units`` (encoder,
      decoder) units;
    * another seed draws other training questions.
    """
    if not isinstance(variants, Mapping) or len(variants) < 2:
        raise TypeError(
            f"variants must be a dict of at least two {{name: changes}}, got {variants!r}"
        )
    variants = {name: dict(changes) for name, changes in variants.items()}
    named = [
        (ArithmeticProblem(3, 10), variants, 64, 20, (8, 4), 1),
        (ArithmeticProblem(2, 99), variants, 48, 30, (6, 6), 2),
    ]

    def make_random(rng):
        problem = ArithmeticProblem(
            random_int(rng, 2, 3), int(rng.choice((10, 33, 99, 999)))
        )
        return (
            problem,
            variants,
            random_int(rng, 20, 80),
            random_int(rng, 5, 40),
            (random_int(rng, 2, 12), random_int(rng, 2, 12)),
            random_int(rng, 1, 100),
        )

    def judge(args, result):
        problem, _, n_samples, n_test, units, run_seed = args
        verdict, runs = _judge_runs(result, args)
        if verdict is not None:
            return verdict
        again = call_student(student_fn, (*args[:5], run_seed + 1))
        verdict, other = _judge_runs(again, (*args[:5], run_seed + 1))
        if verdict is not None:
            return f"called again with seed={run_seed + 1}, {verdict}"
        name = next(iter(variants))
        if other[name][1] != runs[name][1]:
            return (
                f"holds out other questions for seed={run_seed + 1} than for "
                f"seed={run_seed}: hold "
                "out one set per problem (held_out_split(problem, n_test, seed=0)), "
                "so that "
                "every seed and variant is scored on the same questions"
            )
        if other[name][0] == runs[name][0]:
            return (
                f"draws the same training questions for seed={run_seed} and "
                f"seed={run_seed + 1}: "
                "does it pass its seed on when it draws them?"
            )
        return None

    cases = build_cases(named, make_random, n_random, seed)
    run_check(student_fn, cases, judge)
    keras.backend.clear_session()


def _judge_runs(result, args) -> tuple[str | None, dict]:
    problem, variants, n_samples, n_test, units, _ = args
    if not isinstance(result, Mapping) or list(result) != list(variants):
        shown = list(result) if isinstance(result, Mapping) else type(result).__name__
        return (
            f"gave {shown!r}, expected a dict with one entry per variant, "
            f"{list(variants)!r}, "
            f"each {_form(n_samples, n_test)}"
        ), {}
    decoded = {}
    for name, changes in variants.items():
        run = result[name]
        if not (
            isinstance(run, (tuple, list))
            and len(run) == 3
            and isinstance(run[0], keras.Model)
            and all(
                isinstance(pair, (tuple, list)) and len(pair) == 2 for pair in run[1:]
            )
        ):
            return (
                f"gave {run!r:.120} for {name!r}, expected {_form(n_samples, n_test)}",
                {},
            )
        variant = dataclasses.replace(problem, **changes)
        train, problem_text = _decode(variant, *run[1], "training")
        if problem_text:
            return f"for {name!r} {problem_text}", {}
        test, problem_text = _decode(variant, *run[2], "held-out")
        if problem_text:
            return f"for {name!r} {problem_text}", {}
        if len(train) != n_samples or len(test) != n_test:
            return (
                f"for {name!r} gave {len(train)} training and {len(test)} held-out "
                "questions, "
                f"expected {n_samples} and {n_test}"
            ), {}
        if len(set(test)) != len(test):
            return (
                f"for {name!r} holds out some question twice; expected {n_test} "
                "different ones",
                {},
            )
        held_out = set(test)
        leaked = [row for row in train if row in held_out]
        if leaked:
            return (
                f"for {name!r} trains on {_show(leaked[0])}, which is also a "
                "held-out question: "
                "draw training questions from the split (split.sample_train), never "
                "from the "
                "whole problem"
            ), {}
        expected = seq2seq_parameters(variant.n_chars, *units)
        if run[0].count_params() != expected:
            return (
                f"for {name!r} gave a model with {run[0].count_params():,} weights, "
                "expected "
                f"{expected:,} (the chapter's layers with {units[0]} and {units[1]} "
                "units)"
            ), {}
        decoded[name] = (train, test, run[0].get_weights())
    names = list(variants)
    first, (train, test, weights) = names[0], decoded[names[0]]
    for name in names[1:]:
        other_train, other_test, other_weights = decoded[name]
        if other_train != train:
            if sorted(other_train) == sorted(train):
                return (
                    f"trains {first!r} and {name!r} on the same questions in a "
                    "different order; "
                    "expected the same order: only the writing may differ"
                ), {}
            i = _first_mismatch(train, other_train)
            return (
                f"trains {first!r} and {name!r} on different questions (question {i} is "
                f"{_show(train[i])} for one and {_show(other_train[i])} for the "
                "other): draw "
                "the training questions once per seed and write them both ways"
            ), {}
        if other_test != test:
            return (
                f"scores {first!r} and {name!r} on different held-out questions; "
                "expected the "
                "same ones for every variant"
            ), {}
        if len(other_weights) != len(weights) or not all(
            a.shape == b.shape and np.array_equal(a, b)
            for a, b in zip(weights, other_weights, strict=True)
        ):
            return (
                f"starts {first!r} and {name!r} from different weights: build every "
                "variant's "
                "model with the same seed"
            ), {}
    return None, {name: (train, test) for name, (train, test, _) in decoded.items()}
