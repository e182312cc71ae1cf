"""The chapter's list-based data pipeline, re-expressed for benchmarking.

This follows the chapter's algorithm step for step (Python ``random`` for the
terms, string formatting, a dict lookup per character, a fresh list per one-hot
vector, ``numpy.array`` at the very end) but without the argument checks of
:mod:`addition_lib.step_by_step`, so the baseline is not slowed down by our validation.
Where we deviate from the chapter, we make the baseline faster, never slower
(for example ``" " * k`` for the padding instead of joining a list of spaces),
so the speed-up that benchmarks/pipeline_speed.py reports is a lower bound.
"""

from __future__ import annotations

import random
from math import ceil, log10

import numpy as np


def chapter_generate_data(n_samples, n_numbers, largest, alphabet):
    terms = [[random.randint(1, largest) for _ in range(n_numbers)] for _ in range(n_samples)]
    sums = [sum(row) for row in terms]

    in_width = int(n_numbers * ceil(log10(largest + 1)) + n_numbers - 1)
    out_width = int(ceil(log10(n_numbers * (largest + 1))))
    x_text = []
    for row in terms:
        text = "+".join(str(term) for term in row)
        x_text.append(" " * (in_width - len(text)) + text)
    y_text = []
    for total in sums:
        text = str(total)
        y_text.append(" " * (out_width - len(text)) + text)

    lookup = {symbol: code for code, symbol in enumerate(alphabet)}
    x_codes = [[lookup[char] for char in text] for text in x_text]
    y_codes = [[lookup[char] for char in text] for text in y_text]

    def one_hot(sequences):
        encoded = []
        for sequence in sequences:
            rows = []
            for code in sequence:
                vector = [0 for _ in range(len(alphabet))]
                vector[code] = 1
                rows.append(vector)
            encoded.append(rows)
        return encoded

    return np.array(one_hot(x_codes)), np.array(one_hot(y_codes))
