# ---
# jupyter:
#   jupytext:
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
# # 2. Generating sum pairs
#
# A network learns to add only from examples, so the first step is a supply of
# examples: lists of random whole numbers (the *terms*) together with their sum.
# Because we can make as many as we like, we never need a data set on disk.
#
# In this notebook you will learn:
#
# - how `random_sum_pairs` draws terms and sums, and how to reproduce the
#   chapter's first printed result exactly;
# - why a seed makes random data repeatable, and why a private generator
#   (`seed=`) is safer than seeding Python's global one;
# - how NumPy's `random_terms` draws the same kind of data all at once;
# - how many different problems there are, and how unevenly the sums are spread.

# %%
import random

import matplotlib.pyplot as plt
import numpy as np

from addition_lib import all_sum_pairs, random_sum_pairs, random_terms, show_source
from addition_lib.checks import check_random_sum_pairs

# %% [markdown]
# ## Your turn: draw sum pairs
#
# Before you read the library's version, write your own.
# `my_random_sum_pairs(n_examples, n_numbers, largest, seed)` returns `(X, y)`:
# `n_examples` lists of `n_numbers` whole numbers from 1 to `largest` (both
# ends included), and their sums. Draw them from a generator of your own,
# `draw = random.Random(seed)`, with `draw.randint(1, largest)`, so that the
# same seed always gives the same pairs. Replace the `raise` line, run the
# cell, and read what the check says. The rest of the notebook uses the
# library's version, so it runs whether or not you have written yours.

# %%
def my_random_sum_pairs(n_examples, n_numbers, largest, seed):
    # Write your code here.
    raise NotImplementedError


check_random_sum_pairs(my_random_sum_pairs)

# %% [markdown]
# ## The function
#
# `random_sum_pairs(n_examples, n_numbers, largest)` makes `n_examples`
# problems. Each one has `n_numbers` terms, every term a whole number from 1 to
# `largest` (both ends included), and the answer is their sum.

# %%
show_source(random_sum_pairs)

# %% [markdown]
# Two things to notice. The result is a pair of plain Python lists: `X` holds
# one list of terms per example and `y` the matching sums, so `X[i]` goes with
# `y[i]`. And the terms start at 1, not 0, so `0` never appears as a term.

# %% [markdown]
# ## The chapter's first listing
#
# The chapter seeds Python's random number generator with 1 and asks for one
# example of two terms between 1 and 10. Seeding first makes the draws the same
# on every run, so we get exactly the chapter's numbers.

# %%
random.seed(1)
X, y = random_sum_pairs(1, 2, 10)
print(X, y)

# %% [markdown]
# One problem, `3 + 10`, with the answer `13`.
#
# A seed fixes the *start* of the sequence of random numbers, not each draw.
# Every call moves the generator on, so a second call right after the first gives
# a different problem, and the seeded result appears only if nothing else draws
# in between:

# %%
random.seed(1)
first = random_sum_pairs(1, 2, 10)
second = random_sum_pairs(1, 2, 10)
[first, second]

# %% [markdown]
# ## A private generator: `seed=`
#
# Seeding the *global* generator has a catch: any other code that draws from
# `random` in between (a library, another cell you ran first) changes what you
# get. Passing `seed=` gives `random_sum_pairs` its own generator, which nothing
# else can touch. It is the same algorithm as the global one, so `seed=1` gives
# the chapter's pair too:

# %%
random_sum_pairs(1, 2, 10, seed=1)

# %% [markdown]
# To see that the private generator leaves the global one alone, seed the global
# generator, make some data with `seed=`, and then draw from the global one: it
# still gives the chapter's pair, as if nothing had happened in between.

# %%
random.seed(1)
other_data = random_sum_pairs(1000, 2, 10, seed=99)  # its own generator
random_sum_pairs(1, 2, 10)  # the global one, still where seed(1) left it

# %% [markdown]
# The chapter's examples add two terms, and its text describes the problem as
# the sum of two numbers, but the model it trains adds **three** terms of 1..10.
# The function does not care: `n_numbers` is just a parameter. These are the
# problems the rest of the course uses:

# %%
random_sum_pairs(5, 3, 10, seed=1)

# %% [markdown]
# ## All at once with NumPy: `random_terms`
#
# Drawing numbers one by one in a Python loop is fine for a handful of
# examples. For the 75,000 the model trains on, the course's fast pipeline
# (notebook 6) draws a whole array in one call:

# %%
show_source(random_terms)

# %% [markdown]
# Note the `largest + 1`. NumPy's `integers(low, high)` leaves out `high`,
# whereas Python's `randint(low, high)` includes it. Forgetting this is a classic
# off-by-one mistake: the terms would never reach `largest`.

# %%
terms = random_terms(5, 3, 10, seed=1)
terms

# %% [markdown]
# One row per problem, one column per term. The sums come from one call too:

# %%
terms.sum(axis=1)

# %% [markdown]
# These are not the same five problems as with `random_sum_pairs(..., seed=1)`:
# NumPy uses a different algorithm (PCG64 rather than Python's Mersenne Twister),
# so the same seed leads to different numbers. Both are perfectly good random
# problems; what matters is that each is repeatable with its own seed.

# %% [markdown]
# ## How many problems are there?
#
# With three terms of 1..10 there are only $10^3 = 1000$ different lists of
# terms. `all_sum_pairs` lists every one of them, in order:

# %%
every_problem = all_sum_pairs(3, 10)
every_problem.shape

# %%
every_problem[[0, 1, 2, -1]]

# %% [markdown]
# The sums run from 3 to 30, but not evenly. Many lists add up to 16 or 17, and
# only one adds up to 3 (`1+1+1`). Count how many lists give each sum:

# %%
sums, counts = np.unique(every_problem.sum(axis=1), return_counts=True)
counts  # for the sums 3, 4, ..., 30

# %%
# NBVAL_IGNORE_OUTPUT
fig, ax = plt.subplots(figsize=(7, 2.8))
ax.bar(sums, counts)
ax.set_xlabel("sum of three terms of 1..10")
ax.set_ylabel("number of problems")
ax.set_title("Middle sums have many ways to happen; the extremes only one")
plt.show()

# %% [markdown]
# Two consequences follow for training, and later notebooks come back to both:
#
# - A random sample shows the model sums near 16 about 75 times as often as
#   `3` or `30`. Rare answers get little practice.
# - The model trains on 75,000 random draws from only 1,000 problems, so it sees
#   each problem about 75 times. A "new" random problem drawn later for testing
#   is almost certainly one it has already seen, which is why notebook 9 holds
#   some problems out of training on purpose.

# %% [markdown]
# ## Summary
#
# - `random_sum_pairs(n_examples, n_numbers, largest)` returns lists of terms in
#   `1..largest` and their sums; after `random.seed(1)`, one pair of two terms of
#   1..10 is `[[3, 10]] [13]`, as in the chapter.
# - A seed makes random data repeatable. `seed=` gives the function a private
#   generator, so other code drawing random numbers cannot change your data.
# - `random_terms` draws a whole NumPy array at once; its numbers differ from
#   Python's for the same seed because the algorithm differs.
# - Three terms of 1..10 make only 1,000 possible problems, and their sums are
#   far from evenly spread.
#
# **Exercise:** [Exercise 4](../exercises/ex_04_variable_terms.ipynb) (a variable number of terms) extends this
# notebook: it starts by drawing sums whose number of terms changes from one
# example to the next. It trains a model, so it is best done after notebook 9.
#
# **Next:** [3. Integers to padded strings](03_padded_strings.ipynb)
