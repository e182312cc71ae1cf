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
# # Solution 6: Pad each term on its own
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
# <!-- exercise:
# A worked solution is in
# [../solutions/sol_06_per_term_padding.ipynb](../solutions/sol_06_per_term_padding.ipynb).
# The full experiment trains 12 small models; the solution's stored run says how long that
# took on a 2-core machine.
# -->
# <!-- solution -->
# This is the worked solution; the exercise is
# [../exercises/ex_06_per_term_padding.ipynb](../exercises/ex_06_per_term_padding.ipynb).
# The experiment runs at full budget (its time is printed below it). Set the environment
# variable `COURSE_QUICK=1` to run everything on tiny budgets instead (a smoke test; the
# numbers then mean nothing).
# <!-- end solution -->

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
    # solution
    slot = len(str(largest))  # digits of the widest term
    in_width, out_width = input_length(n_numbers, largest), output_length(n_numbers, largest)
    X_str = ["+".join(str(term).rjust(slot) for term in row).rjust(in_width) for row in X]
    y_str = [str(total).rjust(out_width) for total in y]
    return X_str, y_str
    # end solution


check_to_string_per_term(to_string_per_term)

# %% [markdown] tags=["solution"]
# The question's width, `input_length`, is exactly `n_numbers` slots plus the `'+'` signs, so
# the final `.rjust(in_width)` changes nothing when every row has `n_numbers` terms; it is
# there so that a row with fewer terms would still come out at the model's width. Next to the
# chapter's `to_string`:

# %% tags=["solution"]
X, y = [[9, 6, 9], [1, 2, 10], [10, 10, 10]], [24, 13, 30]
to_string(X, y, 3, 10), to_string_per_term(X, y, 3, 10)

# %% [markdown] tags=["solution"]
# With per-term padding the `'+'` signs are always at positions 2 and 5 (counting from 0),
# and the units digit of each term always at 1, 4 and 7. With whole-string padding only the
# last term's units digit is fixed; everything else moves with the number of `10`s.

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

# %% [markdown] tags=["solution"]
# On the chapter's problem almost every question changes, because 9 terms in 10 have one
# digit. On 3 terms of 1..99 fewer than one question in five changes (the second or third
# term is below 10: 1 - (90/99)² ≈ 17%), but in those the tens and units columns of the terms
# no longer line up under whole-string padding. So the two problems test two things: per-term padding as a new
# layout for nearly every question, and per-term padding as alignment of digit columns.

# %% [markdown]
# **Before you train anything**, write down what you expect. On which problem should per-term
# padding matter more: the one where it changes almost every question, or the one where it
# changes few questions but lines up digit columns in those? Faster learning, a better final
# score, both, or neither?
#
# <!-- exercise: *Write your prediction here.* -->

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

# %% [markdown] tags=["solution"]
# **Solution.** `compare_formats` sets each problem and seed up exactly as our `fair_runs`
# does (one held-out split per problem, drawn with seed 0; the training questions drawn once
# per seed; every model built with the seed), then trains each run with `train_and_follow`,
# which returns the run's curve, which held-out answer characters it got right at the end, and
# its training time (without the checks). Twelve runs, one line each:

# %%
# solution
show_source(train_and_follow)

# %% tags=["solution"]
show_source(compare_formats)

# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
comparison = compare_formats(setups, paddings, seeds=seeds, n_checks=n_checks)
curves, right, splits = comparison.curves, comparison.right, comparison.splits

# %% [markdown]
# ## Task 3: the learning curves, side by side
#
# Plot held-out exact-match against training samples seen, one panel per problem, both
# paddings in each, with the mean over seeds and the spread. `plot_curve_panels` (in
# `addition_lib.plots`) takes `{problem title: {padding: [rows of seed 1, rows of seed 2,
# ...]}}`. Then put numbers on it: the final exact-match of each padding (mean and spread over
# seeds), and how many samples each run needed to reach a level (`stack_curves` and
# `samples_to_reach`, in `addition_lib.curves`).

# %% [markdown] tags=["solution"]
# **Solution.** Each colour is one padding: the thick line is the mean over the three seeds,
# the band runs from the worst seed to the best, and the thin lines are the seeds themselves.
# The dotted line marks 90%. Each panel's vertical axis ends just above its highest curve, so
# mind the scale: on 3 terms of 1..99 the curves stay low.

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

# %% [markdown]
# ## Task 4: where does the difference come from?
#
# If you found a difference on 3 terms of 1..99, is it in the held-out questions that the two
# paddings write differently, or in all of them? Compare the exact-match of the two groups.
# Then say, from your numbers, whether per-term padding is worth it, and how sure you are.

# %% [markdown] tags=["solution"]
# **Solution.** On 3 terms of 1..99 most questions are written the same both ways. If
# per-term padding helps only through alignment, its gain should sit in the questions it
# writes differently; if it helps the model learn the problem as a whole, the gain shows up in
# both groups. Held-out exact-match in each group, mean over seeds:

# %%
# solution
# NBVAL_IGNORE_OUTPUT
title = "3 terms of 1..99"
test = splits[title].test
whole = format_questions(setups[title]["problem"], test)[0]
per_term = format_questions(dataclasses.replace(setups[title]["problem"], padding="per_term"), test)[0]
differs = np.array([a != b for a, b in zip(whole, per_term, strict=True)])
print(f"{differs.sum()} of {len(differs)} held-out questions are written differently")
for name in paddings:
    exact = np.mean([correct.all(axis=1) for correct in right[title][name]], axis=0)
    print(f"  {name:12}  written the same: {exact[~differs].mean():6.1%}"
          f"   written differently: {exact[differs].mean():6.1%}")

# %% [markdown]
# <!-- exercise: *Write your conclusion here.* -->

# %% [markdown] tags=["solution"]
# ## What the numbers say
#
# (The numbers quoted here are from the run stored in this notebook; `results/RESULTS.md`
# has the same figures.)
#
# - **The chapter's problem: no gain.** The curves lie close together, per-term padding a
#   little behind in the steep middle part (50% after 31,000 to 38,000 samples instead of
#   25,000 to 31,000, and 90% after 44,000 to 56,000 instead of 38,000 to 50,000). Both end at
#   about 98% to 99%; over the last three checks the chapter's padding averages 97.1% ± 0.7%,
#   per-term padding 96.9% ± 0.1%. Nearly every question is written differently here, so the
#   layout really changes; the network copes with the chapter's layout just as well.
# - **3 terms of 1..99: faster, on every seed.** Neither padding gets far in 240,000 samples
#   (the model is still early in learning this problem), but over the last few checks per-term
#   padding is ahead on average, and the gap widens at the end. Two of the three per-term
#   seeds reach 20% held-out exact-match (after 200,000 and 220,000 samples), no whole-string
#   seed does; at the last check per-term padding is ahead on each of the three seeds, by 2 to
#   13 points (24.4% against 16.5% on average; 20.0% against 15.1% over the last three
#   checks). That is a statement about learning speed; this budget cannot tell whether
#   per-term padding also ends higher, or only gets there sooner.
# - **Where the gain is.** Under whole-string padding the questions written differently are
#   the harder ones (13.3% against 17.2%: their tens and units columns are shifted). Per-term
#   padding helps both groups: by 7 points on the questions that both paddings write *the same
#   way*, and by 12 on the others, which it lifts to the level of the rest. So alignment is not
#   only a per-question matter: with per-term padding every training question puts the tens
#   and units of each term at the same positions, so the network gets one consistent lesson
#   about what each position means, instead of a lesson contradicted by one question in six.
#   That is our reading of the numbers, not something they prove.
#
# In short: per-term padding did not help on the chapter's problem, and it helped where
# digits of several places have to be lined up. With three seeds and one budget per problem,
# take that as a consistent trend, not a law.

# %% [markdown] tags=["solution"]
# ## Record the figures
#
# At full budget the results go to `results/sol_06.json` and the course's results table
# (`python scripts/record_results.py sol_06` reruns this notebook and rebuilds the table). Under
# `COURSE_QUICK=1` nothing is written.

# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
for title in setups:
    row = comparison.result_row(title, "per-term vs whole-string padding", new=("per term", "per term"),
                                old=("whole string", "whole"))
    row = record("sol_06", row["target"], row["result"], None, seconds=comparison.seconds[title],
                 details=row["details"])
    print(row["result"])

# %% [markdown]
# <!-- exercise:
# ## Summary
#
# You have written `to_string_per_term`, set up a fair comparison of the two paddings (same
# questions, weights, budget and held-out set, for every seed), run it and plotted it. Compare
# your figures and your conclusion with the worked solution.
#
# **Back to:** [3. Integers to padded strings](../notebooks/03_padded_strings.ipynb)
# -->

# %% [markdown] tags=["solution"]
# ## Summary
#
# - `to_string_per_term` pads every term to the width of the largest term, so each digit of
#   each term has a fixed position; `ArithmeticProblem(padding='per_term')` does the same in
#   the pipeline. The input width does not change.
# - A fair comparison keeps everything else equal: the same training questions, starting
#   weights, budget and held-out questions for both paddings, over several seeds;
#   `fair_runs` sets one seed up that way, and `check_fair_runs` proves it.
# - On the chapter's problem (3 terms of 1..10) per-term padding made no difference beyond
#   the seed-to-seed spread (if anything it was a little slower). On 3 terms of 1..99, where
#   digit columns must line up, it learned faster on all three seeds (24% against 17%
#   held-out exact-match after 240,000 samples), on the questions it writes differently and
#   on the others alike.
# - Judge a change by curves over several seeds, not one final number: a single last check
#   can land in a short dip.
#
# **Back to:** [3. Integers to padded strings](../notebooks/03_padded_strings.ipynb).
# [Solution 7](sol_07_reversed_input.ipynb) (reverse the input) changes the input in
# another way, by reversing it.
