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
# # Solution 2: more digits, more terms, to 100%
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
# <!-- exercise:
# **Time.** On a 2-core machine a training run here takes seconds to a minute, a search many
# minutes, and the keras-io recipe two to five minutes. Develop with small budgets
# (few trials, few steps), then run the real thing once.
#
# The worked solution is [solutions/sol_02_to_100_percent.ipynb](../solutions/sol_02_to_100_percent.ipynb).
# Try the tasks first.
# -->
# <!-- solution -->
# This is the worked solution of [exercise 2](../exercises/ex_02_to_100_percent.ipynb).
#
# The plan: first find out where the time goes on a CPU, then fix what does not change the
# model (how steps are run), then let KerasTuner search what does (sizes, learning rate,
# batch size, input format, and which questions training sees most).
#
# **Budgets.** Run as it is, this notebook does everything at full budget: the searches, the
# baselines (the keras-io recipe alone trains for two to five minutes) and the final runs, about
# 20 minutes on an idle 2-core machine. It then writes its figures to `results/sol_02.json`.
# With the environment variable `COURSE_QUICK=1` (what the course's tests set) every budget
# shrinks to a smoke test of a few seconds, the numbers mean nothing, and nothing is recorded.
# <!-- end solution -->

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

# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
import time

import numpy as np

from addition_lib import build_model, score_model, show_source
from addition_lib.course.budget import budget, quick
from addition_lib.course.results import machine, record
from addition_lib.data import encode_questions
from addition_lib.experiments.baselines import chapter_recipe, keras_io_recipe
from addition_lib.experiments.throughput import compare_throughput
from addition_lib.experiments.time_to_target import (
    formatted,
    held_out_task,
    mistakes,
    penalised_seconds,
    time_to_target_tuner,
    train_to_target,
    whole_space_task,
)
from addition_lib.plots import plot_time_to_accuracy
from addition_lib.training import exact_match_of
from addition_lib.tuners import trial_table

print("quick smoke test (COURSE_QUICK=1)" if quick() else "full budget")

# %% [markdown] tags=["solution"]
# The machine the times below come from (every time in this notebook is wall-clock on it,
# and two runs are only compared when they ran one after the other, in this same notebook):

# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
print(machine())


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

# %% [markdown] tags=["solution"]
# The chapter's recipe is 2,344 steps of 32 sums. The network is small (52,212 weights), so a
# step is not much arithmetic: most of its cost on a CPU is fixed work that does not grow
# with the batch, such as Python calling into the Keras backend and the backend running the
# LSTM's loop one time step at a time. If that is true, a bigger batch should cost little more per
# step and deliver many more samples per second. `compare_throughput` times several
# configurations. Other programs share the machine, so it lets them take turns, a few
# rounds, and keeps each one's fastest round:

# %%
# solution
show_source(compare_throughput)

# %% [markdown] tags=["solution"]
# We measure the chapter's model at four batch sizes, then with two settings that change how
# the steps run but not what they compute:
#
# - `unroll=True` writes the LSTM's loop out as 8 (encoder) and 2 (decoder) copies of the
#   cell instead of a loop, which saves the backend the loop's bookkeeping on short sequences;
# - `steps_per_execution=20` runs 20 training steps per call from Python instead of one.
#
# And one check of the data type: the one-hot arrays are `uint8`; does handing Keras
# `float32` instead save a conversion that matters?

# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
chapter_problem = ArithmeticProblem(3, 10)
settings = {
    "chapter: batch 32": dict(batch_size=32),
    "batch 128": dict(batch_size=128),
    "batch 256": dict(batch_size=256),
    "batch 1024": dict(batch_size=1024),
    "batch 32, unrolled, 20 steps per call": dict(batch_size=32, unroll=True, steps_per_execution=20),
    "batch 128, unrolled, 20 steps per call": dict(batch_size=128, unroll=True, steps_per_execution=20),
    "batch 128, unrolled, 20 steps per call, float32":
        dict(batch_size=128, unroll=True, steps_per_execution=20, dtype="float32"),
}
if quick():  # COURSE_QUICK=1: two of them, a few steps each
    settings = {label: settings[label] for label in ("chapter: batch 32", "batch 128, unrolled, 20 steps per call")}
speeds = compare_throughput(chapter_problem, settings, n_steps=budget(200, 5), rounds=budget(5, 1))
for label, speed in speeds.items():
    print(f"{label:48} {speed['ms_per_step']:6.2f} ms/step {speed['samples_per_second']:9,.0f} samples/s")

# %% [markdown] tags=["solution"]
# How to read these numbers: they move from run to run when other programs are busy, so look
# at the pattern rather than the digits.
#
# - A batch of 128 is four times the work of a batch of 32, but its step costs much less
#   than four times as much, so the samples per second go up: most of a small step's cost is
#   overhead. By a batch of 1024 the step time grows with the batch: arithmetic starts to count.
# - Unrolling and 20 steps per call cut the overhead further. Together with batches of 128
#   they train several times as many samples per second as the chapter's setting.
# - The very largest batch may move the most samples per second, but samples per second is not
#   the goal: with 1024 questions per step there are few steps, and a model needs a certain
#   number of steps (updates) to learn. The search below weighs the two by timing whole runs.
#
# The fastest setting in this run, against the chapter's:

# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
fastest = max(speeds, key=lambda label: speeds[label]["samples_per_second"])
ratio = speeds[fastest]["samples_per_second"] / speeds["chapter: batch 32"]["samples_per_second"]
print(f"fastest: {fastest}, {ratio:.1f} times the chapter's samples per second")

# %% [markdown] tags=["solution"]
# - `float32` input saves nothing: the cast from `uint8` happens inside the compiled step and
#   is cheap, while `float32` arrays are four times as large. In our measurements the two were
#   the same within the noise. We keep the compact `uint8` arrays.
#
# So a run is fast when it needs **few steps** (which the learning rate, the batch size and
# the model decide) and each step has **little overhead** (unrolled, many steps per call).
# There is one more cost: Keras's fixed cost per *epoch*, and our own checks of progress.
# We avoid tiny epochs altogether: every run below is one Keras epoch over a stream of
# training questions drawn up front, and a callback checks progress every few steps.
#
# `build_model`, the chapter's network from notebook 7, has these knobs as options. The
# learning rate can follow a cosine from its starting value down to zero at `decay_steps`:
# large steps early, to learn fast, then ever smaller ones, so that the last few questions
# settle instead of being knocked back and forth.

# %% tags=["solution"]
show_source(build_model)

# %% [markdown]
# ## Task 2: the questions that resist
#
# Train the chapter's model (or a faster one) until it is nearly perfect on the chapter's
# problem and list the questions it still gets wrong. Then count how often each answer occurs
# among the 1,000 problems. What do the resisting questions have in common?

# %% [markdown] tags=["solution"]
# Every run in this notebook goes through `train_to_target`. It starts the clock, draws the
# training questions, builds the model and trains it; every `check_every` steps a callback,
# `HeldOutScore`, scores exact-match on a **check set** and stops training as soon as the
# target is reached. The clock stops after training, so it covers data, model and training,
# checks included. The chapter's recipe is timed the same way (`chapter_recipe`).

# %%
# solution
show_source(train_to_target)

# %% [markdown] tags=["solution"]
# What the check set is decides whether stopping early is fair:
#
# - For target (a) the check set is **all 1,000 problems**, and the training questions are
#   drawn from those same 1,000. That is the chapter's own setting (it trains on random draws
#   of the 1,000 problems), and the target is a score on all 1,000, so stopping the moment
#   all 1,000 are right is stopping when the target is met. We say so plainly: for (a),
#   "training" and "test" are the same 1,000 problems, by the exercise's definition.
# - For (b) and (c) the target is a score on questions **never seen in training**.
#   `held_out_task` sets aside 10,000 test questions and, separately, 5,000 check questions;
#   training never draws either (the library's `HeldOutSplit` redraws any that comes up). The
#   check set decides when to stop; the test set is scored once, at the end.

# %% tags=["solution"]
show_source(held_out_task)

# %% [markdown] tags=["solution"]
# ### The last problems to fall
#
# Before tuning, a first try with settings from a quick exploration by hand: 128 encoder
# units, 64 decoder units, batches of 128, a cosine from 0.01, at most 600 steps (77,000
# sums, about as many as the chapter's 75,000). One run per seed; `mistakes` lists the
# questions still wrong when each run stops.

# %% tags=["solution"]
task_a = whole_space_task(chapter_problem)
first_try = {"encoder_units": 128, "decoder_units": 64, "learning_rate": 0.01, "batch_size": 128,
             "max_steps": budget(600, 40)}


def show_runs(config):
    for seed in budget((1, 2, 3), (1,)):
        model, run = train_to_target(task_a, config, seed=seed)
        print(run)
        print("    still wrong:", ", ".join(mistakes(model, task_a.check)) or "none")


# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
show_runs(first_try)

# %% [markdown] tags=["solution"]
# The model gets past 99% within a few hundred steps, and what is left is a handful of
# questions at the two ends of the range, such as `1+1+1` or `10+10+10`. That is no accident.
# Among the 1,000 problems the sum 3 comes up once and the sum 30 once, while 16 and 17 come
# up 75 times each:

# %% tags=["solution"]
sums = task_a.check.answers
counts = np.bincount(sums)
print({int(total): int(counts[total]) for total in (3, 4, 5, 16, 17, 29, 30)})

# %% [markdown] tags=["solution"]
# Training draws questions uniformly, so the network sees `10+10+10` (answer `30`, the only
# answer starting with a `3`) once per 1,000 questions, and Adam's updates are dominated by
# the crowded middle. We can change which questions training sees most without ever leaving
# the 1,000 problems: draw each question with a weight `count(answer) ** -exponent`.
# `exponent = 0` is the chapter's uniform draw; `exponent = 1` gives every *answer* the same
# share, so `30` is drawn as often as `16`.

# %% [markdown]
# One remedy is to draw training questions unevenly, with a weight `count(answer) ** -exponent`
# for each question, where `count(answer)` is how many questions in the pool share its
# answer. Write `answer_weights(answers, exponent)`: given an array of answers (one per
# question) and a number `exponent >= 0`, return one weight per question, scaled so that the
# weights sum to 1. For the answers `[3, 4, 4, 5, 5, 5, 5]` and `exponent = 1` the weights are
# `[1/3, 1/6, 1/6, 1/12, 1/12, 1/12, 1/12]`.


# %%
def answer_weights(answers, exponent):
    # solution
    answers = np.asarray(answers)
    # inverse[i] is the index of answers[i] among the distinct answers, counts[j] how often
    # the j-th distinct answer occurs: counts[inverse] is count(answer) for every question
    _, inverse, counts = np.unique(answers, return_inverse=True, return_counts=True)
    weights = counts[inverse].astype(np.float64) ** -exponent
    return weights / weights.sum()
    # end solution


check_answer_weights(answer_weights)

# %% [markdown]
# <!-- exercise:
# The rest of this notebook uses the library's version, so it runs whatever state yours is
# in. Here is what it does to the chapter's rarest and most common sums:
# -->
# <!-- solution -->
# The library has the same function, `answer_weights` in `addition_lib.experiments.time_to_target`,
# and its training code draws questions with it. Here is what it does to the chapter's rarest
# and most common sums:
# <!-- end solution -->

# %%
from addition_lib.experiments.time_to_target import answer_weights as library_answer_weights

sums = all_sum_pairs(3, 10).sum(axis=1)
for exponent in (0.0, 0.5, 1.0):
    weights = library_answer_weights(sums, exponent)
    print(f"exponent {exponent}: a question with answer 30 is drawn with weight {weights[sums == 30].sum():.4f}, "
          f"all 75 with answer 16 together {weights[sums == 16].sum():.4f}")

# %% tags=["solution"]
for exponent in (0.0, 0.5, 1.0):
    weights = answer_weights(sums, exponent)
    print(f"exponent {exponent}: answer 3 or 30 drawn {weights[(sums == 3) | (sums == 30)].sum():.2%} of the time, "
          f"answer 16 or 17 {weights[(sums == 16) | (sums == 17)].sum():.2%}")

# %% [markdown] tags=["solution"]
# The same runs as above, with the configuration's `answer_exponent` at 0.75:

# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
show_runs({**first_try, "answer_exponent": 0.75})

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
    # solution
    encoder_units = hp.Int("encoder_units", 32, 256, step=32)
    decoder_units = hp.Int("decoder_units", 32, 256, step=32)
    learning_rate = hp.Float("learning_rate", 1e-3, 3e-2, sampling="log")
    model = keras.Sequential([
        keras.Input(shape=(problem.n_in_seq_length, problem.n_chars)),
        keras.layers.LSTM(encoder_units),
        # the decoder reads the encoder's summary once per output character
        keras.layers.RepeatVector(problem.n_out_seq_length),
        keras.layers.LSTM(decoder_units, return_sequences=True),
        keras.layers.Dense(problem.n_chars, activation="softmax"),
    ])
    model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(learning_rate=learning_rate))
    return model
    # end solution


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

# %% [markdown] tags=["solution"]
# Now the tuner. Each trial trains one model per seed (1, 2 and 3, since the target asks for
# 3 of 3) with one configuration, and its objective is the slowest seed's time to 100%.
# A seed that misses is charged far more than any hit:

# %%
# solution
show_source(penalised_seconds)

# %% [markdown] tags=["solution"]
# A run that takes longer than the chapter's recipe is useless for target (a), so every run
# in the search is capped at that time. First we measure it:

# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
_, chapter_seconds = chapter_recipe(seed=1, n_samples=budget(75_000, 2_000))
print(f"the chapter's recipe took {chapter_seconds:.1f} s")

# %% [markdown] tags=["solution"]
# The search space. Everything the exercise names is in it: units, learning rate, batch
# size, padding mode, reversal, plus `answer_exponent` and the length of the cosine
# (`max_steps`).
# Each hyperparameter's `default` is its value in the first trial, so the search starts from
# the balanced run above and explores from there.

# %% tags=["solution"]
def space_a(hp):
    return {
        "encoder_units": hp.Choice("encoder_units", [64, 96, 128], default=128),
        "decoder_units": hp.Choice("decoder_units", [50, 64, 96, 128], default=64),
        "learning_rate": hp.Float("learning_rate", 3e-3, 2e-2, sampling="log", default=0.01),
        "batch_size": hp.Choice("batch_size", [128, 256, 512], default=128),
        "answer_exponent": hp.Choice("answer_exponent", [0.0, 0.25, 0.5, 0.75, 1.0], default=0.75),
        "padding": hp.Choice("padding", ["whole", "per_term"], default="whole"),
        "reverse": hp.Boolean("reverse", default=False),
        "max_steps": hp.Choice("max_steps", [400, 600, 900, 1200], default=600),
    }


# %% [markdown] tags=["solution"]
# `time_to_target_tuner` wraps KerasTuner's `BayesianOptimization`: its trial is "train to the
# target on every seed" instead of one `fit`. The first third of the trials are random; after
# that a Gaussian process proposes configurations near the fast ones. Its files go to
# the course's tuner folder, outside the course files (`~/.cache/addition-course/tuner_runs`),
# overwritten on every run, and
# the search is seeded.

# %% tags=["solution"]
show_source(time_to_target_tuner)

# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
quick_limits = budget({}, {"max_steps": 40})  # under COURSE_QUICK=1 every run stops after 40 steps
seeds_a = budget((1, 2, 3), (1,))
tuner_a = time_to_target_tuner(task_a, space_a, seeds=seeds_a, target=1.0, check_every=20,
                               max_seconds=chapter_seconds, max_trials=budget(24, 2),
                               project_name="target_a", fixed=quick_limits)
start = time.perf_counter()
tuner_a.search(verbose=0)
search_seconds_a = time.perf_counter() - start
print(f"search took {search_seconds_a:,.0f} s")
for row in trial_table(tuner_a, 8):
    print(row)

# %% [markdown] tags=["solution"]
# Reading the table (best trials first; `seconds` is the slowest seed's time, `reached`
# counts the seeds that got to 100%):
#
# - Nearly all the fastest trials draw with an `answer_exponent` of 0.5 or more. Without it the last
#   few problems at the ends of the range hold out for hundreds of steps, as we saw above.
# - The fastest start Adam near 0.01 or above (Keras's default is 0.001) and decay it over
#   several hundred to about a thousand steps. Lower rates get there too, with a longer cosine, but more slowly.
# - Batches of 128 or 256 beat 512: a bigger batch costs more per step, and beyond a point it
#   does not cut the number of steps enough to pay for it.
# - A bigger model is not what it takes: several of the fastest trials use 64 or 96 units,
#   close to the chapter's 75 and 50.
#
# The search itself took many minutes (printed above). It is paid once, like the thought that
# went into the chapter's recipe, and it is not part of the time of a run. The winner:

# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
best_a = {**space_a(tuner_a.get_best_hyperparameters()[0]), **quick_limits}
best_a

# %% [markdown] tags=["solution"]
# ### Side by side: the chapter's recipe and the tuned run, seeds 1, 2 and 3
#
# The search picked the configuration; now the measurement that counts. For each seed we
# train the chapter's recipe and then the tuned configuration, one right after the other,
# and score both on all 1,000 problems afterwards (outside the clock).

# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
rows_a = []
for seed in seeds_a:
    chapter_model, chapter_time = chapter_recipe(seed=seed, n_samples=budget(75_000, 2_000))
    chapter_score = score_model(chapter_model)
    model, run = train_to_target(task_a, best_a, seed=seed)
    X_all, y_all = encode_questions(model.problem, task_a.check)
    rows_a.append({"seed": seed, "chapter_seconds": chapter_time, "chapter_exact": chapter_score.exact_match,
                   "tuned_seconds": run.seconds, "tuned_exact": exact_match_of(model, X_all, y_all),
                   "tuned_steps": run.steps})
print("seed   chapter: time  exact-match    tuned: time  exact-match  steps")
for row in rows_a:
    print(f"{row['seed']:4}   {row['chapter_seconds']:12.1f} s {row['chapter_exact']:11.1%}"
          f"   {row['tuned_seconds']:10.1f} s {row['tuned_exact']:11.1%}  {row['tuned_steps']:5}")

# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
all_right = all(row["tuned_exact"] == 1.0 for row in rows_a)
faster = all(row["tuned_seconds"] <= row["chapter_seconds"] for row in rows_a)
met_a = all_right and faster and len(rows_a) == 3
slowest = max(row["tuned_seconds"] for row in rows_a)
print(f"100% on {sum(row['tuned_exact'] == 1.0 for row in rows_a)} of {len(rows_a)} seeds; "
      f"no slower than the chapter on every seed: {faster}; target (a) met: {met_a}")
row = record("sol_02", "(a) 3 terms of 1..10: 100% exact-match on all 1,000, 3 of 3 seeds, "
             "in no more time than the chapter's recipe",
             f"{sum(r['tuned_exact'] == 1.0 for r in rows_a)}/3 seeds at 100%; slowest {slowest:.1f} s; "
             f"chapter's recipe {min(r['chapter_seconds'] for r in rows_a):.1f}-"
             f"{max(r['chapter_seconds'] for r in rows_a):.1f} s (exact-match "
             f"{min(r['chapter_exact'] for r in rows_a):.1%}-{max(r['chapter_exact'] for r in rows_a):.1%})",
             met_a, seconds=slowest,
             details={"config": best_a, "runs": rows_a, "search_seconds": round(search_seconds_a),
                      "search_trials": len(tuner_a.oracle.trials),
                      "note": "training draws from, and stops when exact-match is 100% on, the same 1,000 problems"})
print("not recorded (COURSE_QUICK=1):" if quick() else "recorded:", row["result"])

# %% [markdown] tags=["solution"]
# The tuned runs stop the moment all 1,000 answers are right, after a few hundred steps
# (the `steps` column): about a tenth of the chapter's 2,344, each of them cheap. The chapter's
# recipe ends a few percent short of 100% in more than twice the time.

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


# %% [markdown] tags=["solution"]
# There are 999 × 999 = 998,001 questions. We hold out 10,000 for the test and 5,000 more
# for checking progress; training draws only from the other 983,001.

# %%
# solution
problem_b = ArithmeticProblem(2, 999)
task_b = held_out_task(problem_b, n_test=10_000, n_check=5_000, seed=0)
print(task_b.name, "| test:", len(task_b.test), "| check:", len(task_b.check),
      "| training may draw from:", f"{problem_b.n_questions - len(task_b.excluded_ids):,}")

# %% [markdown] tags=["solution"]
# The keras-io example, set up the same way with our code (`keras_io_recipe`): LSTM(128),
# RepeatVector(4), LSTM(128), a softmax Dense layer, Adam with Keras's default learning rate,
# 45,000 distinct training questions plus 5,000 for validation (all from the training side of
# our split), batch 32, 29 epochs, reversed input, validation after every epoch.
# Two details differ from the example, neither in its favour or against it in any way
# that matters here: its terms run from 0 and their digit counts are drawn first (so short
# numbers are more common), while ours are uniform in 1..999; and it pads on the right
# before reversing, while we pad on the left and then reverse.

# %% tags=["solution"]
show_source(keras_io_recipe)

# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
kio_model, kio_seconds, kio_history = keras_io_recipe(task_b, epochs=budget(29, 1), n_train=budget(45_000, 2_000),
                                                      n_val=budget(5_000, 500))
kio_problem = formatted(problem_b, reverse=True)
kio_test = exact_match_of(kio_model, *encode_questions(kio_problem, task_b.test))
val_curve = kio_history.history["val_exact_match"]
print(f"keras-io recipe: {kio_seconds:,.0f} s; exact-match on its 5,000 validation questions over the last "
      f"epochs: {', '.join(f'{v:.1%}' for v in val_curve[-10:])}")
print(f"exact-match on the 10,000 test questions: {kio_test:.2%}")
limit_b = kio_seconds / 3
print(f"time limit for target (b): {limit_b:,.0f} s")

# %% [markdown] tags=["solution"]
# The recipe gets close, but its validation score swings from epoch to epoch: a constant
# learning rate keeps shaking the weights. Its time sets our limit.
#
# The search space. Reversed input appears in the keras-io example for a reason, so we keep
# it a choice and let the search confirm it.
#
# ### The search
#
# The same tuner, on the check set, one seed, every run capped at the time limit. For
# 3-digit terms the format options matter more than for the chapter's problem: with
# `per_term` padding every digit of every term sits in the same column in every question
# (`'5+42'` is written `'  5+ 42'`), and reversal puts the units digits first, next to where
# the encoder's reading ends. The search starts from what (a) taught us (a high learning
# rate, batches of 128), with 128 units as in the keras-io model and the keras-io example's
# reversed input.

# %% tags=["solution"]
def space_b(hp):
    return {
        "encoder_units": hp.Choice("encoder_units", [96, 128, 192], default=128),
        "decoder_units": hp.Choice("decoder_units", [96, 128, 192], default=128),
        "learning_rate": hp.Float("learning_rate", 3e-3, 3e-2, sampling="log", default=0.01),
        "batch_size": hp.Choice("batch_size", [64, 128, 256], default=128),
        "answer_exponent": hp.Choice("answer_exponent", [0.0, 0.25], default=0.0),
        "padding": hp.Choice("padding", ["whole", "per_term"], default="whole"),
        "reverse": hp.Boolean("reverse", default=True),
        "max_steps": hp.Choice("max_steps", [3000, 4500, 6000], default=4500),
    }


# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
tuner_b = time_to_target_tuner(task_b, space_b, seeds=(1,), target=1.0, check_every=250, max_seconds=limit_b,
                               max_trials=budget(12, 1), project_name="target_b", fixed=quick_limits)
start = time.perf_counter()
tuner_b.search(verbose=0)
search_seconds_b = time.perf_counter() - start
print(f"search took {search_seconds_b:,.0f} s")
for row in trial_table(tuner_b, 6):
    print(row)

# %% [markdown] tags=["solution"]
# The target for the check set is every one of its 5,000 questions right, stricter than the
# 99.9% asked of the test, so that stopping on it leaves a margin. In the table, the fastest
# trials read their input reversed; without reversal a run spends much longer on the plateau
# described below, or never leaves it in time. The winner:

# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
best_b = {**space_b(tuner_b.get_best_hyperparameters()[0]), **quick_limits}
best_b

# %% [markdown] tags=["solution"]
# ### Side by side
#
# The keras-io recipe ran above, in this same session; now the tuned configuration, from
# scratch, and then the test set it has never seen.

# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
model_b, run_b = train_to_target(task_b, best_b, target=1.0, check_every=250, seed=1)
test_b = exact_match_of(model_b, *encode_questions(model_b.problem, task_b.test))
print(run_b)
print(f"exact-match on the 10,000 test questions: {test_b:.2%} (keras-io recipe: {kio_test:.2%})")
print(f"time: {run_b.seconds:,.1f} s, limit {limit_b:,.1f} s (keras-io recipe {kio_seconds:,.1f} s, "
      f"{kio_seconds / run_b.seconds:.1f} times as long)")
met_b = test_b >= 0.999 and run_b.seconds <= limit_b
print("target (b) met:", met_b)

# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
plot_time_to_accuracy(
    {"keras-io recipe (5,000 validation questions)": (kio_history.history["seconds"], val_curve),
     "tuned (5,000 check questions)": ([row["seconds"] for row in run_b.rows],
                                       [row["exact_match"] for row in run_b.rows])},
    target=0.999, deadline=limit_b, title="2 terms of 1..999: exact-match against time",
)

# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
print(mistakes(model_b, task_b.test)[:10])
row = record("sol_02", "(b) 2 terms of 1..999: >= 99.9% exact-match on 10,000 held-out questions "
             "in <= 1/3 of the keras-io recipe's time",
             f"{test_b:.2%} on 10,000 held out in {run_b.seconds:,.1f} s; keras-io recipe {kio_seconds:,.0f} s "
             f"(limit {limit_b:,.0f} s), {kio_test:.2%} on the same test, {val_curve[-1]:.2%} on its validation",
             met_b, seconds=run_b.seconds,
             details={"config": best_b, "steps": run_b.steps, "keras_io_seconds": round(kio_seconds, 1),
                      "keras_io_test_exact": kio_test, "keras_io_val_last_10": [round(v, 4) for v in val_curve[-10:]],
                      "search_seconds": round(search_seconds_b), "search_trials": len(tuner_b.oracle.trials)})
print("not recorded (COURSE_QUICK=1):" if quick() else "recorded:", row["result"])

# %% [markdown] tags=["solution"]
# In the run stored here the tuned model passes 99.9% on the test but took 61.9 s, just over a
# third of the recipe's 180 s, so target (b) is missed by a couple of seconds: the search's
# winner had needed about 41 s on its own run, and timings on a busy shared machine vary by
# that much. The few errors left are ordinary sums of 3-digit numbers, one digit off; nothing like the
# rare-answer effect of the chapter's problem, since with 998,001 questions no answer is
# rare enough to matter on a uniform test.
#
# What made the difference, as far as the search and the curves show:
#
# - **Reversed input.** Reading the units digits first puts them next to the end of the
#   encoder's reading, so the first thing to learn is short-range.
# - **The learning rate, with a cosine.** Both curves sit on a plateau near 0% before they
#   start to add. A rate several times Keras's default gets off it sooner, and the cosine then
#   brings the rate down so that the answers settle instead of swinging as the keras-io curve
#   does.
# - **Fresh questions.** The keras-io recipe shows the same 45,000 questions 29 times; we draw
#   new ones for every step from almost a million, so there is nothing to memorise.
# - **Cheap steps.** Unrolled, many steps per call: each step costs less than one of the
#   recipe's.

# %% [markdown]
# ## Task 6: target (c)
#
# Do the same for 5 terms of 1..10 (100,000 questions): hold out test questions, tune, and
# reach at least 99.9% exact-match on them. Which settings changed from (a) and (b), and why
# might they?


# %% [markdown] tags=["solution"]
# 100,000 questions, answers from 5 to 50. Again 10,000 test and 5,000 check questions are
# held out, and training draws from the other 85,000. The answers pile up in the middle even
# more than with three terms: one question of the 100,000 has the answer 5 and one has 50,
# while 6,000 have the answer 27. So the search starts from a balanced draw. No time limit is
# set for this target; each search run is capped at two minutes to keep the search affordable.

# %%
# solution
problem_c = ArithmeticProblem(5, 10)
task_c = held_out_task(problem_c, n_test=10_000, n_check=5_000, seed=0)
print(task_c.name, "| input width:", problem_c.n_in_seq_length, "| answers:", problem_c.result_range)


# %% tags=["solution"]
def space_c(hp):
    return {
        "encoder_units": hp.Choice("encoder_units", [96, 128, 192], default=128),
        "decoder_units": hp.Choice("decoder_units", [64, 96, 128], default=128),
        "learning_rate": hp.Float("learning_rate", 3e-3, 3e-2, sampling="log", default=0.01),
        "batch_size": hp.Choice("batch_size", [64, 128, 256], default=128),
        "answer_exponent": hp.Choice("answer_exponent", [0.0, 0.25, 0.5, 0.75], default=0.5),
        "padding": hp.Choice("padding", ["whole", "per_term"], default="whole"),
        "reverse": hp.Boolean("reverse", default=False),
        "max_steps": hp.Choice("max_steps", [2000, 3000, 4500], default=3000),
    }


# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
tuner_c = time_to_target_tuner(task_c, space_c, seeds=(1,), target=1.0, check_every=250,
                               max_seconds=budget(120, 10), max_trials=budget(10, 1), project_name="target_c",
                               fixed=quick_limits)
start = time.perf_counter()
tuner_c.search(verbose=0)
search_seconds_c = time.perf_counter() - start
print(f"search took {search_seconds_c:,.0f} s")
for row in trial_table(tuner_c, 6):
    print(row)

# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
best_c = {**space_c(tuner_c.get_best_hyperparameters()[0]), **quick_limits}
model_c, run_c = train_to_target(task_c, best_c, target=1.0, check_every=250, seed=1)
test_c = exact_match_of(model_c, *encode_questions(model_c.problem, task_c.test))
met_c = test_c >= 0.999
print(best_c)
print(run_c)
print(f"exact-match on the 10,000 test questions: {test_c:.2%}; target (c) met: {met_c}")
print(mistakes(model_c, task_c.test)[:10])
row = record("sol_02", "(c) 5 terms of 1..10: >= 99.9% exact-match on held-out questions",
             f"{test_c:.2%} on 10,000 held out, trained in {run_c.seconds:,.1f} s", met_c, seconds=run_c.seconds,
             details={"config": best_c, "steps": run_c.steps, "search_seconds": round(search_seconds_c),
                      "search_trials": len(tuner_c.oracle.trials)})
print("not recorded (COURSE_QUICK=1):" if quick() else "recorded:", row["result"])

# %% [markdown] tags=["solution"]
# Five terms of 1..10 turn out easier than they look: the answers have only two digits, and
# with the rare answers drawn more often the check set is all right after a few thousand
# steps at most. The few test questions still wrong, if any, sit where the rare answers are.

# %% [markdown]
# <!-- exercise:
# ## Before you look at the solution
#
# - Which single change bought the most speed in (a)? In (b)?
# - A tuner's objective measured in seconds is noisy when other programs share the machine.
#   How did you guard against a lucky measurement?
# - For (a), stopping when all 1,000 problems are right is legitimate. Why would the same
#   stopping rule be cheating in (b)?
#
# -->
# <!-- solution -->
# ## Summary
#
# - On a CPU a small LSTM's training step is mostly fixed overhead. Bigger batches (about
#   128 to 256 here), an unrolled LSTM and many steps per call buy several times the samples
#   per second without changing the model.
# - Speed then comes from needing few steps: a learning rate several times Keras's default,
#   decayed along a cosine to zero, and a model a little wider than the chapter's.
# - The last questions to fall are the rare answers at the ends of the range (`1+1+1`,
#   `10+10+10`). Drawing questions with weights `count(answer) ** -exponent` shows them more
#   often and gets the chapter's problem to 100% on every seed in less time than the chapter's
#   recipe takes to reach 96 to 99%.
# - For (b) and (c) the test questions are held out and a separate check set decides when to
#   stop; the test is scored once. On the keras-io example's task the tuned run, with reversed
#   input, passes 99.9% on the test in about a third of the recipe's time; the recipe itself
#   ended below 99.9%. In the run stored here (JAX, on a busy machine) that was 61.9 s
#   against the recipe's 180 s, just over the third the target allows, so target (b) is
#   recorded as missed: the search's winner had needed about 41 s, and the race from
#   scratch took half as long again.
# - KerasTuner searched every choice here; the winning configurations, the times and the
#   baselines are in `results/sol_02.json` and the course's results table.
#
# Exercise 3 takes the next step: how big must the model be for bigger problems?
# <!-- end solution -->
