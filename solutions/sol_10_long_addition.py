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
# # 10. Long addition: columns, units first
#
# It extends [15. Answer formats, carries and length](../notebooks/15_formats_carries_length.ipynb).
#
# The aim of this exercise is to take notebook 15's lesson to its end: write the digits in
# the order they are computed, on the way in **and** on the way out, lined up column by
# column. You will write the format for one sum and read an answer back, check both, and
# then use the library's version of the format to go after three targets:
#
# - **(a) 10-digit addition**: 2 terms of up to 10 digits, at least 99.9% exact-match on
#   10,000 held-out questions and 100% on the carry edge-case set, trained in at most 10
#   minutes;
# - **(b) the keras-io task, faster**: 2 terms of 1..999, at least 99.9% on 10,000 held-out
#   questions in at most a twentieth of the time the keras-io recipe takes, timed side by
#   side in the same run;
# - **(c) multiplication**: 2 terms of 1..99, at least 95% exact-match on held-out
#   questions, in at most 10 minutes.
#
# Target (b) comes first below: it uses the 3-digit sums the format is shown on.
#
# This notebook comes in two versions: the
# [exercise](../exercises/ex_10_long_addition.ipynb), with the code left for you to write,
# and the [worked solution](../solutions/sol_10_long_addition.ipynb).
#
# The full run trains the keras-io recipe once and three column models, about six minutes
# of training on a 2-core machine. With the environment variable `COURSE_QUICK=1` every
# budget shrinks to a smoke test (the numbers then mean nothing, and nothing is recorded).

# %%
# NBVAL_IGNORE_OUTPUT
from addition_lib import ArithmeticProblem, Questions
from addition_lib.checks import check_column_digits, check_number_from_digits
from addition_lib.columns import build_column_model, column_arrays
from addition_lib.course.budget import quick
from addition_lib.course.results import machine

print("quick smoke test (COURSE_QUICK=1)" if quick() else "full budget")
print(machine())

# %% [markdown]
# ## Columns, units first
#
# Notebook 15 found that the chapter's model adds far better when it reads the question
# backwards. Writing the answer backwards (units first) helped too, but added nothing on
# top of a reversed question, because the decoder never reads what it wrote. Both halves of
# the lesson point the same way: the model should meet the digits in the order a person
# uses them. Go all the way:
#
# - pad both terms with zeros to the answer's width, so the digits of a column sit at the
#   same step;
# - at step `i`, give the model the `i`-th digit of each term **together**, units first:
#   the two digits a person adds in that column;
# - write the answer's `i`-th digit at step `i`, units first.
#
# `345+678` becomes the columns `(5, 8) (4, 7) (3, 6) (0, 0)` and the answer `3 2 0 1`. The
# carry the model must remember now travels exactly one step, whatever the length.
#
# ### Your turn: the columns of one sum
#
# Write `my_column_digits(a, b, width)`: the list of `(digit of a, digit of b)` pairs, units
# first, both terms zero-padded to `width` digits. `my_column_digits(345, 678, 4)` is
# `[(5, 8), (4, 7), (3, 6), (0, 0)]`.

# %%
def my_column_digits(a, b, width):
    """(digit of a, digit of b) for every column, units first, zero-padded to width."""
    # solution
    return [(a // 10**i % 10, b // 10**i % 10) for i in range(width)]


# %%
check_column_digits(my_column_digits)

# %% [markdown]
# ### Your turn: reading an answer back
#
# The model writes one digit per column, units first. Write `my_number_from_digits(digits)`,
# which turns such a list back into the number: `[3, 2, 0, 1]` is 1023.

# %%
def my_number_from_digits(digits):
    """The number whose digits, units first, are `digits`."""
    # solution
    return sum(digit * 10**place for place, digit in enumerate(digits))


# %%
check_number_from_digits(my_number_from_digits)

# %% [markdown] tags=["solution"]
# Both are one line: the digit at place `i` is `n // 10**i % 10`, and the number is the sum
# of each digit times its place value. The checks name the two usual slips: columns in the
# wrong order (highest first), and reading the digits as if they were written highest first.

# %% [markdown]
# ## The network
#
# The library writes whole batches in this format (`column_arrays`: at each step two one-hot
# digits side by side, 20 numbers) and builds the network (`build_column_model`): a
# bidirectional LSTM reads the columns, an LSTM decoder reads the encoder's output of the
# same column at each step, and a softmax writes that column's digit. The decoder needs no
# attention to find its column: the answer's digit `i` belongs to column `i`, known in
# advance. Here it is for 3-digit addition:

# %%
# NBVAL_IGNORE_OUTPUT
three_digits = ArithmeticProblem(2, 999)
X, y = column_arrays(three_digits, Questions.from_lists([[345, 678]]))
print("X:", X.shape, " y:", y.tolist())
build_column_model(three_digits, units=32).summary()

# %% [markdown]
# `train_columns` trains one on fresh random questions (each drawn once, never a test or
# check question), checks exact-match on a separate check set every `check_every` steps,
# and stops as soon as the check set is answered right. That rule needs a large check set:
# a model that gets all of 2,000 check questions right can still miss one question in a
# thousand elsewhere (an earlier trial with 2,000 check questions stopped short of 99.9% on
# the test that way), so the addition check sets here hold 10,000 questions, and 30,000 for
# 10 digits.
# The clock covers drawing the data, building the model and training, checks included, as
# for every timed run in this course.
#
# ## Target (b): the keras-io task in a twentieth of the time
#
# The keras-io recipe (LSTM 128, `RepeatVector`, LSTM 128, 45,000 training questions, 29
# epochs of batch 32) and the column model run one after the other, on the same 10,000 test
# questions, neither ever training on them. The machine's load average is printed: other
# programs share its 2 cores.
#
# The tools: `held_out_task` (test and check questions kept out of training),
# `keras_io_recipe(task, seed=1)` (returns the model, its time and its history),
# `train_columns(task, config, check_every=..., seed=1)` (returns the model and a run with
# its `seconds`), `column_answers(model, questions)` (the answers as numbers), and `record`
# to write the figures.

# %%
# NBVAL_IGNORE_OUTPUT
# solution
import os

import numpy as np

from addition_lib import encode_questions
from addition_lib.columns import column_answers, train_columns
from addition_lib.course.budget import budget
from addition_lib.course.results import record
from addition_lib.experiments.baselines import keras_io_recipe
from addition_lib.experiments.time_to_target import held_out_task
from addition_lib.training import exact_match_of

task_3 = held_out_task(three_digits, budget(10_000, 300), budget(10_000, 200), seed=0)
load_before = os.getloadavg()[0]
keras_model, keras_seconds, history = keras_io_recipe(
    task_3, epochs=budget(29, 1), n_train=budget(45_000, 500), n_val=budget(5_000, 100), seed=1)
keras_test = exact_match_of(keras_model, *encode_questions(keras_model.problem, task_3.test))
print(f"keras-io recipe: {keras_seconds:.1f} s, test exact-match {keras_test:.2%}")

column_config_3 = {"units": 32, "batch_size": 256, "learning_rate": 2e-2, "max_steps": budget(1_000, 20)}
model_3, run_3 = train_columns(task_3, column_config_3, check_every=budget(25, 10), seed=1)
test_3 = float((column_answers(model_3, task_3.test) == task_3.test.answers).mean())
ratio = run_3.seconds / keras_seconds
print(f"columns: {run_3}; test exact-match {test_3:.2%}")
print(f"time ratio columns / keras-io: {ratio:.3f} (target <= 0.05); load average {load_before:.1f}"
      f" before, {os.getloadavg()[0]:.1f} after")

# %%
# NBVAL_IGNORE_OUTPUT
# solution
met_3 = test_3 >= 0.999 and ratio <= 1 / 20
row = record(
    "sol_10",
    "(b) 2 terms of 1..999: >= 99.9% exact-match on 10,000 held-out questions in <= 1/20 of "
    "the keras-io recipe's time, measured side by side",
    f"column model {test_3:.2%} on 10,000 held out in {run_3.seconds:.1f} s; keras-io recipe "
    f"{keras_seconds:.0f} s ({keras_test:.2%} on the same test); ratio 1/{1 / ratio:.0f}; "
    f"load average {load_before:.1f}",
    met_3, seconds=run_3.seconds,
    details={"config": column_config_3, "steps": run_3.steps, "seed": 1,
             "keras_io_seconds": keras_seconds, "keras_io_test_exact": keras_test,
             "ratio": ratio, "load_average_before": load_before},
)
print("not recorded (COURSE_QUICK=1):" if quick() else "recorded:", row["result"])

# %% [markdown]
# ## Target (a): 10-digit addition
#
# Two terms of 1..9,999,999,999: about 10²⁰ questions, so every training question is fresh.
# Held out: 10,000 random test questions and the carry edge-case set of notebook 15, a fixed
# sample of 10,000 questions in which one carry runs through every column (`9999999999+1`,
# `5555555555+4444444445`, ...). The check set, which decides when to stop, holds 30,000
# other random questions and a second sample of 10,000 edge cases, less those that are also
# in the held-out set (9,153 are left). Training never draws any of them.
#
# Three lessons from earlier trials (shorter runs, not stored here), about what training
# shows the model and when it stops:
#
# - **Term widths.** Drawn uniformly from 1..9,999,999,999, nine terms in ten have 10 digits
#   and hardly any has 4. A model trained that way answered nearly all of the random test
#   right but fewer than half of the edge cases: it failed on sums such as `2253+7747`,
#   short terms whose leading columns are zeros it had almost never seen. Drawing each
#   term's **number of digits** uniformly first (`widths="balanced"`) fixed most of them.
# - **Long chains.** What was left were long chains: `1+9999999999`, `66666+33334`. Among
#   random questions a column sums to exactly 9 one time in ten, so a chain through nine such
#   columns is about one question in a billion: the model never practises carrying that far.
#   Replacing a tenth of the training questions by random edge cases (other ones than the
#   held-out set; `edge_share=0.1`) shows it them.
# - **Stop on what is measured.** With random check questions alone, a run could stop with
#   every check question right and a held-out edge case still wrong: the target asks for
#   all of them, so the check set holds edge cases too (other ones than the held-out set).

# %%
# NBVAL_IGNORE_OUTPUT
# solution
from addition_lib.carries import carry_edge_cases
from addition_lib.experiments.time_to_target import Task
from addition_lib.questions import concatenate, question_ids

ten_digits = ArithmeticProblem(2, 10**10 - 1)
held_out = held_out_task(ten_digits, budget(10_000, 300), budget(30_000, 200), seed=0)
edge_10 = carry_edge_cases(ten_digits, limit=budget(10_000, 300))
edge_ids = question_ids(ten_digits, edge_10)
edge_check = carry_edge_cases(ten_digits, limit=budget(10_000, 300), seed=1)
edge_check = edge_check[~np.isin(question_ids(ten_digits, edge_check), edge_ids)]
kept_out = np.union1d(held_out.excluded_ids,
                      np.union1d(edge_ids, question_ids(ten_digits, edge_check)))
task_10 = Task(ten_digits, concatenate([held_out.check, edge_check]), kept_out, held_out.test)
print(f"check set: {len(held_out.check):,} random questions and {len(edge_check):,} edge cases")
column_config_10 = {"units": 32, "batch_size": 256, "learning_rate": 2e-2, "max_steps": budget(4_000, 20),
                    "widths": "balanced", "edge_share": 0.1}
model_10, run_10 = train_columns(task_10, column_config_10, check_every=budget(50, 10),
                                 max_seconds=600, seed=1)
test_10 = float((column_answers(model_10, task_10.test) == task_10.test.answers).mean())
edge_right = column_answers(model_10, edge_10) == edge_10.answers
print(f"{run_10}; test exact-match {test_10:.2%}; edge cases {edge_right.mean():.2%} "
      f"({(~edge_right).sum()} wrong of {len(edge_10):,})")
print("wrong edge cases:", [text for text, ok in zip(edge_10.texts(), edge_right, strict=True) if not ok][:5])

# %%
# NBVAL_IGNORE_OUTPUT
# solution
met_10 = test_10 >= 0.999 and bool(edge_right.all()) and run_10.seconds <= 600
row = record(
    "sol_10",
    "(a) 2 terms of up to 10 digits: >= 99.9% exact-match on 10,000 held-out questions and 100% "
    "on the carry edge-case set, trained in <= 10 minutes",
    f"column model {test_10:.2%} on 10,000 held out, {edge_right.mean():.2%} on "
    f"{len(edge_10):,} edge cases, trained in {run_10.seconds:.0f} s ({run_10.steps:,} steps "
    f"of 256); load average {os.getloadavg()[0]:.1f}",
    met_10, seconds=run_10.seconds,
    details={"config": column_config_10, "steps": run_10.steps, "seed": 1,
             "edge_cases": len(edge_10), "edge_wrong": int((~edge_right).sum())},
)
print("not recorded (COURSE_QUICK=1):" if quick() else "recorded:", row["result"])

# %% [markdown]
# ## Target (c): multiplication
#
# Two terms of 1..99, multiplied: 9,801 questions, of which 1,000 are held out for the test
# and 500 for the check, so training sees at most 8,301 different questions, over and over.
# The same column format, the answer four digits wide. Multiplication is harder for it:
# every digit of the product but the units depends on every digit of both terms, so the
# carry no longer travels one step, and the bidirectional encoder must bring the whole
# question to every column.

# %%
# NBVAL_IGNORE_OUTPUT
# solution
times = ArithmeticProblem(2, 99, operators="*")
task_x = held_out_task(times, 1_000, 500, seed=0)
column_config_x = {"units": 256, "batch_size": 128, "learning_rate": 3e-3, "max_steps": budget(4_000, 20)}
model_x, run_x = train_columns(task_x, column_config_x, check_every=budget(250, 10),
                               max_seconds=600, seed=1)
test_x = float((column_answers(model_x, task_x.test) == task_x.test.answers).mean())
print(f"{run_x}; test exact-match {test_x:.2%}")
print("check-set exact-match along the way:", [f"{r['exact_match']:.0%}" for r in run_x.rows])

# %%
# NBVAL_IGNORE_OUTPUT
# solution
row = record(
    "sol_10",
    "(c) multiplication, 2 terms of 1..99: >= 95% exact-match on held-out questions in <= 10 minutes",
    f"column model {test_x:.2%} on 1,000 held out after {run_x.steps:,} steps of 128 "
    f"({run_x.seconds:.0f} s); best honest figure, see the notebook",
    test_x >= 0.95 and run_x.seconds <= 600, seconds=run_x.seconds,
    details={"config": column_config_x, "steps": run_x.steps, "seed": 1,
             "check_curve": [round(r["exact_match"], 4) for r in run_x.rows]},
)
print("not recorded (COURSE_QUICK=1):" if quick() else "recorded:", row["result"])

# %% [markdown] tags=["solution"]
# ## What the run stored here shows
#
# (One seeded run per target, on a 2-core machine. The load averages printed with (b) and
# (a), 1.0 to 2.5, count this notebook's own training as well as any other program.)
#
# - **(b) is met.** The column model answered all 10,000 test questions right after 5.0 s;
#   the keras-io recipe, timed in the same run, took 160 s and reached 90.64% on the same
#   questions. That is 1/32 of its time, against a target of 1/20.
# - **(a) is met.** 99.97% on 10,000 held-out 10-digit questions and every one of the 10,000
#   edge cases right, after 59 s of training (1,800 steps of 256 questions). The format does
#   the heavy lifting: with every digit of a column at the same step, units first, the carry
#   travels one step, and a 10-digit sum is no harder than a 3-digit one. What it took on
#   top was showing the model short terms and long carry chains in training, and a check
#   set with edge cases in it (see above).
# - **(c) is not met.** 59.9% of the 1,000 held-out products, after the full 4,000 steps
#   (101 s); the check-set curve flattened at 65%. That is well above exercise 5's 37.4%
#   (2 terms of 1..100, the chapter's architecture), but far from 95%. Smaller and larger
#   networks and other learning rates were not clearly better in shorter trials (not stored
#   here). Why: in a product every digit but the units depends on every digit of both terms,
#   so the column format's one-step carry does not apply; and there are only about 8,300
#   questions to learn from. A network that memorises them sees each one many
#   times without finding the rule, while a sum's rule, one column at a time, is the same
#   thousands of times in every question. A format that writes out the partial products
#   (the way multiplication is taught) would be the next thing to try.
#
# The three `sol_10` rows of the course's results table (`results/RESULTS.md`) hold these
# figures.
