"""The check for notebook 12's "your turn": one LSTM step written in NumPy.

``check_lstm_step(my_lstm_step, model)`` works like the exercises' checks in
:mod:`addition_lib.checks` (it uses their runner, :func:`~addition_lib.checks.run_check`):

* it calls ``my_lstm_step(x, h, c, kernel, recurrent_kernel, bias)`` on a few named
  cases (a one-unit cell small enough to follow by hand, the trained encoder's own
  weights) and on random ones, and compares ``(h_new, c_new)`` with
  :func:`addition_lib.lstm_cell.lstm_step` within :data:`TOLERANCE`;
* at the first wrong result it raises ``AssertionError`` naming the call, the values
  expected and received, and, when the result matches a known slip (blocks read in
  the wrong gate order, sigmoid and tanh swapped, the previous cell state left out,
  arguments changed in place, ...), what that slip is;
* when every case is right, it runs the step over a whole question from zero states
  and compares the final ``h`` with the output of the model's Keras encoder;
* an untouched stub (it raises ``NotImplementedError`` or returns ``None``) gets a
  calm "not attempted yet".
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..lstm_cell import GATES, lstm_step, lstm_weights, sigmoid
from ..seeds import as_generator
from .core import build_cases, random_int, run_check

TOLERANCE = 1e-5
ARGUMENT_NAMES = ("x", "h", "c", "kernel", "recurrent_kernel", "bias")


@dataclass(frozen=True, repr=False)
class StepCall:
    """The six arguments of one call to the student's step, and how to describe them."""

    description: str
    arrays: tuple

    def __repr__(self) -> str:  # run_check writes the call as name(repr(args))
        return self.description


@dataclass(frozen=True)
class _Outcome:
    result: object
    changed: tuple  # names of the arguments the student's function changed in place


# ---------------------------------------------------------------- plausible slips


def _variant_step(
    x,
    h,
    c,
    kernel,
    recurrent_kernel,
    bias,
    *,
    order=GATES,
    gate=sigmoid,
    candidate=np.tanh,
    squash=np.tanh,
    keep=True,
    forget=True,
    recurrent=True,
    use_bias=True,
    h_from_old_c=False,
    swap_return=False,
):
    """lstm_step with one thing done differently, to recognise a student's slip."""
    z = (
        x @ kernel
        + (h @ recurrent_kernel if recurrent else 0)
        + (bias if use_bias else 0)
    )
    blocks = dict(zip(order, np.split(z, 4, axis=-1), strict=True))
    i, f, o = gate(blocks["i"]), gate(blocks["f"]), gate(blocks["o"])
    g = candidate(blocks["c"])
    kept = (f * c if forget else c) if keep else 0
    c_new = kept + i * g
    h_new = o * squash(c if h_from_old_c else c_new)
    return (c_new, h_new) if swap_return else (h_new, c_new)


def _order_slip(order) -> tuple[str, dict]:
    names = ", ".join(order)
    return (
        f"this is what reading the four blocks of z in the order {names} gives. Keras "
        "stores them as i, f, c, o: input gate, forget gate, candidate, output gate, "
        "each `units` columns wide",
        {"order": tuple(order)},
    )


SLIPS: list[tuple[str, dict]] = [
    (
        "you returned (c_new, h_new); return (h_new, c_new), in that order",
        {"swap_return": True},
    ),
    (
        "the gates and the candidate have their functions swapped: the gates i, f, o go "
        "through sigmoid (between 0 and 1), the candidate through tanh "
        "(between -1 and 1)",
        {"gate": np.tanh, "candidate": sigmoid},
    ),
    ("the candidate goes through tanh, not sigmoid", {"candidate": sigmoid}),
    ("the gates i, f and o go through sigmoid, not tanh", {"gate": np.tanh}),
    ("the gates i, f and o are missing their sigmoid", {"gate": lambda z: z}),
    (
        "sigmoid(z) is 1 / (1 + exp(-z)); yours has the sign of z flipped",
        {"gate": lambda z: sigmoid(-z)},
    ),
    ("the candidate is missing its tanh", {"candidate": lambda z: z}),
    (
        "c_new = f * c + i * g: the part kept from the previous cell state, f * c, "
        "is missing",
        {"keep": False},
    ),
    (
        "c_new = f * c + i * g: the previous cell state c must be multiplied by the "
        "forget "
        "gate f",
        {"forget": False},
    ),
    ("h_new = o * tanh(c_new): the tanh is missing", {"squash": lambda z: z}),
    (
        "h_new = o * tanh(c_new) uses the new cell state, not the previous c",
        {"h_from_old_c": True},
    ),
    (
        "z = x @ kernel + h @ recurrent_kernel + bias: the h @ recurrent_kernel term "
        "is missing",
        {"recurrent": False},
    ),
    (
        "z = x @ kernel + h @ recurrent_kernel + bias: the bias is missing",
        {"use_bias": False},
    ),
] + [_order_slip(order) for order in itertools.permutations(GATES) if order != GATES]


# ---------------------------------------------------------------- the cases


def _show(array, limit: int = 4) -> str:
    values = np.asarray(array, dtype=np.float64).ravel()
    shown = ", ".join(f"{v:.4g}" for v in values[:limit])
    return (
        f"[{shown}]"
        if values.size <= limit
        else f"[{shown}, ...] ({values.size} numbers)"
    )


def _hand_case() -> StepCall:
    """One unit and two input features: every number is on screen."""
    x, h, c = np.array([1.0, 0.0]), np.array([0.5]), np.array([2.0])
    kernel = np.array([[0.6, -0.8, -0.9, 1.6], [0.3, 0.2, -0.4, 0.5]])
    recurrent_kernel = np.array([[0.4, 1.6, -0.7, 0.9]])
    bias = np.array([0.1, 1.0, 0.2, -0.3])
    arrays = (x, h, c, kernel, recurrent_kernel, bias)
    shown = ", ".join(
        f"{name}={np.asarray(a).tolist()}"
        for name, a in zip(ARGUMENT_NAMES, arrays, strict=True)
    )
    return StepCall(shown, arrays)


def _encoder_case(weights, alphabet, char: str, rng=None) -> StepCall:
    x = np.zeros(weights.n_features, dtype=np.float32)
    x[list(alphabet).index(char)] = 1
    if rng is None:
        h = c = np.zeros(weights.units, dtype=np.float32)
        states = f"h=zeros({weights.units}), c=zeros({weights.units})"
    else:
        h = rng.uniform(-1, 1, weights.units).astype(np.float32)
        c = rng.uniform(-3, 3, weights.units).astype(np.float32)
        states = f"h={_show(h)}, c={_show(c)}"
    return StepCall(
        f"x=one-hot {char!r}, {states}, and the encoder's kernel, "
        "recurrent_kernel and bias",
        (x, h, c, *weights),
    )


def _random_case(rng) -> StepCall:
    units, n_features = random_int(rng, 1, 5), random_int(rng, 1, 4)
    arrays = (
        rng.normal(size=n_features),
        rng.uniform(-1, 1, units),
        rng.uniform(-2, 2, units),
        rng.normal(0, 1.2, (n_features, 4 * units)),
        rng.normal(0, 1.2, (units, 4 * units)),
        rng.normal(0, 0.8, 4 * units),
    )
    return StepCall(
        f"x={_show(arrays[0])}, h={_show(arrays[1])}, c={_show(arrays[2])}, and "
        f"random weights for {units} unit(s) and {n_features} input(s)",
        arrays,
    )


# ---------------------------------------------------------------- the judge


def _close(got, expected) -> bool:
    return got.shape == expected.shape and bool(
        np.all(np.abs(got - expected) <= TOLERANCE)
    )


def _as_states(result, units: int):
    """``(h_new, c_new)`` as float arrays, or a sentence saying why the result is not."""
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return (
            f"returned {type(result).__name__} {_show_any(result)}, expected a pair "
            "(h_new, c_new): end with `return h_new, c_new`"
        )
    states = []
    for name, part in zip(("h_new", "c_new"), result, strict=True):
        try:
            array = np.asarray(part, dtype=np.float64)
        except (TypeError, ValueError):
            return f"returned {name} = {part!r:.60}, expected an array of numbers"
        if array.shape != (units,):
            hint = {
                (4 * units,): " (that is the size of all four gates together; each "
                "gate's block is `units` wide)",
                (1, units): " (drop the extra axis)",
            }.get(array.shape, "")
            return (
                f"returned {name} of shape {array.shape}, expected ({units},): "
                f"one number per unit{hint}"
            )
        if not np.all(np.isfinite(array)):
            return f"returned {name} = {_show(array)}, which holds NaN or infinity"
        states.append(array)
    return tuple(states)


def _show_any(value) -> str:
    return _show(value) if isinstance(value, np.ndarray) else f"{value!r:.60}"


def _judge(args, outcome) -> str | None:
    (call,) = args
    x, h, c, kernel, recurrent_kernel, bias = (
        np.asarray(a, dtype=np.float64) for a in call.arrays
    )
    units = recurrent_kernel.shape[0]
    if outcome is None or not isinstance(outcome, _Outcome):
        return "returned None, expected (h_new, c_new)"
    states = _as_states(outcome.result, units)
    if isinstance(states, str):
        return states
    h_new, c_new = states
    want_h, want_c = lstm_step(x, h, c, kernel, recurrent_kernel, bias)
    if _close(h_new, want_h) and _close(c_new, want_c):
        if outcome.changed:
            names = " and ".join(outcome.changed)
            return (
                f"gave the right h_new and c_new, but changed its argument {names} in "
                "place. The caller's array is overwritten (in a loop, the previous state "
                "is lost "
                "for anyone else holding it): build new arrays, for example "
                "c_new = f * c + i * g rather than c *= f; c += i * g"
            )
        return None
    message = (
        f"gave h_new={_show(h_new)}, c_new={_show(c_new)}; expected "
        f"h_new={_show(want_h)}, c_new={_show(want_c)} (each number within {TOLERANCE:g})"
    )
    for explanation, slip in SLIPS:
        slip_h, slip_c = _variant_step(x, h, c, kernel, recurrent_kernel, bias, **slip)
        if _close(h_new, slip_h) and _close(c_new, slip_c):
            return f"{message}\n  {explanation}"
    for name, got, wanted in (("c_new", c_new, want_c), ("h_new", h_new, want_h)):
        if not _close(got, wanted):
            k = int(np.argmax(np.abs(got - wanted)))
            other = "h_new" if name == "c_new" else "c_new"
            right = (
                f"{other} is right, but "
                if _close(*((h_new, want_h) if other == "h_new" else (c_new, want_c)))
                else ""
            )
            return (
                f"{message}\n  {right}{name}[{k}] is {got[k]:.6g}, expected "
                f"{wanted[k]:.6g}. Print i, f, g and o for this case and compare them "
                "with the equations"
            )
    return message  # pragma: no cover - one of the two is wrong when we get here


# ---------------------------------------------------------------- the check


def check_lstm_step(
    student_fn: Callable, model, *, question: str = "9+10+9", n_random: int = 20, seed=0
) -> None:
    """Check ``student_fn(x, h, c, kernel, recurrent_kernel, bias) -> (h_new, c_new)``.

    ``model`` is the trained chapter model; its LSTM layer named ``"encoder"``
    supplies the weights, and its Keras encoder the output the step must reproduce
    when run over ``question`` (typed as for :func:`addition_lib.ask`) from zero
    states. See the module docstring for what is checked and printed.
    """
    if not callable(student_fn):
        raise TypeError(f"student_fn must be the function you wrote, got {student_fn!r}")
    from ..evaluation import encode_question
    from ..model import encoder_of, problem_of

    weights = lstm_weights(model, "encoder")
    problem = problem_of(model)
    if not isinstance(question, str):
        raise TypeError(
            f"question must be a sum typed as text, such as '9+10+9', got {question!r}"
        )
    try:
        inputs = encode_question(question, problem)
    except ValueError as error:
        raise ValueError(
            f"question {question!r} cannot be read by the model: {error}"
        ) from None
    rng = as_generator(seed)
    named = [
        (_hand_case(),),
        (_encoder_case(weights, problem.alphabet, " "),),
        (_encoder_case(weights, problem.alphabet, "9", rng),),
        (_encoder_case(weights, problem.alphabet, "+", rng),),
    ]
    cases = build_cases(named, lambda r: (_random_case(r),), n_random, rng)
    attempted = []

    def call_student(call: StepCall):
        # The student gets copies, so that _judge names an argument changed in place.
        given = tuple(np.array(a, copy=True) for a in call.arrays)
        result = student_fn(*given)
        changed = tuple(
            name
            for name, now, then in zip(ARGUMENT_NAMES, given, call.arrays, strict=True)
            if not np.array_equal(now, then)
        )
        if result is None and not changed:
            return None
        attempted.append(True)
        return _Outcome(result, changed)

    name = getattr(student_fn, "__name__", "your function")
    run_check(call_student, cases, _judge, name=name)
    if not attempted:
        return
    keras_h = encoder_of(model).predict(inputs, verbose=0)[0]
    text = "".join(problem.alphabet[k] for k in inputs[0].argmax(axis=-1))
    _check_whole_question(student_fn, name, text, inputs[0], weights, keras_h)


def _check_whole_question(student_fn, name, text, inputs, weights, keras_h) -> None:
    """Run the student's step over ``inputs`` from zero states; compare h with Keras's."""
    h, c = (
        np.zeros(weights.units, dtype=np.float32),
        np.zeros(weights.units, dtype=np.float32),
    )
    for t, x in enumerate(inputs.astype(np.float32)):
        try:
            h, c = student_fn(x, h, c, *weights)
        except Exception as error:
            raise AssertionError(
                f"{name} raised {type(error).__name__} at step {t + 1} of "
                f"{text!r}: {error}"
            ) from error
    difference = float(np.max(np.abs(np.asarray(h, dtype=np.float64) - keras_h)))
    if not difference <= TOLERANCE:
        raise AssertionError(
            f"{name} run over the {len(text)} characters of {text!r} from h = c = 0 ends "
            f"with h = {_show(h)}, but Keras's encoder gives {_show(keras_h)}: they "
            "differ by up "
            f"to {difference:.3g}, more than {TOLERANCE:g}"
        )
    print(
        f"Run over the {len(text)} characters of {text!r} from h = c = 0, your final h "
        f"matches the Keras encoder's output to within {TOLERANCE:g} "
        f"(largest difference {difference:.1e})."
    )
