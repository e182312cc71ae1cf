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
# # 7. Defining and compiling the model
#
# The data pipeline is finished: a sum such as `'  9+10+9'` becomes 8 one-hot vectors of
# 12 numbers, and its answer `'28'` becomes 2 of them. Now we build the network that turns the
# first into the second.
#
# In this notebook you will learn:
#
# - how the chapter's encoder-decoder network is written in today's Keras (Keras 3), layer by layer;
# - how to read the table that `model.summary()` prints;
# - where each parameter count in that table comes from: 26,400, 25,200 and 612, which make 52,212;
# - what compiling adds: a loss, an optimiser, and the two scores we follow for the rest of the course;
# - which of the chapter's Keras habits no longer work, and what replaced them.

# %% [markdown]
# ## The problem fixes the sizes
#
# Three numbers decide the shape of the network, and all three come from the problem, not from
# us: the alphabet has 12 symbols (so every vector has 12 entries), the longest input
# `'10+10+10'` has 8 characters, and the longest answer `'30'` has 2. The library keeps them on
# one object, `CHAPTER_PROBLEM` (three terms, each from 1 to 10).
#
# Two small things to watch for in the chapter here: it first describes the task as adding
# *two* numbers, but its configuration, which we follow, adds *three*; and it calls the number
# of terms `n_terms` in this section but `n_numbers` in its data functions. Both names mean the
# same thing; the library uses `n_numbers`.

# %%
from addition_lib import (
    CHAPTER_PROBLEM,
    accuracies,
    ask,
    build_model,
    encode_sum_pairs,
    keras,  # noqa: F401  (for your model below)
    show_source,
)
from addition_lib.checks import check_chapter_model, check_lstm_parameters

problem = CHAPTER_PROBLEM
dict(n_chars=problem.n_chars, n_in_seq_length=problem.n_in_seq_length, n_out_seq_length=problem.n_out_seq_length)

# %% [markdown]
# The two other sizes are our choice: 75 memory cells in the encoder and 50 in the decoder.
# The chapter found them by trial and error, and gives the encoder more cells because it has
# more to read (8 steps) than the decoder has to write (2 steps).
#
# ## Your turn: build the network
#
# Notebook 1 drew the network; now write it, before you read the library's version.
# `my_model(n_in_seq_length, n_out_seq_length, n_chars, encoder_units, decoder_units)`
# returns a compiled `keras.Sequential` model of these layers, in this order:
#
# - `keras.Input(shape=(n_in_seq_length, n_chars))`;
# - `keras.layers.LSTM(encoder_units)`, which hands on only its output after the last step;
# - `keras.layers.RepeatVector(n_out_seq_length)`;
# - `keras.layers.LSTM(decoder_units, return_sequences=True)`;
# - `keras.layers.TimeDistributed(keras.layers.Dense(n_chars, activation="softmax"))`;
#
# compiled with `loss="categorical_crossentropy"` and `optimizer="adam"`. Take every size
# from the arguments: the check builds models for other problems too and runs each on a
# batch. Replace the `raise` line, run the cell, and read what the check says.

# %%
def my_model(n_in_seq_length, n_out_seq_length, n_chars, encoder_units, decoder_units):
    # Write your code here.
    raise NotImplementedError


check_chapter_model(my_model)

# %% [markdown]
# ## The network, layer by layer
#
# Here is the library's `build_model`. Read the list inside `keras.Sequential` from top to
# bottom: that is the path a sum takes through the network.

# %%
show_source(build_model)

# %% [markdown]
# What each line does:
#
# 1. `keras.Input(shape=(8, 12))` declares what one sample looks like: 8 time steps of 12
#    numbers. It has no weights; it only tells the next layer what to expect. (The batch size is
#    left open.)
# 2. **The encoder**, `LSTM(75)`, reads the 8 characters one after another. Without
#    `return_sequences=True` it hands on only what it holds after the last character: one vector
#    of 75 numbers per sum. Everything the network knows about the question must fit in it.
# 3. **The adapter**, `RepeatVector(2)`, copies that vector twice, once per answer character,
#    turning a `(batch, 75)` array into a `(batch, 2, 75)` sequence, the 3-D shape an LSTM reads.
# 4. **The decoder**, `LSTM(50, return_sequences=True)`, reads those 2 steps and, because it
#    returns its whole sequence, gives one vector of 50 numbers per answer character.
# 5. **The output layer**, `TimeDistributed(Dense(12, activation="softmax"))`, turns each of the
#    2 vectors into 12 probabilities, one per symbol. `TimeDistributed` applies the *same* dense
#    layer at each step.
#
# The layers carry names (`encoder`, `repeat`, `decoder`, `output`) so that later notebooks can
# pick one out, for instance to look at the encoder's vector on its own.
#
# `seed=1` makes the random starting weights the same on every run. The other options
# (`learning_rate`, `decay_steps`, `unroll`, `metrics`, `steps_per_execution`) are for the
# exercises, which train faster or tune the model; their defaults give the chapter's model.

# %%
model = build_model(seed=1)
model.summary()

# %% [markdown]
# ## Reading the summary
#
# Each row is a layer; `None` in a shape stands for the batch size, which is not fixed yet.
# Follow the shapes down the table: `(None, 75)` is the one vector per sum, `(None, 2, 75)` is
# that vector repeated for the 2 answer steps, `(None, 2, 50)` is the decoder's output per step,
# and `(None, 2, 12)` is a probability for each of the 12 symbols at each step.
#
# The chapter printed the same shapes and the same counts; only the names differ (it got
# Keras's automatic names, `lstm_1`, `repeat_vector_1`, ...) and Keras 3 adds the memory the
# weights take (52,212 numbers of 4 bytes each).
#
# ## Where 52,212 comes from
#
# An LSTM layer with `units` cells contains four small dense layers, called gates: the *input*
# gate, the *forget* gate, the *candidate* (the new content that may be written to the cell)
# and the *output* gate. At every time step each gate looks at two things: the layer's current
# input (`n_features` numbers) and the layer's own output from the step before (`units`
# numbers). So each gate has `units × (n_features + units)` weights plus `units` biases, and
# the layer has four times that:
#
# > **parameters of an LSTM layer = 4 × (units × (n_features + units) + units)**
#
# - Encoder: 75 cells reading 12 numbers per step: 4 × (75 × (12 + 75) + 75) = **26,400**.
# - Decoder: 50 cells reading the encoder's 75 numbers per step: 4 × (50 × (75 + 50) + 50) = **25,200**.
# - Output: a dense layer from 50 numbers to 12, with one bias per symbol: 50 × 12 + 12 = **612**.
# - `RepeatVector` only copies, so it has no parameters.
#
# **Your turn.** Write the formula as a function: `my_lstm_parameters(units, n_features)`
# must give 26,400 for the encoder, `my_lstm_parameters(75, 12)`. Replace the `raise` line,
# run the cell, and read what the check says.

# %%
def my_lstm_parameters(units, n_features):
    # Write your code here.
    raise NotImplementedError


check_lstm_parameters(my_lstm_parameters)

# %% [markdown]
# Now all four layers, computed by hand, and Keras to check us.

# %%
n_chars, encoder_units, decoder_units = 12, 75, 50

by_hand = {
    "encoder": 4 * (encoder_units * (n_chars + encoder_units) + encoder_units),
    "repeat": 0,
    "decoder": 4 * (decoder_units * (encoder_units + decoder_units) + decoder_units),
    "output": decoder_units * n_chars + n_chars,
}
for name, count in by_hand.items():
    print(f"{name:8} by hand {count:>6,}   Keras says {model.get_layer(name).count_params():>6,}")
print(f"{'total':8} by hand {sum(by_hand.values()):>6,}   Keras says {model.count_params():>6,}")

# %% [markdown]
# The weight arrays themselves show the same arithmetic. Keras stores the four gates of an LSTM
# side by side, so the encoder's `kernel` (weights on the input) has 4 × 75 = 300 columns, its
# `recurrent_kernel` (weights on its own previous output) is 75 × 300, and there are 300 biases.

# %%
for weight in model.weights:
    print(f"{weight.path:52} {str(weight.shape):10} {weight.numpy().size:>6,}")

# %% [markdown]
# Two things are missing from these counts, and both are worth noticing:
#
# - **The number of time steps.** The encoder uses the same weights for each of the 8
#   characters, and the decoder for each of the 2 answer steps. A longer input would cost no
#   extra parameters.
# - **A second copy of the output layer.** `TimeDistributed` shares one `Dense` layer across the
#   2 steps, so it costs 612, not 2 × 612.
#
# The formula also tells you how the model grows. The `units × units` term dominates, so
# doubling the encoder to 150 cells nearly quadruples its count, from 26,400 to 97,800 (and
# the decoder grows too, since it reads 150 numbers per step). Keep that in mind when you
# compare model size with problem size in Exercise 3.

# %% [markdown]
# ## Compiling: loss, optimiser and scores
#
# `build_model` also *compiles* the model, which attaches three things that training needs:
#
# - **the loss**, categorical cross-entropy: each answer step is a choice among 12 symbols, and
#   this loss is small when the model puts high probability on the right one;
# - **the optimiser**, Adam, the rule that adjusts the 52,212 weights after each batch;
# - **the metrics**, scores Keras reports while training and evaluating. They do not steer
#   training; they are for us to read.

# %%
config = model.get_compile_config()
config["loss"], config["optimizer"]["class_name"], [metric["config"]["name"] for metric in config["metrics"]]

# %% [markdown]
# The chapter asked only for `'accuracy'`. For this model Keras counts *characters*: an answer
# `'27'` when `'28'` is expected is half right. We name that score `char_accuracy` so the log
# says what it measures, and add `exact_match`, which only counts an answer when both
# characters are right. Here is the difference on that one answer: we one-hot encode the
# expected `'28'` and the wrong `'27'` (the second line borrows the terms 9+10+8 only to get an
# encoded `'27'`) and score one against the other.

# %%
_, expected = encode_sum_pairs([[9, 10, 9]], [28], 3, 10)
_, answered = encode_sum_pairs([[9, 10, 8]], [27], 3, 10)
char_accuracy, exact_match = accuracies(expected, answered)
print(f"per-character accuracy {char_accuracy:.0%}, exact-match {exact_match:.0%}")

# %% [markdown]
# A person asking for `9+10+9` would call `'27'` wrong, so exact-match is the score that
# matches our intent. We will watch both in the next notebooks, and see that they can tell
# quite different stories.
#
# ## The untrained model already answers
#
# The network is complete, so it can already be asked a sum. Its weights are random, so its
# answer is too:

# %%
# NBVAL_IGNORE_OUTPUT
ask(model, "9+10+9")

# %% [markdown]
# The answer has the right form, two symbols, because the architecture forces it; the content
# is noise until we train the model in the next notebook.
#
# ## What changed since the chapter's Keras
#
# The chapter was written for Keras 2. The network is the same, but a few habits have changed:
#
# - **Input shape.** The chapter wrote `LSTM(75, input_shape=(8, 12))`. Passing `input_shape=`
#   to a layer is deprecated in Keras 3 and draws a warning; a model now starts with
#   `keras.Input(shape=(8, 12))`, followed by a plain `LSTM(75)`.
# - **The summary.** The chapter wrote `print(model.summary())`. `summary()` prints the table
#   itself and returns `None`, so the `print` adds a stray line reading `None`. Call it alone.
# - **Metric names.** The chapter asked for `'accuracy'` and saw it logged as `acc`. We ask for
#   `CategoricalAccuracy(name="char_accuracy")` and `ExactMatch()`, so each name says what is
#   counted.
# - **Layer names.** Keras named the chapter's layers `lstm_1`, `repeat_vector_1`, and so on,
#   numbering them anew in every session. Our names, `encoder`, `repeat`, `decoder` and
#   `output`, are stable, so code can find a layer by name.
#
# The parameter counts did not change: 26,400 + 0 + 25,200 + 612 = 52,212, exactly as in the book.

# %% [markdown]
# ## Summary
#
# - The encoder-decoder is a stack of four layers: an LSTM that reads the sum into one vector of
#   75 numbers, `RepeatVector` that copies it once per answer character, an LSTM that unrolls it
#   over the 2 answer steps, and one shared `Dense` layer that picks a symbol at each step.
# - An LSTM layer has 4 × (units × (inputs + units) + units) parameters, whatever the sequence
#   length: 26,400 for the encoder, 25,200 for the decoder; the shared output layer adds 612,
#   for 52,212 in all.
# - Compiling attaches the loss (categorical cross-entropy), the optimiser (Adam) and the
#   scores we read: per-character accuracy and exact-match accuracy.
# - In Keras 3 the input shape goes in `keras.Input`, and `model.summary()` needs no `print`.
#
# **Exercise:** [Exercise 3](../exercises/ex_03_model_size_study.ipynb) (model size against problem size) extends this notebook:
# how big must the network be as the sums get harder? The parameter formula above lets you
# predict the size of each model before you train it (after notebook 9, since it trains models).
#
# **Next:** [8. Fitting the model](08_fitting.ipynb), where these 52,212 weights learn to add.
