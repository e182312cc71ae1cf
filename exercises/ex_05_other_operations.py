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
# # Exercise 5: Other operations
#
# The aim of this exercise is to teach the encoder-decoder LSTM to subtract, multiply and divide,
# not only add: first one operator at a time, then all four mixed in one dataset. Along the way
# you will pin down the rules precisely (what is a question, what is its answer, how wide is the
# answer), write the small functions that follow from them, tune a model with KerasTuner, and
# find out which operations the chapter's architecture learns easily and which it does not.
#
# It extends [6. The whole pipeline and decoding](../notebooks/06_pipeline_and_decoding.ipynb),
# whose pipeline turned sums into padded strings and one-hot arrays, and the random problems of
# [2. Generating sum pairs](../notebooks/02_sum_pairs.ipynb). A worked solution is in
# [../solutions/sol_05_other_operations.ipynb](../solutions/sol_05_other_operations.ipynb).
#
# **Targets.** 100% exact-match on held-out questions for `+` and for `-`. For `*` and `/`, the
# best honest held-out figure you can reach with the same kind of budget, an explanation of why
# they are harder, and a look at which questions fail. For the mixed dataset, exact-match per
# operator. A budget to aim for: about ten minutes of training in all on a 2-core machine.

# %%
import numpy as np

import addition_lib.rules as problem_rules
from addition_lib import ArithmeticProblem, encode_questions, held_out_split, show_source
from addition_lib.checks import check_answer_width, check_evaluate, check_to_string_with_operator
from addition_lib.experiments.operators import OperatorHyperModel
from addition_lib.questions import all_questions
from addition_lib.splits import held_out_sets
from addition_lib.step_by_step import write_question

OPERATORS = ("+", "-", "*", "/")
SEED = 0

# %% [markdown]
# ## The rules
#
# Before a network can learn an operation, we have to say exactly what the questions and answers
# are. These are the rules of this exercise; the library states the same rules in the docstring of
# `addition_lib.problem`, and all of its functions follow them.
#
# - **Terms.** A question has **two terms**, each a whole number from **1 to 100**, both ends
#   included. Terms are never negative and never 0. Each operator therefore has
#   100 × 100 = 10,000 different questions.
# - **One operator per question**, one of `+`, `-`, `*` and `/`. The mixed dataset at the end
#   draws each question's operator at random, but a single question never mixes two.
# - **What the operators mean.** `+` adds, `-` subtracts, `*` multiplies. `/` is **integer
#   division: the answer is the quotient `a // b`**, rounded down, and the remainder is dropped:
#   `7/2` is `3`, `3/10` is `0`. The divisor is a term, and terms start at 1, so **a divisor is
#   never zero**.
# - **Evaluation order.** With more than two terms (the library allows it), a question is
#   evaluated **left to right**: `9-10-9` is `(9-10)-9 = -10` and `20/3/2` is `(20//3)//2 = 3`.
#   As every question has a single operator, there is no precedence to settle.
# - **Negative answers.** Only `-` gives them. They are written in decimal with a leading `-`,
#   such as `-13`. A `-` in a *question* is always the operator, since terms are never negative.
# - **Width of the answers.** Every answer is left-padded with spaces to the width of the widest
#   answer the operator can give, counting the `-`: the exact width of the smallest and of the
#   largest possible answer. A mixed dataset pads every answer to the widest of all its operators.
#   Answers are never reversed.
# - **How the model reads a question.** Each term is left-padded to 3 characters (the width of
#   100), so digits of the same place value always sit in the same column, and the padded string
#   is then **reversed**: these are the chapter's two hints, *pad each term on its own* and
#   *reverse the input*, which exercises 6 and 7 measure. Every question is 3 + 1 + 3 = 7
#   characters.
# - **The alphabet.** The ten digits, the operators the dataset uses, and the space for padding.
#   One operator gives 12 symbols, all four give 15:
#   `0123456789`, `+`, `-`, `*`, `/`, and space. The `-` plays two parts, the operator in a
#   question and the sign of an answer; since it is the same character, the alphabet needs no
#   extra symbol for the sign. Compared with the chapter's sums, the output alphabet gains `-`.
#
# The table below works one question, `7` and `20`, through every operator, and lists for all
# 10,000 questions of each operator the range of the answers, their width, how many different
# answers there are, and the most common one.

# %%
example = [7, 20]
problems = {op: ArithmeticProblem(2, 100, operators=op, padding="per_term", reverse=True) for op in OPERATORS}
print("op  question  answer  model reads  answers        width  different answers  most common")
for op, problem in problems.items():
    low, high = problem_rules.result_range(op, 2, 100)
    answers, counts = np.unique(all_questions(problem).answers, return_counts=True)
    common = f"{answers[np.argmax(counts)]} ({counts.max() / counts.sum():.1%})"
    print(f"{op:<3} {op.join(map(str, example)):<9} {problem_rules.evaluate(example, op):>6}  "
          f"{write_question(example, op, problem)!r:<11}  {low:>5} .. {high:<5}  {problem.n_out_seq_length:>5}  "
          f"{len(answers):>17,}  {common}")
print(f"alphabet of the mixed dataset: {''.join(ArithmeticProblem(2, 100, operators=OPERATORS).alphabet)!r}")

# %% [markdown]
# Three things stand out already. Subtraction has as many different answers as addition (199),
# but almost half of its questions have a negative answer, which needs a `-`. Multiplication has
# 2,906 different answers for 10,000 questions, half of them the answer to at most two questions,
# and its answers need 5 characters (only `100*100` needs the fifth). Division has just 101
# different answers, and half of all questions have the answer `0` (whenever the first term is
# the smaller): a very uneven spread of answers.
#
# ## Task 1: `evaluate(terms, operator)`
#
# Write `evaluate(terms, operator)`, the answer to one question: `terms` is a list of whole
# numbers and `operator` one of `'+'`, `'-'`, `'*'`, `'/'`, applied left to right, as the rules
# say. For example `evaluate([9, 10, 9], '-')` is `-10` and `evaluate([20, 3, 2], '/')` is `3`.
# Then run the check below: it compares your function with the library's on named and random
# questions, and tells you the first question it gets wrong.

# %%
def evaluate(terms, operator):
    # Write your code here.
    raise NotImplementedError


# %%
check_evaluate(evaluate)

# %% [markdown]
# ## Task 2: `answer_width(operator, n_numbers, largest)`
#
# Write `answer_width(operator, n_numbers, largest)`: how many characters the widest answer
# needs, `-` included, for `n_numbers` terms from 1 to `largest`. For example
# `answer_width('-', 3, 10)` is 3 (the answer `-19` needs three characters) and
# `answer_width('*', 2, 99)` is 4.
#
# *Hint:* work out the smallest and the largest answer each operator can give, and write both.

# %%
def answer_width(operator, n_numbers, largest):
    # Write your code here.
    raise NotImplementedError


# %%
check_answer_width(answer_width)

# %% [markdown]
# ## Task 3: `to_string_with_operator(X, y, n_numbers, largest, operator)`
#
# The chapter's `to_string(X, y, n_numbers, largest)` turns lists of terms and their sums into
# left-padded strings. Write `to_string_with_operator`, which does the same with `operator`
# between the terms and answers that may be negative: `[[9, 10, 9]], [-10]` with three terms of
# 1..10 and `'-'` gives `(['  9-10-9'], ['-10'])`. Keep the chapter's input width and pad the
# answers to `answer_width`.

# %%
def to_string_with_operator(X, y, n_numbers, largest, operator):
    # Write your code here.
    raise NotImplementedError


# %%
check_to_string_with_operator(to_string_with_operator)

# %% [markdown]
# ## The data: one problem per operator
#
# From here on, use the library's vectorised pipeline (`encode_questions`), which follows the
# same rules on whole arrays and adds per-term padding and reversal; the cells below work
# whether or not you have finished the tasks above.
#
# Each operator gets its own `ArithmeticProblem` (built above as `problems`). For each we hold
# out **1,000 of the 10,000 questions as the test set** with `held_out_split`, and carve another
# 1,000 out of the remaining training questions as a **validation set** for tuning and for
# deciding when to stop. Look at the test questions only once, at the very end. The other 8,000
# questions are the training set.

# %%
N_TEST, N_VAL = 1000, 1000
splits, data = {}, {}
for op, problem in problems.items():
    splits[op] = held_out_split(problem, N_TEST, seed=SEED)
    held_out = held_out_sets(splits[op], N_VAL, seed=SEED, draw="enumerated")
    train, val = held_out.split.train_questions(), held_out.validation
    data[op] = {"train": train, "val": val, "test": splits[op].test}
    print(f"{op}: {len(train):,} training, {len(val):,} validation, {splits[op].n_test:,} test questions")

# %% [markdown]
# Encoded, for example for subtraction: 7 input steps and 3 output steps of 12 symbols.

# %%
# NBVAL_IGNORE_OUTPUT
arrays = {
    op: {part: encode_questions(problems[op], questions) for part, questions in data[op].items()}
    for op in OPERATORS
}
X_train, y_train = arrays["-"]["train"]
X_train.shape, y_train.shape

# %% [markdown]
# ## Task 4: tune a model with KerasTuner
#
# Use KerasTuner (`keras_tuner`) for a *small* search over the model for subtraction: for
# example the units in the encoder and the decoder, the learning rate and the batch size. Score
# each trial by exact-match on the validation set, never on the test set, and keep the search
# to a few minutes. Put the tuner's files under `tuner_runs_dir()` (outside the course folders) and
# pass `overwrite=True` and a `seed` of 1 or more (KerasTuner treats `seed=0` as no seed at all).
#
# `addition_lib.experiments.operators` has a ready search space, `OperatorHyperModel`, and
# `addition_lib.tuners.make_tuner("random", ...)` makes KerasTuner's own `RandomSearch` with the
# seed checked. Read the search space below; you may use it or write your own.
#
# *Why tune on subtraction rather than addition?*

# %%
show_source(OperatorHyperModel)

# %%
# Write your code here.

# %% [markdown]
# ## Task 5: addition and subtraction to 100% on held-out questions
#
# Train your tuned model on `+` and on `-` until it answers every one of the 1,000 test
# questions exactly right. Decide when to stop from the validation set (`HeldOutScore` in
# `addition_lib.training`, with `per="epoch"`, `monitor="val_exact_match"`, a `target` and a
# `patience`, stops once a validation score has held for a few epochs), then score
# the test set. `exact_match_by_block` or `answer_texts` and `answers_to_ints` turn predictions
# into scores.

# %%
# Write your code here.

# %% [markdown]
# ## Task 6: multiplication and division
#
# Train the same way on `*` and on `/`, with the same budget, and report the best honest
# held-out exact-match. Then find out which questions fail:
#
# - for `*`, which digits of the answer are wrong (`column_accuracy`) and how far the wrong
#   answers are from the true products;
# - for `/`, which divisors the errors come from (`errors_by`).
#
# Explain why these two are harder than `+` and `-`. Think about which digits of the question
# each digit of the answer depends on, how long the answers are, and how the answers are spread.

# %%
# Write your code here.

# %% [markdown]
# *Write your explanation here.*

# %% [markdown]
# ## Task 7: all four operations in one dataset
#
# Train one model on questions of all four operators mixed
# (`ArithmeticProblem(2, 100, operators="+-*/", ...)`), and report the held-out exact-match
# **per operator** with `exact_match_by_block`. How wide are its answers, and how many symbols
# does its alphabet have? Does the mix help or hurt any operator?
#
# *Hint:* to compare with your single-operator models on the very same test questions, put their
# four test sets together (`concatenate` in `addition_lib.questions`) and build the split with
# `HeldOutSplit(mixed, question_ids(mixed, test_questions))` (both in `addition_lib.splits`).

# %%
# Write your code here.

# %% [markdown]
# ## Summary
#
# - Rules first: the terms and their range, one operator per question, the evaluation order,
#   what `/` means, how negative answers are written, how wide the answers are, the alphabet.
# - `evaluate`, `answer_width` and `to_string_with_operator` follow from the rules.
# - Report exact-match on questions the model never saw, per operator.
#
# Compare your figures and your explanation with the worked solution,
# [../solutions/sol_05_other_operations.ipynb](../solutions/sol_05_other_operations.ipynb), and go
# back to [6. The whole pipeline and decoding](../notebooks/06_pipeline_and_decoding.ipynb) for the
# pipeline this exercise extends.
