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
# # Exercise 4: A variable number of terms
#
# The aim of this exercise is to train one model on sums with **2 to 5 terms** of 1..10, mixed
# in one dataset, and to reach 100% exact-match on questions it has never seen.
#
# It extends [2. Generating sum pairs](../notebooks/02_sum_pairs.ipynb): the chapter fixes the
# number of terms (every question of its dataset has three), and suggests that the problem
# "may be scaled to a variable number of terms". That takes three things: questions of
# different lengths in one dataset, a padding that makes them all the same length, and a
# model that copes with both short and long questions. The tasks:
#
# 1. Generate sums with a random number of terms.
# 2. Pad them all to the longest possible question (`to_string_variable_terms`, with a check).
# 3. Encode them and hold some out: a validation set to choose settings with, a test set to
#    score the chosen model once.
# 4. Find the questions the chapter's sampling rarely shows, and a way to show them more often.
# 5. Tune the model with a small KerasTuner search.
# 6. Score the winner on the test set, per number of terms.
#
# Each task has a cell reading `# Write your code here.` The cells after it use the library's
# version, so the notebook runs from top to bottom even before you have written anything.
# A worked solution is in
# [../solutions/sol_04_variable_terms.ipynb](../solutions/sol_04_variable_terms.ipynb).

# %% [markdown]
# ## Setup and budget
#
# The search in Task 5 trains four models on 200,000 questions each; the cell that runs it
# prints how long it took. Under `COURSE_QUICK=1` (the course's tests) it trains two tiny
# ones instead, and records nothing.

# %%
# NBVAL_IGNORE_OUTPUT
import random
import time
from collections import Counter

from addition_lib import (
    ArithmeticProblem,
    answer_texts,
    encode_questions,
    exact_match_by_block,
    input_length,
    output_length,
    question_texts,
    random_questions,
    show_source,
)
from addition_lib.checks import check_to_string_variable_terms
from addition_lib.course.budget import budget, quick
from addition_lib.course.paths import tuner_runs_dir
from addition_lib.course.results import record
from addition_lib.experiments.variable_terms import (
    VAL_OBJECTIVE,
    SingleProblemSearch,
    training_questions,
)
from addition_lib.questions import all_questions
from addition_lib.splits import held_out_sets
from addition_lib.tuners import best_model, grid_tuner, results_table

RUNS = tuner_runs_dir()  # where every search keeps its trials, outside the course folders
n_samples = budget(200_000, 3_000)
search_space = budget({"units": (64, 128), "balanced_share": (0.0, 0.5)},
                      {"units": (16,), "balanced_share": (0.0, 0.5)})
n_val, n_test = 4_000, 4_000  # held-out questions: cheap to score, so the same under both budgets
print("quick run (COURSE_QUICK=1): a smoke test only" if quick() else "full budget")

# %% [markdown]
# ## The problem
#
# Every question has 2, 3, 4 or 5 terms, each from 1 to 10. `ArithmeticProblem` accepts a range
# of term counts, `n_terms=(2, 5)`, and works out what follows from it:

# %%
problem = ArithmeticProblem(n_terms=(2, 5), largest=10)
for count in problem.term_counts:
    print(f"{count} terms: {problem.span**count:>7,} questions")
print(f"in all: {problem.n_questions:,} questions; inputs of {problem.n_in_seq_length} steps "
      f"('10+10+10+10+10'), answers of {problem.n_out_seq_length} steps (at most 50)")

# %% [markdown]
# ## Task 1: sums with a random number of terms
#
# The chapter's `random_sum_pairs(n_examples, n_numbers, largest)` draws `n_numbers` terms for
# every example. Write `random_variable_sums(n_examples, min_terms, max_terms, largest,
# seed=None)`: each example first draws its own number of terms, uniformly from
# `min_terms..max_terms`, then that many terms from 1..`largest`. Return `X` (a list of lists
# of different lengths) and `y` (their sums). Draw 20,000 examples and count how many have each
# number of terms.
#
# Then think about the choice: each *term count* is equally likely here. What would happen to
# two-term questions if instead each of the 111,100 *questions* were equally likely? How often
# is a given two-term question seen in 200,000 draws, and a given five-term question?

# %%
def random_variable_sums(n_examples, min_terms, max_terms, largest, seed=None):
    # Write your code here.
    raise NotImplementedError


# %%
# Write your code here.

# %% [markdown]
# The library's `random_questions` draws the same way (term count first, then the terms) and
# returns a `Questions` batch; the rest of the notebook uses it.

# %%
random_questions(problem, 4, seed=1).rows()

# %% [markdown]
# ## Task 2: pad to the longest question
#
# Write `to_string_variable_terms(X, y, max_terms, largest)`. `X` holds rows of 1 to
# `max_terms` terms each. Every question is written with `'+'` between its terms and
# left-padded with spaces to the width of the longest possible question, `max_terms` terms;
# every sum is left-padded to the width the chapter's formula gives for `max_terms` terms.
# Return the two lists of strings, and leave the lists you are given as they were. For example
# `[[3, 10], [9, 6, 9]], [13, 24]` with `max_terms=3, largest=10` gives
# `['    3+10', '   9+6+9'], ['13', '24']`.
#
# *Hint:* `input_length` and `output_length` (notebook 3) compute the chapter's widths exactly.

# %%
def to_string_variable_terms(X, y, max_terms, largest):
    # Write your code here.
    raise NotImplementedError


check_to_string_variable_terms(to_string_variable_terms)

# %% [markdown]
# ## Task 3: encode, and hold questions out
#
# `encode_questions(problem, questions)` turns a batch into one-hot arrays. Check that decoding
# them (`question_texts`, `answer_texts`) gives exactly the strings `to_string_variable_terms`
# writes for the same questions.

# %%
questions = random_questions(problem, 4, seed=1)
X, y = encode_questions(problem, questions)
print(X.shape, y.shape)

# %%
# Write your code here.

# %% [markdown]
# For the model, the input is also **reversed** (the trick from *Sequence to Sequence Learning
# with Neural Networks*, measured in exercise 7), so the encoder reads the last term first and
# the padding last: `'   9+6+9'` becomes `'9+6+9   '`. We redefine the problem with
# `reverse=True`.
#
# The search in Task 5 trains four models and keeps the best. `held_out_sets` keeps *two* sets
# of questions out of training: a validation set and a test set; every question the split draws
# for training is neither a validation nor a test question. Which one should choose the best
# model, and which one should report its score? What would go wrong if the test set did both?
# Count how many questions of each term count each set holds: what does that mean for the
# per-count scores of Task 6?

# %%
problem = ArithmeticProblem(n_terms=(2, 5), largest=10, reverse=True)
split, validation, test = held_out_sets(problem, n_val, n_test, seed=0)

# %%
# Write your code here.

# %% [markdown]
# ## Task 4: rare answers
#
# Notebook 9 found that the chapter's model gets its rarest answers wrong: it has seen them too
# seldom. List all 100,000 five-term questions (`all_questions(ArithmeticProblem(n_terms=5,
# largest=10))`, with `from addition_lib.splits import all_questions`) and count how many have
# each sum. How many make 27? How many make 48? How often does a sum of 48 turn up in 400,000
# training draws?

# %%
# Write your code here.

# %% [markdown]
# One remedy is to show rare answers more often. `training_questions(split, n, balanced_share=b)`
# draws a large pool of training questions, then picks from it so that a share `b` of the draws
# is spread evenly over the kinds of answer (term count and sum), while the rest stays uniform.
# The questions are still training questions; only how often each is shown changes. Read it,
# and compare how often five-term sums of 45 or more turn up with `balanced_share=0.0` and
# `balanced_share=0.5`.

# %%
show_source(training_questions)

# %%
# Write your code here.

# %% [markdown]
# ## Task 5: a small search
#
# Two settings seem to matter: the model's size and the balance of the training questions.
# Write a KerasTuner `HyperModel` (call it `MySearch`) for this one problem: `build(hp)` takes
# `units` from `hp.Choice("units", [64, 128])` (the same for encoder and decoder) and declares
# `hp.Choice("balanced_share", [0.0, 0.5])`; `fit(hp, model, ...)` trains on
# `training_questions(split, n_samples, balanced_share=hp.get("balanced_share"), seed=0)` and returns a dict
# with `"val_exact_match"`, the exact-match on the **validation** questions.
#
# The cells below run the library's `SingleProblemSearch`, which does exactly that with the
# recipe of exercise 3 (one pass over 200,000 questions, batches of 64, Adam from 0.005 with
# cosine decay to 0); read it and compare it with yours. To run yours, put it in its place.
# `grid_tuner` (exercise 3) runs all four combinations, judged by the validation exact-match.

# %%
# Write your code here.

# %%
show_source(SingleProblemSearch)

# %%
search = SingleProblemSearch(split, validation, units=search_space["units"],
                             balanced_share=search_space["balanced_share"], n_samples=n_samples, seed=0)
tuner = grid_tuner(search, RUNS, "sol_04_variable_terms", objective=VAL_OBJECTIVE)

# %%
# NBVAL_IGNORE_OUTPUT
started = time.perf_counter()
tuner.search(verbose=0)
search_seconds = time.perf_counter() - started
print(f"{len(tuner.oracle.trials)} trials in {search_seconds:.0f} s")

# %%
# NBVAL_IGNORE_OUTPUT
rows = results_table(tuner)
for row in rows:
    print(f"units {row['units']:>3}, balanced share {row['balanced_share']}: "
          f"validation exact-match {row[VAL_OBJECTIVE]:.2%} "
          f"({round((1 - row[VAL_OBJECTIVE]) * len(validation))} wrong), trained in {row['train_seconds']:.0f} s")

# %% [markdown]
# ## Task 6: the winner on the test set
#
# Take the best model (`tuner.get_best_models(1)[0]`; `tuner.get_best_hyperparameters(1)[0]`
# says which it is), and score it **once** on the test set: exact-match over all of it, then per
# term count with `exact_match_by_block(problem, test, y_pred)` (from `addition_lib`). List the
# wrong answers, if any. Did you reach 100%? If not, what do the wrong answers have in common,
# and what would you change: more training questions, more balance, a wider model?

# %%
# Write your code here.

# %% [markdown]
# ## Summary
#
# - Questions with different numbers of terms fit one dataset once every question is padded to
#   the longest possible one; the chapter's width formulas, taken for the largest term count,
#   give the widths.
# - Drawing the term count first, then the terms, keeps short questions in the training data.
# - A search chooses by a validation set; the test set is scored once, by the winner.
# - Uniform draws rarely show the extreme sums; showing them more often is one way to remove the
#   last errors.
