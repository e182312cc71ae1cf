# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Exercise 2: more digits, more terms, to 100%
#
# It extends [8. Fitting the model](../notebooks/08_fitting.ipynb).
#
# The aim of this exercise is to tune the chapter's encoder-decoder until it answers
# *every* question right, and to do it fast, measured against honest baselines. There are
# three targets:
#
# - **(a) The chapter's problem, 3 terms of 1..10:** 100% exact-match on all 1,000 problems,
#   on 3 of 3 seeds, in no more time than the chapter's recipe (`build_model` defaults, 75,000
#   random sums, 1 epoch, batch 32).
# - **(b) 2 terms of 1..999, the task of the keras-io `addition_rnn` example:** at least 99.9%
#   exact-match on 10,000 questions never seen in training, in at most a third of the time of
#   the keras-io recipe.
# - **(c) 5 terms of 1..10:** at least 99.9% exact-match on held-out questions.
#
# The rules:
#
# - **Side by side.** A time only means something next to its baseline, measured in the same
#   session on the same machine: train the baseline, then yours, one after the other.
# - **Nothing leaks.** For (b) and (c), no test question may ever be a training question, and
#   the test set must not be what decides when training stops. (For (a) the target *is* a score
#   on the 1,000 problems the chapter trains on, so training on them is fair; say so.)
# - **Tune with KerasTuner** (the `keras_tuner` package, already installed), not with loops
#   of your own, and write down the winning configuration.
#
# **Time.** On a 2-core machine a training run here takes seconds to a minute, a search many
# minutes, and the keras-io recipe two to five minutes. Develop with small budgets
# (few trials, few steps), then run the real thing once.
#
# The worked solution is [solutions/sol_02_to_100_percent.ipynb](../solutions/sol_02_to_100_percent.ipynb).
# Try the tasks first.

# %%
from addition_lib import all_sum_pairs
from addition_lib.checks.ex02_to_100_percent import check_answer_weights, check_build_tunable_model
from addition_lib.problem import ArithmeticProblem

# %% [markdown]
# ## Useful tools
#
# `addition_lib` has what you need to build on. The generalised pipeline describes each
# problem, including how it is written:

# %%
chapter_problem = ArithmeticProblem(3, 10)
keras_io_problem = ArithmeticProblem(2, 999, reverse=True)
more_terms = ArithmeticProblem(5, 10, padding="per_term")
for problem in (chapter_problem, keras_io_problem, more_terms):
    print(f"{problem.max_terms} terms of 1..{problem.largest}: {problem.n_questions:,} questions, "
          f"input width {problem.n_in_seq_length}, answer width {problem.n_out_seq_length}, "
          f"padding {problem.padding!r}, reversed {problem.reverse}")

# %% [markdown]
# - `addition_lib.data.encode_questions(problem, questions)` turns questions into
#   one-hot arrays; `addition_lib.splits.held_out_split(problem, n_test, seed=...)` holds out
#   test questions, and its `sample_train` never draws one of them.
# - `addition_lib.model.build_model` builds the chapter's network with options (sizes,
#   learning rate and its decay, unrolled loops, steps per call), and
#   `addition_lib.experiments` has timing and training helpers you may use or rewrite:
#   `throughput.measure_throughput`, `time_to_target.train_to_target`,
#   `time_to_target.time_to_target_tuner`, `baselines.chapter_recipe`,
#   `baselines.keras_io_recipe`. Read their docstrings (`help(...)`).
#
# ## Task 1: where does the time go?
#
# The chapter's recipe takes 2,344 steps of 32 sums. Measure how many milliseconds a training
# step takes, and how many samples per second that makes, for the chapter's model at batch
# sizes 32, 128, 256 and 1024. Then try two settings that do not change what a step computes:
# `unroll=True` on the LSTM layers and `steps_per_execution=20` in `compile`. What limits the
# speed of training here: arithmetic, or something else?

# %%
# Write your code here.

# %% [markdown]
# ## Task 2: the questions that resist
#
# Train the chapter's model (or a faster one) until it is nearly perfect on the chapter's
# problem and list the questions it still gets wrong. Then count how often each answer occurs
# among the 1,000 problems. What do the resisting questions have in common?

# %%
# Write your code here.

# %% [markdown]
# One remedy is to draw training questions unevenly, with a weight `count(answer) ** -exponent`
# for each question, where `count(answer)` is how many questions in the pool share its
# answer. Write `answer_weights(answers, exponent)`: given an array of answers (one per
# question) and a number `exponent >= 0`, return one weight per question, scaled so that the
# weights sum to 1. For the answers `[3, 4, 4, 5, 5, 5, 5]` and `exponent = 1` the weights are
# `[1/3, 1/6, 1/6, 1/12, 1/12, 1/12, 1/12]`.


# %%
def answer_weights(answers, exponent):
    # Write your code here.
    raise NotImplementedError


check_answer_weights(answer_weights)

# %% [markdown]
# The rest of this notebook uses the library's version, so it runs whatever state yours is
# in. Here is what it does to the chapter's rarest and most common sums:

# %%
from addition_lib.experiments.time_to_target import answer_weights as library_answer_weights

sums = all_sum_pairs(3, 10).sum(axis=1)
for exponent in (0.0, 0.5, 1.0):
    weights = library_answer_weights(sums, exponent)
    print(f"exponent {exponent}: a question with answer 30 is drawn with weight {weights[sums == 30].sum():.4f}, "
          f"all 75 with answer 16 together {weights[sums == 16].sum():.4f}")

# %% [markdown]
# ## Task 3: a model KerasTuner can tune
#
# KerasTuner calls a model-building function with a `HyperParameters` object `hp`; each
# `hp.Int(...)`, `hp.Float(...)` or `hp.Choice(...)` call declares a hyperparameter and
# returns the value chosen for this trial. Write `build_tunable_model(hp, problem)`: the
# chapter's encoder-decoder (LSTM, RepeatVector, LSTM with `return_sequences=True`, a softmax
# Dense layer) for `problem`, compiled with categorical cross-entropy and Adam, with
#
# - `encoder_units = hp.Int("encoder_units", 32, 256, step=32)` units in the encoder,
# - `decoder_units = hp.Int("decoder_units", 32, 256, step=32)` units in the decoder,
# - Adam's learning rate `hp.Float("learning_rate", 1e-3, 3e-2, sampling="log")`.
#
# Use `problem.n_in_seq_length`, `problem.n_out_seq_length` and `problem.n_chars` for the
# shapes. The check fixes the three values, builds your model and the library's for a few
# problems, and compares their shapes, units, learning rate, loss and output.

# %%
from addition_lib import keras  # noqa: F401  (for your code below; the library imports it quietly)


def build_tunable_model(hp, problem):
    # Write your code here.
    raise NotImplementedError


check_build_tunable_model(build_tunable_model)

# %% [markdown]
# The library's version, with KerasTuner's default values (the smallest of each range):

# %%
import keras_tuner as kt

from addition_lib.tuners import build_tunable_model as library_build_tunable_model

model = library_build_tunable_model(kt.HyperParameters(), chapter_problem)
print(f"{model.count_params():,} weights; output shape {model.output_shape}")

# %% [markdown]
# To tune more than the model (the batch size, the input format, how training questions are
# drawn, how long to train), subclass a tuner and override its `run_trial`, which may
# return any metrics you like; or use `time_to_target_tuner` from
# `addition_lib.experiments.time_to_target`, which does that with "seconds to reach the
# target" as the objective.
#
# ## Task 4: target (a)
#
# 1. Time the chapter's recipe (`addition_lib.experiments.baselines.chapter_recipe` does it).
# 2. Search with KerasTuner for a configuration that reaches 100% exact-match on all 1,000
#    problems on seeds 1, 2 and 3 in less time. Search at least the units, the learning rate,
#    the batch size, the padding mode (`'whole'` or `'per_term'`) and reversal.
# 3. Measure side by side: for each seed, the chapter's recipe, then your configuration;
#    score both on all 1,000 problems. Is your slowest run faster than the chapter's?
# 4. Write down the winning configuration.

# %%
# Write your code here.

# %% [markdown]
# ## Task 5: target (b)
#
# 1. Hold out 10,000 test questions of 2 terms of 1..999. Keep a separate set for deciding
#    when to stop or for the tuner's objective; never use the test set for either.
# 2. Run the keras-io recipe with the same split: LSTM(128), RepeatVector(4), LSTM(128),
#    softmax Dense; 45,000 training and 5,000 validation questions; batch 32; 29 epochs;
#    reversed input. Time it and score it on your test set (`keras_io_recipe` does this; the
#    full recipe takes several minutes).
# 3. Tune, then train your winner from scratch and score it on the test set. Does it reach
#    99.9% in a third of the recipe's time?


# %%
# Write your code here.

# %% [markdown]
# ## Task 6: target (c)
#
# Do the same for 5 terms of 1..10 (100,000 questions): hold out test questions, tune, and
# reach at least 99.9% exact-match on them. Which settings changed from (a) and (b), and why
# might they?


# %%
# Write your code here.

# %% [markdown]
# ## Before you look at the solution
#
# - Which single change bought the most speed in (a)? In (b)?
# - A tuner's objective measured in seconds is noisy when other programs share the machine.
#   How did you guard against a lucky measurement?
# - For (a), stopping when all 1,000 problems are right is legitimate. Why would the same
#   stopping rule be cheating in (b)?
