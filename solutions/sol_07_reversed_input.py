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
# # Solution 7: Reverse the input
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
# <!-- exercise:
# A worked solution is in
# [../solutions/sol_07_reversed_input.ipynb](../solutions/sol_07_reversed_input.ipynb).
# The full experiment trains 12 small models; the solution's stored run says how long that
# took on a 2-core machine.
# -->
# <!-- solution -->
# This is the worked solution; the exercise is
# [../exercises/ex_07_reversed_input.ipynb](../exercises/ex_07_reversed_input.ipynb).
# The experiment runs at full budget (its time is printed below it). Set the environment
# variable `COURSE_QUICK=1` to run everything on tiny budgets instead (a smoke test; the
# numbers then mean nothing).
# <!-- end solution -->

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
    # solution
    return [text[::-1] for text in X_str], list(y_str)
    # end solution


check_reverse_inputs(reverse_inputs)

# %% [markdown] tags=["solution"]
# Three things the check would have caught: reversing the answers too (the decoder would then
# write `'82'` for 28), stripping the padding before reversing (the strings would no longer
# have one length, so they would not fit one array), and reversing the caller's list in place.
# On the chapter's first example:

# %% tags=["solution"]
reverse_inputs(*to_string([[3, 10], [9, 10]], [13, 19], 2, 10))

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
# <!-- exercise: *Write your prediction here.* -->

# %% [markdown] tags=["solution"]
# ## What reversing changes, and what it might buy
#
# An LSTM encoder reads left to right and hands the decoder only its final state. Whatever it
# read last is freshest in that state; whatever it read first has had to survive every later
# step. Reversal changes which characters those are.
#
# - **Sutskever's argument.** The start of a translation depends most on the start of the
#   source sentence. Reversed, the source's first words are read *last*, right before the
#   decoder starts, so many input-output links get short. In our sums the decoder writes the
#   most significant digit first, and that digit depends mostly on the most significant digits
#   of the terms. Reversed, the first term's leading digits are the last digits read.
# - **An argument of our own: units first.** Written addition runs from the units upwards,
#   because a carry moves from each column to the next one up. Reversal makes the encoder read
#   every term units first (`'345'` becomes `'543'`), so the columns arrive in the order in
#   which carries arise, and a digit's place is known the moment it is read: the first digit
#   after the start or after a `'+'` is always the units. In the normal order the `3` of
#   `'345'` could be hundreds, tens or units until the term ends.
#
# Neither argument says how much either matters. The experiment does.

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
    # solution
    split = held_out_split(problem, n_test, seed=0)  # one held-out set per problem, for every seed
    questions = split.sample_train(n_samples, seed=seed)  # drawn once, written every way
    runs = {}
    for name, changes in variants.items():
        variant = dataclasses.replace(problem, **changes)
        model = build_model(variant, encoder_units=units[0], decoder_units=units[1], seed=seed)
        runs[name] = (model, encode_questions(variant, questions), encode_questions(variant, split.test))
    return runs
    # end solution


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

# %% [markdown] tags=["solution"]
# **Solution.** `compare_formats` sets each problem and seed up exactly as our `fair_runs`
# does (one held-out split per problem, drawn with seed 0; the training questions drawn once
# per seed; every model built with the seed: both orders have the same layer shapes, so the
# seed gives them identical weights), then trains each run with `train_and_follow`, which
# returns the run's curve, which held-out answer characters it got right at the end, and its
# training time (without the checks). Twelve runs, one line each:

# %%
# solution
show_source(train_and_follow)

# %% tags=["solution"]
show_source(compare_formats)

# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
comparison = compare_formats(setups, orders, seeds=seeds, n_checks=n_checks)
curves, right, splits = comparison.curves, comparison.right, comparison.splits

# %% [markdown]
# ## Task 3: the learning curves, side by side
#
# Plot held-out exact-match against training samples seen, one panel per problem, both orders
# in each, with the mean over seeds and the spread. `plot_curve_panels` (in
# `addition_lib.plots`) takes `{problem title: {order: [rows of seed 1, rows of seed 2,
# ...]}}`. Then put numbers on it: the final exact-match of each order (mean and spread over
# seeds), and how many samples each run needed to reach 50% and 90% (`stack_curves` and
# `samples_to_reach`, in `addition_lib.curves`).

# %% [markdown] tags=["solution"]
# **Solution.** Each colour is one order: the thick line is the mean over the three seeds, the
# band runs from the worst seed to the best, and the thin lines are the seeds themselves. The
# dotted line marks 90%; each panel's vertical axis ends just above its highest curve.

# %%
# solution
# NBVAL_IGNORE_OUTPUT
plot_curve_panels(curves, level=0.9, ymax=None)

# %% [markdown] tags=["solution"]
# The same runs in numbers. A single last check can catch a model in one of the short dips
# that notebook 8 showed (Adam overshooting, then recovering), so next to the **last check**
# we give the mean of the **last three checks**, the last quarter of training. Both are the
# mean and standard deviation over the seeds. Then, for two levels per problem, how many
# training samples each seed needed before its held-out exact-match first reached the level
# (`-` if it never did within the budget).

# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
print("\n".join(comparison.summary_lines()))

# %% [markdown] tags=["solution"]
# In the run stored in this notebook (see also `results/RESULTS.md`):
#
# - **On the chapter's problem reversal speeds learning up, a little.** On two seeds of three
#   the reversed curve climbs first: it reaches 50% held-out exact-match after 19,000 to
#   25,000 samples, the normal order after 25,000 to 31,000, and 90% after 31,000 to 44,000
#   against 38,000 to 50,000 (on the third seed the normal order reaches 90% a little sooner).
#   By the end of the 75,000 samples both orders are level (last check 98.5% ± 1.0% reversed,
#   98.7% ± 0.3% normal). Over the last three checks the normal order is ahead (97.1% ± 0.7%
#   against 88.8% ± 6.7%), but only because all three reversed runs dip sharply at the
#   second-to-last check, to about 70% on average, before they recover at the last one.
# - **On 3-digit addition reversal is decisive.** With reversed input the curves take off
#   after about 80,000 to 100,000 samples and end at 88% to 92.5% (89.9% on average), still
#   rising; in the normal order they stay below 4% for the whole budget. All three seeds
#   agree, so this is not luck.

# %% [markdown]
# ## Task 4: why?
#
# Was your prediction right? Explain what you see on each problem. Some measurements that can
# test an explanation, on the 3-digit problem's held-out questions: the per-character accuracy
# at each position of the answer (thousands, hundreds, tens, units); the exact-match grouped
# by how many carries the written addition needs; and the exact-match grouped by which term,
# if any, has fewer than three digits.

# %% [markdown] tags=["solution"]
# **Solution.** Why would a trick made for French sentences matter so much for 3-digit sums? Three
# measurements on the 3-digit problem's held-out questions, at the end of training, averaged
# over the seeds, test the two arguments above.
#
# **Which answer digit goes wrong.** Per-character accuracy at each of the four positions of
# the answer:

# %%
# solution
# NBVAL_IGNORE_OUTPUT
title = "2 terms of 1..999 (3-digit)"
print(f"{'':12}", "  ".join(f"{position:>9}" for position in ("thousands", "hundreds", "tens", "units")))
for name in orders:
    by_position = np.mean([correct.mean(axis=0) for correct in right[title][name]], axis=0)
    print(f"{name:12}", "  ".join(f"{share:9.1%}" for share in by_position))

# %% [markdown] tags=["solution"]
# In the normal order the model has learned the **size** of the answer and not its **last
# digits**: the thousands and hundreds digits are nearly always right, the tens digit in under
# half the questions, and the units digit in about one in ten, which is what guessing gives.
# Reversed, all four positions are right about nine times in ten or more.
#
# That makes Sutskever's argument an unlikely explanation here: it shortens the path to the
# *leading* digits, and those the normal order had already learned. What the normal order
# lacks are the digits that need exact work, column by column. That fits the units-first
# argument: the first digits read of a number give its size roughly, while its last digits
# must be put in the right column and added exactly, which is easier when the columns come
# units first and each digit's place is known as it is read.
#
# **Carries.** If carries were the obstacle, questions needing more of them (0 for
# `123+456`, 3 for `999+1`) should be harder. Exact-match by the number of carries:

# %% tags=["solution"]
def count_carries(a, b):
    """Carries in the written addition of the whole numbers ``a`` and ``b`` (arrays)."""
    a, b = np.array(a), np.array(b)
    carry = np.zeros(len(a), dtype=int)
    total = np.zeros(len(a), dtype=int)
    while (a > 0).any() or (b > 0).any():
        carry = (a % 10 + b % 10 + carry >= 10).astype(int)
        total += carry
        a, b = a // 10, b // 10
    return total


count_carries([123, 999, 58], [456, 1, 67])

# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
test_terms = splits[title].test.terms
exact = {name: np.mean([correct.all(axis=1) for correct in right[title][name]], axis=0) for name in orders}


def by_group(groups):
    """Print the number of held-out questions and each order's exact-match, group by group."""
    print(f"{'':22}", "  ".join(f"{label:>10}" for label in groups))
    print(f"{'questions':22}", "  ".join(f"{mask.sum():>10}" for mask in groups.values()))
    for name in orders:
        print(f"{name:22}", "  ".join(f"{exact[name][mask].mean():10.1%}" if mask.any() else f"{'-':>10}"
                                      for mask in groups.values()))


carries = count_carries(test_terms[:, 0], test_terms[:, 1])
by_group({f"{k} carries": carries == k for k in range(4)})

# %% [markdown] tags=["solution"]
# They are not harder. The normal order is poor whatever the carries (2% to 7%, no worse with
# more of them), and the reversed
# model even does better on questions with more of them (those are also the ones whose answer
# has four digits; we have not pinned down why they come easier). So carries are not what
# makes the normal order fail, and their direction is not the whole story of why reversal
# works: the place of each digit matters more than the carries between them.
#
# **Short terms.** A term under 100 has fewer digits, and whole-string padding puts its
# spaces in front of the whole question. Reversed, that moves digits to other time steps:

# %% tags=["solution"]
reversed_3_digit = dataclasses.replace(setups[title]["problem"], reverse=True)
format_questions(reversed_3_digit, Questions.from_lists([[345, 678], [12, 345], [345, 12]]))[0]

# %% [markdown] tags=["solution"]
# With a short *first* term, only the spaces move (to the end); every column is still where it
# always is. With a short *second* term the `'+'` comes one step early and every digit of the
# first term is one step off. Exact-match in each case:

# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
short_first, short_second = test_terms[:, 0] < 100, test_terms[:, 1] < 100
by_group({
    "3+3 digits": ~short_first & ~short_second,
    "first < 100": short_first & ~short_second,
    "second < 100": short_second,
})

# %% [markdown] tags=["solution"]
# The reversed model is much worse when the second term is short and its columns are shifted,
# and nearly as good as usual when only the first term is. It seems to have learned where the
# digits of each column usually are, rather than to count from the `'+'`. (About one question in nine has a
# short second term, so this costs it several points overall.) That is the problem
# [Exercise 6](sol_06_per_term_padding.ipynb) attacks: padding each term on its own keeps
# every column at a fixed step, and it combines with reversal
# (`ArithmeticProblem(n_terms=2, largest=999, padding='per_term', reverse=True)`), an
# experiment left to you.
#
# Why is the effect so much smaller on the chapter's problem? Its terms have one digit, apart
# from `10`, and its answers are at most 30: there is little to put in columns, so both orders
# learn it within 75,000 samples, and reversal only gets there sooner.

# %% [markdown]
# <!-- exercise: *Write your explanation here.* -->

# %% [markdown]
# <!-- exercise:
# ## Summary
#
# You have written `reverse_inputs`, set up a fair comparison of the two input orders (same
# questions, weights, budget and held-out set, for every seed), run it and plotted it. Compare
# your figures and your explanation with the worked solution.
#
# **Back to:** [1. The encoder-decoder idea](../notebooks/01_encoder_decoder_idea.ipynb)
# -->

# %% [markdown] tags=["solution"]
# ## Record the figures
#
# At full budget the results go to `results/sol_07.json` and the course's results table
# (`python scripts/record_results.py sol_07` reruns this notebook and rebuilds the table). Under
# `COURSE_QUICK=1` nothing is written.

# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
for title in setups:
    row = comparison.result_row(title, "reversed vs normal input", new=("reversed", "reversed"),
                                old=("normal order", "normal"))
    row = record("sol_07", row["target"], row["result"], None, seconds=comparison.seconds[title],
                 details=row["details"])
    print(row["result"])

# %% [markdown] tags=["solution"]
# ## Summary
#
# - `reverse_inputs` reverses the padded input strings and leaves the answers alone;
#   `ArithmeticProblem(reverse=True)` does the same inside the pipeline.
# - A fair comparison keeps everything else equal: the same training questions, starting
#   weights, budget and held-out questions for both orders, over several seeds; `fair_runs`
#   sets one seed up that way, and `check_fair_runs` proves it.
# - On the chapter's problem (3 terms of 1..10) reversal made learning a little faster on two
#   seeds of three (90% after about 31,000 to 44,000 samples instead of 38,000 to 50,000), and
#   both orders ended level.
# - On 3-digit addition it is decisive within our budget: about 90% held-out exact-match
#   reversed, under 4% in the normal order. The normal order learns the size of the answer
#   but not its last digits. Reading units first puts each digit in its column as it is read;
#   Sutskever's shorter path to the leading digits is not what mattered here, and carries
#   were not the obstacle.
# - The reversed model still stumbles when a short second term shifts the columns, which
#   per-term padding (Exercise 6) should prevent.
#
# **Back to:** [1. The encoder-decoder idea](../notebooks/01_encoder_decoder_idea.ipynb).
# [Solution 6](sol_06_per_term_padding.ipynb) (pad each term on its own)
# changes the layout of the input in another way, by padding each term on its own.
#
# **Reference:** Sutskever, Vinyals and Le, *Sequence to Sequence Learning with Neural
# Networks* (2014), <https://arxiv.org/abs/1409.3215>.
