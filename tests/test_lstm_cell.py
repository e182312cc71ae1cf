"""The NumPy LSTM: one step by hand, whole runs against Keras's own LSTM layer, and bad input."""

import math
import warnings

import numpy as np
import pytest

from addition_lib.lstm_cell import GATES, LSTMWeights, lstm_run, lstm_step, lstm_weights, sigmoid


def random_weights(rng, n_features, units, scale=1.0):
    return LSTMWeights(rng.normal(0, scale, (n_features, 4 * units)),
                       rng.normal(0, scale, (units, 4 * units)),
                       rng.normal(0, scale, 4 * units))


# ---------------------------------------------------------------- the arithmetic


def test_sigmoid_matches_the_formula_and_never_overflows():
    z = np.linspace(-30, 30, 61)
    np.testing.assert_allclose(sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow in exp would warn
        extreme = sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    np.testing.assert_array_equal(extreme, [0.0, 0.5, 1.0])


def test_one_unit_step_worked_out_with_scalars():
    # One unit, two input features; the four gates' numbers sit in the columns i, f, c, o.
    x, h, c = [1.0, 2.0], [0.5], [-1.5]
    kernel = [[0.1, 0.2, 0.3, 0.4], [-0.5, 0.6, -0.7, 0.8]]
    recurrent_kernel = [[1.0, -1.0, 0.5, 0.25]]
    bias = [0.0, 1.0, -0.2, 0.1]
    z = [x[0] * kernel[0][k] + x[1] * kernel[1][k] + h[0] * recurrent_kernel[0][k] + bias[k]
         for k in range(4)]
    sig = [1 / (1 + math.exp(-v)) for v in z]
    c_new = sig[1] * c[0] + sig[0] * math.tanh(z[2])
    h_new = sig[3] * math.tanh(c_new)
    got_h, got_c = lstm_step(x, h, c, kernel, recurrent_kernel, bias)
    assert got_h.shape == got_c.shape == (1,)
    assert got_h[0] == pytest.approx(h_new, rel=1e-12)
    assert got_c[0] == pytest.approx(c_new, rel=1e-12)


def test_gate_order_is_input_forget_candidate_output():
    assert GATES == ("i", "f", "c", "o")
    # A forget gate wide open (f = 1) and an input gate shut (i = 0) keep the cell state as it was.
    units = 3
    bias = np.concatenate([np.full(units, -50.0), np.full(units, 50.0), np.zeros(units),
                           np.zeros(units)])
    c = np.array([0.3, -2.0, 1.0])
    _, c_new = lstm_step(np.zeros(2), np.zeros(units), c, np.zeros((2, 4 * units)),
                         np.zeros((units, 4 * units)), bias)
    np.testing.assert_allclose(c_new, c, atol=1e-12)


def test_step_works_on_a_batch_and_leaves_its_inputs_alone():
    rng = np.random.default_rng(0)
    weights = random_weights(rng, 4, 3)
    x, h, c = rng.normal(size=(5, 4)), rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    copies = [a.copy() for a in (x, h, c, *weights)]
    h_new, c_new = lstm_step(x, h, c, *weights)
    assert h_new.shape == c_new.shape == (5, 3)
    for row in range(5):
        one_h, one_c = lstm_step(x[row], h[row], c[row], *weights)
        np.testing.assert_allclose(h_new[row], one_h, rtol=1e-12)
        np.testing.assert_allclose(c_new[row], one_c, rtol=1e-12)
    for before, after in zip(copies, (x, h, c, *weights), strict=True):
        np.testing.assert_array_equal(before, after)


def test_run_from_zero_states_chains_the_steps():
    rng = np.random.default_rng(1)
    weights = random_weights(rng, 3, 2)
    inputs = rng.normal(size=(4, 3))
    hs, cs = lstm_run(inputs, *weights)
    assert hs.shape == cs.shape == (4, 2)
    h, c = np.zeros(2), np.zeros(2)
    for t in range(4):
        h, c = lstm_step(inputs[t], h, c, *weights)
        np.testing.assert_allclose(hs[t], h, rtol=1e-12)
        np.testing.assert_allclose(cs[t], c, rtol=1e-12)


@pytest.mark.parametrize("batch", [None, 6])
def test_run_matches_keras_lstm_layer(batch):
    from addition_lib import keras

    rng = np.random.default_rng(2)
    n_steps, n_features, units = 5, 4, 3
    weights = random_weights(rng, n_features, units, scale=0.8)
    inputs = rng.normal(size=(batch or 1, n_steps, n_features)).astype(np.float32)
    layer = keras.layers.LSTM(units, return_sequences=True, return_state=True)
    layer.build((None, n_steps, n_features))
    layer.set_weights([w.astype(np.float32) for w in weights])
    keras_hs, keras_h, keras_c = (np.asarray(a) for a in layer(inputs))
    hs, cs = lstm_run(inputs if batch else inputs[0], *weights)
    if not batch:
        hs, cs = hs[None], cs[None]
    np.testing.assert_allclose(hs, keras_hs, atol=1e-5)
    np.testing.assert_allclose(hs[:, -1], keras_h, atol=1e-5)
    np.testing.assert_allclose(cs[:, -1], keras_c, atol=1e-5)


def test_weights_of_the_chapter_model_reproduce_its_encoder():
    from addition_lib import all_sum_pairs, build_model, encode_sum_pairs, encoder_of

    model = build_model(seed=4)
    weights = lstm_weights(model)
    assert [w.shape for w in weights] == [(12, 300), (75, 300), (300,)]
    assert (weights.n_features, weights.units) == (12, 75)
    terms = all_sum_pairs(3, 10)[::37]
    X, _ = encode_sum_pairs(terms, terms.sum(axis=1), 3, 10)
    hs, _ = lstm_run(X, *weights)
    np.testing.assert_allclose(hs[:, -1], encoder_of(model).predict(X, verbose=0), atol=1e-5)
    assert [w.shape for w in lstm_weights(model, "decoder")] == [(75, 200), (50, 200), (200,)]


# ---------------------------------------------------------------- bad input


@pytest.fixture(scope="module")
def step_args():
    weights = random_weights(np.random.default_rng(3), 2, 3)
    return {"x": np.ones(2), "h": np.zeros(3), "c": np.zeros(3), "kernel": weights.kernel,
            "recurrent_kernel": weights.recurrent_kernel, "bias": weights.bias}


@pytest.mark.parametrize(("name", "value"), [
    ("x", "12"), ("h", [["a"]]), ("c", None), ("kernel", np.ones((2, 12), dtype=bool)),
    ("recurrent_kernel", {"units": 3}), ("bias", True),
])
def test_step_rejects_values_that_are_not_real_numbers(step_args, name, value):
    with pytest.raises(TypeError, match=rf"^{name} must be an array of real numbers"):
        lstm_step(**{**step_args, name: value})


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("x", np.ones(3), r"x must have kernel.shape\[0\] = 2"),
    ("x", 1.0, r"x must have kernel.shape\[0\] = 2"),
    ("h", np.zeros(4), r"h must have shape \(3,\)"),
    ("c", np.zeros((1, 3)), r"c must have shape \(3,\)"),
    ("kernel", np.zeros((2, 11)), r"kernel must have shape \(n_features, 4 \* units\)"),
    ("recurrent_kernel", np.zeros((3, 3)), r"recurrent_kernel must have shape \(units, 4 \* units\)"),
    ("recurrent_kernel", np.zeros((0, 0)), r"recurrent_kernel must have shape"),
    ("bias", np.zeros(11), r"bias must have shape \(4 \* units,\) = \(12,\)"),
])
def test_step_rejects_arrays_of_the_wrong_shape(step_args, name, value, expected):
    with pytest.raises(ValueError, match=expected):
        lstm_step(**{**step_args, name: value})


def test_step_accepts_integer_one_hot_input(step_args):
    h, _ = lstm_step(**{**step_args, "x": np.array([0, 1], dtype=np.uint8)})
    assert h.dtype == np.float64


@pytest.mark.parametrize(("inputs", "error", "expected"), [
    ("  9+10+9", TypeError, "inputs must be an array of real numbers"),
    (np.ones(2), ValueError, r"inputs must have shape \(n_steps, n_features\)"),
    (np.ones((1, 1, 1, 2)), ValueError, r"inputs must have shape"),
    (np.ones((0, 2)), ValueError, "at least one step"),
    (np.ones((4, 5)), ValueError, r"x must have kernel.shape\[0\] = 2"),
])
def test_run_rejects_bad_inputs(step_args, inputs, error, expected):
    weights = (step_args["kernel"], step_args["recurrent_kernel"], step_args["bias"])
    with pytest.raises(error, match=expected):
        lstm_run(inputs, *weights)


def test_weights_reject_a_bad_model_or_layer():
    from addition_lib import build_model

    model = build_model(seed=1)
    with pytest.raises(TypeError, match="model must be a Keras model"):
        lstm_weights("encoder")
    with pytest.raises(TypeError, match="layer must be a layer name"):
        lstm_weights(model, 0)
    with pytest.raises(ValueError, match=r"layer 'encoderr' is not in the model; its layers are \["):
        lstm_weights(model, "encoderr")
    with pytest.raises(ValueError, match="layer 'output' must be a keras.layers.LSTM"):
        lstm_weights(model, "output")
