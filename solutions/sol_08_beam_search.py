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
# # 8. Beam search against greedy decoding
#
# The aim of this exercise is to replace greedy decoding with **beam search** and to measure,
# on held-out 3-digit sums, whether it answers more of them right. You will write one step of
# the search, then the whole search, check both, run the comparison on models at several
# stages of training, and then find out *which* of greedy decoding's mistakes a better search
# can fix at all.
#
# This notebook comes in two versions: the
# [exercise](../exercises/ex_08_beam_search.ipynb), with the code left for you to write, and
# the [worked solution](../solutions/sol_08_beam_search.ipynb). It extends
# [13. Teacher forcing and an inference loop](../notebooks/13_teacher_forcing.ipynb).
#
# The full experiment trains three models (one per seed) and decodes 10,000 questions 48
# times, a few minutes on a 2-core machine. With `COURSE_QUICK=1` every budget shrinks to a
# smoke test.

# %%
import numpy as np

from addition_lib import ArithmeticProblem
from addition_lib.checks import check_beam_search, check_best_extensions, check_search_errors
from addition_lib.course.budget import budget
from addition_lib.experiments.time_to_target import held_out_task
from addition_lib.teacher_forcing import answer_codes, teacher_forcing_arrays

# %% [markdown]
# ## Greedy decoding's blind spot
#
# Greedy decoding commits at every step to the single most likely next symbol. The answer
# it writes need not be the most likely *answer*. Suppose the decoder's first step gives
# `'1'` a probability of 0.6 and `'9'` 0.38. Greedy writes `'1'`. But if after `'1'` the
# model is unsure of everything (no next symbol above 0.35), while after `'9'` it is sure of
# the end symbol (0.9), then the answer `'9.'` has probability 0.38 × 0.9 = 0.34, more than
# any answer that starts with `'1'` (at most 0.6 × 0.35 = 0.21).
#
# **Beam search** keeps the `beam_width` most likely *partial* answers (the "beam") instead of
# one. At every step it extends each of them by every symbol, scores every extension by its
# probability so far, and keeps the best `beam_width`. Probabilities of long answers get tiny,
# so the score is a sum of **log**-probabilities: `log p(first) + log p(second | first) + ...`.
# An answer that has written the end symbol is finished; it is kept as it is and competes with
# the extensions of the others by its score. With `beam_width=1` beam search is greedy
# decoding.

# %% [markdown]
# ## Task 1: one step of the search
#
# Write `best_extensions(scores, log_probs, k)`. There are `B` beams: `scores` (shape `(B,)`)
# holds each beam's score so far, and `log_probs` (shape `(B, V)`) the log-probability of each
# of the `V` symbols as that beam's next symbol. Extending beam `b` by symbol `v` scores
# `scores[b] + log_probs[b, v]`. Return the `k` best of all `B × V` extensions, **best
# first**, as three arrays of length `k`: the beam of each, its symbol, and its new score. On
# equal scores, the smaller `b * V + v` comes first (`np.argsort(..., kind="stable")` on the
# negated scores does that).
#
# Example: two beams with probabilities 0.5 and 0.3 so far; the first continues with symbol 0
# or 1 with probabilities 0.6 and 0.4, the second with 0.9 and 0.1. The four extensions have
# these probabilities (rows are beams, columns symbols):

# %%
scores, log_probs = np.log([0.5, 0.3]), np.log([[0.6, 0.4], [0.9, 0.1]])
np.exp(scores[:, None] + log_probs).round(2)

# %% [markdown]
# So the two best extensions are beam 0 with symbol 0 (0.30) and beam 1 with symbol 0 (0.27):
# `best_extensions(scores, log_probs, 2)` returns the beams `[0, 1]`, the symbols `[0, 0]` and
# the scores `log([0.30, 0.27])`.

# %%
def best_extensions(scores, log_probs, k):
    """The k best (beam, symbol) extensions, best first: (beams, symbols, new_scores)."""
    # solution
    scores, log_probs = np.asarray(scores), np.asarray(log_probs)
    n_symbols = log_probs.shape[1]
    total = (scores[:, None] + log_probs).ravel()  # every extension, beam by beam
    best = np.argsort(-total, kind="stable")[:k]
    return best // n_symbols, best % n_symbols, total[best]


# %%
check_best_extensions(best_extensions)

# %% [markdown] tags=["solution"]
# The whole step is one array: add each beam's score to its row of log-probabilities, flatten
# the `B × V` totals, and sort them once. Flattening row by row numbers the extension
# `(b, v)` as `b * V + v`, so `// V` and `% V` recover the beam and the symbol. The check
# would have caught ranking by `log_probs` alone (forgetting that the beams start from
# different scores), sorting worst first, and picking the best symbol of each beam instead of
# the best pairs overall.

# %% [markdown]
# ## Task 2: the whole search, for one question
#
# Write `beam_search(step, state, start, end, beam_width, max_length)`. The decoder is given
# as a function: `step(symbol, state)` returns the log-probabilities (shape `(V,)`) of the
# symbol that follows `symbol`, and the decoder's new state. Start from one beam that has read
# `start`, with score 0 and no symbols. Then, for at most `max_length` rounds:
#
# - a beam whose last symbol is `end` is finished: carry it over unchanged;
# - every other beam is extended by every symbol, each extension carrying the new state;
# - keep the `beam_width` candidates with the highest scores (on equal scores, in the order
#   they were listed: beam by beam, symbols in order; Python's `sorted` keeps that order);
# - stop early once every kept beam is finished.
#
# Return the best kept beam as `(symbols, score)`: its list of symbols, `end` included if it
# has one, and its score. You may use your `best_extensions`, or not.
#
# The check runs your search on small table-driven decoders (`ToyDecoder`), one of them built
# like the example at the top of this notebook:

# %%
def beam_search(step, state, start, end, beam_width, max_length):
    """The best answer a beam search finds: (symbols, score)."""
    # solution
    beams = [(0.0, [], state)]  # (score, symbols, decoder state)
    for _ in range(max_length):
        if all(symbols and symbols[-1] == end for _, symbols, _ in beams):
            break
        candidates = []
        for score, symbols, beam_state in beams:
            if symbols and symbols[-1] == end:  # finished: keep it as it is
                candidates.append((score, symbols, beam_state))
                continue
            log_probs, new_state = step(symbols[-1] if symbols else start, beam_state)
            for symbol, log_prob in enumerate(log_probs):
                candidates.append((score + float(log_prob), [*symbols, symbol], new_state))
        beams = sorted(candidates, key=lambda candidate: -candidate[0])[:beam_width]
    score, symbols, _ = beams[0]
    return symbols, score


# %%
check_beam_search(beam_search)

# %% [markdown] tags=["solution"]
# On the example from the top (symbols `0`, `1` and the end symbol `2`; the decoder starts
# from symbol `3`), greedy decoding and a beam of two:

# %% tags=["solution"]
from addition_lib.checks.ex08_beam_search import ToyDecoder

table = np.full((3, 4, 3), 1 / 3)
table[0, 3] = [0.6, 0.38, 0.02]  # first step
table[1, 0] = [0.35, 0.35, 0.3]  # after symbol 0: unsure
table[1, 1] = [0.05, 0.05, 0.9]  # after symbol 1: sure of the end
toy = ToyDecoder(table, "example")
for width in (1, 2):
    symbols, score = beam_search(toy, 0, toy.start, toy.end, width, 3)
    print(f"beam_width={width}: {symbols}, probability {np.exp(score):.3f}")

# %% [markdown] tags=["solution"]
# Greedy writes `0` and is stuck with it; the beam of two keeps `1` alive and finds the answer
# the model likes most. Two details the check looks at: a finished beam must not be extended
# (it would then be scored for symbols after its end), and the beam is cut to `beam_width`
# over *all* candidates, not per beam.
#
# The library's `beam_decode(model, X, beam_width)` runs the same search for a whole batch of
# questions at once, on the decoder's step model from notebook 13. A finished beam's only
# "extension" is itself at no cost, so every beam takes part in every step's one model call.
# The library's tests check that it finds, question by question, what a search like yours
# finds.

# %% [markdown]
# ## Task 3: does beam search answer more questions right?
#
# Train a teacher-forced model like notebook 13's on 2 terms of 1..999 (input reversed, 153
# units, batches of 128, Adam from 0.01 with a cosine over 3,000 steps), for each of three
# seeds. Stop at each of the snapshots below (after 750, 1,000, 1,500 and 3,000 steps, so
# that you see models at very different stages of learning), and decode the same
# 10,000 held-out test questions with beam widths 1 (greedy), 2, 4 and 8, using `beam_decode`.
# Score exact-match, and time each decoding.
#
# The pieces, from notebook 13 and the library:
#
# - `training_stream(task, n, seed=seed)` draws `n` training questions that avoid the test and
#   check questions; `teacher_forcing_arrays(problem, questions)` gives `([X, previous], y)`;
# - `build_teacher_forcing(problem, units=..., learning_rate=..., decay_steps=..., seed=...)`;
#   calling `model.fit` again on the next slice of the training arrays carries on where the
#   last call stopped (the optimizer keeps its step count);
# - `beam_decode(model, X_test, width)` returns `(codes, scores)`: each question's answer
#   codes, `-1` after the end symbol, as `answer_codes` writes the true answers below, and
#   its log-probability;
# - Task 4 will also need, at each snapshot, the log-probability the model gives each true
#   answer: `answer_log_probs(model, X_test, true_codes)`. Keep it with your results.
#
# ```python
# import time
# from addition_lib.beam_search import answer_log_probs, beam_decode
# from addition_lib.teacher_forcing import build_teacher_forcing
# from addition_lib.experiments.time_to_target import training_stream
# ```
#
# Before you run it, write down what you expect: more answers right with wider beams? At
# every stage of training? At what cost in time?

# %%
# NBVAL_IGNORE_OUTPUT
problem = ArithmeticProblem(2, 999, reverse=True)
task = held_out_task(problem, n_test=10_000, n_check=5_000, seed=0)  # notebook 13's test set
test = task.test[: budget(10_000, 300)]
X_test = teacher_forcing_arrays(problem, test)[0][0]
true_codes = answer_codes(problem, test.answers)
seeds = budget((1, 2, 3), (1,))
snapshots = budget((750, 1_000, 1_500, 3_000), (10, 20))  # steps of 128 questions
widths = (1, 2, 4, 8)
print(f"{len(test):,} test questions; snapshots after {snapshots} steps; widths {widths}")

# %%
# solution
# NBVAL_IGNORE_OUTPUT
import time

from addition_lib.beam_search import answer_log_probs, beam_decode
from addition_lib.experiments.time_to_target import training_stream
from addition_lib.teacher_forcing import build_teacher_forcing

n_steps, batch_size = snapshots[-1], 128
runs = []  # one row per seed, snapshot and beam width
for seed in seeds:
    inputs, targets = teacher_forcing_arrays(problem, training_stream(task, n_steps * batch_size, seed=seed))
    model = build_teacher_forcing(problem, units=153, learning_rate=0.01, decay_steps=n_steps,
                                  steps_per_execution=budget(50, 1), seed=seed)
    done = 0
    for snapshot in snapshots:
        part = slice(done * batch_size, snapshot * batch_size)
        model.fit([inputs[0][part], inputs[1][part]], targets[part], batch_size=batch_size, epochs=1,
                  shuffle=False, verbose=0)
        done = snapshot
        log_p_true = answer_log_probs(model, X_test, true_codes)  # for Task 4
        for width in widths:
            start = time.perf_counter()
            codes, scores = beam_decode(model, X_test, width)
            seconds = time.perf_counter() - start
            right = (codes == true_codes).all(axis=1)
            runs.append({"seed": seed, "steps": snapshot, "width": width, "seconds": seconds,
                         "right": right, "codes": codes, "scores": scores, "log_p_true": log_p_true})
        print(f"seed {seed}, {snapshot:5,} steps: exact-match "
              + ", ".join(f"width {r['width']} {r['right'].mean():.2%}" for r in runs[-len(widths):]))


def runs_at(steps, width):
    return [r for r in runs if r["steps"] == steps and r["width"] == width]


# %%
# solution
# NBVAL_IGNORE_OUTPUT
print(f"{'steps':>6}  " + "  ".join(f"{f'width {w}':>16}" for w in widths))
for steps in snapshots:
    cells = []
    for width in widths:
        exact = [r["right"].mean() for r in runs_at(steps, width)]
        cells.append(f"{np.mean(exact):7.2%} ± {np.std(exact):5.2%}")
    print(f"{steps:6,}  " + "  ".join(f"{cell:>16}" for cell in cells))
print("\nseconds to decode the test questions (mean over every snapshot and seed):")
print("  ".join(f"width {w}: {np.mean([r['seconds'] for r in runs if r['width'] == w]):.2f} s" for w in widths))

# %% [markdown] tags=["solution"]
# Mean and standard deviation over the three seeds. The seeds differ a lot (the third one
# learns late), so compare the widths within a row: they all decode the same models. In the
# run stored here beam search moves exact-match by less than half a point at every stage:
# +0.3 points on the weakest models (750 steps, 66.4% to 66.7%), +0.3 after 1,000 steps
# (92.5% to 92.8%), +0.15 after 1,500, and +0.01 at the end (99.94% against 99.95%). A beam
# of 4 finds exactly what a beam of 8 finds: the answers are at most five symbols long.
# Meanwhile the cost grows with the width, since every step runs the decoder on `beam_width`
# times as many rows: 0.9 s for greedy, 3.8 s for a beam of 8. How often does the beam change an
# answer at all, and is the change for the better?

# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
print(f"{'steps':>6}  {'width':>5}  {'answers changed':>15}  {'fixed':>6}  {'broken':>6}")
for steps in snapshots:
    for width in widths[1:]:
        changed = fixed = broken = 0
        for greedy, beam in zip(runs_at(steps, 1), runs_at(steps, width), strict=True):
            changed += (greedy["codes"] != beam["codes"]).any(axis=1).sum()
            fixed += (~greedy["right"] & beam["right"]).sum()
            broken += (greedy["right"] & ~beam["right"]).sum()
        print(f"{steps:6,}  {width:5}  {changed / len(seeds):15.1f}  {fixed / len(seeds):6.1f}  "
              f"{broken / len(seeds):6.1f}")

# %% [markdown] tags=["solution"]
# (Answers per 10,000, averaged over the seeds.) On the weakest models the beam changes
# about 270 answers in 10,000, but only about a quarter of its changes fix a wrong answer (69),
# and more than half as many break a right one (41); by the end it changes one or two (1.3 on
# average), fixing one and breaking none. Why does a better search help so little, and how
# can it break right answers? Task 4 looks at what kind of mistake greedy decoding makes.

# %% [markdown]
# ## Task 4: which mistakes can a search fix?
#
# A decoder's wrong answer has one of two causes:
#
# - a **search error**: the model gives the true answer a *higher* probability than the wrong
#   answer the search returned. A better search (a wider beam) could have found the true one.
# - a **model error**: the model itself gives the wrong answer at least as high a probability
#   as the true one. A search that finds the model's favourite answer still answers wrong;
#   only a better model fixes that.
#
# First write `search_errors(log_p_true, log_p_found, found_right)`: three arrays of shape
# `(n,)`, the log-probability the model gives the true answer, the one it gives the answer
# the search found, and whether that answer is right. Return a boolean array, True where the
# answer is a search error.

# %%
def search_errors(log_p_true, log_p_found, found_right):
    """True for each wrong answer whose true answer the model scores higher."""
    # solution
    log_p_true, log_p_found = np.asarray(log_p_true), np.asarray(log_p_found)
    found_right = np.asarray(found_right, dtype=bool)
    return ~found_right & (log_p_true > log_p_found)


# %%
check_search_errors(search_errors)

# %% [markdown]
# Now count greedy decoding's mistakes by kind, at each snapshot: how many are search errors
# and how many model errors? `beam_decode` returned the log-probability of the answers it
# found, and you kept that of the true answers. Of the search errors, how many did the widest
# beam fix? Then explain, in a markdown cell, what you found in Tasks 3 and 4.

# %%
# solution
# NBVAL_IGNORE_OUTPUT
kinds = []
for steps in snapshots:
    for greedy, widest in zip(runs_at(steps, 1), runs_at(steps, widths[-1]), strict=True):
        search = search_errors(greedy["log_p_true"], greedy["scores"], greedy["right"])
        kinds.append({"seed": greedy["seed"], "steps": steps, "wrong": int((~greedy["right"]).sum()),
                      "search": int(search.sum()), "fixed_by_beam": int((search & widest["right"]).sum())})
print(f"{'steps':>6}  {'greedy wrong':>12}  {'search errors':>13}  {'model errors':>12}  "
      f"{f'width {widths[-1]} fixed':>14}")
for steps in snapshots:
    rows = [k for k in kinds if k["steps"] == steps]
    wrong, search = sum(k["wrong"] for k in rows), sum(k["search"] for k in rows)
    fixed = sum(k["fixed_by_beam"] for k in rows)
    print(f"{steps:6,}  {wrong / len(rows):12.1f}  {search / len(rows):13.1f}  "
          f"{(wrong - search) / len(rows):12.1f}  {fixed / len(rows):14.1f}")

# %% [markdown] tags=["solution"]
# (Per 10,000 test questions, averaged over the seeds.) In the run stored here, most of the
# mistakes greedy decoding makes are **model errors**: 97% of them after 750 steps (9,822 of
# 10,076 over the three seeds) and 83% at the end, where only 18 are left (15 of them). The
# model really does prefer the wrong answer it wrote, so a search that finds the most likely
# answer, however wide, returns it too. Search errors are the small rest, and a beam of 8
# fixes most of them (208 of 254 after 750 steps, all 3 at the end). That is the whole of
# beam search's gain: comparing with the previous table, every answer the beam fixed was a
# search error. A model error could only be fixed by accident, if the beam happened to drop
# the wrong answer the model prefers on the way.
#
# Why would that be so for addition? A likely reading (these runs do not test it further):
# a sum has one right answer, and its digits follow from the question rather than from a
# choice made earlier in the answer, so when the decoder gets a digit wrong it has misjudged
# the sum, and its probabilities say so. Beam search pays off where many outputs are
# plausible and the best one starts with an unlikely first symbol, as in translation. The
# table also explains the answers the beam *broke*: the beam returns answers the model likes
# more than greedy's, and when the model is wrong, liking an answer more does not make it
# right.
#
# Some of the answers a beam of 8 changed on the weakest models, first seed:

# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
from addition_lib.greedy_decoding import answers_from_codes

greedy, widest = runs_at(snapshots[0], 1)[0], runs_at(snapshots[0], widths[-1])[0]
changed = np.flatnonzero((greedy["codes"] != widest["codes"]).any(axis=1))[:8]
texts = test.texts()
for i, g, b in zip(changed, answers_from_codes(problem, greedy["codes"][changed]),
                   answers_from_codes(problem, widest["codes"][changed]), strict=True):
    print(f"{texts[i]:>8} = {test.answers[i]:5}   greedy {g:6} width {widths[-1]}: {b:6}"
          f"  (log-probabilities {greedy['scores'][i]:6.2f} and {widest['scores'][i]:6.2f})")

# %% [markdown] tags=["solution"]
# ## Record the figures
#
# At full budget the results go to `results/sol_08.json` and the results table
# (`python scripts/record_results.py sol_08` reruns this notebook); under `COURSE_QUICK=1`
# nothing is written.

# %% tags=["solution"]
# NBVAL_IGNORE_OUTPUT
from addition_lib.course.results import record

for steps in (snapshots[0], snapshots[-1]):
    exact = {w: [float(r["right"].mean()) for r in runs_at(steps, w)] for w in widths}
    rows = [k for k in kinds if k["steps"] == steps]
    wrong, search = sum(k["wrong"] for k in rows), sum(k["search"] for k in rows)
    row = record(
        "sol_08",
        f"beam search vs greedy decoding, teacher-forced model after {steps:,} steps of 128, "
        f"2 terms of 1..999, {len(test):,} held-out questions, seeds {', '.join(map(str, seeds))}",
        "exact-match " + ", ".join(f"width {w} {np.mean(exact[w]):.2%}" for w in widths)
        + f"; of greedy's wrong answers {search / max(wrong, 1):.0%} are search errors",
        None,
        seconds=float(np.mean([r["seconds"] for r in runs if r["width"] == widths[-1]])),
        details={"exact_match": exact, "wrong": wrong, "search_errors": search,
                 "seconds": {w: float(np.mean([r["seconds"] for r in runs_at(steps, w)])) for w in widths}},
    )
    print(row["result"])

# %% [markdown] tags=["solution"]
# ## Summary
#
# - `best_extensions` is beam search's step: add each beam's score to its next-symbol
#   log-probabilities and keep the best `k` pairs overall. `beam_search` repeats it, carrying
#   finished answers over unchanged; with a width of 1 it is greedy decoding.
# - On held-out 3-digit sums, beam search moves exact-match by less than half a point at
#   any stage of training (and hardly at all once the model is good), while its cost grows
#   with its width.
# - The reason is in the kinds of mistake: greedy decoding's wrong answers are mostly
#   model errors (the model prefers the wrong answer), which no search can fix. Beam search
#   fixes search errors only, and addition leaves few of them.

# %% [markdown]
# **Back to:** [13. Teacher forcing and an inference loop](../notebooks/13_teacher_forcing.ipynb).
