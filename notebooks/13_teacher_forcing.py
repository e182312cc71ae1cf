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
# # 13. Teacher forcing and an inference loop
#
# The chapter's decoder is the simplest one there is: it receives the encoder's vector once
# per output step and writes a fixed number of characters, padding included. It never sees
# what it has already written. This notebook builds the decoder most sequence-to-sequence
# models use instead, one that reads its own previous character, and measures what that
# changes on the same addition problems.
#
# In this notebook you will learn:
#
# - why the chapter's model needs `RepeatVector` and `TimeDistributed`, and what they do;
# - how a decoder that reads the previous answer character works: start and end symbols,
#   answers with their own length, and the encoder's final state `[h, c]` as the decoder's
#   starting state;
# - how such a decoder is trained (**teacher forcing**: it reads the true previous
#   character) and how it answers on its own (**greedy decoding**: it reads its own);
# - why the accuracy `fit` reports under teacher forcing is not the accuracy you get, and
#   what **exposure bias** is, with numbers;
# - how the two decoders compare on the chapter's problem and on 3-digit addition, over
#   three seeds, at the same number of weights, and which one reaches 99.9% first.
#
# **Budget.** Run as it is, the notebook trains 22 models. The run stored here took 32
# minutes on a 2-core machine that other programs kept busy (its load average, printed in the
# last section, was about 12); an idle machine is several times faster. With the environment
# variable `COURSE_QUICK=1` every budget shrinks to a smoke test (the numbers then mean
# nothing, and nothing is recorded).

# %%
# NBVAL_IGNORE_OUTPUT
import os

import numpy as np

from addition_lib import ArithmeticProblem, Questions, build_model, keras, show_source
from addition_lib.checks import check_decoder_texts
from addition_lib.course.budget import budget, quick
from addition_lib.course.results import machine, record
from addition_lib.decoder_comparison import compare_decoders, held_out_exact_match, race_to_target, units_for_parameters
from addition_lib.experiments.time_to_target import held_out_task, training_stream
from addition_lib.greedy_decoding import (
    answers_from_codes,
    compare_modes,
    greedy_decode,
    greedy_decoder,
    inference_models,
)
from addition_lib.plots import plot_curve_panels
from addition_lib.teacher_forcing import answer_symbols, build_teacher_forcing, decoder_texts, teacher_forcing_arrays

print("quick smoke test (COURSE_QUICK=1)" if quick() else "full budget")
print(machine())

# %% [markdown]
# ## The chapter's decoder, once more
#
# Here is the chapter's model for its problem, with the shape each layer hands on
# (`None` is the batch):

# %%
chapter_model = build_model(seed=1)
for layer in chapter_model.layers:
    print(f"{layer.name:8} {type(layer).__name__:16} -> {tuple(layer.output.shape)}")

# %% [markdown]
# **Why `RepeatVector`?** The encoder reads the 8 characters of a question and hands on one
# vector of 75 numbers. An LSTM needs an input at every step, and the decoder must take 2
# steps to write a 2-character answer. `RepeatVector(2)` simply copies the vector, so the
# decoder reads the same 75 numbers at step 1 and at step 2. Its two outputs differ only
# because its own state has moved on between the steps.
#
# **Why `TimeDistributed`?** The decoder outputs 50 numbers per step, shape `(2, 50)`; each
# step needs its own softmax over the 12 symbols. `TimeDistributed(Dense(12))` applies one and
# the same `Dense` layer (the same weights) to every step. In Keras 3 a plain `Dense` on a 3-D
# input already does exactly that, acting on the last axis; the two give the same output:

# %%
dense = keras.layers.Dense(12)
same_dense = keras.layers.TimeDistributed(dense)
steps = np.random.default_rng(0).normal(size=(4, 2, 50)).astype("float32")
print("same output:", np.allclose(dense(steps), same_dense(steps)))

# %% [markdown]
# **What this decoder cannot do.** It picks each character on its own: the softmax at step 2
# does not know which digit was picked at step 1. If the model is torn between 19 and 20 it
# can answer 10 or 29. And every answer has the same width: `' 9'` is a padded `'9'`, and the
# decoder must learn to write the padding.
#
# ## A decoder that reads what it wrote
#
# The other classic design gives the decoder a different input: **the answer's previous
# character**.
#
# - The encoder reads the question as before, but instead of its output we keep its final
#   **state**, the pair `[h, c]` (hidden state and cell state). The decoder LSTM starts from
#   that state instead of from zeros, so it begins "knowing" the question. (It must have as
#   many units as the encoder for the states to fit.)
# - At its first step the decoder reads a **start symbol**, `'='`. At every later step it
#   reads the character that comes before the one it must write.
# - After the last digit it must write an **end symbol**, `'.'`. That is how an answer gets
#   its own length: `'7.'` is two steps, `'1023.'` five, and nothing is padded.
#
# The model writes *one character per step*, always with the same question in its state and
# the answer so far as its input. For `345+678` the steps are:

# %%
reads, writes = decoder_texts(["1023"])
print("step  reads  writes")
for step, (read, write) in enumerate(zip(reads[0], writes[0], strict=True), start=1):
    print(f"{step:4}  {read!r:5}  {write!r}")

# %% [markdown]
# The decoder's symbols are the ten digits and the two new ones (a `'-'` too, for problems
# whose answers can be negative):

# %%
answer_symbols(ArithmeticProblem(2, 999))

# %% [markdown]
# ### Your turn: the decoder's two texts
#
# During training the model is given both texts at once: what the decoder reads at each step
# (the start symbol, then the answer) and what it must write (the answer, then the end
# symbol). Complete `make_decoder_texts(answers)`: for a list of answers such as
# `['28', '7']` it returns `(['=28', '=7'], ['28.', '7.'])`. Then run the check below it.

# %%
def make_decoder_texts(answers):
    """Return (inputs, targets): '=' + answer, and answer + '.', for every answer."""
    # Write your code here.
    raise NotImplementedError


check_decoder_texts(make_decoder_texts)

# %% [markdown]
# (The check names the first case that goes wrong, and recognises the usual slips: inputs
# and targets swapped, a start symbol in a target, an end symbol in an input, no shift at
# all. The library's version is `decoder_texts`, which the rest of the notebook uses.)
#
# Notice the **shift**: the input at step *t* is the target at step *t − 1*. Both texts have
# the same length, the answer's length plus one.
#
# ## From texts to arrays
#
# `teacher_forcing_arrays` turns questions into what the model trains on: the question,
# one-hot encoded exactly as for the chapter's model, and the decoder's two texts, one-hot
# over the 12 decoder symbols. Every answer is one row of an array, and rows must all have the
# same length, the longest answer's: for 3-digit terms 4 digits and the end symbol, 5 steps.
# A shorter answer leaves steps after its end symbol; their rows are all zeros:

# %%
problem = ArithmeticProblem(2, 999, reverse=True)
examples = Questions.from_lists([[345, 678], [2, 5]])
(X, previous), y = teacher_forcing_arrays(problem, examples)
print("X:", X.shape, " previous:", previous.shape, " y:", y.shape)
print("the decoder's input for 2+5, one row per step:")
print(previous[1])

# %% [markdown]
# The columns are the 12 symbols in the order above, so the first row is `'='` and the second
# `'7'`. The empty rows cost nothing. The loss and both metrics skip any step whose target row is
# all zeros, and the decoder reads left to right, so whatever sits after the end symbol
# cannot change an earlier step. (The question is read reversed here, units first, which
# helps the encoder on 3-digit terms; exercise 7 measured that for the chapter's model.)
#
# ## The model
#
# Two inputs, the question and the decoder's input text; one output, a softmax over the 12
# symbols at every step. `return_state=True` makes the encoder hand on `[h, c]`, and
# `initial_state=[h, c]` starts the decoder from it:

# %%
show_source(build_teacher_forcing)

# %% [markdown]
# Training with all the true previous characters given at once is called **teacher
# forcing**: at every step a teacher hands the decoder the right prefix, whatever it would
# have written itself. It makes training as cheap as for the chapter's model (one call covers
# every step) and every step learns from a correct context.
#
# ## Training, and what `fit` reports
#
# We train on 2 terms of 1..999, the keras-io example's task, with the recipe that exercise 2
# found fast for the chapter's model (batches of 128, Adam's learning rate decaying along a
# cosine, an unrolled LSTM), except that Adam starts from 0.005, half the rate exercise 2
# chose, to be on the safe side: too high a rate can make a model stall. The race at the end
# of this notebook tries both rates.
# 10,000 questions are held out for testing and 5,000 more for checking progress (used
# later); training never draws either.
#
# The model has 153 units, a size chosen to match the weight count of the `RepeatVector`
# model we compare it with below. We train in six equal parts and, after each, score the
# held-out questions. `fit` prints its own metrics for each part: `char_accuracy` and
# `exact_match` **under teacher forcing**, as running means over that part.

# %%
# NBVAL_IGNORE_OUTPUT
task = held_out_task(problem, n_test=10_000, n_check=5_000, seed=0)
test = task.test[: budget(10_000, 500)]
n_steps, n_parts, batch_size = budget(3_000, 60), 6, 128
train = training_stream(task, n_steps * batch_size, seed=1)
inputs, targets = teacher_forcing_arrays(problem, train)
model = build_teacher_forcing(problem, units=153, learning_rate=0.005, decay_steps=n_steps,
                              steps_per_execution=50 if not quick() else 1, seed=1)
print(f"{model.count_params():,} weights; {len(train):,} training questions in {n_parts} parts")

# %%
# NBVAL_IGNORE_OUTPUT
part_size = len(train) // n_parts
rows = []
for part in range(n_parts):
    chunk = slice(part * part_size, (part + 1) * part_size)
    history = model.fit([inputs[0][chunk], inputs[1][chunk]], targets[chunk], batch_size=batch_size,
                        epochs=1, shuffle=False, verbose=2)
    comparison = compare_modes(model, test)
    rows.append({"seen": (part + 1) * part_size, "fit": history.history["char_accuracy"][-1],
                 "comparison": comparison})

# %% [markdown]
# ## The inference loop: answering on its own
#
# A trained model must answer questions whose answers nobody gives it. So the decoder reads
# **its own** previous prediction: start from `'='`, predict the most likely symbol, feed it
# back as the next input, and so on until it writes `'.'`. Picking the most likely symbol at
# each step is called **greedy decoding**.
#
# The training model cannot do this (it expects the whole previous-character text at once),
# but its layers can. `greedy_decoder` builds a new Keras model from the **same trained
# layers**: the encoder, then the decoder LSTM and the `Dense` layer applied one step at a
# time, each step's choice turned back into a one-hot input for the next. The loop runs for
# every question of a batch at once, so 10,000 questions take a handful of steps, not 50,000.

# %%
show_source(greedy_decoder)

# %% [markdown]
# Every question runs all 5 steps; anything after an answer's first `'.'` is ignored.
# `answers_from_codes` reads the answers out:

# %%
# NBVAL_IGNORE_OUTPUT
questions = Questions.from_lists([[345, 678], [2, 5], [999, 999], [500, 500]])
codes = greedy_decode(model, teacher_forcing_arrays(problem, questions)[0][0])
for text, code_row, answer in zip(questions.texts(), codes, answers_from_codes(problem, codes),
                                  strict=True):
    written = "".join(answer_symbols(problem)[c] for c in code_row)
    print(f"{text:>8} = {answer:5} (all 5 steps: {written!r})")

# %% [markdown]
# In the run stored here the trained model gets `2+5` right, and that is less obvious than it
# looks: with both terms drawn from 1..999, two one-digit terms come up about once in 12,000
# questions ((9/999)²), so the model has barely seen a sum like it.
#
# For beam search (exercise 8) the step must be a separate model that takes the states in and
# gives them back out, so that a loop in Python can decide what to feed next.
# `inference_models` builds that pair, again from the trained layers:

# %%
show_source(inference_models)

# %% [markdown]
# ## Two accuracies: teacher-forced and free-running
#
# For each of the six parts we have what `fit` printed and two scores on the same held-out
# questions: **teacher-forced**, where each step reads the true previous character, as in
# training, and **free-running**, where the decoder reads its own greedy answer, as in use.
# Per character, both count the answer's characters and its end symbol, place by place.

# %%
# NBVAL_IGNORE_OUTPUT
print(f"{'samples':>9}  {'fit says':>9}  {'per character, held out':>25}  {'whole answer':>13}")
print(f"{'seen':>9}  {'(forced)':>9}  {'forced':>12} {'free':>12}  {'forced = free':>13}")
for row in rows:
    c = row["comparison"]
    print(f"{row['seen']:9,}  {row['fit']:9.2%}  {c.char_accuracy('forced'):12.2%} "
          f"{c.char_accuracy('free'):12.2%}  {c.exact_match('free'):13.2%}")
same = all(np.array_equal(r["comparison"].right_answers("forced"), r["comparison"].right_answers("free"))
           for r in rows)
print(f"\nthe same answers right in both modes, question by question, in every row: {same}")

# %% [markdown]
# Three things to read in this table (the figures are from the run stored here):
#
# - **`fit`'s number measures something else.** It counts characters, with the true prefix
#   given, averaged over a whole part of training. Early on that flatters the model: after
#   the first part it reads 49.5%, while only 3.0% of the held-out answers were entirely right.
#   While the model improves fast, the running mean lags instead: after the second part it
#   reads 82.2%, although the model at the end of that part gets 89.5% of whole answers right.
#   Either way, it is not the score of the model you have.
# - **Per character, teacher forcing flatters the model a little.** In every row the
#   teacher-forced column is above the free-running one (61.0% against 60.1% after the first
#   part, 99.95% against 99.94% at the end), although it is the same model on the same
#   questions.
# - **Whole answers score the same both ways**, to the last question. That is no accident:
#   as long as greedy decoding has written the right characters, it reads exactly what
#   teacher forcing would give it, so it makes the same next choice. A whole answer is right
#   free-running exactly when every one of its steps is right teacher-forced.
#
# So the trouble is not in whole-answer scores. It is in what happens **after the first
# mistake**. Take every held-out answer that greedy decoding gets wrong, and look only at the
# steps after its first wrong character:

# %%
# NBVAL_IGNORE_OUTPUT
print(f"{'samples':>9}  {'wrong answers':>13}  {'steps after the first mistake':>29}  "
      f"{'right, forced':>13}  {'right, free':>11}")
for row in rows:
    after = row["comparison"].after_first_mistake()
    print(f"{row['seen']:9,}  {after['answers']:13,}  {after['steps']:29,}  {after['forced']:13.1%}  "
          f"{after['free']:11.1%}")

# %% [markdown]
# After its first mistake, the free-running decoder gets fewer of the remaining characters
# right than the same model does with the true prefix: in the stored run 88.1% against 91.4%
# after 128,000 samples, and 85.7% against 98.0% at the end, where the few wrong answers left
# are the hard ones. This is **exposure bias**: in training the decoder was only ever
# *exposed* to correct prefixes. Once it has written a wrong digit, it reads a prefix it has
# never been trained on, and it recovers less often than teacher forcing suggests: a wrong
# hundreds digit drags a wrong tens digit after it, a missing digit a misplaced end.
# Teacher-forced per-character accuracy hides this, because the teacher puts the decoder back
# on track after every step. Here it costs little, since an answer has at most five steps;
# where a decoder writes long outputs, such as sentences, everything after the first slip is
# written from a prefix training never showed it.
#
# Some of the wrong answers, as the model wrote them:

# %%
# NBVAL_IGNORE_OUTPUT
rows[0]["comparison"].lines(6)

# %% [markdown]
# **Why this matters when you read papers.** Zaremba and Sutskever's *Learning to Execute*
# (2014) trained LSTMs to add 9-digit numbers to 99% accuracy. That figure counts characters
# with the correct previous character given, teacher-forced, as the author of Keras's first
# addition example pointed out when he compared his own results with it (keras-team/keras pull
# request 541). It cannot be compared with free-running exact-match, the only score in this
# course that says "the model adds".
#
# So read `fit`'s log for the trend, and judge a model by free-running exact-match on
# questions it has never seen.

# %% [markdown]
# ## Side by side: `RepeatVector` against teacher forcing
#
# Now the comparison. For each problem, each seed and each model:
#
# - the **same held-out questions** (never trained on), scored by free-running exact-match
#   12 times during training;
# - the **same training questions in the same order** for both models of a seed;
# - about the **same number of weights**: the teacher-forced model gets the units that bring
#   it closest to the `RepeatVector` model's count;
# - the **same recipe**, one epoch over the training questions (on 3-digit addition the
#   teacher-forced model starts Adam at 0.005 instead of 0.01, the one difference).
#
# Two problems:
#
# - **The chapter's**, 3 terms of 1..10, with the chapter's model (LSTM 75, LSTM 50) and
#   recipe (75,000 samples, batches of 32, Adam at its default rate). 200 of the 1,000
#   questions are held out, as in notebook 9.
# - **3-digit addition**, 2 terms of 1..999, input reversed, with the keras-io example's
#   sizes (LSTM 128, LSTM 128) and exercise 2's fast recipe (batches of 128, a cosine from
#   0.01), 384,000 samples (3,000 steps). The 10,000 held-out questions are the test set
#   from above.

# %%
chapter_problem = ArithmeticProblem(3, 10)
setups = {}
for title, setup_problem, repeat_units, n_samples, n_test, recipe, levels, teacher_changes in [
    ("3 terms of 1..10", chapter_problem, (75, 50), budget(75_000, 1_000), 200,
     {"batch_size": 32}, (0.9, 0.99), {}),
    ("2 terms of 1..999, reversed", problem, (128, 128), budget(384_000, 2_560), budget(10_000, 300),
     {"batch_size": 128, "learning_rate": 0.01, "decay": True, "steps_per_execution": budget(50, 1)},
     (0.9, 0.99), {"learning_rate": 0.005}),
]:
    n_weights = build_model(setup_problem, encoder_units=repeat_units[0],
                            decoder_units=repeat_units[1]).count_params()
    units = units_for_parameters(setup_problem, n_weights)
    setups[title] = {"problem": setup_problem, "n_samples": n_samples, "n_test": n_test,
                     "recipe": recipe, "levels": levels,
                     "models": {"RepeatVector": ("repeat", repeat_units),
                                "teacher forcing": ("teacher", units, teacher_changes)}}
    print(f"{title}: RepeatVector {repeat_units[0]}/{repeat_units[1]} units, {n_weights:,} weights; "
          f"teacher forcing {units} units")

# %% [markdown]
# `compare_decoders` runs all twelve, one line each (the time is the training time without
# the checks):

# %%
# NBVAL_IGNORE_OUTPUT
seeds = budget((1, 2, 3), (1,))
comparison = compare_decoders(setups, seeds=seeds, n_checks=budget(12, 2))

# %%
# NBVAL_IGNORE_OUTPUT
for title, counts in comparison.params.items():
    print(f"{title}: " + ", ".join(f"{name} {count:,} weights" for name, count in counts.items()))

# %% [markdown]
# The curves: each colour is one model, the thick line the mean of the three seeds, the band
# from the worst seed to the best, and thin lines the seeds themselves.

# %%
# NBVAL_IGNORE_OUTPUT
plot_curve_panels(comparison.curves, level=0.99)

# %% [markdown]
# The same runs in numbers: the last check and the mean of the last three checks (mean and
# standard deviation over seeds), and how many samples each seed took to first reach each
# level (`-`: not within the budget).

# %%
# NBVAL_IGNORE_OUTPUT
print("\n".join(comparison.summary_lines()))

# %% [markdown]
# In the run stored here:
#
# - **On the chapter's problem** the teacher-forced decoder is a little ahead: 90% held-out
#   exact-match after 38,000 to 44,000 samples, against 44,000 to 56,000 for `RepeatVector`.
#   Over the last three checks it is also a little higher and much steadier from seed to seed
#   (97.1% ± 0.5% against 95.8% ± 2.5%). Neither reaches 99% on the 200 held-out questions
#   within the chapter's 75,000 samples.
# - **On 3-digit addition** the teacher-forced decoder gets there sooner: 90% after 128,000 to
#   160,000 samples against 192,000 to 320,000, and 99% after 256,000 to 320,000 against
#   288,000 to 352,000 (one `RepeatVector` seed not within the budget). It also ends higher and
#   far steadier (99.5% ± 0.2% against 96.9% ± 4.3% over the last three checks; the third
#   `RepeatVector` seed ended at 92.8%).
#
# A plausible reason for the head start (these runs do not test it directly): each decoder
# step has a simpler job. The `RepeatVector` decoder must produce the tens digit from the
# question alone, knowing which hundreds digit it chose only through its own state. The
# teacher-forced decoder is *told* the previous digit, so it learns "given the question and
# the digits so far, what comes next".
#
# ## Time to 99.9%
#
# Samples are not seconds: a teacher-forced step costs a little more (one more decoder step,
# and a second input), and greedy scoring runs the decoder once per step. So the race that
# matters is wall-clock time to 99.9% on the 10,000 test questions. We time it as exercise 2
# timed the chapter's model: the clock covers drawing the training questions, building the
# model and training; every 250 steps the model answers the 5,000 **check** questions, and it
# stops once it gets all of them right, which leaves a margin over 99.9%. Then it answers the
# 10,000 test questions, once. The `RepeatVector` model gets the recipe exercise 2 tuned for
# it (Adam from 0.01 along a cosine over 4,500 steps), the teacher-forced model the same with
# Adam from 0.005. To show why, a third contestant is the teacher-forced model at 0.01. Three
# seeds each, one run after the other. The machine's load average (how many programs wanted
# to run, on its 2 cores) is printed before and after: other programs share it, and they slow
# every contestant alike only on average.

# %%
# NBVAL_IGNORE_OUTPUT
race_config = {"batch_size": 128, "max_steps": budget(4_500, 40), "reverse": True}
teacher_units = setups["2 terms of 1..999, reversed"]["models"]["teacher forcing"][1]
contestants = {  # name: (kind, units, Adam's starting rate)
    "RepeatVector": ("repeat", (128, 128), 0.01),
    "teacher forcing": ("teacher", teacher_units, 0.005),
    "teacher forcing at 0.01": ("teacher", teacher_units, 0.01),
}
if quick():  # COURSE_QUICK=1: two contestants
    contestants.pop("teacher forcing at 0.01")
load_before = os.getloadavg()[0]
race = []
for seed in seeds:
    for name, (kind, units, rate) in contestants.items():
        race_model, run = race_to_target(kind, task, {**race_config, "units": units, "learning_rate": rate},
                                         check_every=budget(250, 20), seed=seed)
        race.append({"name": name, "seed": seed, "seconds": run.seconds, "steps": run.steps,
                     "reached": run.reached, "test_exact": held_out_exact_match(kind, race_model, task)})
        print(f"{name:23} {run}; test exact-match {race[-1]['test_exact']:.2%}")
print(f"load average before the race {load_before:.1f}, after {os.getloadavg()[0]:.1f}")

# %% [markdown]
# What the race says, contestant by contestant over the three seeds ("time" is a run's time
# to answer all 5,000 check questions right, from drawing the data to the last check; a run
# that never got there stopped after its 4,500 steps, and its time is the time it took):

# %%
# NBVAL_IGNORE_OUTPUT
summary = {}
for name in contestants:
    runs = [r for r in race if r["name"] == name]
    summary[name] = {"seconds": [r["seconds"] for r in runs], "test": [r["test_exact"] for r in runs],
                     "steps": [r["steps"] for r in runs], "reached": sum(r["reached"] for r in runs)}
    print(f"{name:23} time {min(summary[name]['seconds']):5.1f} to {max(summary[name]['seconds']):5.1f} s "
          f"(median {np.median(summary[name]['seconds']):5.1f} s); steps {summary[name]['steps']}; "
          f"check set all right on {summary[name]['reached']} of {len(runs)} seeds; test exact-match "
          f"{min(summary[name]['test']):.2%} to {max(summary[name]['test']):.2%}")
teacher, repeat = summary["teacher forcing"], summary["RepeatVector"]
ratio = np.median(repeat["seconds"]) / np.median(teacher["seconds"])
print(f"median time, RepeatVector / teacher forcing: {ratio:.2f}")

# %%
# NBVAL_IGNORE_OUTPUT
met = teacher["reached"] == 3 and min(teacher["test"]) >= 0.999 and len(seeds) == 3
row = record(
    "nb_13",
    "teacher forcing, 2 terms of 1..999: >= 99.9% free-running exact-match on 10,000 held-out "
    "questions, on 3 of 3 seeds; time to that level side by side with the RepeatVector model",
    f"teacher forcing (Adam from 0.005) {min(teacher['test']):.2%}-{max(teacher['test']):.2%} on the test, "
    f"{np.median(teacher['seconds']):.1f} s (median of 3 seeds); RepeatVector (0.01) "
    f"{min(repeat['test']):.2%}-{max(repeat['test']):.2%}, {np.median(repeat['seconds']):.1f} s; "
    f"time ratio RepeatVector / teacher forcing {ratio:.2f}; load average {load_before:.1f}",
    met, seconds=float(np.median(teacher["seconds"])),
    details={"config": race_config, "contestants": {name: [kind, np.atleast_1d(units).tolist(), rate]
                                                    for name, (kind, units, rate) in contestants.items()},
             "runs": race, "summary": summary, "load_average_before": load_before,
             "params": comparison.params["2 terms of 1..999, reversed"]},
)
print("not recorded (COURSE_QUICK=1):" if quick() else "recorded:", row["result"])

# %% [markdown]
# In the run stored here:
#
# - **The target is missed, narrowly.** The teacher-forced model (Adam from 0.005) answered
#   99.96% to 99.98% of the 10,000 test questions right on every seed, above 99.9%, but it
#   answered every one of the 5,000 check questions right on only one seed of three: the other
#   two ran out of their 4,500 steps one and two check questions short. The rule of this race
#   asks for all check questions right on every seed, so the target is recorded as not met.
# - **The learning rate matters, and in this run the other way round:** at 0.01, the
#   `RepeatVector` model's rate, the teacher-forced model answered every check question right
#   on all three seeds, in 2,750 to 3,750 steps, while at 0.005 it needed all 4,500 on every
#   seed. A single run on a busy machine does not settle which rate is safer; both are worth
#   trying.
# - **In wall-clock time the teacher-forced model was not faster**: a median of 127.4 s at
#   0.005 and 83.1 s at 0.01, against 72.8 s for `RepeatVector` (3,000 to 3,750 steps; it took
#   0.57 of the time of the teacher-forced model at 0.005). Each teacher-forced step costs
#   more: its decoder takes one more step and reads a second input, and its checks run the
#   greedy loop. Its head start (it leaves the plateau sooner, as the curves showed) does not
#   shorten the last stretch: getting the last 0.1% right takes it at least as many steps.
# - The machine was busy (load average about 10 before the race and 7 after), which stretches
#   every time and the spread between seeds; the contestants alternated, seed by seed, under
#   the same load.
#
# These figures, and row `nb_13` of the results table (`results/RESULTS.md`), come from this
# run.
#
# ## Summary
#
# - The chapter's decoder reads the encoder's vector, copied once per step by
#   `RepeatVector`, and `TimeDistributed(Dense)` gives every step the same softmax layer
#   (a plain `Dense` does the same on a 3-D input). It never sees what it wrote, and it must
#   write padding.
# - A decoder that reads the previous answer character starts from the encoder's final
#   `[h, c]`, reads a start symbol first, and ends its answer by writing an end symbol, so
#   answers have their own length.
# - **Teacher forcing** trains it on the true previous characters, all steps at once.
#   **Greedy decoding** answers by feeding back its own choices; `greedy_decoder` builds that
#   loop as a Keras model from the trained layers, for a whole batch at once.
# - `fit`'s accuracy is teacher-forced, per character and a running mean: it is not the
#   score of the model you have. Whole answers are right free-running exactly when they are
#   right teacher-forced, but after a first mistake the free-running decoder gets fewer of
#   the remaining characters right than teacher forcing suggests: that is **exposure bias**.
# - At the same number of weights, on the same questions, the teacher-forced decoder learns
#   3-digit addition from fewer samples and steadier across seeds; on the chapter's problem
#   the two are close. On 3-digit addition it reaches 99.9% held-out exact-match on every
#   seed, but its costlier steps made it no faster in wall-clock time.
#
# **Exercise:** [Exercise 8](../exercises/ex_08_beam_search.ipynb) extends this notebook: it
# replaces greedy decoding with **beam search**, which keeps several candidate answers at every
# step, and asks whether that fixes the mistakes greedy decoding makes.
