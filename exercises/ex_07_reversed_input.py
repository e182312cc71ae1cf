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
# # Exercise 7: Reverse the input
#
# The aim of this exercise is to test the trick of Sutskever, Vinyals and Le (2014) on our
# sums: feed the encoder each question backwards, leave the answer as it is, and measure
# whether the network learns faster or better. You will compare the two orders on the
# chapter's problem and on 3-digit addition, with several seeds and the same budget for both,
# scored on questions held out of training, and plot the learning curves side by side.
#
# It extends [1. The encoder-decoder idea](../notebooks/01_encoder_decoder_idea.ipynb), which
# introduced the trick.
#
# A worked solution is in
# [../solutions/sol_07_reversed_input.ipynb](../solutions/sol_07_reversed_input.ipynb).
# The full experiment trains 12 small models; the solution's stored run says how long that
# took on a 2-core machine.

# %%
import dataclasses

import numpy as np

from addition_lib import (
    ArithmeticProblem,
    Questions,
    build_model,
    encode_questions,
    held_out_split,
    show_source,
    to_string,
)
from addition_lib.checks import check_fair_runs, check_reverse_inputs
from addition_lib.course.budget import budget
from addition_lib.course.results import record
from addition_lib.experiments.formats import compare_formats, train_and_follow
from addition_lib.plots import plot_curve_panels
from addition_lib.step_by_step import format_questions

# %% [markdown]
# ## Task 1: write `reverse_inputs`
#
# `reverse_inputs(X_str, y_str)` takes the padded strings that the chapter's `to_string`
# makes, such as `[' 3+10'], ['13']`, and returns them with every *input* string reversed and
# every *output* string untouched: `['01+3 '], ['13']`. The padding is part of the input, so
# it is reversed with the rest. (Sutskever et al. reversed the source sentence only: the
# decoder must still write the answer in its normal order.) Return new lists, and leave the
# lists you are given as they were.
#
# Replace the `raise` line with your code, run the cell, and read what the check says.

# %%
def reverse_inputs(X_str, y_str):
    """Return every string of ``X_str`` reversed, and ``y_str`` unchanged (as a new list)."""
    # Write your code here.
    raise NotImplementedError


check_reverse_inputs(reverse_inputs)

# %% [markdown]
# From here on the notebook uses the library's version of the same rule,
# `ArithmeticProblem(reverse=True)`, so it runs whether or not you have finished Task 1.
# What the encoder reads, for a chapter question and two 3-digit ones:

# %%
examples = [
    (ArithmeticProblem(n_terms=3, largest=10), [[9, 10, 9]]),
    (ArithmeticProblem(n_terms=2, largest=999), [[12, 345], [987, 654]]),
]
for problem, rows in examples:
    for reverse in (False, True):
        variant = dataclasses.replace(problem, reverse=reverse)
        inputs, outputs = format_questions(variant, Questions.from_lists(rows))
        print(f"reverse={reverse!s:5}  read {inputs}  write {outputs}")

# %% [markdown]
# **Before you train anything**, write down what you expect. The encoder hands the decoder only
# its state after the *last* character it read. Which characters of `' 12+345'` are read last
# in each order? The decoder writes the answer `' 357'` from its most significant digit to its
# units. And when you add by hand, in which direction do carries travel? Will reversal help on
# the chapter's problem, on 3-digit addition, on both, or on neither?
#
# *Write your prediction here.*

# %% [markdown]
# ## Task 2: the experiment
#
# Compare the two orders on two problems:
#
# - **the chapter's**: 3 terms of 1..10, the chapter's model (`build_model` defaults: LSTM 75,
#   LSTM 50), 75,000 training samples, 200 of the 1,000 questions held out (as in notebook 9);
# - **3-digit addition**: 2 terms of 1..999, the task of the keras-io addition example, whose
#   998,001 questions need a bigger model: that example's size (`encoder_units=128,
#   decoder_units=128`), 240,000 training samples (the keras-io recipe shows 1.3 million), 2,000
#   questions held out.
#
# For each problem and each of three seeds, train one model per order, one epoch, batches of
# 32, and score the held-out questions a dozen times along the way. Make the comparison fair,
# so that only the order differs: both orders of a seed must see **the same training
# questions in the same order**, start from **the same weights**, and be scored on **the same
# held-out questions**, which training never sees and which are the same for every seed. The
# budgets below shrink to a smoke test when `COURSE_QUICK=1` is set.

# %%
seeds = budget((1, 2, 3), (1,))
n_checks = budget(12, 2)  # held-out checks per run
setups = {
    "3 terms of 1..10 (the chapter's)": {
        "problem": ArithmeticProblem(n_terms=3, largest=10),
        "n_samples": budget(75_000, 1_000),
        "n_test": 200,
        "units": (75, 50),
        "levels": (0.5, 0.9),
    },
    "2 terms of 1..999 (3-digit)": {
        "problem": ArithmeticProblem(n_terms=2, largest=999),
        "n_samples": budget(240_000, 1_000),
        "n_test": budget(2_000, 200),
        "units": (128, 128),
        "levels": (0.5, 0.8),
    },
}
orders = {"normal order": {"reverse": False}, "reversed": {"reverse": True}}

# %% [markdown]
# ### Task 2a: one seed's runs, set up fairly
#
# Before the long run, the part that makes it fair. Write
# `fair_runs(problem, variants, n_samples, n_test, units, seed)`. `variants` maps a name to the
# changes it makes to `problem`, like `orders` above. Return a dict with one entry per
# variant, `(model, (X_train, y_train), (X_test, y_test))`: a model built for the variant's
# problem with `units` (encoder, decoder), and `n_samples` training and `n_test` held-out
# questions, one-hot encoded the variant's way. The library has every piece:
#
# - `split = held_out_split(problem, n_test, seed=0)` holds questions out;
#   `split.sample_train(n_samples, seed=seed)` draws training questions that avoid them, and
#   `split.test` lists the held-out ones;
# - `dataclasses.replace(problem, reverse=True)` is the same problem read backwards, and
#   `encode_questions(problem, questions)` writes and one-hot encodes questions;
# - `build_model(problem, encoder_units=..., decoder_units=..., seed=seed)`.
#
# `check_fair_runs` decodes your arrays back into questions and checks that the runs are fair.

# %%
def fair_runs(problem, variants, n_samples, n_test, units, seed):
    """For each variant: (model, (X_train, y_train), (X_test, y_test)), ready to train and score."""
    # Write your code here.
    raise NotImplementedError


check_fair_runs(fair_runs, orders)

# %% [markdown]
# ### Task 2b: every problem, seed and order
#
# Now train each run of `fair_runs`, for every problem and seed, with a
# `HeldOutScore((X_test, y_test), every=..., per="sample", batch_size=32, n_samples=...,
# at_start=True)` callback (from `addition_lib`), which scores the held-out questions every
# `every` training samples and before training; after `fit`, its `rows` are the learning
# curve. The library's `compare_formats` runs this whole loop, and `train_and_follow` is one
# of its runs (both in `addition_lib.experiments.formats`): read them (`show_source`) when you
# are stuck or done.

# %%
# Write your code here.

# %% [markdown]
# ## Task 3: the learning curves, side by side
#
# Plot held-out exact-match against training samples seen, one panel per problem, both orders
# in each, with the mean over seeds and the spread. `plot_curve_panels` (in
# `addition_lib.plots`) takes `{problem title: {order: [rows of seed 1, rows of seed 2,
# ...]}}`. Then put numbers on it: the final exact-match of each order (mean and spread over
# seeds), and how many samples each run needed to reach 50% and 90% (`stack_curves` and
# `samples_to_reach`, in `addition_lib.curves`).

# %%
# Write your code here.

# %% [markdown]
# ## Task 4: why?
#
# Was your prediction right? Explain what you see on each problem. Some measurements that can
# test an explanation, on the 3-digit problem's held-out questions: the per-character accuracy
# at each position of the answer (thousands, hundreds, tens, units); the exact-match grouped
# by how many carries the written addition needs; and the exact-match grouped by which term,
# if any, has fewer than three digits.

# %%
# Write your code here.

# %% [markdown]
# *Write your explanation here.*

# %% [markdown]
# ## Summary
#
# You have written `reverse_inputs`, set up a fair comparison of the two input orders (same
# questions, weights, budget and held-out set, for every seed), run it and plotted it. Compare
# your figures and your explanation with the worked solution.
#
# **Back to:** [1. The encoder-decoder idea](../notebooks/01_encoder_decoder_idea.ipynb)
