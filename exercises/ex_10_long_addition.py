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
    # Write your code here.
    raise NotImplementedError


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
    # Write your code here.
    raise NotImplementedError


# %%
check_number_from_digits(my_number_from_digits)

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
# Write your code here.

# %%
# Write your code here.

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
# Write your code here.

# %%
# Write your code here.

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
# Write your code here.

# %%
# Write your code here.
