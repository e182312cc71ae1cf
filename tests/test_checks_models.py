"""The checks that judge Keras models, search spaces and experiment set-ups, proved on plausible mistakes.

* ``check_chapter_model`` (notebook 7) and ``check_build_tunable_model`` (exercise 2) judge a
  model by what it computes on a batch: a softmax followed by a from-logits loss, an
  alphabet size or a sequence length typed in, the wrong layers or optimiser are rejected,
  whatever the layers are called.
* ``check_build_tunable_model`` also inspects the hyperparameters declared with an empty
  ``hp``: other ranges, steps, sampling or kinds are rejected.
* ``check_fair_runs`` (exercises 6 and 7) rejects set-ups that are not fair.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from addition_lib import build_model, encode_questions, held_out_split, keras, random_questions
from addition_lib.checks import check_build_tunable_model, check_chapter_model, check_fair_runs
from addition_lib.checks.core import CheckFailed
from addition_lib.tuners import build_tunable_model

layers = keras.layers


def chapter_layers(n_in, n_out, n_chars, encoder_units, decoder_units, *, softmax=True, output_chars=None,
                   repeat=None, input_shape=None):
    return keras.Sequential([
        keras.Input(shape=input_shape or (n_in, n_chars)),
        layers.LSTM(encoder_units, name="encoder"),
        layers.RepeatVector(repeat or n_out, name="repeat"),
        layers.LSTM(decoder_units, return_sequences=True, name="decoder"),
        layers.TimeDistributed(layers.Dense(output_chars or n_chars, activation="softmax" if softmax else None),
                               name="output"),
    ])


def compiled(model, loss="categorical_crossentropy", optimizer="adam"):
    model.compile(loss=loss, optimizer=optimizer)
    return model


# ---------------------------------------------------------------- notebook 7: the chapter's model


def chapter_model(n_in, n_out, n_chars, encoder_units, decoder_units):
    return compiled(chapter_layers(n_in, n_out, n_chars, encoder_units, decoder_units))


def chapter_model_dense_without_time_distributed(n_in, n_out, n_chars, encoder_units, decoder_units):
    return compiled(keras.Sequential([
        keras.Input(shape=(n_in, n_chars)), layers.LSTM(encoder_units), layers.RepeatVector(n_out),
        layers.LSTM(decoder_units, return_sequences=True), layers.Dense(n_chars, activation="softmax")]))


def softmax_then_from_logits(n_in, n_out, n_chars, encoder_units, decoder_units):
    return compiled(chapter_layers(n_in, n_out, n_chars, encoder_units, decoder_units),
                    loss=keras.losses.CategoricalCrossentropy(from_logits=True))


def no_softmax(n_in, n_out, n_chars, encoder_units, decoder_units):
    return compiled(chapter_layers(n_in, n_out, n_chars, encoder_units, decoder_units, softmax=False),
                    loss=keras.losses.CategoricalCrossentropy(from_logits=True))


def twelve_symbols_out(n_in, n_out, n_chars, encoder_units, decoder_units):
    return compiled(chapter_layers(n_in, n_out, n_chars, encoder_units, decoder_units, output_chars=12))


def two_answer_steps(n_in, n_out, n_chars, encoder_units, decoder_units):
    return compiled(chapter_layers(n_in, n_out, n_chars, encoder_units, decoder_units, repeat=2))


def eight_by_twelve_input(n_in, n_out, n_chars, encoder_units, decoder_units):
    return compiled(chapter_layers(n_in, n_out, n_chars, encoder_units, decoder_units, input_shape=(8, 12)))


def units_swapped(n_in, n_out, n_chars, encoder_units, decoder_units):
    return compiled(chapter_layers(n_in, n_out, n_chars, decoder_units, encoder_units))


def sparse_loss(n_in, n_out, n_chars, encoder_units, decoder_units):
    return compiled(chapter_layers(n_in, n_out, n_chars, encoder_units, decoder_units),
                    loss="sparse_categorical_crossentropy")


def mean_squared_error(n_in, n_out, n_chars, encoder_units, decoder_units):
    return compiled(chapter_layers(n_in, n_out, n_chars, encoder_units, decoder_units), loss="mse")


def sgd(n_in, n_out, n_chars, encoder_units, decoder_units):
    return compiled(chapter_layers(n_in, n_out, n_chars, encoder_units, decoder_units), optimizer="sgd")


def not_compiled(n_in, n_out, n_chars, encoder_units, decoder_units):
    return chapter_layers(n_in, n_out, n_chars, encoder_units, decoder_units)


CHAPTER_MODEL_MISTAKES = [
    (softmax_then_from_logits, "from_logits=True"),
    (no_softmax, "not probabilities"),
    (twelve_symbols_out, "expected (4, 3, 13)"),
    (two_answer_steps, "expected (4, 3, 13)"),
    (eight_by_twelve_input, "declares inputs of shape (None, 8, 12), expected (None, 5, 13)"),
    (units_swapped, "expected 52,212"),
    (sparse_loss, "loss"),
    (mean_squared_error, "categorical cross-entropy gives"),
    (sgd, "expected Adam"),
    (not_compiled, "not compiled"),
]


@pytest.mark.parametrize("model", [chapter_model, chapter_model_dense_without_time_distributed],
                         ids=lambda f: f.__name__)
def test_the_chapter_model_check_accepts_a_correct_model(model, capsys):
    check_chapter_model(model)
    assert "all 4 cases passed" in capsys.readouterr().out


@pytest.mark.parametrize("wrong, phrase", CHAPTER_MODEL_MISTAKES, ids=[f.__name__ for f, _ in CHAPTER_MODEL_MISTAKES])
def test_the_chapter_model_check_rejects_a_model_compiled_wrongly(wrong, phrase):
    with pytest.raises(CheckFailed) as failure:
        check_chapter_model(wrong, n_random=0)
    assert str(failure.value).startswith(f"{wrong.__name__}("), str(failure.value)
    assert phrase in str(failure.value), str(failure.value)


def test_the_chapter_model_check_is_calm_about_a_stub(capsys):
    def model(n_in, n_out, n_chars, encoder_units, decoder_units):
        raise NotImplementedError

    check_chapter_model(model)
    assert "model: not attempted yet" in capsys.readouterr().out


# ---------------------------------------------------------------- exercise 2: a tunable model


def tunable(hp, problem, *, encoder=None, decoder=None, rate=None, build=None):
    encoder_units = encoder(hp) if encoder else hp.Int("encoder_units", 32, 256, step=32)
    decoder_units = decoder(hp) if decoder else hp.Int("decoder_units", 32, 256, step=32)
    learning_rate = rate(hp) if rate else hp.Float("learning_rate", 1e-3, 3e-2, sampling="log")
    if build:
        return build(problem, encoder_units, decoder_units, learning_rate)
    return build_model(problem, encoder_units=encoder_units, decoder_units=decoder_units,
                       learning_rate=learning_rate, unroll=True, metrics=False)


def tunable_by_hand(hp, problem):
    def build(problem, e, d, rate):
        model = chapter_layers(problem.n_in_seq_length, problem.n_out_seq_length, problem.n_chars, e, d)
        model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(rate))
        return model

    return tunable(hp, problem, build=build)


def tunable_from_logits(hp, problem):
    def build(problem, e, d, rate):
        model = chapter_layers(problem.n_in_seq_length, problem.n_out_seq_length, problem.n_chars, e, d)
        model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True),
                      optimizer=keras.optimizers.Adam(rate))
        return model

    return tunable(hp, problem, build=build)


def tunable_twelve_symbols(hp, problem):
    def build(problem, e, d, rate):
        model = chapter_layers(problem.n_in_seq_length, problem.n_out_seq_length, problem.n_chars, e, d,
                               output_chars=12)
        model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(rate))
        return model

    return tunable(hp, problem, build=build)


def tunable_eight_steps_in(hp, problem):
    def build(problem, e, d, rate):
        model = chapter_layers(8, problem.n_out_seq_length, problem.n_chars, e, d)
        model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(rate))
        return model

    return tunable(hp, problem, build=build)


def tunable_ignores_the_rate(hp, problem):
    def build(problem, e, d, rate):
        return build_model(problem, encoder_units=e, decoder_units=d, unroll=True,
                           metrics=False)  # Adam's default 1e-3

    return tunable(hp, problem, build=build)


def tunable_narrow_range(hp, problem):
    return tunable(hp, problem, encoder=lambda hp: hp.Int("encoder_units", 32, 128, step=32))


def tunable_finer_steps(hp, problem):
    return tunable(hp, problem, decoder=lambda hp: hp.Int("decoder_units", 32, 256, step=16))


def tunable_linear_sampling(hp, problem):
    return tunable(hp, problem, rate=lambda hp: hp.Float("learning_rate", 1e-3, 3e-2))


def tunable_choice_of_units(hp, problem):
    return tunable(hp, problem, encoder=lambda hp: hp.Choice("encoder_units", [32, 64, 128, 256]))


def tunable_extra_hyperparameter(hp, problem):
    hp.Boolean("reverse")
    return build_tunable_model(hp, problem)


TUNABLE_MISTAKES = [
    (tunable_from_logits, "model", "from_logits=True"),
    (tunable_twelve_symbols, "model", "expected (4, 5, 15)"),
    (tunable_eight_steps_in, "model", "declares inputs of shape (None, 8, 12), expected (None, 7, 12)"),
    (tunable_ignores_the_rate, "model", "learning rate of 0.001, expected 0.005"),
    (tunable_narrow_range, "search space", "hp.Int('encoder_units', 32, 128, step=32); the task asks for "
                                           "hp.Int('encoder_units', 32, 256, step=32)"),
    (tunable_finer_steps, "search space", "step=16"),
    (tunable_linear_sampling, "search space", "sampling='log'"),
    (tunable_choice_of_units, "search space", "hp.Choice('encoder_units'"),
    (tunable_extra_hyperparameter, "search space", "'reverse' the task does not ask for"),
]


@pytest.mark.parametrize("build", [build_tunable_model, tunable_by_hand], ids=lambda f: f.__name__)
def test_the_tunable_model_check_accepts_a_correct_function(build, capsys):
    check_build_tunable_model(build, n_random=1)
    assert "cases passed" in capsys.readouterr().out


@pytest.mark.parametrize("wrong, family, phrase", TUNABLE_MISTAKES, ids=[f"{fam}-{f.__name__}" for f, fam, _ in TUNABLE_MISTAKES])
def test_the_tunable_model_check_rejects(wrong, family, phrase):
    with pytest.raises(CheckFailed) as failure:
        check_build_tunable_model(wrong, n_random=0)
    message = str(failure.value)
    assert message.startswith(f"{wrong.__name__}(hp fixing encoder_units="), message
    assert phrase in message, message


def test_the_learning_rate_is_shown_to_the_precision_it_is_compared_to():
    with pytest.raises(CheckFailed, match=r"learning rate of 0\.001, expected 0\.005$"):
        check_build_tunable_model(tunable_ignores_the_rate, n_random=0)


# ---------------------------------------------------------------- exercises 6 and 7: a fair comparison

PADDINGS = {"whole string": {"padding": "whole"}, "per term": {"padding": "per_term"}}
ORDERS = {"normal order": {"reverse": False}, "reversed": {"reverse": True}}


def fair_runs(problem, variants, n_samples, n_test, units, seed, *, split_seed=lambda name, seed: 0,
              train_seed=lambda name, seed: seed, weight_seed=lambda name, seed: seed, shuffle=None,
              draw=None):
    runs = {}
    for name, changes in variants.items():
        split = held_out_split(problem, n_test, seed=split_seed(name, seed))
        questions = draw(problem, split, n_samples, seed) if draw else split.sample_train(
            n_samples, seed=train_seed(name, seed))
        if shuffle and shuffle(name):
            questions = questions[np.random.default_rng(seed).permutation(len(questions))]
        variant = dataclasses.replace(problem, **changes)
        model = build_model(variant, encoder_units=units[0], decoder_units=units[1], seed=weight_seed(name, seed))
        runs[name] = (model, encode_questions(variant, questions), encode_questions(variant, split.test))
    return runs


def fair(problem, variants, n_samples, n_test, units, seed):
    return fair_runs(problem, variants, n_samples, n_test, units, seed)


def draws_for_each_variant(problem, variants, n_samples, n_test, units, seed):
    names = list(variants)
    return fair_runs(problem, variants, n_samples, n_test, units, seed,
                     train_seed=lambda name, seed: seed + names.index(name))


def shuffles_one_variant(problem, variants, n_samples, n_test, units, seed):
    last = list(variants)[-1]
    return fair_runs(problem, variants, n_samples, n_test, units, seed, shuffle=lambda name: name == last)


def unseeded_weights(problem, variants, n_samples, n_test, units, seed):
    return fair_runs(problem, variants, n_samples, n_test, units, seed, weight_seed=lambda name, seed: None)


def holds_out_per_variant(problem, variants, n_samples, n_test, units, seed):
    split = held_out_split(problem, 2 * n_test, seed=0)
    questions = split.sample_train(n_samples, seed=seed)
    runs = {}
    for index, (name, changes) in enumerate(variants.items()):
        variant = dataclasses.replace(problem, **changes)
        model = build_model(variant, encoder_units=units[0], decoder_units=units[1], seed=seed)
        test = split.test[index * n_test:(index + 1) * n_test]  # each variant its own half
        runs[name] = (model, encode_questions(variant, questions), encode_questions(variant, test))
    return runs


def holds_out_per_seed(problem, variants, n_samples, n_test, units, seed):
    return fair_runs(problem, variants, n_samples, n_test, units, seed, split_seed=lambda name, seed: seed)


def draws_from_every_question(problem, variants, n_samples, n_test, units, seed):
    return fair_runs(problem, variants, n_samples, n_test, units, seed,
                     draw=lambda problem, split, n, seed: random_questions(problem, n, seed=seed))


def ignores_the_seed(problem, variants, n_samples, n_test, units, seed):
    return fair_runs(problem, variants, n_samples, n_test, units, seed, train_seed=lambda name, seed: 0)


def wrong_units(problem, variants, n_samples, n_test, units, seed):
    return fair_runs(problem, variants, n_samples, n_test, (units[1], units[0] + 1), seed)


def changes_the_variants(problem, variants, n_samples, n_test, units, seed):
    runs = fair_runs(problem, variants, n_samples, n_test, units, seed)
    variants.popitem()
    return runs


FAIR_MISTAKES = [
    (draws_for_each_variant, "on different questions"),
    (shuffles_one_variant, "in a different order"),
    (unseeded_weights, "from different weights"),
    (holds_out_per_variant, "on different held-out questions"),
    (holds_out_per_seed, "holds out other questions for seed=2 than for seed=1"),
    (draws_from_every_question, "which is also a held-out question"),
    (ignores_the_seed, "draws the same training questions"),
    (wrong_units, "expected 940"),
    (changes_the_variants, "changed its argument variants"),
]


@pytest.mark.parametrize("variants", [PADDINGS, ORDERS], ids=["paddings", "orders"])
def test_the_fairness_check_accepts_a_fair_set_up(variants, capsys):
    check_fair_runs(fair, variants, n_random=0)
    assert "fair: all 2 cases passed" in capsys.readouterr().out


@pytest.mark.parametrize("wrong, phrase", FAIR_MISTAKES, ids=[f.__name__ for f, _ in FAIR_MISTAKES])
def test_the_fairness_check_rejects_an_unfair_set_up(wrong, phrase):
    variants = ORDERS if wrong is shuffles_one_variant else PADDINGS
    with pytest.raises(CheckFailed) as failure:
        check_fair_runs(wrong, variants, n_random=0)
    assert str(failure.value).startswith(f"{wrong.__name__}("), str(failure.value)
    assert phrase in str(failure.value), str(failure.value)


def test_the_fairness_check_needs_two_variants():
    with pytest.raises(TypeError, match="variants must be a dict of at least two"):
        check_fair_runs(fair, {"only": {}})
