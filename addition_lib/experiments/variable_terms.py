"""One problem with 2 to 5 terms: a small search by validation exact-match (exercise 4).

The questions of a problem with several term counts are far from even: five terms of
1..10 make 100,000 questions and two terms only 100, and the extreme sums of five terms
are rare. :func:`training_questions` can spread a share of the training draws evenly over
the kinds of answer. :class:`SingleProblemSearch` chooses the model's units and that
share by validation exact-match (the validation and test sets come from
:func:`~addition_lib.splits.held_out_sets`), so the test set is scored only once, by the
winner.
"""

from __future__ import annotations

import numpy as np

from ..questions import Questions
from ..seeds import as_generator
from ..splits import HeldOutSplit
from ..tuners import check_choices
from ..validation import check_int, check_real
from .one_pass import OnePassRecipe

VAL_OBJECTIVE = "val_exact_match"
"""The metric :class:`SingleProblemSearch` reports and its tuner maximises."""


def _share(label: str, value) -> float:
    return check_real(label, value, low=0, high=1)


def training_questions(
    split: HeldOutSplit,
    n_samples: int,
    *,
    balanced_share: float = 0.0,
    seed=None,
    pool_factor: int = 4,
) -> Questions:
    """Draw ``n_samples`` training questions of ``split`` (never a held-out one).

    With ``balanced_share=0`` this is :meth:`HeldOutSplit.sample_train`: every question
    equally likely, so rare answers (five terms of 1..10 make 48 in only 15 ways out of
    100,000) are rarely seen. With ``balanced_share=b`` a share ``b`` of the draws is
    spread evenly over the kinds of answer instead: a pool of ``pool_factor * n_samples``
    training questions is drawn, grouped by (term count, operator, answer), and each
    question is picked with probability ``(1 - b) / pool + b / (groups * its group's
    size)``. Questions stay training questions; only how often each is shown changes.
    Taught in exercise 4.
    """
    if not isinstance(split, HeldOutSplit):
        raise TypeError(
            f"split must be a HeldOutSplit (see held_out_split), got {split!r}"
        )
    n_samples = check_int("n_samples", n_samples, minimum=1)
    balanced_share = _share("balanced_share", balanced_share)
    pool_factor = check_int("pool_factor", pool_factor, minimum=1)
    rng = as_generator(seed)
    if balanced_share == 0:
        return split.sample_train(n_samples, rng)
    pool = split.sample_train(pool_factor * n_samples, rng)
    operators = np.unique(pool.operators, return_inverse=True)[1].reshape(-1)
    keys = np.stack([pool.n_terms, operators, pool.answers], axis=1)
    _, group, sizes = np.unique(keys, axis=0, return_inverse=True, return_counts=True)
    group = group.reshape(-1)
    weights = (1 - balanced_share) / len(pool) + balanced_share / (
        len(sizes) * sizes[group]
    )
    return pool[rng.choice(len(pool), n_samples, p=weights / weights.sum())]


class SingleProblemSearch(OnePassRecipe):
    """Tune units and ``balanced_share`` (:func:`training_questions`) on validation.

    ``split`` draws the training questions (:func:`~addition_lib.splits.held_out_sets`
    gives it, with ``validation``); the test set is never seen here. Every trial trains
    once over ``n_samples`` questions (:func:`~addition_lib.training.train_and_score`),
    with the recipe of exercise 3 (:class:`~.one_pass.OnePassRecipe`). ``fit`` returns
    ``val_exact_match`` (the objective), ``val_char_accuracy``, ``train_seconds`` and
    ``params``. Taught in exercise 4.
    """

    objective = VAL_OBJECTIVE

    def __init__(
        self,
        split: HeldOutSplit,
        validation: Questions,
        *,
        units=(64, 128),
        balanced_share=(0.0, 0.5),
        n_samples: int = 200_000,
        batch_size: int = 64,
        learning_rate: float = 5e-3,
        seed: int = 0,
    ):
        super().__init__(
            "single_problem_search",
            n_samples=n_samples,
            batch_size=batch_size,
            learning_rate=learning_rate,
            seed=seed,
        )
        if not isinstance(split, HeldOutSplit):
            raise TypeError(
                f"split must be a HeldOutSplit (see held_out_sets), got {split!r}"
            )
        if not isinstance(validation, Questions) or not len(validation):
            raise TypeError(
                f"validation must be a non-empty Questions batch, got {validation!r}"
            )
        if split.is_test(validation).sum() != len(validation):
            raise ValueError(
                "validation questions must be held out of split's training questions"
            )
        self.split, self.validation = split, validation
        self.units = check_choices("units", units)
        self.balanced_share = check_choices("balanced_share", balanced_share, _share)

    def build(self, hp):
        units = hp.Choice("units", self.units)
        hp.Choice("balanced_share", self.balanced_share)
        return self.one_pass_model(self.split.problem, units)

    def fit(self, hp, model, *args, callbacks=None, **kwargs):
        share = hp.get("balanced_share")
        train = training_questions(
            self.split, self.n_samples, balanced_share=share, seed=self.seed
        )
        return self.train_and_score(
            model, train, self.validation, callbacks=callbacks, prefix="val_"
        )
