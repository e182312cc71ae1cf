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
# # 3. Integers to padded strings
#
# The model reads characters, not numbers, so each problem `[3, 10]` has to be
# written out as text, `'3+10'`, and each answer `13` as `'13'`. There is one
# complication: all inputs must have the same length, and so must all answers.
#
# In this notebook you will learn:
#
# - why the strings are padded, why with spaces, and why on the left;
# - how `to_string` writes a batch of problems and answers as padded strings,
#   reproducing the chapter's listing;
# - the two formulas that give the padded widths, worked through for three
#   terms of 1..10, and a case where one of them gives a column too many;
# - what happens when a number does not fit.

# %%
import math
import random

from addition_lib import input_length, output_length, random_sum_pairs, show_source, to_string
from addition_lib.checks import check_to_string

# %% [markdown]
# ## Why pad, and how
#
# The network is trained on *batches*: many problems stacked into one array.
# An array has to be rectangular, so every input in the batch needs the same
# number of time steps, and every answer too. `'1+2+3'` has 5 characters but
# `'10+10+10'` has 8; the short ones are filled up to the longest possible
# length.
#
# The filler must be a symbol that never appears in real data, so the model can
# learn to ignore it. The chapter uses the space. It pads on the **left**, which
# right-aligns every string, the way you line up numbers on paper to add them:
# the last character is always the units digit of the last term, and the last
# character of an answer is always its units digit.
#
# ## Your turn: write `to_string`
#
# `my_to_string(X, y, n_numbers, largest)` writes each list of terms as
# `'a+b+c'` and each sum as its digits, and left-pads them with spaces: every
# input to `input_length(n_numbers, largest)` characters and every sum to
# `output_length(n_numbers, largest)` (the sections below take these two widths
# apart). It returns the two lists of strings: `my_to_string([[3, 10]], [13], 2,
# 10)` gives `([' 3+10'], ['13'])`. Replace the `raise` line, run the cell, and
# read what the check says; the rest of the notebook uses the library's version.

# %%
def my_to_string(X, y, n_numbers, largest):
    # Write your code here.
    raise NotImplementedError


check_to_string(my_to_string)

# %% [markdown]
# The library's version:

# %%
show_source(to_string)

# %% [markdown]
# The widths come from two small functions, `input_length` and `output_length`,
# which the next sections take apart. Note also that `to_string` raises an error
# rather than cutting a string that is too long; we come back to that at the end.
#
# ## The chapter's listing
#
# The chapter takes the seeded pair from notebook 2 and converts it:

# %%
random.seed(1)
X, y = random_sum_pairs(1, 2, 10)
print(X, y)
X, y = to_string(X, y, 2, 10)
print(X, y)

# %% [markdown]
# `'3+10'` has 4 characters, but two terms of up to 10 can need 5 (`'10+10'`),
# so one space goes in front. The answer `'13'` already has the full 2
# characters.

# %% [markdown]
# ## The input width, worked through
#
# Take the chapter's model configuration: 3 terms, each from 1 to 10. The
# longest input is `'10+10+10'`. The formula builds that length in two parts:
# digits for the terms, plus the `+` signs between them.
#
# **How many digits can one term have?** The number of decimal digits of a
# whole number $k$ is $\lceil \log_{10}(k + 1) \rceil$. So for the largest term:

# %%
n_numbers, largest = 3, 10
math.log10(largest + 1)

# %%
digits_per_term = math.ceil(math.log10(largest + 1))
digits_per_term

# %% [markdown]
# **Why the `+ 1`?** At an exact power of ten, $\log_{10}$ is a whole number and
# the ceiling does not round up: $\log_{10} 10 = 1$, yet 10 has two digits.
# Adding 1 pushes the value just past the whole number. For any other number
# the `+ 1` changes nothing. The chapter illustrates the `+ 1` with a round
# number like 200, but 200 is not a power of ten, and $\lceil \log_{10} 200
# \rceil$ is already 3. The numbers that need it are 10, 100, 1000 and so on:

# %%
print("number  without +1  with +1  true digits")
for k in (9, 10, 99, 100, 200):
    print(f"{k:6}  {math.ceil(math.log10(k)):10}  {math.ceil(math.log10(k + 1)):7}  {len(str(k)):11}")

# %% [markdown]
# Only the powers of ten, 10 and 100, come out one digit short without the
# `+ 1`.
#
# **Plus signs.** Three terms need two `+` signs, one fewer than the terms.
# Together:
#
# $$
# \text{input width} = n \cdot \lceil \log_{10}(\text{largest} + 1) \rceil + (n - 1)
# = 3 \cdot 2 + 2 = 8
# $$

# %%
n_numbers * digits_per_term + (n_numbers - 1)

# %% [markdown]
# `input_length` gives the same, and matches the longest input we can write:

# %%
input_length(3, 10), len("10+10+10")

# %% [markdown]
# Be careful with the word *largest*: it bounds a whole **term**, not a digit.
# A comment in the chapter's configuration listing calls it the "largest value
# for any single input digit", but 10 is a two-digit term, which is why each
# term gets 2 columns. (The chapter also writes this formula with the closing
# bracket of `int(...)` in two different places in different listings. Both give
# the same number, because everything inside is already a whole number.)

# %% [markdown]
# ## The output width, worked through
#
# An answer has no `+` signs, only the digits of the sum. The chapter bounds the
# sum by $n \cdot (\text{largest} + 1)$ and counts its digits with the same
# ceiling-of-log trick:
#
# $$
# \text{output width} = \lceil \log_{10}\big(n \cdot (\text{largest} + 1)\big) \rceil
# = \lceil \log_{10} 33 \rceil = 2
# $$

# %%
math.log10(n_numbers * (largest + 1))

# %%
math.ceil(math.log10(n_numbers * (largest + 1)))

# %% [markdown]
# The largest possible answer is $10 + 10 + 10 = 30$, which has 2 digits, so 2
# is right:

# %%
output_length(3, 10), len(str(3 * 10))

# %% [markdown]
# ## A spare column
#
# The bound $n \cdot (\text{largest} + 1) = n \cdot \text{largest} + n$ is a
# little larger than the largest sum, $n \cdot \text{largest}$. It never gives
# too *few* digits, but now and then it gives one too *many*. With 3 terms of
# 1..33 the largest sum is 99, two digits, while $3 \cdot 34 = 102$ has three:

# %%
output_length(3, 33), len(str(3 * 33))

# %% [markdown]
# Every answer then starts with a space that carries no information:

# %%
to_string([[33, 33, 33], [1, 2, 3]], [99, 6], 3, 33)

# %% [markdown]
# This is harmless: the decoder simply learns to write a space at step 1, at
# the cost of one wasted step. The library keeps the chapter's formula so that
# its arrays have the chapter's shapes, and documents the spare column. (The
# tight width would be the number of digits of $n \cdot \text{largest}$ itself.)
#
# Now the code. `output_length` says all this in its docstring:

# %%
show_source(output_length)

# %% [markdown]
# It calls a helper, `_ceil_log10`, that computes $\lceil \log_{10} k \rceil$
# by counting the digits of $k - 1$ instead of calling `math.log10`. Floating
# point is the reason: for very large numbers, `log10` rounds. $10^{16} + 1$ is
# just above $10^{16}$, so the ceiling of its logarithm is 17, but in floating
# point the `+ 1` is lost:

# %%
math.ceil(math.log10(10**16 + 1)), input_length(1, 10**16)

# %% [markdown]
# Nobody will train a network on 17-digit terms, but a width function should
# simply be right, and counting digits costs nothing.

# %% [markdown]
# ## When a string does not fit
#
# The widths assume every term is at most `largest`. A term of 100 in a problem
# declared as "two terms of 1..10" breaks that promise. `to_string` refuses,
# and its message says which example and by how much:

# %%
try:
    to_string([[100, 10]], [110], 2, 10)
except ValueError as error:
    print(f"ValueError: {error}")

# %% [markdown]
# Cutting the string to fit would be worse than an error: `'100+10'` cut to 5
# characters is `'00+10'`, a different question paired with the old answer.
# The model would learn a wrong sum without anyone noticing.

# %% [markdown]
# ## Another way to pad
#
# Padding the whole string on the left is one choice among several. The chapter
# suggests another: pad **each term** on its own, so that every term takes the
# same columns in every input. For `[1, 2, 10]`:
#
# | padding | input string | where the units digits are |
# |---|---|---|
# | whole string (this course) | `'  1+2+10'` | columns 3, 5 and 8 here; only the 8 is fixed |
# | each term | `' 1+ 2+10'` | columns 2, 5 and 8, for every problem |
#
# With per-term padding, the `+` signs and the units digits of every term are
# always at the same time steps, whatever the numbers. That may make the pattern easier for
# the network to find. Whether it does is an experiment for you.

# %% [markdown]
# ## Summary
#
# - Inputs and answers are padded with spaces on the left to fixed widths, so
#   that a batch is a rectangular array and the digits stay right-aligned.
# - After `random.seed(1)`, `to_string` turns `[[3, 10]] [13]` into
#   `[' 3+10'] ['13']`, as in the chapter.
# - Input width: $n \cdot \lceil \log_{10}(\text{largest} + 1) \rceil + (n - 1)$,
#   8 for 3 terms of 1..10. The `+ 1` matters only when `largest` is a power
#   of ten.
# - Output width: $\lceil \log_{10}(n \cdot (\text{largest} + 1)) \rceil$, 2 for 3
#   terms of 1..10. It can leave one spare column (3 terms of 1..33 get 3
#   columns for sums of at most 99).
# - A string longer than its width raises `ValueError` instead of being cut.
#
# **Exercise:** [Exercise 6](../exercises/ex_06_per_term_padding.ipynb) (pad each term on its own) extends this
# notebook: it implements per-term padding and compares it with the chapter's
# (after notebook 9, since it trains models).
#
# **Next:** [4. Integer encoding](04_integer_encoding.ipynb)
