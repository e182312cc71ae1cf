"""The two baselines of exercise 2, timed as its own runs are.

* :func:`chapter_recipe`: the chapter's model and data, one epoch in batches of 32;
* :func:`keras_io_recipe`: the keras-io ``addition_rnn`` example's recipe, on a task of
  :mod:`.time_to_target` (its test and check questions never seen in training).
"""

from __future__ import annotations

import time

from ..data import generate_data
from ..model import build_model
from ..problem import CHAPTER_PROBLEM
from ..quiet import keras
from ..splits import HeldOutSplit
from ..validation import check_int
from .time_to_target import Task, formatted


def chapter_recipe(seed: int = 1, *, n_samples: int = 75_000):
    """The chapter's recipe, timed: the chapter's model and data, one epoch, batch 32.

    Returns ``(model, seconds)``; the clock covers drawing the data, building the model
    and training. Taught in exercise 2.
    """
    start = time.perf_counter()
    X, y = generate_data(
        n_samples, CHAPTER_PROBLEM.n_numbers, CHAPTER_PROBLEM.largest, seed=seed
    )
    model = build_model(seed=seed)
    model.fit(X, y, epochs=1, batch_size=32, verbose=0)
    return model, time.perf_counter() - start


def keras_io_recipe(
    task: Task,
    *,
    epochs: int = 29,
    n_train: int = 45_000,
    n_val: int = 5_000,
    reverse: bool = True,
    seed: int = 1,
):
    """The keras-io ``addition_rnn`` recipe on ``task``, timed.

    LSTM(128), RepeatVector, LSTM(128), Dense: ``n_train + n_val`` distinct training
    questions of ``task`` (never a test or check question), Adam at Keras's default
    learning rate, batch 32, ``epochs`` epochs, scored on the ``n_val`` validation
    questions after every epoch, as the example does. The input is padded as
    ``task.problem`` says and reversed if ``reverse`` (the example reverses it). Returns
    ``(model, seconds, history)``; ``history.history["val_exact_match"]`` has one value
    per epoch and ``history.history["seconds"]`` the time at the end of each epoch.
    Taught in exercise 2.
    """
    epochs = check_int("epochs", epochs, minimum=1)
    n_train = check_int("n_train", n_train, minimum=1)
    n_val = check_int("n_val", n_val, minimum=1)
    start = time.perf_counter()
    problem = formatted(task.problem, reverse=reverse)
    split = HeldOutSplit(problem, task.excluded_ids)
    X, y = split.train_data(n_train + n_val, seed, distinct=True)
    model = build_model(problem, encoder_units=128, decoder_units=128, seed=seed)
    ends: list[float] = []
    clock = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: ends.append(time.perf_counter() - start)
    )
    history = model.fit(
        X[:n_train],
        y[:n_train],
        batch_size=32,
        epochs=epochs,
        validation_data=(X[n_train:], y[n_train:]),
        verbose=0,
        callbacks=[clock],
    )
    history.history["seconds"] = ends
    return model, time.perf_counter() - start, history
