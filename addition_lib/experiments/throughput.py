"""What a training step costs on this machine (exercise 2).

:func:`compare_throughput` times several configurations of the course's model side by
side; :func:`measure_throughput` times one.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

import numpy as np

from ..model import build_model
from ..seeds import as_generator
from ..validation import check_int


def compare_throughput(
    problem, settings: dict, *, n_steps: int = 60, rounds: int = 3, seed: int = 0
) -> dict:
    """How fast each configuration in ``settings`` trains: ms/step and samples/second.

    ``settings`` maps a label to keyword arguments: ``batch_size`` (required), and
    optionally ``encoder_units``, ``decoder_units``, ``unroll``, ``steps_per_execution``
    (see :func:`~addition_lib.model.build_model`) and ``dtype`` of the one-hot input
    (``"uint8"`` by default). Each configuration is built and traced once; then,
    ``rounds`` times, every configuration in turn trains ``n_steps`` steps, and each
    keeps its fastest round. Taking turns spreads any disturbance from other programs
    over all of them instead of one. The data are random one-hot arrays; their values
    do not change the cost of a step. Returns
    ``{label: {"ms_per_step": ..., "samples_per_second": ...}}``. Used in exercise 2.
    """
    n_steps = check_int("n_steps", n_steps, minimum=1)
    rounds = check_int("rounds", rounds, minimum=1)
    if not isinstance(settings, Mapping):
        raise TypeError(
            f"settings must be a dict from label to keyword arguments, got {settings!r}"
        )
    if not settings:
        raise ValueError(
            f"settings must map at least one label to keyword arguments, got {settings!r}"
        )
    rng = as_generator(seed)
    runs = {}
    for label, kwargs in settings.items():
        kwargs = dict(kwargs)
        if "batch_size" not in kwargs:
            raise ValueError(f"settings[{label!r}] needs a batch_size, got {kwargs!r}")
        batch_size = check_int("batch_size", kwargs.pop("batch_size"), minimum=1)
        eye = np.eye(problem.n_chars, dtype=kwargs.pop("dtype", "uint8"))
        n = batch_size * n_steps
        X = eye[rng.integers(0, problem.n_chars, (n, problem.n_in_seq_length))]
        y = eye[rng.integers(0, problem.n_chars, (n, problem.n_out_seq_length))]
        kwargs.setdefault("unroll", False)
        model = build_model(problem, metrics=False, seed=seed, **kwargs)
        model.fit(
            X, y, batch_size=batch_size, epochs=1, verbose=0, shuffle=False
        )  # trace it
        runs[label] = (model, X, y, batch_size)
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(rounds):
        for label, (model, X, y, batch_size) in runs.items():
            start = time.perf_counter()
            model.fit(X, y, batch_size=batch_size, epochs=1, verbose=0, shuffle=False)
            best[label] = min(best[label], time.perf_counter() - start)
    return {
        label: {
            "ms_per_step": 1000 * best[label] / n_steps,
            "samples_per_second": runs[label][3] * n_steps / best[label],
        }
        for label in runs
    }


def measure_throughput(
    problem,
    *,
    batch_size: int,
    n_steps: int = 60,
    repeats: int = 3,
    seed: int = 0,
    **kwargs,
) -> dict:
    """:func:`compare_throughput` for one configuration: ms per step, samples per second.

    ``kwargs`` are ``encoder_units``, ``decoder_units``, ``unroll`` (default False),
    ``steps_per_execution`` and ``dtype``; the fastest of ``repeats`` runs of ``n_steps``
    counts.
    """
    settings = {"run": {"batch_size": batch_size, **kwargs}}
    return compare_throughput(
        problem, settings, n_steps=n_steps, rounds=repeats, seed=seed
    )["run"]
