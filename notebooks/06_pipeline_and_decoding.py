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
# # 6. The whole pipeline, and decoding back to text
#
# Notebooks 2 to 5 built the data one step at a time: random terms, padded
# strings, integer codes, one-hot vectors. Training needs tens of thousands of
# samples, so now we do all of it in one call. And since the model's answers
# come out as vectors, we also need the way back, from vectors to text.
#
# In this notebook you will learn:
#
# - how `generate_data` makes a whole training set in one call, and what its
#   arrays look like;
# - how `invert` decodes one sample, and `decode_batch` many, including the
#   model's predicted probabilities;
# - that the fast path and the step-by-step path give identical arrays;
# - how much faster the vectorised path is, and why.

# %%
import time

import numpy as np

from addition_lib import (
    ALPHABET,
    decode_batch,
    encode_sum_pairs,
    generate_data,
    integer_encode,
    invert,
    one_hot_encode,
    random_terms,
    show_source,
    to_string,
)
from addition_lib.checks import check_invert

# %% [markdown]
# ## One call for the whole pipeline
#
# `generate_data(n_samples, n_numbers, largest, alphabet, seed=...)` draws
# `n_samples` random problems and returns them one-hot encoded, ready for
# `model.fit`:

# %%
show_source(generate_data)

# %% [markdown]
# It does not run the four step functions. It draws the terms as a NumPy array
# with `random_terms` (notebook 2) and then takes one of two shortcuts:
#
# - **Small problem spaces** (up to 65,536 problems; ours has 1,000): it encodes
#   *every* possible problem once, keeps that table, and then each sample is
#   just a row looked up by its index. Making 75,000 samples is then a single
#   array lookup.
# - **Larger spaces**: `encode_sum_pairs` writes the digits straight into an
#   array of codes, a column at a time for all samples together, and one-hot
#   encodes them in one go.
#
# Both give exactly what the step-by-step functions give; we check that below.
# Here are five problems of the chapter's configuration, 3 terms of 1..10:

# %%
X, y = generate_data(5, 3, 10, ALPHABET, seed=1)
X.shape, y.shape

# %% [markdown]
# Five samples; 8 input steps and 2 output steps (the widths from notebook 3);
# 12 symbols per step (notebook 5). This is the `(batch, steps, features)`
# layout the model of notebook 1 expects.
#
# The values are 0 and 1, so the arrays use the smallest integer type, one byte
# per number:

# %%
X.dtype

# %% [markdown]
# A list of Python ints turned into an array would take 8 bytes per number.
# For the chapter's 75,000 training samples, the input array is 7.2 MB as
# `uint8` instead of 57.6 MB. Keras takes these arrays as they are, and the
# model computes in 32-bit floats either way, so nothing is lost.
#
# With the same `seed`, `generate_data` returns the same arrays every time,
# which is what makes training runs repeatable:

# %%
X_again, y_again = generate_data(5, 3, 10, ALPHABET, seed=1)
np.array_equal(X, X_again) and np.array_equal(y, y_again)

# %% [markdown]
# ## Decoding one sample: `invert`
#
# To read the arrays, or the model's answers, we go back from vectors to text:
# in each row take the position of the largest value (`argmax`) and look up the
# symbol at that position in the alphabet.
#
# **Your turn.** `my_invert(seq, alphabet)` takes **one** sample, a 2-D array or
# list of lists of shape `(steps, len(alphabet))`, and returns its text: for
# each row, the symbol of `alphabet` at the position of the row's largest value.
# `my_invert(X[0], ALPHABET)` gives back the question, padding included. The
# rows may be one-hot vectors or a model's probabilities, so look for the
# largest value, not for a 1. Replace the `raise` line, run the cell, and read
# what the check says.

# %%
def my_invert(seq, alphabet):
    # Write your code here.
    raise NotImplementedError


check_invert(my_invert)

# %% [markdown]
# The library's version:

# %%
show_source(invert)

# %% [markdown]
# `invert` takes **one** sample, a 2-D array of shape `(steps, 12)`, so we pass
# `X[0]`, not `X`:

# %%
invert(X[0]), invert(y[0])

# %% [markdown]
# The padding comes back too: the question is `'   5+6+8'` with three leading
# spaces, the answer `'19'`.
#
# Because it takes the *largest* value in each row rather than looking for a 1,
# `invert` also decodes the model's output, where every row holds 12
# probabilities. The chapter's first printed prediction was `9+10+9 = 27
# (expect 28)`. Here is a made-up output that decodes that way: the model is
# sure the first digit is `'2'`, but torn between `'7'` and `'8'` for the second.

# %%
probabilities = np.full((2, len(ALPHABET)), 0.01)
probabilities[0, 2] = 0.89  # '2'
probabilities[1, 7] = 0.54  # '7'
probabilities[1, 8] = 0.36  # '8', the right answer, comes second
invert(probabilities)

# %% [markdown]
# ## Decoding many: `decode_batch`
#
# `decode_batch` does the same for a whole 3-D batch at once:

# %%
show_source(decode_batch)

# %%
questions, answers = decode_batch(X), decode_batch(y)
[f"{question} = {answer}" for question, answer in zip(questions, answers, strict=True)]

# %% [markdown]
# ## Two paths, identical arrays
#
# The fast path is only trustworthy if it gives exactly the same arrays as the
# readable one. Take 1,000 problems drawn with `random_terms`, run them through
# the four steps from notebooks 3 to 5, and through `encode_sum_pairs` in one
# call:

# %%
terms = random_terms(1000, 3, 10, seed=7)
sums = terms.sum(axis=1)

X_str, y_str = to_string(terms, sums, 3, 10)
X_int, y_int = integer_encode(X_str, y_str, ALPHABET)
X_hot, y_hot = one_hot_encode(X_int, y_int, len(ALPHABET))
X_steps, y_steps = np.array(X_hot), np.array(y_hot)

X_fast, y_fast = encode_sum_pairs(terms, sums, 3, 10, ALPHABET)
np.array_equal(X_steps, X_fast), np.array_equal(y_steps, y_fast)

# %% [markdown]
# `generate_data` draws its terms with `random_terms`, so with the same seed it
# picks the same 1,000 problems, and it must give the same arrays too:

# %%
X_gen, y_gen = generate_data(1000, 3, 10, ALPHABET, seed=7)
np.array_equal(X_steps, X_gen), np.array_equal(y_steps, y_gen)

# %% [markdown]
# The values agree; only the type differs. `np.array_equal` compares values, so
# the 8-byte integers of the list path and the 1-byte ones of the fast path
# count as equal:

# %%
X_steps.dtype, X_gen.dtype

# %% [markdown]
# The library's tests make the same comparison on many random configurations,
# not just this one.

# %% [markdown]
# ## How much faster?
#
# A quick measurement on 20,000 samples. Your numbers will differ from the ones
# shown, which depend on the machine, so this cell's output is not checked when
# the notebook is tested. (`benchmarks/pipeline_speed.py` runs a careful
# comparison, with repeats and memory use.)

# %%
# NBVAL_IGNORE_OUTPUT
n_samples = 20_000

start = time.perf_counter()
terms = random_terms(n_samples, 3, 10, seed=1)
X_str, y_str = to_string(terms, terms.sum(axis=1), 3, 10)
X_hot, y_hot = one_hot_encode(*integer_encode(X_str, y_str, ALPHABET), len(ALPHABET))
X_steps, y_steps = np.array(X_hot), np.array(y_hot)
step_seconds = time.perf_counter() - start

start = time.perf_counter()
X_fast, y_fast = generate_data(n_samples, 3, 10, ALPHABET, seed=1)
fast_seconds = time.perf_counter() - start

print(f"step by step:  {step_seconds * 1000:8.1f} ms")
print(f"generate_data: {fast_seconds * 1000:8.1f} ms")
print(f"generate_data is about {step_seconds / fast_seconds:.0f} times faster")

# %% [markdown]
# The step functions touch every character of every sample in Python, creating
# a small list for each one-hot vector: 20,000 samples make 200,000 such lists.
# `generate_data` does the work in a handful of NumPy operations over whole
# arrays. The difference matters once you train many models, for example to
# compare model sizes, each on fresh data.

# %% [markdown]
# ## Summary
#
# - `generate_data(n_samples, n_numbers, largest, alphabet, seed=...)` returns
#   one-hot arrays of shape `(n_samples, input width, 12)` and
#   `(n_samples, output width, 12)`, of type `uint8`; the same seed gives the
#   same arrays.
# - `invert` decodes one sample (`X[0]`), keeping the padding; `decode_batch`
#   decodes a whole batch. Both take the most likely symbol per step, so they
#   work on the model's probabilities as well as on one-hot data.
# - The step-by-step path, `encode_sum_pairs` and `generate_data` give identical
#   arrays for the same problems; the vectorised ones are tens of times faster
#   (about 40 times in the run stored here).
#
# **Exercise:** [Exercise 5](../exercises/ex_05_other_operations.ipynb) (other operations) extends this notebook:
# subtraction, multiplication and division through the same pipeline, with
# answers that can be negative. It trains models, so it is best done after
# notebook 9.
#
# **Next:** [7. Defining and compiling the model](07_define_and_compile.ipynb)
