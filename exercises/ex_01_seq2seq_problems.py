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
# # Exercise 1: Ten sequence-to-sequence problems
#
# The aim of this exercise is to recognise sequence-to-sequence problems outside our little
# adder: first by sorting given problems by the shapes of their data, then by finding ten of
# your own and saying, for each, what the input sequence is, what the output sequence is, and
# why it is a *many-to-many* problem whose lengths can vary.
#
# It extends [1. The encoder-decoder idea](../notebooks/01_encoder_decoder_idea.ipynb), which
# listed five tasks the architecture has been used for.
#
# Try to find your own problems before you look them up, and write the table in your own
# words. A worked solution is in
# [../solutions/sol_01_seq2seq_problems.ipynb](../solutions/sol_01_seq2seq_problems.ipynb).

# %% [markdown]
# ## What to look for
#
# Ask three questions of each problem:
#
# 1. **Is the input a sequence?** Several steps, read in order, where shuffling the steps
#    changes the meaning (`'9+10'` and `'1+09'` are different questions)?
# 2. **Is the output a sequence?** Several steps, written in order?
# 3. **Are the lengths free?** Can the input and output differ in length, and can each
#    change from one example to the next?
#
# A step can be a *character* (our sums), a *word* or word piece (most language tasks), or a
# *measurement* (an audio frame, a sensor reading, a price).
#
# The answers to the first two questions give a problem's kind: *one-to-one*, *one-to-many*,
# *many-to-one* or *many-to-many*. A many-to-many problem can write one output step per input
# step (*same length*), or its two lengths can be free of each other (*lengths differ*): the
# kind the encoder-decoder is built for.

# %% [markdown]
# ## Task 1: sort these problems by the shapes of their data
#
# Here are ten problems, each with one example of its input and its output:

# %%
from addition_lib.checks import check_sequence_kinds
from addition_lib.checks.ex01_seq2seq_problems import KINDS, SEQUENCE_PROBLEMS, blank_answers

for name, problem in SEQUENCE_PROBLEMS.items():
    print(f"{name:28} {problem.example_in:33} -> {problem.example_out}")
print("\nthe kinds:", ", ".join(repr(kind) for kind in KINDS))

# %% [markdown]
# `kinds` starts with every problem's kind set to `None`, except the worked example, adding.
# For each of the others, set its kind to one of the five above, for example
# `kinds["translation"] = "many-to-many, lengths differ"`, and run the cell. The check says
# which answers are wrong and where to look again; it does not give the answer away.

# %%
kinds = blank_answers()
# Write your code here.
check_sequence_kinds(kinds)

# %% [markdown]
# ## Task 2: ten problems of your own
#
# Find ten more problems of the last kind, *many-to-many, lengths differ*, and describe each
# in the table: its input sequence, its output sequence, and why the two lengths differ and
# vary.
#
# Double-click this cell to edit it. Row 0 is done for you; add ten more.
#
# | # | Problem | Input sequence | Output sequence | Lengths differ and vary because ... |
# |:-:|:--|:--|:--|:--|
# | 0 | Adding (this course) | a sum, `'  9+10+9'` | its answer, `'28'` | 8 in, 2 out; more terms or digits: both grow |
# | 1 | | | | |
# | 2 | | | | |
# | 3 | | | | |
# | 4 | | | | |
# | 5 | | | | |
# | 6 | | | | |
# | 7 | | | | |
# | 8 | | | | |
# | 9 | | | | |
# | 10 | | | | |

# %% [markdown]
# ## Task 3: which need more than our model?
#
# Our encoder keeps one vector of 75 numbers for the whole input. Mark the problems in your
# table for which that is unlikely to be enough, and say what you would add: for example
# *attention* (the decoder looks back at every input step), or a *convolutional* (CNN) encoder
# for images and video. Is any of your problems not really *many*-to-many?
#
# *Write your answer here.*

# %% [markdown]
# ## Task 4 (optional): one of them as arrays
#
# Pick a problem from your table whose steps are characters (dates, spelling, short
# programs). Write three examples as strings, pad the inputs on the left to the longest as
# notebook 3 does, build an alphabet, and one-hot encode both sides (the library's
# `one_hot_codes` in `addition_lib.data` turns an integer array of codes into one-hot
# vectors). What are `n_in_seq_length`, `n_out_seq_length` and `n_chars` for your problem?

# %%
# Write your code here.

# %% [markdown]
# ## Summary
#
# You have sorted problems by the shapes of their data, named ten with a sequence on both
# sides and lengths that are not tied to each other, the kind the encoder-decoder was designed
# for, and marked those whose inputs are too long or too rich for one fixed vector. Compare
# your table with the worked solution.
#
# **Back to:** [1. The encoder-decoder idea](../notebooks/01_encoder_decoder_idea.ipynb)
