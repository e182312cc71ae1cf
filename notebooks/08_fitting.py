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
# # 8. Fitting the model
#
# The network from notebook 7 has 52,212 random weights and answers `9+10+9` with nonsense.
# Here it learns to add.
#
# In this notebook you will learn:
#
# - the chapter's training recipe (75,000 random sums, one epoch, batches of 32) and what
#   *epoch*, *batch* and *step* mean;
# - why Keras 3's progress line counts 2,344 where the chapter's counted 75,000;
# - how to record a learning curve inside a single epoch, and how to read it;
# - why the accuracy Keras prints at the end of training undersells the model;
# - how to save the trained model so the next notebooks can use it.

# %% [markdown]
# ## The recipe
#
# The chapter trains on 75,000 randomly drawn sums, shown to the network once each (one
# *epoch*), in *batches* of 32. For each batch Keras runs the 32 sums through the network,
# measures the loss, works out how each weight should change to lower it, and lets Adam take
# one small *step*. So the number of steps is the number of batches:

# %%
import math
import time

import numpy as np

from addition_lib import (
    CHAPTER_MODEL_PATH,
    BatchLog,
    decode_batch,
    generate_data,
    load_model,
    save_model,
    show_source,
    train_model,
)
from addition_lib.plots import plot_learning_curve, window_means

n_samples, epochs, batch_size = 75_000, 1, 32
steps = math.ceil(n_samples / batch_size)
print(f"{steps:,} steps per epoch; the last batch holds {n_samples - (steps - 1) * batch_size} sums")

# %% [markdown]
# The chapter's Keras counted samples in its progress bar (`75000/75000`); Keras 3 counts steps,
# so you will see `2344/2344` below. Same training, different unit.
#
# There are only 1,000 different sums of three terms from 1 to 10, so 75,000 draws show the
# network each of them about 75 times. Notebook 9 comes back to what that means for testing.
#
# ## The training data
#
# `train_model` makes its own data with `generate_data`, seeded so that every run sees the same
# sums. Here is the same call, to see what `fit` receives: one-hot arrays of 8 input steps and
# 2 output steps, 12 numbers each.

# %%
X, y = generate_data(n_samples, 3, 10, seed=1)
print("X:", X.shape, X.dtype, " y:", y.shape, y.dtype)
print("first three sums:", decode_batch(X[:3]), "answers:", decode_batch(y[:3]))

# %% [markdown]
# ## Training with `train_model` and `BatchLog`
#
# `train_model` builds a fresh model with `build_model`, generates the data, and calls Keras's
# `fit`. One `seed` fixes both the starting weights and the data, so a rerun on the same
# machine gives the same model.

# %%
show_source(train_model)

# %% [markdown]
# `fit` keeps a `History` with one point per epoch. With a single epoch that is a single point:
# no curve at all. So we pass a *callback*, an object Keras calls at fixed moments during
# training. `BatchLog` writes down the metrics every `every` batches:

# %%
show_source(BatchLog)

# %% [markdown]
# Now the real thing. `verbose=2` asks Keras for one summary line per epoch instead of a
# progress bar that redraws 2,344 times. In the run stored here it took about half a minute on
# a 2-core machine (the chapter reports 37 s on its CPU).

# %%
# NBVAL_IGNORE_OUTPUT
log = BatchLog(every=25)
start = time.perf_counter()
model, history = train_model(
    n_samples=n_samples, epochs=epochs, batch_size=batch_size, seed=1, verbose=2, callbacks=[log]
)
print(f"training took {time.perf_counter() - start:.1f} s")

# %% [markdown]
# The line reads like the chapter's (`loss: 0.6982 - acc: 0.7943`): a loss near 0.7, about 80%
# of characters right, and, from our extra metric, only about two answers in three entirely
# right. That sounds mediocre. It is not the whole story.
#
# ## Inside the epoch
#
# `History` really does hold only one number per metric:

# %%
# NBVAL_IGNORE_OUTPUT
print(history.history)

# %% [markdown]
# `BatchLog` took a row every 25 batches (800 sums), 93 rows in all:

# %%
print(len(log.rows), "rows")

# %%
# NBVAL_IGNORE_OUTPUT
for row in log.rows[:2] + log.rows[-2:]:
    print({key: round(value, 3) for key, value in row.items()})

# %% [markdown]
# Each metric Keras reports during an epoch is a **running mean**, the average over every batch
# since the epoch began. The `0.79` on the log line above is therefore the
# average over the whole epoch, including the first few hundred batches, when the model was
# still guessing.
#
# To see how good the model is at each moment, we undo the averaging. If the running mean after
# `n` samples is `m`, the total so far is `m × n`; the difference between two consecutive totals,
# divided by the samples in between, is the mean over just that window:

# %%
show_source(window_means)

# %% [markdown]
# `plot_learning_curve` draws both: dashed lines for the running means Keras prints, solid lines
# for the window means.

# %%
# NBVAL_IGNORE_OUTPUT
plot_learning_curve(log.rows)

# %% [markdown]
# How to read it:
#
# - **Early on** the loss drops fast while exact-match stays near zero: the network first
#   learns the easy regularities, such as which symbols can appear where (an answer is one or
#   two digits, never a `+`), before it can add.
# - **In the middle** exact-match climbs steeply: the network has started to add.
# - **At the end** the solid lines sit close to 1: over the last windows nearly every
#   character and nearly every whole answer is right, while the dashed lines, dragged down by the
#   early batches, still say about 0.79 and 0.63.
# - The solid curves wobble because each point averages only 800 sums, and an occasional short
#   spike is Adam overshooting and recovering; the dashed lines hide both.
#
# The last window's numbers:

# %%
# NBVAL_IGNORE_OUTPUT
windows = window_means(log.rows)
print({key: round(float(values[-1]), 3) for key, values in windows.items()})

# %% [markdown]
# This explains a puzzle in the chapter: it reports 79% accuracy while training and then 100% when
# it evaluates, with no more training in between. The first number is an average over the whole
# epoch, the second a snapshot of the finished model. (Notebook 9 shows that 100% on 100 random
# sums is itself too rosy.)

# %% [markdown]
# ## Saving the model
#
# The next notebooks evaluate and question this model, so we save it in Keras's `.keras` format.
# The library's `save_model` also stores which problem the model solves (3 terms of 1..10), so
# whoever loads it knows how to encode questions for it.

# %%
path = save_model(model, CHAPTER_MODEL_PATH)
print(path.relative_to(path.parents[1]))

# %% [markdown]
# Loading it back gives a model that predicts exactly what the original does, and remembers its
# problem:

# %%
reloaded = load_model(CHAPTER_MODEL_PATH)
same = np.array_equal(reloaded.predict(X[:256], verbose=0), model.predict(X[:256], verbose=0))
print("same predictions:", same)
print(reloaded.problem)

# %% [markdown]
# Notebooks 9 and 10 open with `load_or_train_chapter_model()`. It loads this file, or, if you
# open those notebooks first, trains the same model with the same seed and saves it. So every
# notebook runs on its own, in any order.
#
# ## Summary
#
# - The chapter's recipe is one epoch over 75,000 random sums in batches of 32: 2,344 steps of
#   Adam. Keras 3's progress line counts those steps, not samples.
# - `train_model(seed=...)` builds, generates and fits in one call; `BatchLog` records the
#   metrics every few batches, which gives a learning curve even within one epoch.
# - The metrics Keras prints during an epoch are running means since the epoch began. At the
#   end of this epoch they say about 80% per character, while the model is by then right on
#   nearly every character. Undo the running mean (`window_means`) to see the model as it is.
# - `save_model` writes the trained model with its problem; `load_model` and
#   `load_or_train_chapter_model` bring it back.
#
# **Exercise:** [Exercise 2](../exercises/ex_02_to_100_percent.ipynb) (more digits, more terms, to 100%) extends this notebook:
# it starts from this recipe and tunes it until every answer is right; the learning curve tells
# you whether a harder problem needs more samples, a bigger model, or both.
#
# **Next:** [9. Evaluating the model](09_evaluating.ipynb): how good is it really?
