"""Checks for exercise 9: additive attention weights by hand, and a comparison's setups.

``check_additive_weights(my_weights)`` calls ``my_weights(queries, keys, scale)`` with
``queries`` ``(steps, units)``, ``keys`` ``(n_in, units)`` and ``scale`` ``(units,)``
and wants the weights of Keras's ``AdditiveAttention``:
``scores[t, j] = sum(scale * tanh(queries[t] + keys[j]))``, then a softmax over ``j``.
A result that matches a usual slip gets a sentence saying which.

``check_setups(setups)`` looks at the ``setups`` a student gives ``compare_decoders``
for the exercise's measurement and names what would make the comparison unfair.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from .core import build_cases, random_int, run_check
from .nb14_attention import Arrays, judge_weights, softmax


def reference_additive_weights(queries, keys, scale) -> np.ndarray:
    """``softmax_j(sum(scale * tanh(queries[t] + keys[j])))``: shape ``(steps, n_in)``."""
    q, k = np.asarray(queries, np.float64), np.asarray(keys, np.float64)
    summed = q[:, None, :] + k[None, :, :]
    return softmax((np.asarray(scale, np.float64) * np.tanh(summed)).sum(axis=-1))


def _slips(queries, keys, scale) -> list[tuple[str, np.ndarray]]:
    q, k = np.asarray(queries, np.float64), np.asarray(keys, np.float64)
    s = np.asarray(scale, np.float64)
    summed = q[:, None, :] + k[None, :, :]
    scores = (s * np.tanh(summed)).sum(axis=-1)
    right = softmax(scores)
    return [
        ("these are the raw scores: turn each row into weights with a softmax", scores),
        (
            "the softmax went over the answer steps (axis 0); each answer step spreads "
            "its attention over the input positions, so use the last axis",
            softmax(scores, axis=0),
        ),
        (
            (
                "tanh is missing: the layer squashes query + key with tanh before "
                "weighing it"
            ),
            softmax((s * summed).sum(axis=-1)),
        ),
        (
            "scale is missing: each of the units numbers of tanh(query + key) is "
            "multiplied by its own learned scale before they are summed",
            softmax(np.tanh(summed).sum(axis=-1)),
        ),
        (
            "tanh came after the sum: it acts on each of the units numbers of query + "
            "key, and the scaled results are summed afterwards",
            softmax(np.tanh((s * summed).sum(axis=-1))),
        ),
        (
            "these are dot-product weights (softmax(queries @ keys.T)); additive "
            "attention adds query and key instead of multiplying them",
            softmax(q @ k.T),
        ),
        ("the result is transposed: shape (steps, n_in), one row per query", right.T),
    ]


def _judge(args, result):
    queries, keys, scale = (arg.value for arg in args)
    with np.errstate(all="ignore"):
        slips = _slips(queries, keys, scale)
    return judge_weights(
        result,
        reference_additive_weights(queries, keys, scale),
        slips,
        "scores[t, j] = sum(scale * tanh(queries[t] + keys[j])), then a softmax along "
        "the last axis",
    )


def _random_case(rng) -> tuple[Arrays, Arrays, Arrays]:
    steps, n_in = random_int(rng, 1, 6), random_int(rng, 2, 9)
    units = random_int(rng, 2, 32)
    queries = rng.uniform(-1.5, 1.5, (steps, units)).astype("float32")
    keys = rng.uniform(-1.5, 1.5, (n_in, units)).astype("float32")
    scale = rng.uniform(-1, 1, units).astype("float32")
    return (
        Arrays(f"<random queries {queries.shape}>", queries),
        Arrays(f"<random keys {keys.shape}>", keys),
        Arrays(f"<random scale {scale.shape}>", scale),
    )


def check_additive_weights(
    student_fn: Callable,
    queries=None,
    keys=None,
    scale=None,
    *,
    n_random: int = 20,
    seed=0,
) -> None:
    """Check ``student_fn(queries, keys, scale)`` against Keras's additive attention.

    ``queries``, ``keys`` and ``scale``, when all given (for example a trained model's),
    are one more named case.
    """
    if not callable(student_fn):
        raise TypeError(f"student_fn must be the function you wrote, got {student_fn!r}")
    small = (
        Arrays(
            "<queries [[1, 0], [0, 1]]>", np.array([[1.0, 0.0], [0.0, 1.0]], "float32")
        ),
        Arrays(
            "<keys [[1, 1], [2, 0], [0, 1]]>",
            np.array([[1.0, 1.0], [2.0, 0.0], [0.0, 1.0]], "float32"),
        ),
        Arrays("<scale [1, -2]>", np.array([1.0, -2.0], "float32")),
    )
    named = [small]
    if queries is not None and keys is not None and scale is not None:
        arrays = [np.asarray(a) for a in (queries, keys, scale)]
        named.append(
            tuple(
                Arrays(f"<the model's {name} {a.shape}>", a)
                for name, a in zip(("queries", "keys", "scale"), arrays, strict=True)
            )
        )
    cases = build_cases(named, _random_case, n_random, seed)
    name = getattr(student_fn, "__name__", "your function")
    run_check(
        lambda q, k, s: student_fn(q.value, k.value, s.value), cases, _judge, name=name
    )


# ---------------------------------------------------------------- the comparison


def _options(entry) -> dict:
    kind, _units, *changes = entry
    return dict((changes[0] if changes else {}).get("options", {}))


def check_setups(setups) -> None:
    """Check the ``setups`` for comparing dot-product and additive attention.

    Wants two problems, 2 terms of 1..999 written reversed and plain, each naming the
    models ``"dot"`` and ``"additive"``, both of kind ``"attention"`` with the same
    units, the encoder read both ways for the plain problem and one way for the reversed
    one, and one recipe and sample count per problem. Prints what it found; raises
    ``AssertionError`` naming the first problem; an empty dict is "not attempted yet".
    """
    if setups is None or (isinstance(setups, Mapping) and not setups):
        print(
            "setups: not attempted yet (it is still empty). Fill it in, then run this "
            "check again."
        )
        return
    if not isinstance(setups, Mapping):
        raise AssertionError(
            f"setups must be a dict of {{title: setup}}, got {setups!r:.80}"
        )
    problems = {}
    for title, setup in setups.items():
        where = f"setups[{title!r}]"
        missing = {"problem", "n_samples", "n_test", "models", "recipe", "levels"} - set(
            setup
        )
        if missing:
            raise AssertionError(f"{where} lacks the keys {sorted(missing)}")
        problem = setup["problem"]
        if (problem.n_terms, problem.smallest, problem.largest) != ((2, 2), 1, 999):
            raise AssertionError(
                f"{where}: the problem must be 2 terms of 1..999, got {problem!r}"
            )
        problems[problem.reverse] = title
        models = setup["models"]
        if set(models) != {"dot", "additive"}:
            raise AssertionError(
                f"{where}['models'] must name 'dot' and 'additive', got {sorted(models)}"
            )
        for name, entry in models.items():
            if entry[0] != "attention":
                raise AssertionError(
                    f"{where}['models'][{name!r}] must be of kind "
                    f"'attention', got {entry[0]!r}"
                )
            score = _options(entry).get("score", "dot")
            if score != name:
                raise AssertionError(
                    f"{where}['models'][{name!r}] builds score={score!r}: "
                    f"pass options={{'score': {name!r}}}"
                )
            both_ways = bool(_options(entry).get("bidirectional", False))
            if both_ways == problem.reverse:
                raise AssertionError(
                    f"{where}['models'][{name!r}] has bidirectional={both_ways}: read "
                    "the plain question both ways (its keys must know their place value) "
                    "and the reversed one one way, as in notebook 14"
                )
        if models["dot"][1] != models["additive"][1]:
            raise AssertionError(
                f"{where}: 'dot' and 'additive' must have the same units, "
                f"got {models['dot'][1]} and {models['additive'][1]}"
            )
        for name in ("dot", "additive"):
            extra = set((models[name][2:] or [{}])[0]) - {"options"}
            if extra:
                raise AssertionError(
                    f"{where}['models'][{name!r}] changes the recipe "
                    f"({sorted(extra)}): both must train alike"
                )
    if set(problems) != {True, False}:
        raise AssertionError(
            "setups must hold two problems: the question written "
            "reversed and written plain"
        )
    print(f"setups: right ({len(setups)} problems, dot against additive, trained alike)")
