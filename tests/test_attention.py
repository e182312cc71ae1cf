"""The attention decoder: shapes, weights, errors, seeds, a tiny training run, save/load.

The training run fits a 32-unit model on the 81 questions of 2 terms of 1..9, a few
seconds.
"""

import numpy as np
import pytest

from addition_lib import attention, keras
from addition_lib.attention import (
    attention_decoder,
    attention_maps,
    attention_parts,
    attention_weights,
    build_attention,
    exact_match,
    greedy_answers,
)
from addition_lib.attention_plots import plot_attention_maps
from addition_lib.checks import check_additive_weights, check_attention_weights, check_setups
from addition_lib.model import load_model, save_model
from addition_lib.problem import ArithmeticProblem
from addition_lib.questions import Questions, all_questions
from addition_lib.teacher_forcing import answer_steps, build_teacher_forcing, teacher_forcing_arrays

TINY = ArithmeticProblem(2, 9)
THREE_DIGITS = ArithmeticProblem(2, 999, reverse=True)
QUESTIONS = Questions.from_lists([[3, 4], [9, 9], [1, 8]])


@pytest.fixture(scope="module")
def trained():
    """A dot-product model trained on every question of 2 terms of 1..9."""
    questions = all_questions(TINY)
    inputs, targets = teacher_forcing_arrays(TINY, questions)
    model = build_attention(TINY, units=32, learning_rate=0.01, seed=1, metrics=False)
    before = exact_match(model, questions)
    model.fit(inputs, targets, batch_size=9, epochs=80, verbose=0, shuffle=True)
    return model, before


@pytest.mark.parametrize("score, bidirectional", [("dot", False), ("additive", False),
                                                  ("dot", True)])
def test_shapes_and_layers(score, bidirectional):
    model = build_attention(THREE_DIGITS, units=16, score=score, bidirectional=bidirectional,
                            seed=1)
    (X, previous), y = teacher_forcing_arrays(THREE_DIGITS, QUESTIONS)
    assert model.predict_on_batch([X, previous]).shape == y.shape == (3, 5, 12)
    kind = keras.layers.Attention if score == "dot" else keras.layers.AdditiveAttention
    assert isinstance(model.get_layer("attention"), kind)
    codes, weights = greedy_answers(model, QUESTIONS)
    assert codes.shape == (3, answer_steps(THREE_DIGITS))
    assert weights.shape == (3, 5, THREE_DIGITS.n_in_seq_length) == (3, 5, 7)
    assert attention_weights(model, QUESTIONS, forced=True).shape == (3, 5, 7)
    parts = attention_parts(model, QUESTIONS)
    assert parts["queries"].shape == (3, 5, 16) and parts["keys"].shape == (3, 7, 16)


@pytest.mark.parametrize("forced", [False, True])
def test_weights_are_a_distribution_over_the_input(forced):
    model = build_attention(THREE_DIGITS, units=16, score="additive", seed=2)
    weights = attention_weights(model, QUESTIONS, forced=forced)
    assert (weights >= 0).all()
    np.testing.assert_allclose(weights.sum(axis=-1), 1.0, atol=1e-5)
    # not uniform: the weights depend on the question
    assert not np.allclose(weights, 1 / 7, atol=1e-4)


def test_dot_weights_are_the_softmax_of_query_times_keys():
    model = build_attention(THREE_DIGITS, units=16, score="dot", seed=3)
    parts = attention_parts(model, QUESTIONS)
    scores = parts["queries"] @ parts["keys"].transpose(0, 2, 1)
    expected = np.exp(scores - scores.max(-1, keepdims=True))
    expected /= expected.sum(-1, keepdims=True)
    np.testing.assert_allclose(parts["weights"], expected, atol=1e-5)


def test_the_greedy_decoder_is_built_once_per_length():
    model = build_attention(TINY, units=8, seed=1)
    assert attention_decoder(model) is attention_decoder(model)
    assert attention_decoder(model, 2).outputs[0].shape[1] == 2


def test_seeds_reproduce_and_differ():
    def weights(seed):
        model = build_attention(TINY, units=8, seed=seed)
        return np.concatenate([w.ravel() for w in model.get_weights()])

    np.testing.assert_array_equal(weights(5), weights(5))
    assert not np.array_equal(weights(5), weights(6))


def test_a_tiny_run_learns(trained):
    model, before = trained
    after = exact_match(model, all_questions(TINY))
    assert before < 0.2
    assert after >= 0.9, f"exact-match {after:.1%} after training, {before:.1%} before"
    # answering right on its own, it reads the same weights as under teacher forcing
    # (up to its end symbol: after it, teacher forcing feeds a row of zeros)
    codes, free = greedy_answers(model, QUESTIONS)
    forced = attention_weights(model, QUESTIONS, forced=True)
    real = attention.answer_codes(TINY, QUESTIONS.answers) >= 0
    right = ((codes == attention.answer_codes(TINY, QUESTIONS.answers)) | ~real).all(axis=1)
    assert right.any()
    np.testing.assert_allclose(free[right][real[right]], forced[right][real[right]], atol=1e-5)


def test_maps_and_lines(trained):
    model, _ = trained
    maps = attention_maps(model, QUESTIONS)
    assert [m["question"] for m in maps] == ["3+4", "9+9", "1+8"]
    assert maps[0]["reads"] == list("3+4")
    for one in maps:
        assert one["weights"].shape == (len(one["writes"]), 3)
    assert maps[1]["writes"] == ["1", "8", "."]
    lines = attention.answer_lines(model, QUESTIONS)
    assert lines[0] in ("3+4 = 7 (right)",) or "expected 7" in lines[0]
    fig = plot_attention_maps(maps, columns=2, title="tiny")
    assert len([ax for ax in fig.axes if ax.get_visible()]) == 3 + 1  # and a colour bar
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == maps[0]["writes"]
    padded = {"reads": [" ", "4"], "writes": ["4", "."], "weights": np.eye(2)}
    fig = plot_attention_maps([padded])
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["\u2423", "4"]


def test_save_and_load_round_trip(trained, tmp_path):
    model, _ = trained
    path = save_model(model, tmp_path / "attention.keras")
    loaded = load_model(path)
    assert loaded.problem == TINY
    np.testing.assert_allclose(attention_weights(loaded, QUESTIONS),
                               attention_weights(model, QUESTIONS), atol=1e-6)
    assert exact_match(loaded, all_questions(TINY)) == exact_match(model, all_questions(TINY))


@pytest.mark.parametrize("call, error, match", [
    (lambda: build_attention("2 terms"), TypeError, "problem"),
    (lambda: build_attention(TINY, units=0), ValueError, "units must be an integer >= 1, got 0"),
    (lambda: build_attention(TINY, units=8.0), TypeError, "units"),
    (lambda: build_attention(TINY, units=True), TypeError, "units"),
    (lambda: build_attention(TINY, score="cosine"), ValueError, "score.*'cosine'"),
    (lambda: build_attention(TINY, score=1), TypeError, "score"),
    (lambda: build_attention(TINY, learning_rate=0), ValueError, "learning_rate.*0"),
    (lambda: build_attention(TINY, learning_rate="fast"), TypeError, "learning_rate"),
    (lambda: build_attention(TINY, learning_rate=float("nan")), ValueError, "learning_rate"),
    (lambda: build_attention(TINY, decay_steps=0), ValueError, "decay_steps"),
    (lambda: build_attention(TINY, seed=-1), ValueError, "seed.*-1"),
    (lambda: build_attention(TINY, unroll="yes"), TypeError, "unroll"),
    (lambda: build_attention(TINY, units=7, bidirectional=True), ValueError, "units must be even.*7"),
    (lambda: build_attention(TINY, bidirectional=None), TypeError, "bidirectional"),
    (lambda: attention_weights(build_teacher_forcing(TINY, units=4), QUESTIONS), TypeError,
     "model must come from build_attention"),
    (lambda: exact_match(build_attention(TINY, units=4), [[3, 4]]), TypeError, "questions"),
    (lambda: exact_match(build_attention(TINY, units=4), QUESTIONS[:0]), ValueError, "questions"),
    (lambda: greedy_answers(build_attention(TINY, units=4), QUESTIONS, batch_size=0), ValueError,
     "batch_size"),
    (lambda: attention_weights(build_attention(TINY, units=4), QUESTIONS, forced=1), TypeError,
     "forced"),
    (lambda: attention_decoder(build_attention(TINY, units=4), 0), ValueError, "max_length"),
    (lambda: plot_attention_maps([]), TypeError, "maps"),
    (lambda: plot_attention_maps([{"reads": [" ", "1"], "writes": ["1"], "weights": np.ones((2, 2))}]),
     ValueError, r"maps\[0\]\['weights'\]"),
])
def test_bad_arguments_are_named(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_numpy_scalars_are_accepted():
    model = build_attention(TINY, units=np.int64(8), learning_rate=np.float32(0.01),
                            seed=np.int32(1), unroll=np.bool_(False))
    assert model.get_layer("encoder").units == 8
    assert greedy_answers(model, QUESTIONS, batch_size=np.int64(2))[0].shape == (3, 3)


# ---------------------------------------------------------------- the notebook's check


def _by_hand(queries, keys):
    scores = queries @ keys.T
    exp = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return exp / exp.sum(axis=-1, keepdims=True)


def test_the_check_passes_a_right_answer_and_is_calm_about_a_stub(capsys):
    def untouched(queries, keys):
        raise NotImplementedError

    check_attention_weights(untouched)
    check_attention_weights(_by_hand, np.ones((2, 3)), np.eye(4, 3))
    check_attention_weights(lambda q, k: _by_hand(q, k).tolist())
    out = capsys.readouterr().out
    assert "not attempted yet" in out and out.count("cases passed") == 2


@pytest.mark.parametrize("slip, hint", [
    (lambda q, k: q @ k.T, "raw scores"),
    (lambda q, k: np.exp(q @ k.T) / np.exp(q @ k.T).sum(axis=0), "axis 0"),
    (lambda q, k: np.exp(q @ k.T) / np.exp(q @ k.T).sum(), "whole array"),
    (lambda q, k: _by_hand(q / np.sqrt(q.shape[1]), k), "sqrt"),
    (lambda q, k: np.exp(q @ k.T), "do not sum to 1"),
    (lambda q, k: _by_hand(q, k).T, "transposed"),
    (lambda q, k: _by_hand(q, k) * 0.9, "expected"),
])
def test_the_check_names_the_slip(slip, hint):
    with pytest.raises(AssertionError, match=hint):
        check_attention_weights(slip)


def test_the_decoder_comparison_builds_attention_with_options():
    from addition_lib.decoder_comparison import build_decoder_model, follow_run

    model = build_decoder_model("attention", TINY, 8, options={"bidirectional": True})
    assert isinstance(model.get_layer("encoder"), keras.layers.Bidirectional)
    questions = all_questions(TINY)
    rows, seconds, n_params = follow_run("attention", TINY, questions, questions[:20], units=8,
                                         seed=1, n_checks=2, options={"score": "additive"})
    assert len(rows) >= 2 and 0 <= rows[-1]["exact_match"] <= 1 and n_params > 0


# ---------------------------------------------------------------- exercise 9's checks


def _additive(queries, keys, scale):
    scores = (scale * np.tanh(queries[:, None] + keys[None])).sum(-1)
    exp = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return exp / exp.sum(axis=-1, keepdims=True)


def test_the_additive_reference_is_what_keras_computes():
    from addition_lib.checks.ex09_attention import reference_additive_weights

    model = build_attention(THREE_DIGITS, units=16, score="additive", seed=4)
    parts = attention_parts(model, QUESTIONS)
    scale = np.asarray(model.get_layer("attention").scale)
    for i in range(len(QUESTIONS)):
        np.testing.assert_allclose(
            reference_additive_weights(parts["queries"][i], parts["keys"][i], scale),
            parts["weights"][i], atol=1e-5)
    check_additive_weights(_additive, parts["queries"][0], parts["keys"][0], scale)


@pytest.mark.parametrize("slip, hint", [
    (lambda q, k, s: _additive(q, k, np.ones_like(s)), "scale is missing"),
    (lambda q, k, s: _by_hand(q, k), "dot-product"),
    (lambda q, k, s: _additive(q, k, s).T, "transposed"),
])
def test_the_additive_check_names_the_slip(slip, hint):
    with pytest.raises(AssertionError, match=hint):
        check_additive_weights(slip)


def _setups(**changes):
    plain, rev = ArithmeticProblem(2, 999), THREE_DIGITS

    def models(both_ways):
        return {name: ("attention", 64, {"options": {"score": name, "bidirectional": both_ways}})
                for name in ("dot", "additive")}

    setups = {title: {"problem": problem, "n_samples": 100, "n_test": 10, "recipe": {},
                      "levels": (0.9,), "models": models(not problem.reverse)}
              for title, problem in (("reversed", rev), ("plain", plain))}
    for key, value in changes.items():
        title, field = key.split("__")
        setups[title][field] = value
    return setups


def test_check_setups(capsys):
    check_setups({})
    check_setups(_setups())
    assert "not attempted yet" in capsys.readouterr().out
    bad = [
        (_setups(plain__problem=ArithmeticProblem(2, 99)), "1..999"),
        (_setups(plain__models={"dot": ("attention", 64, {"options": {"bidirectional": True}})}),
         "'dot' and 'additive'"),
        (_setups(reversed__models={"dot": ("attention", 64),
                                   "additive": ("attention", 64, {"options": {"score": "dot"}})}),
         "score='dot'"),
        (_setups(plain__models={name: ("attention", 64, {"options": {"score": name}})
                                for name in ("dot", "additive")}), "bidirectional=False"),
        (_setups(reversed__models={"dot": ("attention", 64), "additive": (
            "attention", 32, {"options": {"score": "additive"}})}), "same units"),
        (_setups(reversed__models={"dot": ("attention", 64, {"learning_rate": 0.1}), "additive": (
            "attention", 64, {"options": {"score": "additive"}})}), "train alike"),
        (_setups(reversed__problem=ArithmeticProblem(2, 999),
                 reversed__models=_setups()["plain"]["models"]), "two problems"),
    ]
    for setups, message in bad:
        with pytest.raises(AssertionError, match=message):
            check_setups(setups)
