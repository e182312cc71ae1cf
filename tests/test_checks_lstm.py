"""check_lstm_step accepts right answers, is calm about stubs, and names each plausible mistake.

Every "student" below is written out the way a student would write it, not built from the
library's own step, so a wrong answer that slipped through would show up here.
"""

import itertools
import re

import numpy as np
import pytest

from addition_lib.checks.nb12_inside_the_lstm import SLIPS, TOLERANCE, _hand_case, _variant_step, check_lstm_step
from addition_lib.lstm_cell import lstm_step


@pytest.fixture(scope="module")
def model():
    """The chapter's model with encoder weights as large as training makes them (no training here)."""
    from addition_lib import build_model

    model = build_model(seed=5)
    encoder = model.get_layer("encoder")
    rng = np.random.default_rng(5)
    encoder.set_weights([rng.normal(0, 0.5, w.shape).astype(np.float32) for w in encoder.get_weights()])
    return model


def sig(z):
    return 1 / (1 + np.exp(-z))


def textbook(x, h, c, kernel, recurrent_kernel, bias):
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4)
    c_new = sig(f) * c + sig(i) * np.tanh(g)
    return sig(o) * np.tanh(c_new), c_new


def with_slices(x, h, c, kernel, recurrent_kernel, bias):
    u = len(h)
    z = np.dot(x, kernel) + np.dot(h, recurrent_kernel) + bias
    i, f, g, o = sig(z[:u]), sig(z[u:2 * u]), np.tanh(z[2 * u:3 * u]), sig(z[3 * u:])
    c_new = f * c + i * g
    return [o * np.tanh(c_new), c_new]


def in_float32(x, h, c, kernel, recurrent_kernel, bias):
    args = [np.asarray(a, dtype=np.float32) for a in (x, h, c, kernel, recurrent_kernel, bias)]
    return textbook(*args)


def gate_by_gate(x, h, c, kernel, recurrent_kernel, bias):
    u = recurrent_kernel.shape[0]
    blocks = [slice(k * u, (k + 1) * u) for k in range(4)]
    pre = [x @ kernel[:, s] + h @ recurrent_kernel[:, s] + bias[s] for s in blocks]
    c_new = sig(pre[1]) * c + sig(pre[0]) * np.tanh(pre[2])
    return sig(pre[3]) * np.tanh(c_new), c_new


@pytest.mark.parametrize("student", [textbook, with_slices, in_float32, gate_by_gate])
def test_right_answers_pass_and_match_keras(model, student, capsys):
    check_lstm_step(student, model)
    out = capsys.readouterr().out
    assert f"{student.__name__}: all 24 cases passed (4 named, 20 random)." in out
    assert "Run over the 8 characters of '  9+10+9' from h = c = 0, your final h matches the Keras " \
           "encoder's output to within 1e-05" in out


def test_another_question_and_seed(model, capsys):
    check_lstm_step(textbook, model, question="10+10+10", n_random=3, seed=7)
    out = capsys.readouterr().out
    assert "all 7 cases passed (4 named, 3 random)" in out
    assert "'10+10+10'" in out


# ---------------------------------------------------------------- stubs


def stub_raises(x, h, c, kernel, recurrent_kernel, bias):
    raise NotImplementedError


def stub_returns_none(x, h, c, kernel, recurrent_kernel, bias):
    # Write your code here.
    pass


@pytest.mark.parametrize("stub", [stub_raises, stub_returns_none])
def test_untouched_stub_is_not_attempted_yet(model, stub, capsys):
    check_lstm_step(stub, model)
    out = capsys.readouterr().out
    assert out.startswith(f"{stub.__name__}: not attempted yet")
    assert "Keras" not in out


# ---------------------------------------------------------------- plausible mistakes


def order_ifoc(x, h, c, kernel, recurrent_kernel, bias):
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, o, g = np.split(z, 4)  # the order some papers use
    c_new = sig(f) * c + sig(i) * np.tanh(g)
    return sig(o) * np.tanh(c_new), c_new


def order_figo(x, h, c, kernel, recurrent_kernel, bias):
    z = x @ kernel + h @ recurrent_kernel + bias
    f, i, g, o = np.split(z, 4)
    c_new = sig(f) * c + sig(i) * np.tanh(g)
    return sig(o) * np.tanh(c_new), c_new


def order_icfo(x, h, c, kernel, recurrent_kernel, bias):
    z = x @ kernel + h @ recurrent_kernel + bias
    i, g, f, o = np.split(z, 4)  # TensorFlow 1's LSTMCell order
    c_new = sig(f) * c + sig(i) * np.tanh(g)
    return sig(o) * np.tanh(c_new), c_new


def tanh_sigmoid_swapped(x, h, c, kernel, recurrent_kernel, bias):
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4)
    c_new = np.tanh(f) * c + np.tanh(i) * sig(g)
    return np.tanh(o) * sig(c_new), c_new  # sigmoid on the cell state too: a full swap


def tanh_sigmoid_swapped_in_the_gates(x, h, c, kernel, recurrent_kernel, bias):
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4)
    c_new = np.tanh(f) * c + np.tanh(i) * sig(g)
    return np.tanh(o) * np.tanh(c_new), c_new


def no_sigmoid(x, h, c, kernel, recurrent_kernel, bias):
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4)
    c_new = f * c + i * np.tanh(g)
    return o * np.tanh(c_new), c_new


def forgets_previous_cell_state(x, h, c, kernel, recurrent_kernel, bias):
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4)
    c_new = sig(i) * np.tanh(g)
    return sig(o) * np.tanh(c_new), c_new


def skips_forget_gate(x, h, c, kernel, recurrent_kernel, bias):
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4)
    c_new = c + sig(i) * np.tanh(g)
    return sig(o) * np.tanh(c_new), c_new


def no_tanh_on_cell(x, h, c, kernel, recurrent_kernel, bias):
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4)
    c_new = sig(f) * c + sig(i) * np.tanh(g)
    return sig(o) * c_new, c_new


def hidden_from_old_cell(x, h, c, kernel, recurrent_kernel, bias):
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4)
    return sig(o) * np.tanh(c), sig(f) * c + sig(i) * np.tanh(g)


def forgets_recurrent_term(x, h, c, kernel, recurrent_kernel, bias):
    z = x @ kernel + bias
    i, f, g, o = np.split(z, 4)
    c_new = sig(f) * c + sig(i) * np.tanh(g)
    return sig(o) * np.tanh(c_new), c_new


def forgets_bias(x, h, c, kernel, recurrent_kernel, bias):
    z = x @ kernel + h @ recurrent_kernel
    i, f, g, o = np.split(z, 4)
    c_new = sig(f) * c + sig(i) * np.tanh(g)
    return sig(o) * np.tanh(c_new), c_new


def sigmoid_sign_flipped(x, h, c, kernel, recurrent_kernel, bias):
    def bad_sig(z):
        return 1 / (1 + np.exp(z))

    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4)
    c_new = bad_sig(f) * c + bad_sig(i) * np.tanh(g)
    return bad_sig(o) * np.tanh(c_new), c_new


def returns_c_then_h(x, h, c, kernel, recurrent_kernel, bias):
    h_new, c_new = textbook(x, h, c, kernel, recurrent_kernel, bias)
    return c_new, h_new


def updates_c_in_place(x, h, c, kernel, recurrent_kernel, bias):
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4)
    c *= sig(f)
    c += sig(i) * np.tanh(g)
    return sig(o) * np.tanh(c), c


def updates_h_in_place(x, h, c, kernel, recurrent_kernel, bias):
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4)
    c_new = sig(f) * c + sig(i) * np.tanh(g)
    h[:] = sig(o) * np.tanh(c_new)
    return h, c_new


def returns_all_four_gates(x, h, c, kernel, recurrent_kernel, bias):
    z = x @ kernel + h @ recurrent_kernel + bias
    return sig(z), np.tanh(z)


def returns_a_row(x, h, c, kernel, recurrent_kernel, bias):
    h_new, c_new = textbook(x, h, c, kernel, recurrent_kernel, bias)
    return h_new[None, :], c_new[None, :]


def returns_only_h(x, h, c, kernel, recurrent_kernel, bias):
    return textbook(x, h, c, kernel, recurrent_kernel, bias)[0]


def transposed_kernel(x, h, c, kernel, recurrent_kernel, bias):
    z = kernel @ x + h @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4)
    c_new = sig(f) * c + sig(i) * np.tanh(g)
    return sig(o) * np.tanh(c_new), c_new


def returns_nan(x, h, c, kernel, recurrent_kernel, bias):
    return np.full(len(h), np.nan), np.asarray(c, dtype=float)


def something_else(x, h, c, kernel, recurrent_kernel, bias):
    h_new, c_new = textbook(x, h, c, kernel, recurrent_kernel, bias)
    return h_new, c_new * 1.01


MISTAKES = [
    (order_ifoc, "in the order i, f, o, c gives. Keras stores them as i, f, c, o"),
    (order_figo, "in the order f, i, c, o gives"),
    (order_icfo, "in the order i, c, f, o gives"),
    (tanh_sigmoid_swapped_in_the_gates, "the gates and the candidate have their functions swapped"),
    (no_sigmoid, "the gates i, f and o are missing their sigmoid"),
    (forgets_previous_cell_state, "the part kept from the previous cell state, f * c, is missing"),
    (skips_forget_gate, "the previous cell state c must be multiplied by the forget gate f"),
    (no_tanh_on_cell, "h_new = o * tanh(c_new): the tanh is missing"),
    (hidden_from_old_cell, "uses the new cell state, not the previous c"),
    (forgets_recurrent_term, "the h @ recurrent_kernel term is missing"),
    (forgets_bias, "the bias is missing"),
    (sigmoid_sign_flipped, "yours has the sign of z flipped"),
    (returns_c_then_h, "you returned (c_new, h_new); return (h_new, c_new)"),
    (updates_c_in_place, "gave the right h_new and c_new, but changed its argument c in place"),
    (updates_h_in_place, "changed its argument h in place"),
    (returns_all_four_gates, "returned h_new of shape (4,), expected (1,): one number per unit (that is "
                             "the size of all four gates together"),
    (returns_a_row, "returned h_new of shape (1, 1), expected (1,)"),
    (returns_only_h, "expected a pair (h_new, c_new)"),
    (transposed_kernel, "raised ValueError: matmul"),
    (returns_nan, "which holds NaN or infinity"),
    (something_else, "h_new is right, but c_new[0] is"),
    (tanh_sigmoid_swapped, "my_lstm_step(x=[1.0, 0.0], h=[0.5], c=[2.0]"),  # no single slip: named call
]


@pytest.mark.parametrize(("student", "expected"), MISTAKES, ids=[m[0].__name__ for m in MISTAKES])
def test_each_mistake_is_rejected_and_named(model, student, expected):
    def my_lstm_step(*args):
        return student(*args)

    with pytest.raises(AssertionError) as caught:
        check_lstm_step(my_lstm_step, model)
    message = str(caught.value)
    assert message.startswith("my_lstm_step(x=[1.0, 0.0], h=[0.5], c=[2.0], kernel=[[0.6"), message
    assert expected in message, message
    if "gave h_new=" in message:  # values shown, with the tolerance stated
        assert f"(each number within {TOLERANCE:g})" in message


def test_the_hand_case_tells_every_slip_apart():
    # The first case decides which slip is named, so every slip must give different numbers there.
    case = _hand_case()
    outputs = [np.concatenate(lstm_step(*case.arrays))]
    outputs += [np.concatenate(_variant_step(*case.arrays, **slip)) for _, slip in SLIPS]
    gaps = [np.abs(a - b).max() for a, b in itertools.combinations(outputs, 2)]
    assert min(gaps) > 100 * TOLERANCE
    assert len(SLIPS) == 13 + 23  # thirteen slips and every wrong gate order


def test_the_whole_question_is_compared_with_keras(model):
    calls = []

    def right_alone_wrong_in_a_run(x, h, c, kernel, recurrent_kernel, bias):
        calls.append(1)
        h_new, c_new = textbook(x, h, c, kernel, recurrent_kernel, bias)
        return (h_new + 0.01 if len(calls) > 24 else h_new), c_new  # drifts after the 24 cases

    with pytest.raises(AssertionError, match=re.escape(
            "right_alone_wrong_in_a_run run over the 8 characters of '  9+10+9' from h = c = 0 ends "
            "with h = [")) as caught:
        check_lstm_step(right_alone_wrong_in_a_run, model)
    assert "more than 1e-05" in str(caught.value)


# ---------------------------------------------------------------- bad input


def test_check_rejects_bad_arguments(model):
    from addition_lib import keras

    with pytest.raises(TypeError, match="student_fn must be the function you wrote"):
        check_lstm_step("my_lstm_step", model)
    with pytest.raises(ValueError, match="question '9-1' cannot be read by the model: .* '-'"):
        check_lstm_step(textbook, model, question="9-1")
    with pytest.raises(TypeError, match="question must be a sum typed as text"):
        check_lstm_step(textbook, model, question=28)
    with pytest.raises(TypeError, match="n_random must be an integer"):
        check_lstm_step(textbook, model, n_random=2.0)
    with pytest.raises(TypeError, match="model must be a Keras model"):
        check_lstm_step(textbook, None)
    no_encoder = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name="dense")])
    with pytest.raises(ValueError, match="layer 'encoder' is not in the model"):
        check_lstm_step(textbook, no_encoder)
