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
# # Exercise 6: Pad each term on its own
#
# The aim of this exercise is to try the other padding the chapter suggests: instead of
# left-padding the whole question (`'   9+6+9'`), left-pad every term to the width of the
# largest term (`' 9+ 6+ 9'`), so that each digit of each term sits at the same position in
# every question. You write the padding yourself, then measure whether it makes the network
# learn faster or better than the chapter's padding, with the same budget and the same seeds,
# on the chapter's problem and on a harder one.
#
# It extends [3. Integers to padded strings](../notebooks/03_padded_strings.ipynb), which
# introduced both paddings.
#
# A worked solution is in
# [../solutions/sol_06_per_term_padding.ipynb](../solutions/sol_06_per_term_padding.ipynb).
# The full experiment trains 12 small models; the solution's stored run says how long that
# took on a 2-core machine.

# %%
import dataclasses

import numpy as np

from addition_lib import (
    ArithmeticProblem,
    build_model,
    encode_questions,
    held_out_split,
    input_length,
    output_length,
    random_questions,
    show_source,
    to_string,
)
from addition_lib.checks import check_fair_runs, check_to_string_per_term
from addition_lib.course.budget import budget
from addition_lib.course.results import record
from addition_lib.experiments.formats import compare_formats, train_and_follow
from addition_lib.plots import plot_curve_panels
from addition_lib.step_by_step import format_questions

# %% [markdown]
# ## Task 1: write `to_string_per_term`
#
# `to_string_per_term(X, y, n_numbers, largest)` does what the chapter's `to_string` does,
# with one change: every term is left-padded to the number of digits of `largest` before the
# terms are joined by `'+'`. The question keeps the chapter's width, `input_length(n_numbers,
# largest)`, and the sums are padded as the chapter pads them, to `output_length(n_numbers,
# largest)` (both in `addition_lib`, as in notebook 3). For example,
# `to_string_per_term([[9, 6, 9]], [24], 3, 10)` gives `([' 9+ 6+ 9'], ['24'])`.
#
# Replace the `raise` line with your code, run the cell, and read what the check says.

# %%
def to_string_per_term(X, y, n_numbers, largest):
    """Write each list of terms with every term left-padded to the width of ``largest``."""
    # Write your code here.
    raise NotImplementedError


check_to_string_per_term(to_string_per_term)

# %% [markdown]
# From here on the notebook uses the library's version of the same rule,
# `ArithmeticProblem(padding='per_term')`, so it runs whether or not you have finished Task 1.
#
# ## How often do the two paddings differ?
#
# A question is written the same both ways when no term after the first is shorter than the
# slot: the whole-string padding then only adds spaces in front, where per-term padding puts
# them too. Here are the two writings of 10,000 random questions compared, for the chapter's
# problem and for 3 terms of 1..99, where terms have two digits and adding them means lining
# up units with units and tens with tens:

# %%
problems = {
    "3 terms of 1..10 (the chapter's)": ArithmeticProblem(n_terms=3, largest=10),
    "3 terms of 1..99": ArithmeticProblem(n_terms=3, largest=99),
}
for title, problem in problems.items():
    sample = random_questions(problem, 10_000, seed=0)
    whole = format_questions(problem, sample)[0]
    per_term = format_questions(dataclasses.replace(problem, padding="per_term"), sample)[0]
    differ = np.array([a != b for a, b in zip(whole, per_term, strict=True)])
    first = np.argmax(differ)
    print(f"{title:34} {differ.mean():6.1%} written differently, "
          f"such as {whole[first]!r} and {per_term[first]!r}")

# %% [markdown]
# **Before you train anything**, write down what you expect. On which problem should per-term
# padding matter more: the one where it changes almost every question, or the one where it
# changes few questions but lines up digit columns in those? Faster learning, a better final
# score, both, or neither?
#
# *Write your prediction here.*

# %% [markdown]
# ## Task 2: the experiment
#
# Compare the two paddings on the two problems:
#
# - **the chapter's**: 3 terms of 1..10, the chapter's model (`build_model` defaults: LSTM 75,
#   LSTM 50), 75,000 training samples, 200 of the 1,000 questions held out (as in notebook 9);
# - **3 terms of 1..99** (970,299 questions, answers up to 297): the keras-io addition
#   example's model size (`encoder_units=128, decoder_units=128`), 240,000 training samples,
#   2,000 questions held out.
#
# For each problem and each of three seeds, train one model per padding, one epoch, batches
# of 32, and score the held-out questions a dozen times along the way. Make the comparison
# fair, so that only the padding differs: both paddings of a seed must see **the same training
# questions in the same order**, start from **the same weights**, and be scored on **the same
# held-out questions**, which training never sees and which are the same for every seed. The
# budgets below shrink to a smoke test when `COURSE_QUICK=1` is set.

# %%
seeds = budget((1, 2, 3), (1,))
n_checks = budget(12, 2)  # held-out checks per run
setups = {
    "3 terms of 1..10 (the chapter's)": {
        "problem": problems["3 terms of 1..10 (the chapter's)"],
        "n_samples": budget(75_000, 1_000),
        "n_test": 200,
        "units": (75, 50),
        "levels": (0.5, 0.9),
    },
    "3 terms of 1..99": {
        "problem": problems["3 terms of 1..99"],
        "n_samples": budget(240_000, 1_000),
        "n_test": budget(2_000, 200),
        "units": (128, 128),
        "levels": (0.1, 0.2),
    },
}
paddings = {"whole string": {"padding": "whole"}, "per term": {"padding": "per_term"}}

# %% [markdown]
# ### Task 2a: one seed's runs, set up fairly
#
# Before the long run, the part that makes it fair. Write
# `fair_runs(problem, variants, n_samples, n_test, units, seed)`. `variants` maps a name to the
# changes it makes to `problem`, like `paddings` above. Return a dict with one entry per
# variant, `(model, (X_train, y_train), (X_test, y_test))`: a model built for the variant's
# problem with `units` (encoder, decoder), and `n_samples` training and `n_test` held-out
# questions, one-hot encoded the variant's way. The library has every piece:
#
# - `split = held_out_split(problem, n_test, seed=0)` holds questions out;
#   `split.sample_train(n_samples, seed=seed)` draws training questions that avoid them, and
#   `split.test` lists the held-out ones;
# - `dataclasses.replace(problem, padding="per_term")` is the same problem padded per term,
#   and `encode_questions(problem, questions)` writes and one-hot encodes questions;
# - `build_model(problem, encoder_units=..., decoder_units=..., seed=seed)`.
#
# `check_fair_runs` decodes your arrays back into questions and checks that the runs are fair.

# %%
def fair_runs(problem, variants, n_samples, n_test, units, seed):
    """For each variant: (model, (X_train, y_train), (X_test, y_test)), ready to train and score."""
    # Write your code here.
    raise NotImplementedError


check_fair_runs(fair_runs, paddings)

# %% [markdown]
# ### Task 2b: every problem, seed and padding
#
# Now train each run of `fair_runs`, for every problem and seed, with a
# `HeldOutScore((X_test, y_test), every=..., per="sample", batch_size=32, n_samples=...,
# at_start=True)` callback (from `addition_lib`), which scores the held-out questions every
# `every` training samples and before training; after `fit`, its `rows` are the learning
# curve. The library's `compare_formats` runs this
# whole loop, and `train_and_follow` is one of its runs (both in
# `addition_lib.experiments.formats`): read them (`show_source`) when you
# are stuck or done.

# %%
# Write your code here.

# %% [markdown]
# ## Task 3: the learning curves, side by side
#
# Plot held-out exact-match against training samples seen, one panel per problem, both
# paddings in each, with the mean over seeds and the spread. `plot_curve_panels` (in
# `addition_lib.plots`) takes `{problem title: {padding: [rows of seed 1, rows of seed 2,
# ...]}}`. Then put numbers on it: the final exact-match of each padding (mean and spread over
# seeds), and how many samples each run needed to reach a level (`stack_curves` and
# `samples_to_reach`, in `addition_lib.curves`).

# %%
# Write your code here.

# %% [markdown]
# ## Task 4: where does the difference come from?
#
# If you found a difference on 3 terms of 1..99, is it in the held-out questions that the two
# paddings write differently, or in all of them? Compare the exact-match of the two groups.
# Then say, from your numbers, whether per-term padding is worth it, and how sure you are.

# %%
# Write your code here.

# %% [markdown]
# *Write your conclusion here.*

# %% [markdown]
# ## Summary
#
# You have written `to_string_per_term`, set up a fair comparison of the two paddings (same
# questions, weights, budget and held-out set, for every seed), run it and plotted it. Compare
# your figures and your conclusion with the worked solution.
#
# **Back to:** [3. Integers to padded strings](../notebooks/03_padded_strings.ipynb)
