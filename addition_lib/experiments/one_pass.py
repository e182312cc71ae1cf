"""The one-pass recipe of exercises 3 and 4: one pass over fresh training questions.

Every model of the model-size study (exercise 3) and of the variable-terms search
(exercise 4) is trained the same way: one pass over ``n_samples`` training questions in
batches, Adam from a learning rate with a cosine decay to 0 over exactly that pass, and
exact-match on held-out questions at the end. :func:`one_pass_model` builds such a
model, and :class:`OnePassRecipe` is the KerasTuner HyperModel both searches build on.
"""

from __future__ import annotations

import math

from ..model import build_model
from ..problem import ArithmeticProblem
from ..training import train_and_score
from ..tuners import keras_tuner
from ..validation import check_int, check_real


def one_pass_model(
    problem: ArithmeticProblem,
    units: int,
    *,
    n_samples: int,
    batch_size: int,
    learning_rate: float,
    seed: int,
):
    """The course's model with ``units`` in the encoder and the decoder, for one pass.

    Adam's learning rate falls from ``learning_rate`` to 0 along a cosine over the
    ``ceil(n_samples / batch_size)`` steps of one pass over ``n_samples`` questions:
    large steps early learn fast, small ones at the end let the weights settle instead
    of swinging between good and bad. The LSTM loops are unrolled, which computes the
    same thing faster on a CPU. Used in exercises 3 and 4.
    """
    n_samples = check_int("n_samples", n_samples, minimum=1)
    n_steps = math.ceil(n_samples / check_int("batch_size", batch_size, minimum=1))
    return build_model(
        problem,
        encoder_units=units,
        decoder_units=units,
        learning_rate=learning_rate,
        decay_steps=n_steps,
        unroll=True,
        metrics=False,
        seed=seed,
    )


class OnePassRecipe(keras_tuner.HyperModel):
    """A HyperModel whose trials all follow one recipe: one pass over fresh questions.

    Every trial builds :func:`one_pass_model` with its units and trains it once over
    ``n_samples`` training questions in batches of ``batch_size``, then scores it on
    held-out questions (:func:`~addition_lib.training.train_and_score`). ``seed`` fixes
    the initial weights (and what the subclass draws with it). The recipe of exercises 3
    and 4.
    """

    def __init__(
        self,
        name: str,
        *,
        n_samples: int,
        batch_size: int,
        learning_rate: float,
        seed: int,
    ):
        super().__init__(name=name)
        self.n_samples = check_int("n_samples", n_samples, minimum=1)
        self.batch_size = check_int("batch_size", batch_size, minimum=1)
        self.learning_rate = check_real(
            "learning_rate", learning_rate, low=0, low_open=True
        )
        self.seed = check_int("seed", seed, minimum=0)

    def one_pass_model(self, problem: ArithmeticProblem, units: int):
        """:func:`one_pass_model` for ``problem`` with this recipe."""
        return one_pass_model(
            problem,
            units,
            n_samples=self.n_samples,
            batch_size=self.batch_size,
            learning_rate=self.learning_rate,
            seed=self.seed,
        )

    def train_and_score(
        self, model, train, held_out, *, callbacks=None, prefix: str = ""
    ):
        """:func:`~addition_lib.training.train_and_score`, in this recipe's batches."""
        return train_and_score(
            model,
            train,
            held_out,
            batch_size=self.batch_size,
            callbacks=callbacks or (),
            prefix=prefix,
        )
