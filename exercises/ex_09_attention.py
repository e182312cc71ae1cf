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
# # 9. Dot-product against additive attention
#
# It extends [14. Attention](../notebooks/14_attention.ipynb), whose model it starts from.
#
# The aim of this exercise is to compare the two classic ways of scoring a key against a
# query, the **dot product** (notebook 14's model) and **additive** attention, on 3-digit
# addition written reversed and written plainly. You will compute additive attention's
# weights by hand from a model's own numbers, set up a fair comparison over three seeds,
# run it, and read what the two scores do differently.
#
# This notebook comes in two versions: the
# [exercise](../exercises/ex_09_attention.ipynb), with the code left for you to write, and
# the [worked solution](../solutions/sol_09_attention.ipynb).
#
# The full experiment trains twelve models, about ten minutes on a busy 2-core machine.
# With the environment variable `COURSE_QUICK=1` every budget shrinks to a smoke test (the
# numbers then mean nothing).

# %%
import numpy as np

from addition_lib import ArithmeticProblem, Questions
from addition_lib.attention import attention_parts, build_attention
from addition_lib.checks import check_additive_weights, check_setups
from addition_lib.course.budget import budget

# %% [markdown]
# ## Additive attention
#
# The dot product scores query `q` against key `k` as `q · k`: large when the two point the
# same way. **Additive** attention (Bahdanau and colleagues' original form) adds them
# instead, squashes each of the `units` numbers of the sum with `tanh`, and weighs them with
# a learned vector `scale` of `units` numbers:
#
# `score(q, k) = sum(scale * tanh(q + k))`
#
# Keras's `AdditiveAttention` layer computes exactly that (its `scale` is a trained weight
# of the layer). The weights are then, as before, the softmax of each step's scores over
# the input positions. Because of the `tanh`, no single number of the sum can push a score
# arbitrarily high; because of `scale`, the model learns which of the `units` directions
# matter for matching.
#
# `build_attention(problem, score="additive")` builds notebook 14's model with this layer.

# %% [markdown]
# ## Task 1: additive weights by hand
#
# Write `my_additive_weights(queries, keys, scale)`: `queries` has shape `(steps, units)`,
# `keys` `(n_in, units)` and `scale` `(units,)`; return the weights, shape `(steps, n_in)`,
# each row the softmax of that step's scores. NumPy's broadcasting does it without a loop:
# `queries[:, None, :] + keys[None, :, :]` has shape `(steps, n_in, units)`.
#
# The check runs your function on a small case, on an (untrained) additive model's own
# numbers and on random ones:

# %%
model = build_attention(ArithmeticProblem(2, 999, reverse=True), units=32, score="additive",
                        seed=1)
parts = attention_parts(model, Questions.from_lists([[345, 678]]))
queries, keys = parts["queries"][0], parts["keys"][0]
scale = np.asarray(model.get_layer("attention").scale)
print("queries", queries.shape, " keys", keys.shape, " scale", scale.shape)


# %%
def my_additive_weights(queries, keys, scale):
    """Additive attention weights: softmax over j of sum(scale * tanh(q_t + k_j))."""
    # Write your code here.
    raise NotImplementedError


# %%
check_additive_weights(my_additive_weights, queries, keys, scale)

# %% [markdown]
# ## Task 2: a fair comparison
#
# Fill in `setups` for `compare_decoders` (notebook 14 used it for its three decoders):
# two problems, 2 terms of 1..999 written **reversed** and written **plain**, and for each
# the models `"dot"` and `"additive"`, both of kind `"attention"` with 128 units. Pass the
# score through the builder's options, `("attention", 128, {"options": {"score": ...}})`.
# As in notebook 14, the plain question is read both ways (`"bidirectional": True`) and the
# reversed one left to right. Everything else must be the same for the two models: the
# recipe (batches of 128, Adam from 0.005 along a cosine, `decay=True`), 192,000 training
# samples per seed (`n_samples`), 10,000 held-out questions (`n_test`), and `levels` of
# `(0.5, 0.9)` at which the summary reads off the samples each run needed.

# %%
reversed_problem, plain_problem = ArithmeticProblem(2, 999, reverse=True), ArithmeticProblem(2, 999)
n_samples, n_test = budget(192_000, 2_048), budget(10_000, 300)
recipe = {"batch_size": 128, "learning_rate": 0.005, "decay": True,
          "steps_per_execution": budget(50, 8)}
seeds = budget((1, 2, 3), (1,))
setups = {}
# Write your code here.

# %%
check_setups(setups)

# %% [markdown]
# ## Task 3: run it
#
# Run `compare_decoders(setups, seeds=seeds, n_checks=8)`, plot the curves with
# `plot_curve_panels(comparison.curves, level=0.9)` and print `comparison.summary_lines()`.
# Before you run it, write down what you expect: which score learns faster, and does the
# answer depend on how the question is written?
#
# ```python
# from addition_lib.plots import plot_curve_panels
# from addition_lib.decoder_comparison import compare_decoders
# ```

# %%
# Write your code here.
