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
# adder: for each, say what the input sequence is, what the output sequence is, and why it is
# a *many-to-many* problem whose lengths can vary.
#
# It extends [1. The encoder-decoder idea](../notebooks/01_encoder_decoder_idea.ipynb), which
# listed five tasks the architecture has been used for. Try to find your own before you look
# them up, and write the table in your own words. A worked solution is in
# [../solutions/sol_01_seq2seq_problems.ipynb](../solutions/sol_01_seq2seq_problems.ipynb).

# %% [markdown]
# ## What to look for
#
# Ask three questions of each problem:
#
# 1. Is the input a sequence: several steps, read in order, where shuffling them changes the
#    meaning?
# 2. Is the output a sequence: several steps, written in order?
# 3. Are the lengths free: can the input and output differ in length, and can each change
#    from one example to the next?
#
# A step can be a character (our sums), a word, or a measurement such as an audio frame or a
# sensor reading.

# %% [markdown]
# ## Task 1: fill in the table
#
# Double-click this cell to edit it. Row 0 is done for you; add ten more.
#
# | # | Problem | Input sequence | Output sequence | Lengths differ and vary because ... |
# |---|---|---|---|---|
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
# ## Task 2: which need more than our model?
#
# Our encoder keeps one vector of 75 numbers for the whole input. Mark the problems in your
# table for which that is unlikely to be enough, and say what you would add: for example
# *attention* (the decoder looks back at every input step), or a *convolutional* (CNN) encoder
# for images and video. Is any of your problems not really *many*-to-many?
#
# *Write your answer here.*

# %% [markdown]
# ## Task 3 (optional): one of them as arrays
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
# You have named ten problems with a sequence on both sides and lengths that are not tied to
# each other, the kind the encoder-decoder was designed for, and marked those whose inputs are
# too long or too rich for one fixed vector. Compare your table with the worked solution.
#
# **Back to:** [1. The encoder-decoder idea](../notebooks/01_encoder_decoder_idea.ipynb)
