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
# # 12. Inside the LSTM
#
# Until now the encoder and the decoder were two boxes labelled `LSTM(75)` and `LSTM(50)`.
# This notebook opens them. We write down what one LSTM step computes, you compute it yourself
# in a few lines of NumPy with the trained model's own weights, and then we use that code to
# watch the encoder read a sum, one character at a time. Finally we look at what the decoder
# really outputs: not an answer, but a probability for every symbol.
#
# In this notebook you will learn:
#
# - what one LSTM step computes: four gates, a cell state and a hidden state, as a drawing and
#   as equations;
# - how Keras stores an LSTM layer's weights, and in which order the four gates sit;
# - how to write one LSTM step in NumPy that reproduces the trained encoder exactly (to within
#   rounding);
# - how the encoder's hidden state moves while it reads a question, and what a digit and a `+`
#   each do to it;
# - what the decoder's softmax output looks like for right and wrong answers, how sure the model
#   is when it is right, and where the probability goes when it is wrong.

# %% [markdown]
# ## The trained model
#
# As in notebooks 9 and 10, `load_or_train_chapter_model` loads the model that notebook 8 saved,
# or trains it first (same recipe, same seed; about ten seconds) if you start here.

# %%
import numpy as np

from addition_lib import (
    all_sum_pairs,
    decode_batch,
    encode_sum_pairs,
    encoder_of,
    load_or_train_chapter_model,
    show_source,
)
from addition_lib.checks.nb12_inside_the_lstm import check_lstm_step
from addition_lib.lstm_cell import lstm_run, lstm_step, lstm_weights
from addition_lib.plots import (
    answer_confidence,
    plot_answer_probabilities,
    plot_lstm_step,
    plot_lstm_unrolled,
    plot_reading_paths,
    share_explained_by_total,
    state_moves,
)

model = load_or_train_chapter_model()

# %% [markdown]
# ## One LSTM step, drawn
#
# An LSTM reads a sequence one element at a time. At each time step $t$ it takes the current
# input $x_t$ (for the encoder, one character as a one-hot vector of 12 numbers) and two vectors
# it kept from the step before:
#
# - the **cell state** $c_{t-1}$, its memory, which runs along the top of the drawing;
# - the **hidden state** $h_{t-1}$, its output at the previous step, along the bottom.
#
# It produces the new $c_t$ and $h_t$. In between sit four small layers, each with its own
# weights: three **gates** and one **candidate**.

# %%
plot_lstm_step()

# %% [markdown]
# Read the drawing from the bottom up. Every gate looks at the same two things, $x_t$ and
# $h_{t-1}$, and each squashes its result:
#
# - the **forget gate** $f_t$ (sigmoid, so each of its numbers lies between 0 and 1) decides how
#   much of each memory number to keep: 1 keeps it, 0 wipes it;
# - the **candidate** $g_t$ (tanh, between -1 and 1) is new content that could be written into
#   the memory;
# - the **input gate** $i_t$ (sigmoid) decides how much of the candidate is actually written;
# - the **output gate** $o_t$ (sigmoid) decides how much of the memory, squashed by tanh, is shown
#   as the new hidden state $h_t$.
#
# The memory line on top has no squashing function on it, only a multiplication and an
# addition. That is the LSTM's central idea: information can travel along it for many steps
# without being squeezed at every step, and the gates learn when to keep, write and show it.
#
# ## The same step as equations
#
# Here is everything in the drawing, in the same notation. The vectors are rows, as in NumPy
# (`x @ W`); $\sigma(z) = 1 / (1 + e^{-z})$ is the sigmoid and $\odot$ multiplies element by
# element. With $u$ units (75 for our encoder):
#
# $$z_t = x_t W + h_{t-1} U + b \qquad \text{(} 4u \text{ numbers: all four layers at once)}$$
#
# $$z_t = \big[\, z_t^{i} \;\big|\; z_t^{f} \;\big|\; z_t^{g} \;\big|\; z_t^{o} \,\big]
# \qquad \text{(four blocks of } u \text{ numbers)}$$
#
# $$i_t = \sigma(z_t^{i}) \qquad f_t = \sigma(z_t^{f}) \qquad g_t = \tanh(z_t^{g})
# \qquad o_t = \sigma(z_t^{o})$$
#
# $$c_t = f_t \odot c_{t-1} + i_t \odot g_t$$
#
# $$h_t = o_t \odot \tanh(c_t)$$
#
# Before the first character, both states are zero: $h_0 = c_0 = 0$.
#
# ## The encoder, unrolled over a question
#
# The encoder applies this one step to each of the 8 characters of the padded question, passing
# $c$ and $h$ along. Drawn side by side, one box per time step ("unrolled"), it looks like this
# for `'  9+10+9'` (a `␣` is a padding space):

# %%
plot_lstm_unrolled("  9+10+9", units=75)

# %% [markdown]
# Every box is the same step with the same weights $W$, $U$ and $b$; only the input and the
# states change. That is why the encoder's parameter count (notebook 7) does not depend on the
# number of steps. Keras's `LSTM(75)` without `return_sequences` returns only the last hidden
# state, $h_8$: the 75 numbers notebook 11 looked at, and all the decoder gets to see.
#
# ## Where Keras keeps $W$, $U$ and $b$
#
# Keras names the three arrays `kernel` ($W$), `recurrent_kernel` ($U$) and `bias` ($b$), and
# stores the four blocks side by side along their last axis, in the order **i, f, c, o**: input
# gate, forget gate, candidate, output gate. (Keras calls the candidate "c"; we write $g$ so that
# it is not confused with the cell state $c_t$.) So for the encoder, columns 0 to 74 belong to
# the input gate, 75 to 149 to the forget gate, 150 to 224 to the candidate and 225 to 299 to
# the output gate. `lstm_weights` takes the three arrays out of a layer:

# %%
weights = lstm_weights(model, "encoder")  # the three arrays, in this order
for name, array in zip(["kernel", "recurrent_kernel", "bias"], weights, strict=True):
    print(f"{name:17} shape {str(array.shape):10} {array.dtype}")

# %% [markdown]
# One sign that the order is right: Keras starts the forget gate's biases at 1 instead of 0
# (`unit_forget_bias=True`), so that a new LSTM keeps its memory by default. Average the bias
# over each block of 75, and the forget block should stand out:

# %%
# NBVAL_IGNORE_OUTPUT
gates = ["input i", "forget f", "candidate g", "output o"]
for gate, block in zip(gates, weights.bias.reshape(4, 75), strict=True):
    print(f"{gate:12} mean bias {block.mean():+.2f}")

# %% [markdown]
# The forget block's biases are still near 1 after training, the others near 0.
#
# ## Your turn: one LSTM step in NumPy
#
# Write `my_lstm_step(x, h, c, kernel, recurrent_kernel, bias)`. It gets
#
# - `x`, one character: shape `(12,)`;
# - `h` and `c`, the previous hidden and cell states: shape `(75,)` each;
# - the encoder's `kernel` `(12, 300)`, `recurrent_kernel` `(75, 300)` and `bias` `(300,)`,
#
# and returns the pair `(h_new, c_new)`, each of shape `(75,)`, following the equations above.
# Make it work for any number of units (the check also tries small cells), and do not change
# the arrays you are given: compute new ones.
#
# Hints: `np.split(z, 4)` cuts `z` into four equal blocks; NumPy has `np.tanh` but no sigmoid,
# so write `1 / (1 + np.exp(-z))`. To try your function on the first character of a question
# (a padding space, the last of the 12 symbols) from zero states, call
# `my_lstm_step(np.eye(12)[11], np.zeros(75), np.zeros(75), *weights)`: `*weights` passes the
# three arrays in the right order.

# %%
def my_lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    """One LSTM step: return (h_new, c_new). Replace the line below with your code."""
    raise NotImplementedError


# %% [markdown]
# Run the check (while the cell above is untouched, it only says "not attempted yet"). It
# calls your function on a one-unit cell small enough to follow with pen and paper, on the
# encoder's own weights, and on 20 random cells, and compares each result with the library's
# step. If every case is right, it runs your step over the 8 characters of `'  9+10+9'` from
# zero states and compares your final $h$ with what the Keras encoder returns. Keras computes
# in 32-bit floats, so the two may differ by rounding; the check accepts a difference of up to
# $10^{-5}$ in each number. When something is wrong, it shows the call, the numbers it
# expected and received, and, if it recognises the slip (the blocks read in another order,
# sigmoid and tanh swapped, the previous cell state left out, an argument changed in place,
# ...), it says which.

# %%
check_lstm_step(my_lstm_step, model)

# %% [markdown]
# ## The library's step
#
# Here is the library's version (try yours first). Apart from the argument checks, it is the
# equations line by line:

# %%
show_source(lstm_step)

# %% [markdown]
# Running the encoder means calling that step once per character, starting from zeros, and
# keeping every state along the way:

# %%
show_source(lstm_run)

# %% [markdown]
# `lstm_step` works on a whole batch at once (the `...` in the shapes), so `lstm_run` can read
# all 1,000 questions together. We run it on every question of the problem, and compare the
# last hidden states with the Keras encoder's output:

# %%
# NBVAL_IGNORE_OUTPUT
terms = all_sum_pairs(3, 10)
X_all, y_all = encode_sum_pairs(terms, terms.sum(axis=1), 3, 10)
hs, cs = lstm_run(X_all, *weights)
keras_h = encoder_of(model).predict(X_all, verbose=0)
print(f"hs and cs: {hs.shape}, one state of 75 numbers after each of 8 characters")
print(f"largest difference from the Keras encoder: {np.abs(hs[:, -1] - keras_h).max():.1e}")

# %% [markdown]
# These few lines of NumPy reproduce Keras's encoder on every question, to within float32
# rounding. Nothing else is hidden inside `LSTM(75)`.
#
# One more thing the arrays show: the cell state is not squashed, so it can grow as the
# encoder reads, while the hidden state stays between -1 and 1.

# %%
# NBVAL_IGNORE_OUTPUT
print("largest |c_t| after each character:", np.abs(cs).max(axis=(0, 2)).round(2))
print("largest |h_t| after each character:", np.abs(hs).max(axis=(0, 2)).round(2))

# %% [markdown]
# ## Watch the encoder read
#
# `hs` holds the hidden state after every character of every question: 8,000 points in 75
# dimensions. As in notebook 11, principal component analysis flattens them to 2-D; it is fitted
# on all 8,000 states plus the zero state the encoder starts from. The grey dots are all of them;
# the coloured lines follow five questions, character by character, from the black star (the
# zero state). Squares mark the points reached on a `+`.

# %%
questions = decode_batch(X_all, model.problem.alphabet)
shown = ["   1+1+1", "   1+1+9", "   9+1+1", "   1+9+1", "10+10+10"]
plot_reading_paths(hs, questions, shown)

# %% [markdown]
# What the picture shows:
#
# - **Padding spaces barely move the state.** The first points of every path sit on top of the
#   star.
# - **The strides grow as the question goes on.** The state grows with every character (the
#   cell state builds up, as we just saw), so the last steps take the biggest strides, and the
#   first direction of the PCA is mostly about them.
# - **Digits steer.** `1+1+1` and `1+1+9` share every character up to the last one (so the
#   blue path hides under the orange one until then); the final digit sends them to different
#   places.
# - **The end points line up by the sum**, along the curve of final states that notebook 11
#   found ordered by the sum: `1+1+1` (3) at the bottom right, the three ways of making 11
#   together a little above it, `10+10+10` (30) far away at the top left.
#
# A flat picture keeps only 2 of 75 dimensions, so check what it suggests in all 75. Here are
# the distances between the five final states (straight-line distances in 75 dimensions, the
# same measure as the strides below):

# %%
# NBVAL_IGNORE_OUTPUT
finals = {question.strip(): hs[questions.index(question), -1] for question in shown}
print(" " * 9 + "".join(f"{name:>9}" for name in finals))
for name, h in finals.items():
    print(f"{name:>9}" + "".join(f"{np.linalg.norm(h - other):9.2f}" for other in finals.values()))

# %% [markdown]
# `9+1+1` and `1+9+1` really do end close together. `1+1+9` does not: in 75 dimensions it is
# about as far from them as from `1+1+1`, although the picture puts it next to them. (For
# scale, `10+10+10`, with a sum of 30, is 7 or more away from all four.) It differs
# from the other two in one way: its big term came last, and no `+` followed it. Keep that in
# mind for what follows.
#
# A digit changes the sum read so far, so it is no surprise that it moves the state. What does
# a `+` do? It adds nothing to the sum. Let us measure, over all 1,000 questions, how far one
# character moves the state (the length of the step from $h_{t-1}$ to $h_t$ in all 75
# dimensions):

# %%
# NBVAL_IGNORE_OUTPUT
moves = state_moves(hs)
chars = np.array([list(question) for question in questions])
kinds = {"a padding space": chars == " ", "a digit": np.char.isdigit(chars), "a '+'": chars == "+"}
for kind, where in kinds.items():
    print(f"{kind:16} moves the state by {moves[where].mean():.2f} on average "
          f"({where.sum():,} steps)")

# %% [markdown]
# A `+` moves the state about as far as a digit does, although the total is unchanged. So
# what does it change? Call the *running total* the sum of everything read so far (after
# `'  9+1'` it is 10; after `'  9+1+'` still 10). Among the states the encoder reaches at the
# same step, how much of their spread does the running total explain? `share_explained_by_total`
# answers that (1 means the state is the running total and nothing else). We ask it twice, on
# the same questions: just before their second `+` (after the digit that ends the second term),
# and just after it.

# %%
# NBVAL_IGNORE_OUTPUT
is_plus = chars == "+"
second_plus = is_plus & (is_plus.cumsum(axis=1) == 2)
just_before = np.roll(second_plus, -1, axis=1)  # the character before each second '+'
before = share_explained_by_total(hs, questions, just_before)
after = share_explained_by_total(hs, questions, second_plus)
print(f"explained by the running total, before the second '+': {before:.0%}")
print(f"explained by the running total, after the second '+':  {after:.0%}")

# %% [markdown]
# After the `+`, the running total explains clearly more of the state than just before it.
# Just after a digit, the encoder's state still holds details of how the total was made (which
# digits, in which order); the `+` is where much of that detail is dropped and the state moves
# closer to "the total so far", ready for the next term. Nobody programmed this: training found
# it, and it suits the task, since the answer depends on the total alone. It also fits what we
# saw with `1+1+9`, whose last term was never followed by a `+`.

# %% [markdown]
# ## The decoder's real output
#
# So far we have always turned the model's output into text. But the output layer is a softmax:
# for each of the 2 answer steps it gives a probability to each of the 12 symbols, and the
# answer is simply the most probable symbol at each step. Let us look at those probabilities for
# all 1,000 questions. `answer_confidence` gathers, for every answer step, the symbol chosen, its
# probability, the true symbol's probability, and the true symbol's rank.

# %%
# NBVAL_IGNORE_OUTPUT
probabilities = model.predict(X_all, verbose=0)
numbers = answer_confidence(probabilities, y_all)
right = (numbers["true_rank"] == 1).all(axis=1)
print(f"probabilities: {probabilities.shape}; {right.sum()} of {len(right):,} answers right")

# %% [markdown]
# We draw five questions: the right answer the model is most sure of, the right answer it is
# least sure of, and the first, second and last of its wrong answers. (Which ones these are
# depends on the trained model; the text below describes the stored run.)

# %%
# NBVAL_IGNORE_OUTPUT
surest = numbers["p_chosen"].min(axis=1)  # the less sure of the two steps
right_ids = np.flatnonzero(right)
wrong_ids = np.flatnonzero(~right)
chosen_ids = [right_ids[surest[right_ids].argmax()], right_ids[surest[right_ids].argmin()],
              *wrong_ids[[0, 1, -1]]]
print([questions[k] for k in chosen_ids])

# %%
plot_answer_probabilities(probabilities[chosen_ids], y_all[chosen_ids],
                          [questions[k] for k in chosen_ids], model.problem.alphabet)

# %% [markdown]
# The first answer step, the tens digit (or a space for sums below 10), is almost never in
# doubt: in the stored run it is wrong on a single question, `10+10+10`. Nearly all the
# uncertainty is in the second step, the units digit. Look at how it is spread:
#
# - When the model is **right and sure**, one bar takes nearly all the probability.
# - When it is **right but unsure**, the winning bar only just beats its neighbours: the
#   probability is spread over a few adjacent digits, and the answer is right by a narrow margin.
# - When it is **wrong**, the probability is not piled on one wrong digit. It is spread over
#   neighbouring digits, and the chosen one wins with a small share. The true digit may be a
#   close second (the tens digit of `10+10+10` in the stored run) or get almost nothing
#   (`1+1+1`). In the stored run, the model answers 6 to every sum from 3 to 5 (the rare
#   smallest sums, notebook 9's weak spot): it has not learned where those answers lie, and
#   spreads its probability over the digits from about 4 to 7, with 6, the smallest sum it
#   gets right, just ahead.
#
# The numbers over all 1,000 questions:

# %%
# NBVAL_IGNORE_OUTPUT
p_chosen, p_true, rank = numbers["p_chosen"], numbers["p_true"], numbers["true_rank"]
for step in range(2):
    ok = rank[:, step] == 1
    sure = p_chosen[ok, step]
    print(f"answer step {step + 1}: {ok.sum():4} right, with {sure.mean():.0%} on the chosen "
          f"symbol on average (lowest {sure.min():.0%}); {(~ok).sum()} wrong")
wrong = rank > 1
print(f"on the {wrong.sum()} wrong characters: {p_chosen[wrong].mean():.0%} on the chosen "
      f"symbol, {p_true[wrong].mean():.0%} on the true one, which comes second in "
      f"{np.mean(rank[wrong] == 2):.0%} of them")

# %% [markdown]
# So is the probability a useful warning? Group the answers by how much probability the units
# digit got, and count how many of each group are right:

# %%
# NBVAL_IGNORE_OUTPUT
edges = [0, 0.4, 0.6, 0.9, 1.0001]
for low, high in zip(edges, edges[1:], strict=False):
    group = (p_chosen[:, 1] >= low) & (p_chosen[:, 1] < high)
    print(f"units digit chosen with {low:.0%} to {min(high, 1):.0%}: {group.sum():4} answers, "
          f"{right[group].mean():.0%} right")

# %% [markdown]
# A low probability is a real warning: of the answers the model gives with less than 40% on
# the units digit only about half are right, while above about 60% it was right on every
# question in the stored run. The softmax output carries more than the answer: it says how much
# to trust it. (How well a model's probabilities match how often it is really right is called
# its *calibration*; a table like this one is the simplest way to check it.)

# %% [markdown]
# ## Summary
#
# - One LSTM step computes four layers from $x_t$ and $h_{t-1}$: the input, forget and output
#   gates (sigmoid) and the candidate (tanh). The cell state is updated as
#   $c_t = f_t \odot c_{t-1} + i_t \odot g_t$ and the hidden state is $h_t = o_t \odot \tanh(c_t)$.
# - Keras stores the layer as `kernel` $(n, 4u)$, `recurrent_kernel` $(u, 4u)$ and `bias`
#   $(4u)$, with the gate blocks in the order i, f, c (candidate), o. `lstm_weights` takes them out
#   of a model, `lstm_step` is one step in NumPy, and `lstm_run` reproduces the Keras encoder to
#   within float32 rounding.
# - Reading a question, the encoder's hidden state barely moves on padding, is steered by
#   digits, and is brought closer to the running total by each `+`. The end points line up by
#   the sum, but a 2-D picture can put far-apart states side by side: check distances in all
#   dimensions before trusting it.
# - The decoder outputs a probability for each symbol at each step. The tens digit is almost
#   always certain; doubt sits in the units digit, where wrong answers come with probability
#   spread thinly over neighbouring digits. A low probability is a good sign that the answer may
#   be wrong.
#
# **Exercise:** Exercise 3 in [`../exercises/ex_03_model_size_study.ipynb`](../exercises/ex_03_model_size_study.ipynb)
# (model size vs problem complexity) changes the number of units, and with it the size of
# every state drawn here; `lstm_weights` and `lstm_run` work on any of its models, so you can
# watch a smaller or larger encoder read.
#
# **Next:** notebook 13 replaces the `RepeatVector` decoder with one that reads its own previous
# answer character, the design real sequence-to-sequence models use.
