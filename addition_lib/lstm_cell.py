"""An LSTM layer in a few lines of NumPy, with the weights of a trained Keras LSTM.

Keras keeps an LSTM layer's weights in three arrays (here ``n`` is the number of
input features and ``u`` the number of units)::

    kernel            (n, 4u)   weights on the input x_t              (W)
    recurrent_kernel  (u, 4u)   weights on the previous hidden state  (U)
    bias              (4u,)                                           (b)

The last axis of each holds four blocks of ``u`` columns, one per gate, in the
order of :data:`GATES`: input ``i``, forget ``f``, candidate ``c`` (written
``g_t`` in the course, so it is not mistaken for the cell state ``c_t``) and
output ``o``. One step is :func:`lstm_step`; :func:`lstm_run` repeats it over a
sequence, starting from zero states as Keras does.

This module needs only NumPy; it never imports Keras.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

GATES = ("i", "f", "c", "o")


class LSTMWeights(NamedTuple):
    """The three weight arrays of a Keras LSTM layer, in the order Keras keeps them."""

    kernel: np.ndarray
    recurrent_kernel: np.ndarray
    bias: np.ndarray

    @property
    def units(self) -> int:
        return self.recurrent_kernel.shape[0]

    @property
    def n_features(self) -> int:
        return self.kernel.shape[0]


def sigmoid(z):
    """The logistic function 1 / (1 + exp(-z)), element by element, without overflow."""
    z = _real_array("z", z)
    e = np.exp(-np.abs(z))  # never overflows
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    """One LSTM step: the new ``(h_new, c_new)`` from ``x`` and the previous ``h``, ``c``.

    ``x`` has shape ``(..., n)``, ``h`` and ``c`` shape ``(..., u)``; the weights
    are laid out as Keras stores them (module docstring). The inputs are not changed.
    Taught in notebook 12.
    """
    x, h, c, kernel, recurrent_kernel, bias = _check_step(
        x, h, c, kernel, recurrent_kernel, bias
    )
    z = x @ kernel + h @ recurrent_kernel + bias  # all four gates at once: (..., 4u)
    z_i, z_f, z_g, z_o = np.split(z, 4, axis=-1)  # Keras's order: i, f, c, o
    i, f, o = sigmoid(z_i), sigmoid(z_f), sigmoid(z_o)  # gates: between 0 and 1
    g = np.tanh(z_g)  # candidate: between -1 and 1
    c_new = f * c + i * g  # keep part of the old memory, write part of the new
    h_new = o * np.tanh(c_new)  # show part of the memory
    return h_new, c_new


def lstm_run(inputs, kernel, recurrent_kernel, bias):
    """Run :func:`lstm_step` over a sequence from zero states, as Keras's LSTM layer does.

    ``inputs`` has shape ``(n_steps, n)`` for one sequence or ``(batch, n_steps, n)``
    for many. Returns ``(hs, cs)``, the hidden and cell states after every step, of
    shape ``(n_steps, u)`` or ``(batch, n_steps, u)``, in float64. ``hs[..., -1, :]``
    is what the layer returns without ``return_sequences``.
    Taught in notebook 12.
    """
    inputs = _real_array("inputs", inputs)
    if inputs.ndim not in (2, 3) or inputs.shape[-2] == 0:
        raise ValueError(
            "inputs must have shape (n_steps, n_features) or "
            "(batch, n_steps, n_features) "
            f"with at least one step, got shape {inputs.shape}"
        )
    kernel, recurrent_kernel, bias = _check_weights(kernel, recurrent_kernel, bias)
    state_shape = (*inputs.shape[:-2], recurrent_kernel.shape[0])
    h, c = np.zeros(state_shape), np.zeros(state_shape)
    hs, cs = [], []
    for t in range(inputs.shape[-2]):
        h, c = lstm_step(inputs[..., t, :], h, c, kernel, recurrent_kernel, bias)
        hs.append(h)
        cs.append(c)
    return np.stack(hs, axis=-2), np.stack(cs, axis=-2)


def lstm_weights(model, layer: str = "encoder") -> LSTMWeights:
    """The weights of the LSTM layer named ``layer`` in a Keras ``model``, as arrays.

    The chapter's model calls its LSTM layers ``"encoder"`` and ``"decoder"``.
    Only layers with Keras's defaults (tanh, sigmoid gates, a bias) are accepted,
    since those are what :func:`lstm_step` computes.
    """
    if not isinstance(layer, str):
        raise TypeError(f"layer must be a layer name such as 'encoder', got {layer!r}")
    if not hasattr(model, "get_layer"):
        raise TypeError(f"model must be a Keras model, got {type(model).__name__}")
    try:
        found = model.get_layer(layer)
    except ValueError:
        names = [each.name for each in model.layers]
        raise ValueError(
            f"layer {layer!r} is not in the model; its layers are {names}"
        ) from None
    config = found.get_config()
    expected = {"activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": True}
    if type(found).__name__ != "LSTM" or any(
        config.get(k) != v for k, v in expected.items()
    ):
        raise ValueError(
            f"layer {layer!r} must be a keras.layers.LSTM with tanh, sigmoid gates and a "
            f"bias, got {type(found).__name__}"
        )
    return LSTMWeights(*(np.asarray(weight) for weight in found.get_weights()))


# --------------------------------------------------------------------------
# Argument checks
# --------------------------------------------------------------------------


def _real_array(name: str, value) -> np.ndarray:
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be an array of real numbers, got {value!r:.60}")
    array = np.asarray(value)
    if array.dtype == bool or not (
        np.issubdtype(array.dtype, np.floating) or np.issubdtype(array.dtype, np.integer)
    ):
        raise TypeError(
            f"{name} must be an array of real numbers, got dtype {array.dtype}"
        )
    return array


def _check_weights(kernel, recurrent_kernel, bias):
    kernel = _real_array("kernel", kernel)
    recurrent_kernel = _real_array("recurrent_kernel", recurrent_kernel)
    bias = _real_array("bias", bias)
    if (
        recurrent_kernel.ndim != 2
        or recurrent_kernel.shape[1] != 4 * recurrent_kernel.shape[0]
        or recurrent_kernel.shape[0] == 0
    ):
        raise ValueError(
            "recurrent_kernel must have shape (units, 4 * units), "
            f"got {recurrent_kernel.shape}"
        )
    units = recurrent_kernel.shape[0]
    if kernel.ndim != 2 or kernel.shape[1] != 4 * units:
        raise ValueError(
            "kernel must have shape (n_features, 4 * units) = "
            f"(n_features, {4 * units}), "
            f"got {kernel.shape}"
        )
    if bias.shape != (4 * units,):
        raise ValueError(
            f"bias must have shape (4 * units,) = ({4 * units},), got {bias.shape}"
        )
    return kernel, recurrent_kernel, bias


def _check_step(x, h, c, kernel, recurrent_kernel, bias) -> tuple[np.ndarray, ...]:
    kernel, recurrent_kernel, bias = _check_weights(kernel, recurrent_kernel, bias)
    n_features, units = kernel.shape[0], recurrent_kernel.shape[0]
    x, h, c = (_real_array(name, v) for name, v in (("x", x), ("h", h), ("c", c)))
    if x.ndim == 0 or x.shape[-1] != n_features:
        raise ValueError(
            f"x must have kernel.shape[0] = {n_features} numbers on its last axis, "
            f"got shape {x.shape}"
        )
    for name, state in (("h", h), ("c", c)):
        if state.shape != (*x.shape[:-1], units):
            raise ValueError(
                f"{name} must have shape {(*x.shape[:-1], units)} (x's leading axes, "
                "then "
                f"units = {units}), got {state.shape}"
            )
    return x, h, c, kernel, recurrent_kernel, bias
