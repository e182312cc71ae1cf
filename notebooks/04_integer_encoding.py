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
# # 4. Integer encoding
#
# A neural network computes with numbers, so the characters of `' 3+10'` have to
# become numbers before the model can read them. The first step is to give each
# symbol an integer code.
#
# In this notebook you will learn:
#
# - what the alphabet is and how each symbol gets its code;
# - how `integer_encode` turns padded strings into lists of codes, reproducing
#   the chapter's listing (and correcting two slips in it);
# - why integer codes are not yet a good input for the network;
# - what happens to a character that is not in the alphabet.

# %%
import random

from addition_lib import ALPHABET, integer_encode, random_sum_pairs, show_source, to_string
from addition_lib.checks import check_integer_encode

# %% [markdown]
# ## The alphabet
#
# Every string we produce is made of the ten digits, the plus sign and the
# padding space. That is the alphabet, and a symbol's code is simply its
# position in it:

# %%
ALPHABET

# %%
{symbol: code for code, symbol in enumerate(ALPHABET)}

# %% [markdown]
# The digits get their own value as code (`'7'` is 7), then `'+'` is 10 and the
# space is 11. That makes **12** symbols:

# %%
len(ALPHABET)

# %% [markdown]
# The chapter says each output step is a class with "11 possible values". It is
# 12: the answer's characters come from the same alphabet, and the output layer
# has one unit per symbol. (Only 11 of them ever occur in an *answer*, since an
# answer never contains `'+'`, but the model is not told that; it has to learn
# never to write a `+`.)

# %% [markdown]
# ## Your turn: write `integer_encode`
#
# `my_integer_encode(X, y, alphabet)` replaces every character of every string
# in `X` and in `y` by its code, its position in `alphabet`, and returns the two
# lists of lists of codes: `my_integer_encode([' 3+10'], ['13'], ALPHABET)` gives
# `([[11, 3, 10, 1, 0]], [[1, 3]])`. The check also tries alphabets in another
# order and with more symbols, so look each symbol up in `alphabet`. Replace the
# `raise` line, run the cell, and read what the check says; the rest of the
# notebook uses the library's version.

# %%
def my_integer_encode(X, y, alphabet):
    # Write your code here.
    raise NotImplementedError


check_integer_encode(my_integer_encode)

# %% [markdown]
# ## The function
#
# `integer_encode` builds the symbol-to-code lookup and looks up each character
# of the inputs and of the answers, one by one. The `@validate(...)` line above it
# declares what its arguments must be: before the body runs, the library checks
# that `X` and `y` are lists of strings whose every character is in the alphabet,
# so the body holds only the idea.

# %%
show_source(integer_encode)

# %% [markdown]
# ## The chapter's listing
#
# The same seeded pair as before, now through all three steps so far:

# %%
random.seed(1)
X, y = random_sum_pairs(1, 2, 10)
print(X, y)
X, y = to_string(X, y, 2, 10)
print(X, y)
X, y = integer_encode(X, y, ALPHABET)
print(X, y)

# %% [markdown]
# Read the first code list against the string `' 3+10'`: the space is 11, `'3'`
# is 3, `'+'` is 10, `'1'` is 1 and `'0'` is 0. The answer `'13'` becomes
# `[1, 3]`.
#
# Compare the first line with the chapter's listing 9.16, which prints the sums
# as `[[13]]`. That is a slip in the book: `random_sum_pairs` returns the sums as
# a flat list, `[13]`, exactly as its earlier listings show, and as we get here.
#
# Going back from codes to text is a lookup in the other direction, which
# confirms nothing was lost:

# %%
"".join(ALPHABET[code] for code in X[0])

# %% [markdown]
# ## Why not feed the codes to the network?
#
# The codes look like numbers, but they are only labels. Two problems:
#
# - **False order.** For the digits the order happens to mean something, but
#   the space (11) is not "one more than" the plus sign (10), and neither is
#   bigger than `'9'`. A network that receives `11` would treat the space as a
#   large number close to `'+'` and `'9'`, and would have to unlearn that.
# - **The output is a choice, not a quantity.** At each step of the answer the
#   model picks one symbol out of 12. That is a classification, and a
#   classifier gives one score per class, not one number on a scale. Predicting
#   "code 6.5" would be meaningless.
#
# The next notebook turns each code into a vector with a single 1 (one-hot
# encoding), which fixes both.

# %% [markdown]
# ## A character outside the alphabet
#
# Suppose you extend the problem to subtraction and write `' 3-10'`. The minus
# sign has no code, and `integer_encode` stops with a message that names the
# string, the character and its position:

# %%
try:
    integer_encode([" 3-10"], ["-7"])
except ValueError as error:
    print(f"ValueError: {error}")

# %% [markdown]
# (The chapter's own version fails here too, but with a bare `KeyError: '-'`,
# which says nothing about where the character came from.)
#
# The fix is to add the symbol to the alphabet. It gets the next free code, 12,
# and every one-hot vector becomes one element longer:

# %%
integer_encode([" 3-10"], ["-7"], ALPHABET + ("-",))

# %% [markdown]
# ## Summary
#
# - The alphabet has 12 symbols: `'0'`-`'9'`, `'+'` and the padding space.
#   A symbol's code is its position: digits keep their value, `'+'` is 10 and
#   `' '` is 11.
# - After `random.seed(1)`, `integer_encode` turns `[' 3+10'] ['13']` into
#   `[[11, 3, 10, 1, 0]] [[1, 3]]`, as in the chapter.
# - The chapter's "11 possible values" should be 12, and its listing 9.16 prints
#   the sums as `[[13]]` where the pairs step gives `[13]`.
# - Codes are labels, not quantities, so the network gets them one-hot encoded
#   (next notebook).
# - A character that is not in the alphabet raises a `ValueError` that names it
#   and its position; new operations need new symbols.
#
# **Exercise:** none extends this notebook on its own. The next one you meet,
# [Exercise 5](../exercises/ex_05_other_operations.ipynb) (other operations, after notebook 6), adds `-`, `*` and
# `/` to this alphabet.
#
# **Next:** [5. One-hot encoding](05_one_hot_encoding.ipynb)
