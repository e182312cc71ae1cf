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
# # 8. Beam search against greedy decoding
#
# The aim of this exercise is to replace greedy decoding with **beam search** and to measure,
# on held-out 3-digit sums, whether it answers more of them right. You will write one step of
# the search, then the whole search, check both, run the comparison on models at several
# stages of training, and then find out *which* of greedy decoding's mistakes a better search
# can fix at all.
#
# This notebook comes in two versions: the
# [exercise](../exercises/ex_08_beam_search.ipynb), with the code left for you to write, and
# the [worked solution](../solutions/sol_08_beam_search.ipynb). It extends
# [13. Teacher forcing and an inference loop](../notebooks/13_teacher_forcing.ipynb).
#
# The full experiment trains three models (one per seed) and decodes 10,000 questions 48
# times, a few minutes on a 2-core machine. With `COURSE_QUICK=1` every budget shrinks to a
# smoke test.

# %%
import numpy as np

from addition_lib import ArithmeticProblem
from addition_lib.checks import check_beam_search, check_best_extensions, check_search_errors
from addition_lib.course.budget import budget
from addition_lib.experiments.time_to_target import held_out_task
from addition_lib.teacher_forcing import answer_codes, teacher_forcing_arrays

# %% [markdown]
# ## Greedy decoding's blind spot
#
# Greedy decoding commits at every step to the single most likely next symbol. The answer
# it writes need not be the most likely *answer*. Suppose the decoder's first step gives
# `'1'` a probability of 0.6 and `'9'` 0.38. Greedy writes `'1'`. But if after `'1'` the
# model is unsure of everything (no next symbol above 0.35), while after `'9'` it is sure of
# the end symbol (0.9), then the answer `'9.'` has probability 0.38 × 0.9 = 0.34, more than
# any answer that starts with `'1'` (at most 0.6 × 0.35 = 0.21).
#
# **Beam search** keeps the `beam_width` most likely *partial* answers (the "beam") instead of
# one. At every step it extends each of them by every symbol, scores every extension by its
# probability so far, and keeps the best `beam_width`. Probabilities of long answers get tiny,
# so the score is a sum of **log**-probabilities: `log p(first) + log p(second | first) + ...`.
# An answer that has written the end symbol is finished; it is kept as it is and competes with
# the extensions of the others by its score. With `beam_width=1` beam search is greedy
# decoding.

# %% [markdown]
# ## Task 1: one step of the search
#
# Write `best_extensions(scores, log_probs, k)`. There are `B` beams: `scores` (shape `(B,)`)
# holds each beam's score so far, and `log_probs` (shape `(B, V)`) the log-probability of each
# of the `V` symbols as that beam's next symbol. Extending beam `b` by symbol `v` scores
# `scores[b] + log_probs[b, v]`. Return the `k` best of all `B × V` extensions, **best
# first**, as three arrays of length `k`: the beam of each, its symbol, and its new score. On
# equal scores, the smaller `b * V + v` comes first (`np.argsort(..., kind="stable")` on the
# negated scores does that).
#
# Example: two beams with probabilities 0.5 and 0.3 so far; the first continues with symbol 0
# or 1 with probabilities 0.6 and 0.4, the second with 0.9 and 0.1. The four extensions have
# these probabilities (rows are beams, columns symbols):

# %%
scores, log_probs = np.log([0.5, 0.3]), np.log([[0.6, 0.4], [0.9, 0.1]])
np.exp(scores[:, None] + log_probs).round(2)

# %% [markdown]
# So the two best extensions are beam 0 with symbol 0 (0.30) and beam 1 with symbol 0 (0.27):
# `best_extensions(scores, log_probs, 2)` returns the beams `[0, 1]`, the symbols `[0, 0]` and
# the scores `log([0.30, 0.27])`.

# %%
def best_extensions(scores, log_probs, k):
    """The k best (beam, symbol) extensions, best first: (beams, symbols, new_scores)."""
    # Write your code here.
    raise NotImplementedError


# %%
check_best_extensions(best_extensions)

# %% [markdown]
# ## Task 2: the whole search, for one question
#
# Write `beam_search(step, state, start, end, beam_width, max_length)`. The decoder is given
# as a function: `step(symbol, state)` returns the log-probabilities (shape `(V,)`) of the
# symbol that follows `symbol`, and the decoder's new state. Start from one beam that has read
# `start`, with score 0 and no symbols. Then, for at most `max_length` rounds:
#
# - a beam whose last symbol is `end` is finished: carry it over unchanged;
# - every other beam is extended by every symbol, each extension carrying the new state;
# - keep the `beam_width` candidates with the highest scores (on equal scores, in the order
#   they were listed: beam by beam, symbols in order; Python's `sorted` keeps that order);
# - stop early once every kept beam is finished.
#
# Return the best kept beam as `(symbols, score)`: its list of symbols, `end` included if it
# has one, and its score. You may use your `best_extensions`, or not.
#
# The check runs your search on small table-driven decoders (`ToyDecoder`), one of them built
# like the example at the top of this notebook:

# %%
def beam_search(step, state, start, end, beam_width, max_length):
    """The best answer a beam search finds: (symbols, score)."""
    # Write your code here.
    raise NotImplementedError


# %%
check_beam_search(beam_search)

# %% [markdown]
# ## Task 3: does beam search answer more questions right?
#
# Train a teacher-forced model like notebook 13's on 2 terms of 1..999 (input reversed, 153
# units, batches of 128, Adam from 0.01 with a cosine over 3,000 steps), for each of three
# seeds. Stop at each of the snapshots below (after 750, 1,000, 1,500 and 3,000 steps, so
# that you see models at very different stages of learning), and decode the same
# 10,000 held-out test questions with beam widths 1 (greedy), 2, 4 and 8, using `beam_decode`.
# Score exact-match, and time each decoding.
#
# The pieces, from notebook 13 and the library:
#
# - `training_stream(task, n, seed=seed)` draws `n` training questions that avoid the test and
#   check questions; `teacher_forcing_arrays(problem, questions)` gives `([X, previous], y)`;
# - `build_teacher_forcing(problem, units=..., learning_rate=..., decay_steps=..., seed=...)`;
#   calling `model.fit` again on the next slice of the training arrays carries on where the
#   last call stopped (the optimizer keeps its step count);
# - `beam_decode(model, X_test, width)` returns `(codes, scores)`: each question's answer
#   codes, `-1` after the end symbol, as `answer_codes` writes the true answers below, and
#   its log-probability;
# - Task 4 will also need, at each snapshot, the log-probability the model gives each true
#   answer: `answer_log_probs(model, X_test, true_codes)`. Keep it with your results.
#
# ```python
# import time
# from addition_lib.beam_search import answer_log_probs, beam_decode
# from addition_lib.teacher_forcing import build_teacher_forcing
# from addition_lib.experiments.time_to_target import training_stream
# ```
#
# Before you run it, write down what you expect: more answers right with wider beams? At
# every stage of training? At what cost in time?

# %%
# NBVAL_IGNORE_OUTPUT
problem = ArithmeticProblem(2, 999, reverse=True)
task = held_out_task(problem, n_test=10_000, n_check=5_000, seed=0)  # notebook 13's test set
test = task.test[: budget(10_000, 300)]
X_test = teacher_forcing_arrays(problem, test)[0][0]
true_codes = answer_codes(problem, test.answers)
seeds = budget((1, 2, 3), (1,))
snapshots = budget((750, 1_000, 1_500, 3_000), (10, 20))  # steps of 128 questions
widths = (1, 2, 4, 8)
print(f"{len(test):,} test questions; snapshots after {snapshots} steps; widths {widths}")


# %%
# Write your code here.

# %%
# Write your code here.

# %% [markdown]
# ## Task 4: which mistakes can a search fix?
#
# A decoder's wrong answer has one of two causes:
#
# - a **search error**: the model gives the true answer a *higher* probability than the wrong
#   answer the search returned. A better search (a wider beam) could have found the true one.
# - a **model error**: the model itself gives the wrong answer at least as high a probability
#   as the true one. A search that finds the model's favourite answer still answers wrong;
#   only a better model fixes that.
#
# First write `search_errors(log_p_true, log_p_found, found_right)`: three arrays of shape
# `(n,)`, the log-probability the model gives the true answer, the one it gives the answer
# the search found, and whether that answer is right. Return a boolean array, True where the
# answer is a search error.

# %%
def search_errors(log_p_true, log_p_found, found_right):
    """True for each wrong answer whose true answer the model scores higher."""
    # Write your code here.
    raise NotImplementedError


# %%
check_search_errors(search_errors)

# %% [markdown]
# Now count greedy decoding's mistakes by kind, at each snapshot: how many are search errors
# and how many model errors? `beam_decode` returned the log-probability of the answers it
# found, and you kept that of the true answers. Of the search errors, how many did the widest
# beam fix? Then explain, in a markdown cell, what you found in Tasks 3 and 4.

# %%
# Write your code here.

# %% [markdown]
# **Back to:** [13. Teacher forcing and an inference loop](../notebooks/13_teacher_forcing.ipynb).
