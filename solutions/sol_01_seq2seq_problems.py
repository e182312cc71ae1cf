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
# # Solution 1: Ten sequence-to-sequence problems
#
# The aim of this exercise is to recognise sequence-to-sequence problems outside our little
# adder: first by sorting given problems by the shapes of their data, then by finding ten of
# your own and saying, for each, what the input sequence is, what the output sequence is, and
# why it is a *many-to-many* problem whose lengths can vary.
#
# It extends [1. The encoder-decoder idea](../notebooks/01_encoder_decoder_idea.ipynb), which
# listed five tasks the architecture has been used for.
#
# <!-- exercise:
# Try to find your own problems before you look them up, and write the table in your own
# words. A worked solution is in
# [../solutions/sol_01_seq2seq_problems.ipynb](../solutions/sol_01_seq2seq_problems.ipynb).
# -->
# <!-- solution -->
# This is the worked solution; the exercise is
# [../exercises/ex_01_seq2seq_problems.ipynb](../exercises/ex_01_seq2seq_problems.ipynb).
# <!-- end solution -->

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

# %% [markdown] tags=["solution"]
# Yes to the first two makes the problem *many-to-many*. Yes to the third is what rules out
# the simplest many-to-many model, one output per input step, and calls for an encoder that
# reads everything first and a decoder that then writes as many steps as needed. Our adder
# passes all three: `'  9+10+9'` is 8 characters and `'28'` is 2; with other term counts or
# ranges both widths change. The encoder-decoder does not care whether a step is a
# character, a word or a measurement, as long as every step can be written as a vector.

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
# solution
kinds["house price from floor area"] = "one-to-one"  # one number in, one number out
kinds["review to rating"] = "many-to-one"  # words in order, one label
kinds["photo to caption"] = "one-to-many"  # one photo, however many pixels, is one step
kinds["tagging each word"] = "many-to-many, same length"  # one tag per word
kinds["translation"] = "many-to-many, lengths differ"
kinds["speech to text"] = "many-to-many, lengths differ"  # ~100 frames for a few letters
kinds["tomorrow's temperature"] = "many-to-one"
kinds["upper-casing"] = "many-to-many, same length"  # one letter out per letter in
kinds["melody from a mood"] = "one-to-many"
# end solution
check_sequence_kinds(kinds)

# %% [markdown] tags=["solution"]
# Two of them are easy to get wrong. A photo holds thousands of pixels, but it is *one* input
# step: nothing in it is read in order. And tagging and upper-casing are many-to-many, but
# each writes exactly one output step per input step, so a single LSTM that returns its
# whole sequence is enough; no encoder-decoder is needed. Only three of the ten have free
# lengths on both sides: adding, translation and speech.

# %% [markdown]
# ## Task 2: ten problems of your own
#
# Find ten more problems of the last kind, *many-to-many, lengths differ*, and describe each
# in the table: its input sequence, its output sequence, and why the two lengths differ and
# vary.
#
# <!-- exercise:
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
# -->

# %% [markdown] tags=["solution"]
# | # | Problem | Input sequence | Output sequence | Lengths differ and vary because ... |
# |---|---|---|---|---|
# | 0 | Adding (this course) | a sum, `'  9+10+9'` | its answer, `'28'` | 8 in, 2 out; more terms or digits: both grow |
# | 1 | Translation | words of a sentence | words of its translation | 6 English words may need 8 French |
# | 2 | Summarising | the words of an article | a few sentences | the summary is far shorter, by how much varies |
# | 3 | Speech recognition | audio features, one per 10 ms | the letters that were said | ~100 frames per ~15 letters |
# | 4 | Learning to execute | characters of a short program | what it prints | a long program may print one digit |
# | 5 | Grammar correction | a sentence with mistakes | the corrected sentence | fixes insert and delete words |
# | 6 | Spelling to sound | letters of a word, `'knight'` | its phonemes, /n aɪ t/ | silent letters: 6 in, 3 out here |
# | 7 | Forecasting ahead | the last 48 hourly readings | the next 24 readings | both lengths are chosen per use |
# | 8 | Chatbot | the user's message | the reply | a short question can need a long answer |
# | 9 | Gesture to commands | hand positions, many per second | commands, `left, select` | a gesture spans many frames |
# | 10 | Code from a description | words of a request | tokens of a program | one line of request, many of code |
#
# In every row both sides have several steps whose order matters, so the problem is
# many-to-many; and no rule ties the output's length to the input's, which is why the model
# must read the whole input before it writes. Some rows in more detail:
#
# - **Translation (1)**: word order changes too ("the red car" is "la voiture rouge"), so the
#   output cannot be written one step per input step even when the counts agree.
# - **Speech (3)**: the ratio of frames to letters changes with how fast someone speaks, so
#   no fixed stretch factor maps one length to the other.
# - **Learning to execute (4)**: our adder is the smallest case of it; `'print(12*7)'` and
#   `'print(3)'` have different lengths on both sides.
# - **Forecasting (7)** is the mildest case: for one model the two lengths are fixed, but they
#   are two different numbers, chosen by the user (a day of history, a week ahead).
# - **Gestures (9)**: one gesture lasts dozens of frames and gives one command; a longer
#   recording gives several.
#
# A few more that fit the same mould: generating an answer to a question about a passage
# (passage and question in, answer words out), normalising dates or addresses (`'3rd March
# 2021'` in, `'2021-03-03'` out), turning a sequence of notes into a sequence of chords, and
# describing a video clip in a sentence.

# %% [markdown]
# ## Task 3: which need more than our model?
#
# Our encoder keeps one vector of 75 numbers for the whole input. Mark the problems in your
# table for which that is unlikely to be enough, and say what you would add: for example
# *attention* (the decoder looks back at every input step), or a *convolutional* (CNN) encoder
# for images and video. Is any of your problems not really *many*-to-many?
#
# <!-- exercise: *Write your answer here.* -->

# %% [markdown] tags=["solution"]
# Our model squeezes the whole input into one vector of 75 numbers. That is plenty for 8
# characters of a sum; it is not for a page of text. Three families stand out.
#
# - **Long inputs need attention.** Summarising (2), answering questions about a passage,
#   long sentences in translation (1) and speech (3, thousands of frames) ask the encoder to
#   remember far more than one fixed vector holds. *Attention* lets the decoder look back at
#   every encoder step while it writes, instead of at a single summary (Bahdanau, Cho and
#   Bengio, 2015). The reversed-input trick of Sutskever et al. (notebook 1, Exercise 7) was
#   an earlier way to shorten the path between related input and output steps.
# - **Images and video need a CNN encoder.** Captioning an image and reading gestures from
#   video (9) start from pixels. A convolutional network turns each image, or each video
#   frame, into a vector; an LSTM decoder (or an LSTM over the frame vectors, then a decoder)
#   does the rest. Strictly, captioning a *single* image is *one-to-many*: the input is one
#   image, not a sequence. It is on the chapter's list because its decoder is the same. Speech
#   (3) also often starts with convolutions over the spectrogram, to shorten the input before
#   an LSTM reads it.
# - **Outputs that copy from the input** (grammar correction 5, summaries quoting names,
#   code reusing variable names) benefit from a *copy* mechanism that can point at an input
#   token rather than spell it out of a fixed vocabulary.
#
# The rest, short inputs and outputs over a small alphabet (learning to execute 4,
# transliteration 6, short forecasts 7, date normalisation), are close cousins of our adder:
# the chapter's model can be tried on them as it is.

# %% [markdown]
# ## Task 4 (optional): one of them as arrays
#
# Pick a problem from your table whose steps are characters (dates, spelling, short
# programs). Write three examples as strings, pad the inputs on the left to the longest as
# notebook 3 does, build an alphabet, and one-hot encode both sides (the library's
# `one_hot_codes` in `addition_lib.data` turns an integer array of codes into one-hot
# vectors). What are `n_in_seq_length`, `n_out_seq_length` and `n_chars` for your problem?

# %% [markdown] tags=["solution"]
# Date normalisation is a character-level problem like ours. The questions have different
# lengths, so, as in notebook 3, we pad them on the left with spaces to the longest; the
# answers all have 10 characters.

# %%
# solution
import numpy as np

from addition_lib.data import one_hot_codes

questions = ["3 March 2021", "21 September 1999", "1 May 2000"]
answers = ["2021-03-03", "1999-09-21", "2000-05-01"]
n_in = max(len(text) for text in questions)
n_out = max(len(text) for text in answers)
padded = [text.rjust(n_in) for text in questions]
padded

# %% [markdown] tags=["solution"]
# The alphabet is every character that occurs (in a real dataset: every character that *can*
# occur), and each character's code is its position, as in notebook 4:

# %% tags=["solution"]
alphabet = sorted(set("".join(padded + answers)))
code = {char: i for i, char in enumerate(alphabet)}
print(len(alphabet), "symbols:", "".join(alphabet))

# %% [markdown] tags=["solution"]
# One-hot encoding gives exactly the shapes the encoder-decoder wants,
# `(n_samples, n_in_seq_length, n_chars)` in and `(n_samples, n_out_seq_length, n_chars)` out,
# here with 17 input steps and 10 output steps:

# %% tags=["solution"]
X = one_hot_codes(np.array([[code[char] for char in text] for text in padded]), len(alphabet))
y = one_hot_codes(np.array([[code[char] for char in text] for text in answers]), len(alphabet))
X.shape, y.shape

# %% [markdown] tags=["solution"]
# So the chapter's model would read 17 steps of 20 numbers, keep 75 numbers, repeat them 10
# times with `RepeatVector(10)`, and write 10 characters, each one of the 20 symbols. Only the
# three sizes change; the plan is the same. (A real dataset of dates would have more symbols:
# the letters of every month.)

# %% [markdown]
# <!-- exercise:
# ## Summary
#
# You have sorted problems by the shapes of their data, named ten with a sequence on both
# sides and lengths that are not tied to each other, the kind the encoder-decoder was designed
# for, and marked those whose inputs are too long or too rich for one fixed vector. Compare
# your table with the worked solution.
#
# **Back to:** [1. The encoder-decoder idea](../notebooks/01_encoder_decoder_idea.ipynb)
# -->

# %% [markdown] tags=["solution"]
# ## Summary
#
# - A problem's kind follows from the shapes of its data: one step or many on each side, and,
#   for many-to-many, one output step per input step or free lengths. A photo is one step,
#   however many pixels it has.
# - A sequence-to-sequence problem has a sequence on both sides, and the two lengths are not
#   tied to each other: that is what *many-to-many with varying lengths* means, and why the
#   encoder reads everything before the decoder writes anything.
# - Ten of them: translation, summarising, speech recognition, learning to execute, grammar
#   correction, transliteration, multi-step forecasting, chatbot replies, gestures to commands
#   and code from a description. Steps can be characters, words or measurements.
# - Long inputs (documents, audio) outgrow one fixed vector and want attention; images and
#   video want a CNN encoder (captioning a single image is really one-to-many). Short,
#   small-alphabet problems such as date normalisation fit the chapter's model unchanged.
#
# **References:** Sutskever, Vinyals and Le (2014), <https://arxiv.org/abs/1409.3215>;
# Zaremba and Sutskever, *Learning to Execute* (2014), <https://arxiv.org/abs/1410.4615>;
# Bahdanau, Cho and Bengio, *Neural Machine Translation by Jointly Learning to Align and
# Translate* (2015), <https://arxiv.org/abs/1409.0473>; Vinyals et al., *Show and Tell* (2014),
# <https://arxiv.org/abs/1411.4555>.
#
# **Back to:** [1. The encoder-decoder idea](../notebooks/01_encoder_decoder_idea.ipynb)
