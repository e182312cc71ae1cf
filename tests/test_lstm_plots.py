"""Figures of notebook 12: the numbers behind them, the figures themselves, and bad input.

No Keras and no training: the states and probabilities are made up.
"""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.figure import Figure

from addition_lib import ALPHABET
from addition_lib.plots import (
    answer_confidence,
    plot_answer_probabilities,
    plot_lstm_step,
    plot_lstm_unrolled,
    plot_reading_paths,
    reading_paths,
    running_totals,
    share_explained_by_total,
    state_moves,
)

QUESTIONS = ["  9+10+9", "   1+1+1", "10+10+10", "  9+9+10"]


def texts_of(fig):
    return " ".join(text.get_text() for ax in fig.axes for text in ax.texts)


# ---------------------------------------------------------------- diagrams


def test_step_diagram_names_the_gates_and_both_states():
    fig = plot_lstm_step()
    assert isinstance(fig, Figure)
    texts = texts_of(fig)
    for name in ("forget gate $f_t$", "input gate $i_t$", "candidate $g_t$", "output gate $o_t$",
                 "$c_{t-1}$", "$c_t$", "$h_{t-1}$", "$h_t$", "$x_t$", "cell state", "hidden state"):
        assert name in texts
    assert fig._repr_png_()[:4] == b"\x89PNG"


def test_unrolled_diagram_has_one_step_per_character():
    fig = plot_lstm_unrolled("  9+10+9", units=75)
    texts = texts_of(fig)
    for t, char in enumerate("  9+10+9", start=1):
        assert f"$x_{{{t}}}$" in texts
        assert f"'{'␣' if char == ' ' else char}'" in texts
    assert "$h_{8}$" in texts and "$c_{8}$" in texts and "hidden state $h_0 = 0$" in texts
    assert "cell state $c_0 = 0$" in texts and "g candidate" in texts
    assert "(75 numbers)" in texts
    assert "(75 numbers)" not in texts_of(plot_lstm_unrolled("1+2"))


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"question": 9}, TypeError, "question must be a string"),
    ({"question": ""}, ValueError, "question must have 1 to 20 characters"),
    ({"question": "1" * 21}, ValueError, "question must have 1 to 20 characters"),
    ({"question": "1+1", "units": 0}, ValueError, "units must be a positive integer or None"),
    ({"question": "1+1", "units": True}, ValueError, "units must be a positive integer or None"),
])
def test_unrolled_diagram_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_lstm_unrolled(**kwargs)


def test_unrolled_diagram_accepts_numpy_units():
    assert "(75 numbers)" in texts_of(plot_lstm_unrolled("1+1", units=np.int64(75)))


# ---------------------------------------------------------------- the encoder reading


def test_running_totals_count_partial_terms():
    np.testing.assert_array_equal(running_totals(QUESTIONS), [
        [0, 0, 9, 9, 10, 19, 19, 28],
        [0, 0, 0, 1, 1, 2, 2, 3],
        [1, 10, 10, 11, 20, 20, 21, 30],
        [0, 0, 9, 9, 18, 18, 19, 28],
    ])
    assert running_totals([]).shape == (0, 0)


@pytest.mark.parametrize(("questions", "error", "match"), [
    ("  1+1+1", TypeError, "questions must be a list of strings"),
    ([" 1+1", 11], TypeError, r"questions\[1\] must be a string"),
    (["1+1", "10+1"], ValueError, "questions must all have the same length"),
    (["1-1"], ValueError, r"questions\[0\] has '-'"),
])
def test_running_totals_reject_bad_questions(questions, error, match):
    with pytest.raises(error, match=match):
        running_totals(questions)


def test_state_moves_measure_each_step_from_zero():
    states = np.array([[[3.0, 4.0], [3.0, 4.0], [0.0, 0.0]]])
    np.testing.assert_allclose(state_moves(states), [[5.0, 0.0, 5.0]])


def test_share_explained_by_total_is_one_when_the_state_is_the_total():
    totals = running_totals(QUESTIONS)
    states = np.stack([totals, np.sqrt(totals)], axis=-1).astype(float)  # a function of the total
    select = np.ones(totals.shape, dtype=bool)
    assert share_explained_by_total(states, QUESTIONS, select) == pytest.approx(1.0)
    # Each question twice, the second copy shifted: the total no longer explains everything.
    twice = np.concatenate([states, states + np.random.default_rng(0).normal(0, 3, states.shape)])
    share = share_explained_by_total(twice, QUESTIONS * 2, np.concatenate([select, select]))
    assert 0.5 < share < 0.999


def test_share_explained_by_total_compares_states_of_one_step_only():
    # Two questions, one step each: same total, different states -> nothing explained.
    states = np.array([[[0.0]], [[1.0]]])
    assert share_explained_by_total(states, ["1", "1"], np.ones((2, 1), bool)) == pytest.approx(0.0)
    # Different totals, different states -> all explained.
    assert share_explained_by_total(states, ["1", "2"], np.ones((2, 1), bool)) == pytest.approx(1.0)
    # Three states, two with one total: the pair's spread is left, (0.5 ** 2 * 2) of 2 / 3 * 3.
    states = np.array([[[0.0]], [[1.0]], [[3.0]]])
    share = share_explained_by_total(states, ["1", "1", "2"], np.ones((3, 1), bool))
    assert share == pytest.approx(1 - 0.5 / (states.var() * 3))


def test_share_explained_by_total_rejects_bad_input():
    states = np.zeros((4, 8, 3))
    with pytest.raises(TypeError, match=r"select must be a boolean array of shape \(4, 8\)"):
        share_explained_by_total(states, QUESTIONS, np.ones((4, 8)))
    with pytest.raises(ValueError, match="select must pick at least 2 different states"):
        share_explained_by_total(states, QUESTIONS, np.ones((4, 8), bool))
    with pytest.raises(ValueError, match=r"questions must have one entry per row of states \(4\)"):
        share_explained_by_total(states, QUESTIONS[:3], np.ones((4, 8), bool))
    with pytest.raises(ValueError, match=r"questions\[0\] must have 8 characters"):
        share_explained_by_total(states, ["1+1"] * 4, np.ones((4, 8), bool))


def made_up_states(n_units=5, seed=0):
    rng = np.random.default_rng(seed)
    totals = running_totals(QUESTIONS).astype(float)
    return totals[..., None] * rng.normal(size=n_units) + rng.normal(0, 0.1, (*totals.shape, n_units))


def test_reading_paths_start_at_zero_and_follow_each_question():
    states = made_up_states()
    paths, everything, explained = reading_paths(states, QUESTIONS, ["   1+1+1", "10+10+10"])
    assert paths.shape == (2, 9, 2) and everything.shape == (32, 2) and explained.shape == (2,)
    np.testing.assert_allclose(paths[0, 0], paths[1, 0])  # both start at the zero state
    np.testing.assert_allclose(paths[1, 1:], everything.reshape(4, 8, 2)[2])
    assert explained[0] > 0.9  # the made-up states lie along one direction


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"states": np.zeros((4, 8))}, ValueError, r"states must have shape \(n_questions, n_steps, units\)"),
    ({"states": [["a"]]}, TypeError, "states must be an array of real numbers"),
    ({"states": np.full((4, 8, 2), np.nan)}, ValueError, "states must hold finite numbers"),
    ({"shown": ["   2+2+2"]}, ValueError, "shown has '   2\\+2\\+2', which is not among the questions"),
    ({"shown": "   1+1+1"}, TypeError, "questions must be a list of strings"),
])
def test_reading_paths_reject_bad_input(kwargs, error, match):
    arguments = {"states": made_up_states(), "questions": QUESTIONS, "shown": ["   1+1+1"], **kwargs}
    with pytest.raises(error, match=match):
        reading_paths(**arguments)


def test_reading_paths_figure_labels_each_question_with_its_sum():
    fig = plot_reading_paths(made_up_states(), QUESTIONS, ["  9+10+9", "   1+1+1"])
    labels = fig.axes[0].get_legend_handles_labels()[1]
    assert "9+10+9 = 28" in labels and "1+1+1 = 3" in labels and "start: h = 0" in labels
    assert "principal component" in fig.axes[0].get_xlabel()
    with pytest.raises(TypeError, match="title must be a string or None"):
        plot_reading_paths(made_up_states(), QUESTIONS, ["   1+1+1"], title=3)


# ---------------------------------------------------------------- the decoder's output


def made_up_probabilities():
    p = np.full((2, 2, 12), 0.01)
    p[0, 0, 2], p[0, 1, 8] = 0.89, 0.89  # '28', confident and right
    p[1, 0, 11] = 0.89  # ' ' then '8' with 0.45 where the truth '3' has 0.2
    p[1, 1] = 0.0
    p[1, 1, [8, 3, 7]] = 0.45, 0.2, 0.35
    return p


def test_answer_confidence_numbers():
    targets = np.array([[2, 8], [11, 3]])
    numbers = answer_confidence(made_up_probabilities(), targets)
    np.testing.assert_array_equal(numbers["chosen"], [[2, 8], [11, 8]])
    np.testing.assert_allclose(numbers["p_chosen"], [[0.89, 0.89], [0.89, 0.45]])
    np.testing.assert_allclose(numbers["p_true"], [[0.89, 0.89], [0.89, 0.2]])
    np.testing.assert_array_equal(numbers["true_rank"], [[1, 1], [1, 3]])
    one_hot = np.eye(12)[targets]
    np.testing.assert_array_equal(answer_confidence(made_up_probabilities(), one_hot)["true_rank"],
                                  numbers["true_rank"])


@pytest.mark.parametrize(("probabilities", "targets", "error", "match"), [
    (np.ones((2, 12)), [[1, 2]], ValueError, r"probabilities must have shape \(n_questions"),
    ([["x"]], [[1]], TypeError, "probabilities must be an array of real numbers"),
    (np.full((1, 2, 12), 0.5), [[1, 2]], ValueError, "must be non-negative and sum to 1"),
    (np.full((1, 2, 12), 1 / 12), [[1, 2, 3]], ValueError, r"targets must be symbol codes of shape \(1, 2\)"),
    (np.full((1, 2, 12), 1 / 12), [[1.0, 2.0]], ValueError, "targets must be symbol codes"),
    (np.full((1, 2, 12), 1 / 12), [[1, 12]], ValueError, "targets must be codes from 0 to 11"),
])
def test_answer_confidence_rejects_bad_input(probabilities, targets, error, match):
    with pytest.raises(error, match=match):
        answer_confidence(probabilities, targets)


def test_probability_bars_mark_wrong_choices_and_show_the_true_symbol():
    fig = plot_answer_probabilities(made_up_probabilities(), [[2, 8], [11, 3]],
                                    [" 9+10+9", "  1+1+1"], ALPHABET)
    assert len(fig.axes) == 4
    assert "(right)" in fig.axes[0].get_ylabel()
    assert "WRONG, true 3" in fig.axes[2].get_ylabel()
    wrong_panel = fig.axes[3]
    colours = [bar.get_facecolor() for bar in wrong_panel.patches]
    assert colours[8] == matplotlib.colors.to_rgba("tab:red")
    assert colours[3] == matplotlib.colors.to_rgba("tab:green")
    assert "true\n0.20" in texts_of(fig) and "0.45" in texts_of(fig)


def test_probability_bars_reject_mismatched_questions_or_alphabet():
    with pytest.raises(ValueError, match=r"questions must have one entry per row of probabilities \(2\)"):
        plot_answer_probabilities(made_up_probabilities(), [[2, 8], [11, 3]], ["1+1"], ALPHABET)
    with pytest.raises(ValueError, match="alphabet must be a sequence of the 12 symbols"):
        plot_answer_probabilities(made_up_probabilities(), [[2, 8], [11, 3]], ["a", "b"], "0123456789+ ")
