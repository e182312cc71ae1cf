"""Four ways to write a question and its answer, and what each changes (notebook 15).

The model reads the question left to right and writes the answer left to right. A
person adds from the units up, so the chapter's order asks the model to write the
hundreds before it has worked out the carry from the units. Two switches of
:class:`~addition_lib.ArithmeticProblem` change the order:

* ``reverse=True``: the padded question is read backwards (``'345+678'`` becomes
  ``'876+543'``), so the model reads the last term's units first;
* ``reverse_output=True``: the padded answer is written least significant digit
  first (``'1023'`` becomes ``'3201'``), so the model writes the units first.

:data:`ANSWER_FORMATS` names the four combinations, ready for
:func:`~addition_lib.curves.compare_formats`. :func:`write_reversed` and
:func:`read_reversed` are the reversed answer and its inverse, one answer at a time;
:func:`carry_table` and :func:`edge_case_scores` break a comparison's results down by
carry chain.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from .alphabet import PAD
from .carries import carry_chains, exact_match_by
from .data import encode_questions
from .problem import ArithmeticProblem
from .questions import Questions
from .validation import Integer, check_problem, check_questions, validate

ANSWER_FORMATS: dict[str, dict[str, bool]] = {
    "plain": {"reverse": False, "reverse_output": False},
    "reversed input": {"reverse": True, "reverse_output": False},
    "reversed output": {"reverse": False, "reverse_output": True},
    "both reversed": {"reverse": True, "reverse_output": True},
}
"""Each format's settings of ``reverse`` and ``reverse_output``."""


def in_format(problem: ArithmeticProblem, name: str) -> ArithmeticProblem:
    """``problem`` written in the format ``name`` (a key of :data:`ANSWER_FORMATS`).

    >>> in_format(ArithmeticProblem(2, 999), 'both reversed').reverse_output
    True
    """
    problem = check_problem(problem)
    if not isinstance(name, str) or name not in ANSWER_FORMATS:
        raise ValueError(f"name must be one of {list(ANSWER_FORMATS)!r}, got {name!r}")
    return dataclasses.replace(problem, **ANSWER_FORMATS[name])


@validate(answer=Integer(0), width=Integer(1))
def write_reversed(answer: int, width: int) -> str:
    """``answer`` written least significant digit first, padded on the right to ``width``.

    The padding ends up after the digits, where the reversed left-padding lands.
    Taught in notebook 15.

    >>> write_reversed(1023, 4), write_reversed(28, 4)
    ('3201', '82  ')
    """
    text = str(answer)
    if len(text) > width:
        raise ValueError(f"answer {answer} has more than width={width} digits")
    return text[::-1].ljust(width, PAD)


def read_reversed(text: str) -> int:
    """The number a reversed answer such as ``'82  '`` stands for: the inverse of
    :func:`write_reversed`. Taught in notebook 15.

    >>> read_reversed('82  '), read_reversed('3201')
    (28, 1023)
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string such as '82 ', got {text!r}")
    digits = text.rstrip(PAD)[::-1]
    if not digits.isdecimal() or not digits.isascii() or str(int(digits)) != digits:
        raise ValueError(
            f"text must be digits, least significant first, then padding, got {text!r}"
        )
    return int(digits)


def right_answers(model, problem: ArithmeticProblem, questions: Questions) -> np.ndarray:
    """Which ``questions`` ``model`` answers exactly right: a bool ``(n,)`` array.

    ``problem`` says how the questions are written for the model (its format).
    """
    problem, questions = check_problem(problem), check_questions(questions)
    X, y = encode_questions(problem, questions)
    y_hat = np.asarray(model.predict(X, batch_size=2048, verbose=0))
    return (y_hat.argmax(-1) == y.argmax(-1)).all(axis=1)


def carry_table(comparison, title: str) -> dict[str, dict[int, tuple[float, int]]]:
    """Held-out exact-match by longest carry chain, per format, averaged over seeds.

    ``comparison`` is a :class:`~addition_lib.curves.FormatComparison`; returns
    ``{format: {chain length: (share right, how many test questions)}}``.
    """
    chains = carry_chains(comparison.splits[title].test)
    return {
        name: exact_match_by(chains, np.stack([r.all(axis=1) for r in runs]))
        for name, runs in comparison.right[title].items()
    }


def edge_case_scores(comparison, title: str, edge_cases: Questions) -> dict[str, list]:
    """Each format's exact-match on ``edge_cases``, one per seed.

    ``comparison`` must have kept its models (``compare_formats(..., keep_models=True)``).
    """
    if not any(comparison.models.get(title, {}).values()):
        raise ValueError(
            "comparison has no models; run compare_formats with keep_models=True"
        )
    base = comparison.setups[title]["problem"]
    return {
        name: [
            float(right_answers(model, problem, edge_cases).mean()) for model in models
        ]
        for name, models in comparison.models[title].items()
        for problem in [dataclasses.replace(base, **comparison.variants[name])]
    }
