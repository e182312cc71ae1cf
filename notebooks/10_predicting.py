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
# # 10. Making predictions
#
# A trained model is only useful if we can put questions to it and read its answers. This
# notebook does that, first the chapter's way and then with sums you type yourself.
#
# In this notebook you will learn:
#
# - how to print predictions in the chapter's `question = answer (expect truth)` format;
# - how a typed sum such as `'9+10+9'` is turned into the model's input, and the answer back into text;
# - what the model does with questions outside its training: two terms instead of three, or
#   terms bigger than 10;
# - what happens when the input cannot be encoded at all, and how the errors tell you why.

# %% [markdown]
# ## The trained model
#
# As in notebook 9, `load_or_train_chapter_model` loads the model notebook 8 saved, or trains
# and saves it first if it is missing.

# %%
import numpy as np

from addition_lib import (
    ask,
    decode_batch,
    generate_data,
    invert,  # noqa: F401  (for your prediction line below)
    load_or_train_chapter_model,
    prediction_lines,
    show_source,
)
from addition_lib.checks import check_prediction_line
from addition_lib.evaluation import encode_question

model = load_or_train_chapter_model()

# %% [markdown]
# ## Ten predictions, the chapter's way
#
# Draw ten random sums, predict, and decode the question, the model's answer and the true
# answer back into text, one line per sum in the chapter's form, `'  9+10+9 = 27 (expect 28)'`.
#
# **Your turn.** `my_prediction_line(x, y_hat, y, alphabet)` writes one such line. `x` is one
# encoded question, `y_hat` the model's probabilities for its answer and `y` the true answer,
# each a 2-D array (one row per character). Decode each with `invert` (notebook 6, already
# imported here) and keep the padding: `invert(x, alphabet) + " = " + ...`. Replace the
# `raise` line, run the cell, and read what the check says.

# %%
def my_prediction_line(x, y_hat, y, alphabet):
    # Write your code here.
    raise NotImplementedError


check_prediction_line(my_prediction_line)

# %% [markdown]
# The library's `prediction_lines` does the same for a whole batch, with one call to `predict`:

# %%
show_source(prediction_lines)

# %% [markdown]
# The chapter predicts one sum at a time in a loop; `prediction_lines` sends all ten to
# `model.predict` at once, which is faster and gives the same answers.

# %%
# NBVAL_IGNORE_OUTPUT
X, y = generate_data(10, 3, 10, seed=4)
print("\n".join(prediction_lines(model, X, y)))

# %% [markdown]
# Notice the spaces. Every question is padded on the left to 8 characters and every answer to
# 2, exactly as the network sees them, so `' 9'` is the model's way of writing 9. (The book
# prints such lines without the leading spaces; its typesetting dropped them.)
#
# With only 1,000 possible problems, repeats are common: `10+1+5` was drawn twice among these
# ten. And ten random sums rarely include the hard cases from notebook 9, the rarest sums at
# the two ends of the range (the sums below 6 and above 27 are only 2% of all problems). So do not read much into ten right answers in a row; it is
# your turn to choose the questions.

# %% [markdown]
# ## Ask your own sum
#
# `ask(model, "9+10+9")` takes a sum as you would type it and returns the model's answer as text:

# %%
show_source(ask)

# %% [markdown]
# The work happens in `encode_question`: it checks every character, drops any spaces you typed,
# pads the sum on the left to the 8 characters the model expects (`'9+10+9'` becomes
# `'  9+10+9'`), and one-hot encodes it into an array of shape `(1, 8, 12)`, a batch of one.
# `ask` predicts, decodes, and strips the padding from the answer.
#
# **Try it:** change `my_sum` below to any sum of three terms from 1 to 10 and run the cell.

# %%
# NBVAL_IGNORE_OUTPUT
my_sum = "9+10+9"
ask(model, my_sum)

# %% [markdown]
# A few more, with the true answer next to the model's. The first is the smallest possible sum
# and the last two are the largest: the model's known weak spots, at the two ends of the range:

# %%
# NBVAL_IGNORE_OUTPUT
for question in ["1+1+1", "5+5+5", "2+7+9", "10+10+9", "10+10+10"]:
    answer, truth = ask(model, question), sum(int(term) for term in question.split("+"))
    print(f"{question:>9} = {answer:>2}   (true {truth:>2})  {'right' if answer == str(truth) else 'WRONG'}")

# %% [markdown]
# ## Questions the model was never trained on
#
# `ask` happily encodes sums that fit in 8 characters even when they are unlike anything in the
# training data. The model will answer them; the question is whether the answer means anything.
#
# ### Two terms instead of three
#
# `'3+4'` fits: it is padded to `'     3+4'`. But the model only ever saw three terms, so it
# never saw five leading spaces, and nothing told it that a missing term counts as zero. Let us
# ask all 100 two-term sums at once: we encode each with `encode_question`, stack them into one
# batch, and predict once.

# %%
# NBVAL_IGNORE_OUTPUT
pairs = [(a, b) for a in range(1, 11) for b in range(1, 11)]
questions = [f"{a}+{b}" for a, b in pairs]
batch = np.concatenate([encode_question(question, model.problem) for question in questions])
answers = [answer.strip() for answer in decode_batch(model.predict(batch, verbose=0), model.problem.alphabet)]
n_right = sum(answer == str(a + b) for answer, (a, b) in zip(answers, pairs, strict=True))
print(f"right on {n_right} of {len(pairs)} two-term sums")
print(", ".join(f"{question}={answer}" for question, answer in zip(questions[::11], answers[::11], strict=True)))

# %% [markdown]
# Mostly wrong. The model has learned to add *three* terms written in *this* layout, not
# addition in general. A model that handles any number of terms has to be trained on them; that
# is Exercise 4.
#
# ### Terms above 10
#
# Two-digit terms fit too (the check only counts digits), so `'20+20+20'` is encodable. But the
# largest answer the model was ever taught is 30, and it has never seen a term above 10:

# %%
# NBVAL_IGNORE_OUTPUT
for question in ["11+12+13", "20+20+20", "99+99+99"]:
    print(f"{question} = {ask(model, question)}   (true {sum(int(term) for term in question.split('+'))})")

# %% [markdown]
# The model cannot *extrapolate*: it maps anything unfamiliar onto answers it knows. Keep that
# in mind whenever a network answers confidently outside the range of its training data.

# %% [markdown]
# ## Input that cannot be encoded
#
# Some input cannot even be turned into the model's 8 × 12 array. Instead of guessing, `ask`
# stops with an error that says what is wrong. We catch each error and print its message:

# %%
for bad in ["1+2+3+4", "100+1+1", "7-2", "3++4", "", 28]:
    try:
        ask(model, bad)
    except (ValueError, TypeError) as error:
        print(f"{bad!r:10} {type(error).__name__}: {error}")

# %% [markdown]
# Each message names the input and the rule it breaks: too many terms for a 3-term model, a
# term with more digits than 10 has, a symbol outside the 12-symbol alphabet (a subtraction
# model needs a bigger alphabet: Exercise 5), a malformed sum, or a number where a string was
# expected. Spaces are the one thing that is forgiven: `ask(model, "9 + 10 + 9")` works.

# %% [markdown]
# ## Summary
#
# - `prediction_lines(model, X, y)` prints the chapter's `question = answer (expect truth)`
#   lines, padding included, for a whole batch in one prediction call.
# - `ask(model, "9+10+9")` answers a typed sum: it validates, pads and one-hot encodes the
#   question, predicts, and decodes the answer.
# - The model answers anything it can encode, but only sums like its training data make sense:
#   with two terms, or with terms above 10, its answers are mostly wrong.
# - Input it cannot encode raises a `ValueError` or `TypeError` that names the problem.
#
# **Exercise:** none extends this notebook on its own. [Exercise 4](../exercises/ex_04_variable_terms.ipynb) (a variable number
# of terms, from notebook 2) trains a model that answers two-term and three-term sums alike.
#
# **Next:** [11. The complete example](11_complete_example.ipynb): the whole chapter in one
# notebook, and a look inside the encoder.
