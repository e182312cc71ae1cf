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
# # 1. The encoder-decoder idea
#
# Most sequence models map a sequence to a single value: the next number in a
# series, or one label for a whole sentence. In this course we build a network
# that maps a sequence to *another sequence*. It reads a sum written out as
# characters, such as `'  9+10+9'`, and writes the answer, `'28'`, one character
# at a time. Nobody tells the network what `+` means; it must work that out from
# examples alone.
#
# In this notebook you will learn:
#
# - how an encoder-decoder LSTM is put together, and the shape of the data at
#   every stage;
# - why the encoder and the decoder do not fit together on their own, and how a
#   `RepeatVector` layer joins them;
# - which problems the same architecture has been used for;
# - the reversed-input trick of Sutskever et al. (2014).
#
# The data pipeline starts in the next notebook. Here we only look at the
# model's plan.

# %% [markdown]
# ## Sequence in, sequence out
#
# Problems where both the input and the output are sequences are called
# *sequence-to-sequence* (seq2seq) or *many-to-many* problems. What makes them
# hard is that the two sequences need not have the same length, and the length
# can change from one example to the next. A sentence of seven English words may
# become nine French ones. Our sums are no different: the question `'  9+10+9'`
# takes 8 characters, the answer `'28'` only 2.
#
# The encoder-decoder answers this with two networks in a row:
#
# 1. The **encoder** reads the whole input, one step at a time, and squeezes it
#    into a single vector of fixed length (here 75 numbers). That vector is all
#    the rest of the model ever learns about the input.
# 2. The **decoder** starts from that vector and writes the output, one step at
#    a time, for as many steps as the output needs (here 2).
#
# Because the vector in the middle has the same size whatever the input was,
# input and output lengths are no longer tied to each other.

# %% [markdown]
# ## The architecture
#
# This is the model the course trains, with the shape of the data between the
# layers. `batch` is the number of sums processed together.
#
# ```mermaid
# flowchart LR
#     X["input sum<br/>'  9+10+9'"] -->|"(batch, 8, 12)"| E["encoder<br/>LSTM, 75 cells"]
#     E -->|"(batch, 75)"| R["RepeatVector(2)"]
#     R -->|"(batch, 2, 75)"| D["decoder<br/>LSTM, 50 cells,<br/>return_sequences=True"]
#     D -->|"(batch, 2, 50)"| O["TimeDistributed(<br/>Dense(12, softmax))"]
#     O -->|"(batch, 2, 12)"| Y["answer<br/>'28'"]
# ```
#
# (The diagram is Mermaid: JupyterLab 4.1 or newer and GitHub draw it. Elsewhere
# you see its text, and the figure further down shows the same shapes.)
#
# Reading from left to right:
#
# - **Input, `(batch, 8, 12)`**: each sum is 8 characters, and each character is
#   a vector of 12 numbers, one per symbol of the alphabet `0`-`9`, `+` and the
#   padding space. Notebooks 3 to 5 build these arrays.
# - **Encoder**: an LSTM that reads the 8 steps and hands on only its *last*
#   output. Its 75 memory cells give 75 numbers per sum: the fixed-length
#   encoding.
# - **`RepeatVector(2)`**: copies the encoding once per output character. Why
#   this is needed is the subject of the next section.
# - **Decoder**: a second LSTM, which this time returns an output at *every* step
#   (`return_sequences=True`): 50 numbers for each of the 2 output characters.
# - **`TimeDistributed(Dense(12, softmax))`**: one small dense layer, applied with
#   the same weights at each output step. It turns the decoder's 50 numbers into
#   12 probabilities, one per symbol; the most likely symbol is the character
#   the model writes.
#
# `addition_lib` builds exactly this model with `build_model`. Its code follows;
# look at the `keras.Sequential([...])` list in the middle, which has one line
# per box of the diagram. Notebook 7 explains every argument, the compile step
# and the metrics, so skim the rest for now.

# %%
from addition_lib import build_model, show_source

show_source(build_model)

# %% [markdown]
# Keras can tell us the shape of each layer's output. (Building the first model loads
# Keras and the backend that does its arithmetic, which takes a few seconds; its first line
# names that backend. The README explains how to choose another.)

# %%
model = build_model()
[(layer.name, layer.output.shape) for layer in model.layers]

# %% [markdown]
# `None` is the batch axis: Keras leaves it open so that the same model takes
# any number of sums at once. Note that the encoder's output has one axis fewer
# than everything after it.

# %% [markdown]
# ## Why the decoder needs `RepeatVector`
#
# An LSTM layer consumes a *sequence*: a 3-D array of shape
# `(batch, time steps, features)`. The encoder is an LSTM without
# `return_sequences`, so it throws away its outputs at the intermediate steps
# and returns one vector per sum: a 2-D array of shape `(batch, 75)`. There is
# no time axis left for the decoder to step along.
#
# Let us try to connect the two directly and see what Keras says.

# %%
import keras  # already loaded (quietly) by addition_lib above

encoding = keras.Input(shape=(75,))  # what the encoder hands on: (batch, 75)
try:
    keras.layers.LSTM(50, return_sequences=True, name="decoder")(encoding)
except ValueError as error:
    print(error)

# %% [markdown]
# The decoder expected 3 dimensions and found 2. The chapter describes this same
# error but gets one word wrong: it says the *decoder's* output is 2-D, where it
# means the *encoder's* output. The decoder is the layer that *needs* 3-D input.
#
# `RepeatVector(n)` is the adapter. It takes the 2-D `(batch, units)` array and
# stacks `n` copies of each row, which gives the 3-D `(batch, n, units)` array an
# LSTM accepts. Here it is on two made-up encodings of 3 numbers each:

# %%
import numpy as np

two_encodings = np.array([[0.1, 0.2, 0.3], [1.0, 2.0, 3.0]])
repeated = keras.ops.convert_to_numpy(keras.layers.RepeatVector(2)(two_encodings))
repeated

# %%
two_encodings.shape, repeated.shape

# %% [markdown]
# Each sum's encoding now appears twice, once for each character of the answer.
# Two choices follow from this, and both are worth keeping in mind:
#
# - **The number of repeats fixes the length of the output.** The decoder runs
#   for exactly as many steps as it receives, so `RepeatVector(2)` means every
#   answer has two characters. Short answers such as `'9'` are padded to `' 9'`,
#   just as the inputs are.
# - **Every decoder step receives the same input.** The decoder cannot tell step
#   1 from step 2 by looking at its input. It tells them apart through its own
#   memory, which changes from one step to the next. That is how it learns to
#   write the tens digit first and the units digit second.
#
# This is the simplest way to join the two halves, and the one the keras-io
# `addition_rnn` example uses too. Translation models often do it differently:
# they hand the encoder's final state to the decoder as its starting state, and
# feed the decoder the character it wrote at the previous step. For answers of
# two characters, the simple adapter is enough.

# %% [markdown]
# The same shapes, drawn to scale for one sum (the batch axis is left out).
# Each box is as wide as the number of features and has one band per time step.

# %%
# NBVAL_IGNORE_OUTPUT
import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

stages = [  # (name, time steps, features per step); None: no time axis
    ("input", 8, 12),
    ("encoder output", None, 75),
    ("RepeatVector", 2, 75),
    ("decoder output", 2, 50),
    ("answer", 2, 12),
]
band, gap = 4, 18
fig, ax = plt.subplots(figsize=(10, 2.4))
left = 0
for name, steps, features in stages:
    shape = f"({features},)" if steps is None else f"({steps}, {features})"
    for step in range(steps or 1):
        ax.add_patch(Rectangle((left, step * band), features, band,
                               facecolor="tab:orange" if steps is None else "tab:blue",
                               edgecolor="white", alpha=0.8))
    ax.text(left + features / 2, -3, f"{name}\n{shape}", ha="center", va="top")
    if left:
        ax.annotate("", xy=(left - 2, 4), xytext=(left - gap + 2, 4),
                    arrowprops={"arrowstyle": "->"})
    left += features + gap
ax.set_xlim(-8, left - gap + 8)
ax.set_ylim(-16, 8 * band + 2)
ax.set_aspect("equal")
ax.axis("off")
ax.set_title("One sum flowing through the model: only the encoder output has no time axis")
plt.show()

# %% [markdown]
# ## Where the architecture is used
#
# The encoder-decoder design comes from machine translation (Cho et al., 2014;
# Sutskever et al., 2014). The same plan, "read everything into one vector, then
# write from it", has been applied to many problems where the input and the
# output are both sequences:
#
# | Task | Input sequence | Output sequence |
# |---|---|---|
# | Machine translation | a sentence in English | the sentence in French |
# | Learning to execute | the characters of a short program | the characters it prints |
# | Image captioning | an image, read by a convolutional encoder | a sentence describing it |
# | Conversation | a question or remark | a reply |
# | Gesture to command | a sequence of movements | a sequence of commands |
#
# (Translation: Cho et al. and Sutskever et al., 2014. Learning to execute:
# Zaremba and Sutskever, 2014. Captioning: Vinyals et al., 2014. Conversation:
# Vinyals and Le, 2015.)
#
# Our addition task is a small cousin of "learning to execute": the "program" is
# a sum, and the model must produce its result without being told the rules of
# arithmetic. The captioning row shows that the encoder need not be an LSTM at
# all: any network that turns the input into a fixed-length vector will do.
#
# Cho et al. also plotted the vectors their encoder produced and found that
# phrases with similar meanings ended up close together. The encoder does not
# just compress its input; it organises it. A later notebook looks at the
# vectors our own encoder learns for sums.

# %% [markdown]
# ## The reversed-input trick
#
# Sutskever et al. (2014) reported a surprisingly simple improvement for
# translation: feed the encoder the source sentence *backwards*, and leave the
# target sentence as it is. In the normal order, the first word of the
# translation is often related to the first word of the source, yet the encoder
# reads that word first and the decoder needs it only after the encoder has read
# everything else, so the link between the two spans the whole sentence.
# Reversed, the first source word is the *last* thing the encoder reads, right
# before the decoder starts writing. Many links become short, and short links
# are much easier for gradient descent to find. The
# authors counted this among the key ingredients of their results, especially
# on long sentences.
#
# For our sums, reversing the input is one line of Python:

# %%
question = "  9+10+9"
question[::-1]

# %% [markdown]
# Reversing characters (not terms) does something extra here: every number is
# now read from its units digit upwards (`'10'` becomes `'01'`), which is the
# order in which you add by hand, carrying as you go. The answer is still written
# tens digit first. Whether the trick helps on this problem is not obvious, and
# that makes it a good experiment.

# %% [markdown]
# ## Summary
#
# - An encoder-decoder LSTM reads the whole input into one fixed-length vector
#   (75 numbers here) and writes the output from that vector, so input and output
#   may have different lengths.
# - The encoder's output is 2-D, `(batch, units)`; an LSTM decoder needs 3-D
#   input, `(batch, steps, features)`. `RepeatVector` repeats the encoding once
#   per output step and so fixes the length of the output.
# - `TimeDistributed` applies the same dense layer at every output step, turning
#   the decoder's output into one probability per symbol.
# - The same design has been used for translation, learning to execute programs,
#   image captioning, conversation and gesture-to-command problems.
# - Reversing the input sequence made translation much easier for Sutskever et
#   al., because it shortens the distance between related input and output steps.
#
# **Exercises:** two exercises extend this notebook, the first two you meet.
# [Exercise 1](../exercises/ex_01_seq2seq_problems.ipynb) (ten sequence-to-sequence problems) asks you to sort
# problems by the shapes of their data and to find ten that could use this
# architecture; [Exercise 7](../exercises/ex_07_reversed_input.ipynb) (reverse the input) tests the
# reversed-input trick on our sums, and is best done after notebook 9.
#
# **References:** Cho et al., *Learning Phrase Representations using RNN
# Encoder-Decoder for Statistical Machine Translation* (2014),
# <https://arxiv.org/abs/1406.1078>; Sutskever, Vinyals and Le, *Sequence to
# Sequence Learning with Neural Networks* (2014),
# <https://arxiv.org/abs/1409.3215>; Vinyals et al., *Show and Tell* (2014),
# <https://arxiv.org/abs/1411.4555>; Zaremba and Sutskever, *Learning to
# Execute* (preprint 2014, ICLR 2015; the chapter gives both years),
# <https://arxiv.org/abs/1410.4615>; Vinyals and Le, *A Neural
# Conversational Model* (2015), <https://arxiv.org/abs/1506.05869>.
#
# **Next:** [2. Generating sum pairs](02_sum_pairs.ipynb)
