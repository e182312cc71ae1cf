"""Checks for the model steps' "your turn" cells (notebooks 07, 09 and 10).

=========================  ========  ==============================================
check                      notebook  the student writes
=========================  ========  ==============================================
check_lstm_parameters      07        ``(units, n_features)``
check_chapter_model        07        ``(n_in_seq_length, n_out_seq_length, n_chars,
                                     encoder_units, decoder_units)``
check_split_questions      09        ``(questions, test_fraction, seed)``
check_prediction_line      10        ``(x, y_hat, y, alphabet)``
=========================  ========  ==============================================
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import numpy as np

from ..alphabet import ALPHABET
from ..splits import question_key
from ..step_by_step import invert, to_string
from .chapter_data import one_hot_rows
from .core import (
    CheckFailed,
    build_cases,
    call_student,
    compare_with,
    plain,
    random_int,
    random_largest,
    random_sums,
    run_check,
    same,
    show_value,
    teaching_check,
)

# ---------------------------------------------------------------- 07: the model


def lstm_parameters(units: int, n_features: int) -> int:
    """Weights of an LSTM layer: four gates, each ``units x (n_features + units)`` plus
    biases."""
    return 4 * (units * (n_features + units) + units)


@teaching_check
def check_lstm_parameters(student_fn: Callable, *, n_random: int = 30, seed=0) -> None:
    """Check ``lstm_parameters(units, n_features)``: 26,400 for the chapter's encoder.

    The cases include sizes other than the chapter's, a single unit, and NumPy integers.
    """
    named = [(75, 12), (50, 75), (1, 1), (128, 15), (np.int64(75), np.int64(12))]

    def make_random(rng):
        return random_int(rng, 1, 300), random_int(rng, 1, 300)

    run_check(
        student_fn,
        build_cases(named, make_random, n_random, seed),
        compare_with(lstm_parameters),
    )


@teaching_check
def check_chapter_model(student_fn: Callable, *, n_random: int = 1, seed=0) -> None:
    """Check a model built by ``model(n_in_seq_length, n_out_seq_length, n_chars,
    encoder_units, decoder_units)``.

    The model is judged by what it computes, not by the names of its parts. For each
    case (the chapter's sizes and others, so that nothing may be hard-coded) it must

    * read a batch of shape ``(batch, n_in_seq_length, n_chars)`` and give
      ``(batch, n_out_seq_length, n_chars)``: at each step, probabilities that sum to 1;
    * have exactly the weights of the chapter's four layers (LSTM, RepeatVector, LSTM
      returning sequences, Dense applied at every step): 52,212 for the chapter's sizes;
    * be compiled with Adam, and with a loss that, on a batch, is the categorical
      cross-entropy of the model's own outputs (a loss told ``from_logits=True`` after a
      softmax layer computes something else).
    """
    from .models import judge_seq2seq

    named = [(8, 2, 12, 75, 50), (5, 3, 13, 16, 8), (11, 4, 15, 10, 20)]

    def make_random(rng):
        return (
            random_int(rng, 2, 12),
            random_int(rng, 1, 4),
            random_int(rng, 12, 16),
            random_int(rng, 4, 40),
            random_int(rng, 4, 40),
        )

    def judge(args, result):
        n_in, n_out, n_chars, encoder_units, decoder_units = args
        return judge_seq2seq(result, n_in, n_out, n_chars, encoder_units, decoder_units)

    cases = build_cases(named, make_random, n_random, seed)
    run_check(student_fn, cases, judge)


# ---------------------------------------------------------------- 10: a prediction line


def prediction_line(x, y_hat, y, alphabet=ALPHABET) -> str:
    """``'  9+10+9 = 27 (expect 28)'``: the question, the model's answer and the true
    one, padded."""
    answer, expected = invert(y_hat, alphabet), invert(y, alphabet)
    return f"{invert(x, alphabet)} = {answer} (expect {expected})"


@teaching_check
def check_prediction_line(student_fn: Callable, *, n_random: int = 20, seed=0) -> None:
    """Check ``prediction_line(x, y_hat, y, alphabet)``: one line in the chapter's form.

    ``x`` is one encoded question ``(n_in, n_chars)``, ``y_hat`` the model's
    probabilities for its answer and ``y`` the true answer, both ``(n_out, n_chars)``.
    The line keeps the padding: ``'  9+10+9 = 27 (expect 28)'``. The cases use questions
    of other widths, answers with a spare column, another alphabet, and NumPy arrays as
    well as lists.
    """
    named = [
        (
            one_hot_rows("  9+10+9", ALPHABET),
            _probabilities("27", ALPHABET),
            one_hot_rows("28", ALPHABET),
            ALPHABET,
        ),
        (
            one_hot_rows(" 3+10", ALPHABET),
            _probabilities("13", ALPHABET),
            one_hot_rows("13", ALPHABET),
            ALPHABET,
        ),
        (
            one_hot_rows("33+33+33", ALPHABET),
            _probabilities("100", ALPHABET),
            one_hot_rows(" 99", ALPHABET),
            ALPHABET,
        ),
        (
            one_hot_rows("  9-10-9", (*ALPHABET, "-")),
            _probabilities("-10", (*ALPHABET, "-")),
            one_hot_rows("-10", (*ALPHABET, "-")),
            (*ALPHABET, "-"),
        ),
    ]

    def make_random(rng):
        n_numbers, largest = random_int(rng, 1, 4), random_largest(rng)
        (question,), (answer,) = _one_question(rng, n_numbers, largest)
        guess = "".join(
            str(rng.integers(10)) if rng.random() < 0.3 else char for char in answer
        )
        return (
            one_hot_rows(question, ALPHABET),
            _probabilities(guess, ALPHABET, rng),
            one_hot_rows(answer, ALPHABET),
            ALPHABET,
        )

    cases = build_cases(named, make_random, n_random, seed, arrays=(0, 1, 2))
    run_check(student_fn, cases, compare_with(prediction_line))


def _one_question(rng, n_numbers, largest):
    X, y = random_sums(rng, n_numbers, largest)
    return to_string(X[:1], y[:1], n_numbers, largest)


def _probabilities(text: str, alphabet, rng=None) -> list[list[float]]:
    """Softmax-like rows whose largest value is at each character of ``text``."""
    rng = rng or np.random.default_rng(len(text))
    rows = []
    for char in text:
        row = rng.uniform(0.0, 1.0, len(alphabet))
        row[list(alphabet).index(char)] = 2.0
        rows.append((row / row.sum()).tolist())
    return rows


# ---------------------------------------------------------------- 09: a split that
# cannot leak


@teaching_check
def check_split_questions(student_fn: Callable, *, n_random: int = 30, seed=0) -> None:
    """Check ``split_questions(questions, test_fraction, seed)`` against the rules of a
    split that cannot leak.

    A split is random, so it is not compared with one answer. Instead every result must

    * be a pair ``(train, test)`` of lists of questions;
    * keep every question: ``train`` and ``test`` together hold exactly the input rows;
    * never put one question in both (every copy of a question goes to the same side);
    * put ``test_fraction`` of the distinct questions in ``test``, give or take one;
    * give the same split again for the same seed, and leave ``questions`` as it was.

    :func:`addition_lib.splits.split_questions` follows the rules.
    """
    repeated = [[1, 1], [2, 2], [3, 3], [4, 4]] * 5
    named = [
        ([[1, 2], [3, 4], [1, 2], [5, 6]], 1 / 3, 0),
        (repeated, 0.25, 1),
        (repeated, 0.5, 2),
        ([[9, 6, 9], [3, 10], [9, 6, 9], [10, 10, 10], [3, 10], [1, 1, 1]], 0.5, 3),
    ]

    def make_random(rng):
        largest = random_int(rng, 2, 4)
        questions = [
            [random_int(rng, 1, largest) for _ in range(2)]
            for _ in range(random_int(rng, 6, 30))
        ]
        if len({tuple(row) for row in questions}) < 2:
            questions.append([largest + 1, 1])
        return (
            questions,
            float(rng.choice((0.1, 0.2, 0.25, 0.5, 0.75))),
            random_int(rng, 0, 1000),
        )

    def judge(args, result):
        questions, test_fraction, split_seed = args
        if not (
            isinstance(result, (list, tuple))
            and len(result) == 2
            and all(isinstance(side, (list, tuple, np.ndarray)) for side in result)
        ):
            return (
                f"gave {show_value(result)}, expected a pair (train, test) of lists of "
                "questions"
            )
        train, test = (plain(side) for side in result)
        given = Counter(map(question_key, plain(questions)))
        got = Counter(map(question_key, [*train, *test]))
        if got != given:
            lost, added = given - got, got - given
            extra = lost or added
            detail = (
                f"{'lost' if lost else 'added'} {[list(row) for row in extra.elements()]}"
            )
            return (
                f"{detail}: expected train and test together to hold every row given, "
                "each exactly once"
            )
        both = sorted(set(map(question_key, train)) & set(map(question_key, test)))
        if both:
            return (
                f"put {list(both[0])} in both train and test: a leak, so the test "
                "score would "
                "reward memorising. Every copy of a question must go to the same side."
            )
        n_distinct = len(set(given))
        n_test = len(set(map(question_key, test)))
        if abs(n_test - test_fraction * n_distinct) > 1:
            return (
                f"put {n_test} distinct questions in test, expected about "
                f"{test_fraction} * {n_distinct} = {test_fraction * n_distinct:g} "
                "(give or take 1)"
            )
        again = call_student(student_fn, args)
        if not same(again, result):
            return (
                "gave a different split when called again with the same "
                f"seed={split_seed}; expected the same"
            )
        return None

    run_check(student_fn, build_cases(named, make_random, n_random, seed), judge)


__all__ = [
    "CheckFailed",
    "check_chapter_model",
    "check_lstm_parameters",
    "check_prediction_line",
    "check_split_questions",
    "lstm_parameters",
    "prediction_line",
]
