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
# # 5. One-hot encoding
#
# The integer codes from notebook 4 are labels, not quantities. One-hot encoding
# turns each code into a vector that says "this symbol, and no other", which is
# the form the network reads as input and predicts as output.
#
# In this notebook you will learn:
#
# - how `one_hot_encode` turns each code into a vector of 12 zeros with a single
#   one, reproducing the chapter's listing row for row;
# - why this is the right input and the right target for the model;
# - the shape of the result as an array: samples, time steps, symbols;
# - a typo in one of the chapter's listings that its own printed output hides.

# %%
import pprint
import random

import matplotlib.pyplot as plt
import numpy as np

from addition_lib import (
    ALPHABET,
    input_length,
    integer_encode,
    one_hot_encode,
    random_sum_pairs,
    show_source,
    to_string,
)
from addition_lib.checks import check_one_hot_encode

# %% [markdown]
# ## Your turn: write `one_hot_encode`
#
# `my_one_hot_encode(X, y, max_int)` takes the lists of codes for the inputs
# and the answers, and turns every code into a list of `max_int` numbers, all
# 0 except a 1 at the position of the code. For example
# `my_one_hot_encode([[2, 0]], [[1]], 3)` gives `([[[0, 0, 1], [1, 0, 0]]],
# [[[0, 1, 0]]])`. Replace the `raise` line, run the cell, and read what the
# check says; the rest of the notebook uses the library's version.

# %%
def my_one_hot_encode(X, y, max_int):
    # Write your code here.
    raise NotImplementedError


check_one_hot_encode(my_one_hot_encode)

# %% [markdown]
# ## The function
#
# `one_hot_encode(X, y, max_int)` takes the code lists for the inputs and the
# answers, and the number of symbols, `max_int`: 12, the length of the
# alphabet.

# For each code it makes a vector of `max_int` zeros and sets the position of
# the code to 1. As in notebook 4, `@validate(...)` checks the arguments first:
# every code must be a whole number in `0..max_int-1`.

# %%
show_source(one_hot_encode)

# %% [markdown]
# ## The chapter's listing
#
# All four steps on the seeded pair. The chapter prints each one-hot vector on
# a line of its own; `pprint` with a narrow width lays out the nested lists the
# same way.

# %%
random.seed(1)
X, y = random_sum_pairs(1, 2, 10)
print(X, y)
X, y = to_string(X, y, 2, 10)
print(X, y)
X, y = integer_encode(X, y, ALPHABET)
print(X, y)
X, y = one_hot_encode(X, y, len(ALPHABET))
pprint.pprint(X, width=40)
pprint.pprint(y, width=40)

# %% [markdown]
# Each row is one character. Find the 1 in it and its position is the code:
# the first row has its 1 at position 11 (the space), the second at position 3
# (`'3'`), and so on through `'+'`, `'1'` and `'0'`. The answer `'13'` is two
# rows, with the 1 at positions 1 and 3.
#
# Every row has **12** elements, one per symbol of the alphabet. The chapter's
# text says an "11 element vector" and "11 elements", but its own printed rows
# have 12:

# %%
len(X[0][0])

# %% [markdown]
# ## Why one-hot?
#
# - **As input**, a one-hot vector carries no false order. Every pair of
#   symbols is equally far apart, so the network starts with no prejudice that
#   `' '` is "close to" `'+'`; it learns what each symbol means from the data.
# - **As target**, a one-hot vector is a probability distribution that puts all
#   its weight on the right symbol. The model's output layer produces 12
#   probabilities per step (softmax), and training pushes them towards this
#   target: the loss, categorical cross-entropy, is small when the model gives
#   the right symbol a high probability.
#
# ## As an array
#
# The network takes NumPy arrays, and the nested lists convert directly. The
# input has the 3-D shape an LSTM expects (notebook 1): samples, time steps and
# features per step.

# %%
X_array, y_array = np.array(X), np.array(y)
X_array.shape, y_array.shape

# %% [markdown]
# One sample, 5 time steps (the characters of `' 3+10'`), 12 features (the
# symbols). The answer: one sample, 2 steps, 12 symbols. Each step has exactly
# one 1:

# %%
X_array.sum(axis=-1)

# %% [markdown]
# Drawn as a picture, one-hot data is a grid with a single dark cell per row.
# The column of the dark cell tells you the character:

# %%
# NBVAL_IGNORE_OUTPUT
fig, ax = plt.subplots(figsize=(6, 2.4))
ax.imshow(X_array[0], cmap="Greys")
ax.set_xticks(range(len(ALPHABET)), [repr(symbol) for symbol in ALPHABET])
ax.set_yticks(range(5), [f"step {step}" for step in range(1, 6)])
ax.set_xlabel("symbol")
ax.set_title("' 3+10' one-hot encoded: one row per character")
plt.show()

# %% [markdown]
# ## A typo hidden in plain sight (listing 9.17)
#
# In the listing that introduces one-hot encoding, the chapter's copy of
# `to_string` builds the padding by joining spaces with `'|'` instead of
# joining them with nothing. Joining puts the separator *between* the items,
# so the two versions only differ when there are at least two spaces to join.
#
# Our pair needs a single space, so the typo changes nothing:

# %%
width = input_length(2, 10)
unpadded = "3+10"
spaces = [" "] * (width - len(unpadded))
"".join(spaces) + unpadded, "|".join(spaces) + unpadded

# %% [markdown]
# Both are `' 3+10'`. That is why the chapter's printed output (listing 9.18)
# looks right even though its code is wrong. With three terms of 1..10, the
# problem `1+2+3` needs three spaces, and now the typo shows:

# %%
width = input_length(3, 10)
unpadded = "1+2+3"
spaces = [" "] * (width - len(unpadded))
intended = "".join(spaces) + unpadded
with_typo = "|".join(spaces) + unpadded
[intended, with_typo]

# %%
[len(intended), len(with_typo)]

# %% [markdown]
# The broken string is 10 characters instead of 8, so the samples would no
# longer line up into an array, and it contains `'|'`, which is not in the
# alphabet. The library's `integer_encode` stops it at once:

# %%
try:
    integer_encode([with_typo], [" 6"])
except ValueError as error:
    print(f"ValueError: {error}")

# %% [markdown]
# The lesson is a general one: an example that happens to avoid a case (here,
# more than one space of padding) can make broken code look correct. Testing
# with several inputs, including the awkward ones, is what catches it.

# %% [markdown]
# ## Summary
#
# - `one_hot_encode` turns each integer code into a vector of 12 numbers, all 0
#   except a 1 at the code's position; after `random.seed(1)` it reproduces
#   the chapter's listing 9.18 row for row.
# - One-hot vectors carry no false order as input, and as targets they are the
#   distributions the softmax output is trained to match.
# - As arrays the data has shape (samples, time steps, 12): the 3-D input an
#   LSTM needs.
# - The chapter says "11 element vector"; it is 12. Its listing 9.17 pads with
#   `'|'.join`, which inserts `'|'` whenever two or more spaces are needed; the
#   chapter's own example needs only one, which hides the bug.
#
# **Exercise:** none extends this notebook on its own. The next one you meet is
# [Exercise 5](../exercises/ex_05_other_operations.ipynb) (other operations), after notebook 6: its alphabet has 15
# symbols, so each one-hot vector is 15 wide.
#
# **Next:** [6. The whole pipeline and decoding](06_pipeline_and_decoding.ipynb)
