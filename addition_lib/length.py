"""Length: train on numbers of up to N digits, then ask for N+1 and N+2 (notebook 15).

A model that had learnt to add, column by column, would add numbers of any length. The
chapter's model is given fixed-width strings, so the test is easy to set up: size the
input and the answer for the longest numbers to come, train only on short ones (the
leading positions stay padding), then ask longer questions.

* :func:`wide_problem` is the problem whose strings fit every length tested;
  :func:`questions_of_width` draws sums whose longer term has exactly so many digits.
* :func:`length_study` trains one model per format and seed on short numbers and scores
  it on held-out short questions and on longer ones.
* :func:`digit_accuracy` says where the answers go wrong: the share of right digits at
  each place value, units first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .answer_formats import in_format, right_answers
from .data import encode_questions
from .experiments.formats import train_and_follow
from .problem import ArithmeticProblem
from .questions import Questions
from .rules import PLUS
from .seeds import as_generator
from .splits import held_out_split
from .validation import Integer, Seed, check_int, check_problem, check_questions, validate


@validate(digits=Integer(1))
def wide_problem(digits: int) -> ArithmeticProblem:
    """Two-term addition of up to ``digits`` digits: strings wide enough for every test.

    >>> wide_problem(5).n_in_seq_length, wide_problem(5).n_out_seq_length
    (11, 6)
    """
    return ArithmeticProblem(2, 10**digits - 1)


@validate(n_samples=Integer(0), digits=Integer(1), n_terms=Integer(2), seed=Seed())
def questions_of_width(
    n_samples: int, digits: int, *, n_terms: int = 2, seed=None
) -> Questions:
    """``n_samples`` random sums whose longest term has exactly ``digits`` digits.

    One term, in a random place, is drawn from ``10**(digits - 1)..10**digits - 1``; the
    others from ``1..10**digits - 1``. Taught in notebook 15.

    >>> [len(str(max(row))) for row in questions_of_width(3, 4, seed=0).rows()]
    [4, 4, 4]
    """
    rng = as_generator(seed)
    terms = rng.integers(1, 10**digits, size=(n_samples, n_terms))
    place = rng.integers(0, n_terms, size=n_samples)
    terms[np.arange(n_samples), place] = rng.integers(
        10 ** (digits - 1), 10**digits, size=n_samples
    )
    return Questions(terms, np.full(n_samples, n_terms), np.full(n_samples, PLUS))


def digit_accuracy(model, problem: ArithmeticProblem, questions: Questions) -> np.ndarray:
    """Share of ``questions`` whose answer has the right character at each place value.

    Returns a float array of shape ``(n_out_seq_length,)``: units first, then tens, and
    so on, whichever order ``problem`` writes the answer in.
    """
    problem, questions = check_problem(problem), check_questions(questions)
    X, y = encode_questions(problem, questions)
    y_hat = np.asarray(model.predict(X, batch_size=2048, verbose=0))
    same = (y_hat.argmax(-1) == y.argmax(-1)).mean(axis=0)
    return same if problem.reverse_output else same[::-1]


def length_study(
    formats: Sequence[str],
    *,
    train_digits: int,
    extra: Sequence[int] = (1, 2),
    seeds: Sequence[int],
    n_samples: int,
    n_test: int,
    units: tuple[int, int],
    n_checks: int = 4,
    verbose: bool = True,
) -> dict:
    """Train on sums of up to ``train_digits`` digits; test on longer ones.

    Taught in notebook 15.

    For each seed, ``n_samples`` training questions of two terms of
    ``1..10**train_digits - 1`` are drawn (never one of the ``n_test`` held out, seed 0),
    and every format in ``formats`` (names of
    :data:`~addition_lib.answer_formats.ANSWER_FORMATS`) trains a model on them for one
    pass (:func:`~addition_lib.curves.train_and_follow`), written in
    :func:`wide_problem` of the longest length. Each model is scored on the held-out short
    questions and on ``n_test`` questions of each longer width in ``extra``. Returns
    ``{"exact": {format: {digits: [one share per seed]}}, "places": {format: {digits:
    [digit_accuracy per seed]}}, "models": {format: [one model per seed]}, "problem":
    the wide problem}``.
    """
    train_digits = check_int("train_digits", train_digits, minimum=1)
    extra = [check_int("extra", k, minimum=1) for k in extra]
    short = ArithmeticProblem(2, 10**train_digits - 1)
    wide = wide_problem(train_digits + max(extra))
    split = held_out_split(short, n_test, seed=0)
    tests = {train_digits: split.test}
    for k in extra:
        longer = questions_of_width(n_test, train_digits + k, seed=100 + k)
        tests[train_digits + k] = longer
    study: dict[str, Mapping] = {"exact": {}, "places": {}, "models": {}, "problem": wide}
    for name in formats:
        study["exact"][name] = {digits: [] for digits in tests}
        study["places"][name] = {digits: [] for digits in tests}
        study["models"][name] = []
    for seed in seeds:
        questions = split.sample_train(n_samples, seed=seed)
        for name in formats:
            problem = in_format(wide, name)
            *_, seconds, model = train_and_follow(
                problem,
                split,
                questions,
                seed=seed,
                units=units,
                n_checks=n_checks,
                return_model=True,
            )
            study["models"][name].append(model)
            for digits, test in tests.items():
                study["exact"][name][digits].append(
                    float(right_answers(model, problem, test).mean())
                )
                study["places"][name][digits].append(digit_accuracy(model, problem, test))
            if verbose:
                print(
                    f"seed {seed}  {name:15} "
                    + "  ".join(
                        f"{digits} digits {study['exact'][name][digits][-1]:6.1%}"
                        for digits in tests
                    )
                    + f"  ({seconds:3.0f} s)"
                )
    return study
