"""Checks for the chapter notebooks' "your turn" cells (notebooks 02 to 07 and 10).

Each notebook asks the student to write the step it teaches before it shows the
library's version; the check compares the student's function with that version (or, for
random
draws, with the rules a draw must follow):

=========================  ========  ==============================================
check                      notebook  the student writes
=========================  ========  ==============================================
check_random_sum_pairs     02        ``(n_examples, n_numbers, largest, seed)``
check_to_string            03        ``(X, y, n_numbers, largest)``
check_integer_encode       04        ``(X, y, alphabet)``
check_one_hot_encode       05        ``(X, y, max_int)``
check_invert               06        ``(seq, alphabet)``
check_lstm_parameters      07        ``(units, n_features)``
check_chapter_model        07        ``(n_in_seq_length, n_out_seq_length, n_chars,
                                     encoder_units, decoder_units)``
check_prediction_line      10        ``(x, y_hat, y, alphabet)``
check_split_questions      (09)      ``(questions, test_fraction, seed)``
=========================  ========  ==============================================
"""

from __future__ import annotations

import copy
import random
from collections import Counter
from collections.abc import Callable

import numpy as np

from ..alphabet import ALPHABET, DIGITS, PAD, PLUS
from ..splits import question_key
from ..step_by_step import integer_encode, invert, one_hot_encode, to_string
from .core import (
    CheckFailed,
    build_cases,
    call_student,
    compare_with,
    difference,
    plain,
    random_int,
    random_largest,
    random_sums,
    run_check,
    same,
    show_value,
    teaching_check,
)

# ---------------------------------------------------------------- 02: drawing sum pairs


@teaching_check
def check_random_sum_pairs(student_fn: Callable, *, n_random: int = 12, seed=0) -> None:
    """Check ``random_sum_pairs(n_examples, n_numbers, largest, seed)`` against the
    rules of a draw.

    Draws are random, so they are not compared with one answer. Every result must

    * be a pair ``(X, y)``: ``n_examples`` rows of ``n_numbers`` whole numbers, and
      their sums;
    * hold terms in ``1..largest``, both ends included: when there are many terms, both
      ends must turn up (the classic slip is an upper end left out);
    * come out the same again for the same ``seed``, and differently for another seed;
    * draw from a private generator: it must neither depend on nor move Python's or
      NumPy's global random state (other code drawing in between must not change the
      data).
    """
    named = [
        (1, 2, 10, 1),
        (5, 3, 10, 1),
        (300, 3, 10, 7),  # 900 terms: 1 and 10 both turn up
        (200, 1, 1, 2),  # largest 1: every term is 1
        (100, 2, 1000, 3),
        (40, 5, 2, 4),
    ]

    def make_random(rng):
        return (
            random_int(rng, 1, 300),
            random_int(rng, 1, 5),
            random_largest(rng),
            random_int(rng, 0, 10_000),
        )

    def judge(args, result):
        n_examples, n_numbers, largest, draw_seed = args
        problem = _sum_pairs_problem(result, n_examples, n_numbers, largest)
        if problem:
            return problem
        X = plain(result[0])
        terms = [term for row in X for term in row]
        if len(terms) >= 20 * largest:  # missing an end by chance: under e**-20
            for end in (1, largest):
                if end not in terms:
                    return (
                        f"never drew {end} in {len(terms)} terms of 1..{largest}: is "
                        "that end "
                        "included? (random.randint(1, largest) includes it; NumPy's "
                        "integers(1, largest) leaves largest out)"
                    )
        return _private_and_seeded(student_fn, args, result, draw_seed)

    run_check(student_fn, build_cases(named, make_random, n_random, seed), judge)


def _sum_pairs_problem(result, n_examples, n_numbers, largest) -> str | None:
    expected_form = (
        f"a pair (X, y) of {n_examples} rows of {n_numbers} terms and {n_examples} sums"
    )
    if not (isinstance(result, (list, tuple)) and len(result) == 2):
        return f"gave {show_value(result)}, expected {expected_form}"
    X, y = plain(result[0]), plain(result[1])
    if not (isinstance(X, (list, tuple)) and isinstance(y, (list, tuple))):
        return f"gave {show_value(result)}, expected {expected_form}"
    if len(X) != n_examples or len(y) != n_examples:
        return f"gave {len(X)} rows and {len(y)} sums, expected {n_examples} of each"
    for i, (row, total) in enumerate(zip(X, y, strict=True)):
        if not isinstance(row, (list, tuple)) or len(row) != n_numbers:
            return f"gave X[{i}] = {row!r}, expected a list of {n_numbers} terms"
        for term in row:
            if type(term) is not int:
                return f"gave X[{i}] = {row!r}: {term!r} is not a whole number (int)"
            if not 1 <= term <= largest:
                return f"gave X[{i}] = {row!r}: the term {term} is outside 1..{largest}"
        if type(total) is not int or total != sum(row):
            return (
                f"gave y[{i}] = {total!r} for X[{i}] = {row!r}, expected its sum "
                f"{sum(row)}"
            )
    return None


def _global_states():
    return random.getstate(), np.random.get_state(legacy=False)


def _same_states(a, b) -> bool:
    return a[0] == b[0] and same(_flatten_state(a[1]), _flatten_state(b[1]))


def _flatten_state(state: dict) -> list:
    return [state["bit_generator"], plain(state["state"]["key"]), state["state"]["pos"]]


def _private_and_seeded(student_fn, args, result, draw_seed) -> str | None:
    before = _global_states()
    try:
        random.seed(
            draw_seed + 12345
        )  # other code drawing in between must change nothing
        np.random.seed(draw_seed + 12345)
        disturbed = _global_states()
        again = call_student(student_fn, args)
        moved = not _same_states(disturbed, _global_states())
    finally:
        random.setstate(before[0])
        np.random.set_state(before[1])
    if moved:
        return (
            "drew from the global random generator (random.randint, random.seed or "
            "np.random...): other code that draws in between changes your data. Draw "
            "from a private generator instead: random.Random(seed)."
        )
    if not same(again, result):
        return (
            f"gave different draws when called again with the same seed={draw_seed} "
            "(after other code had drawn random numbers); expected the same"
        )
    n_examples, n_numbers, largest, _ = args
    if n_examples * n_numbers >= 10 and largest > 1:
        other = call_student(student_fn, (*args[:3], draw_seed + 1))
        if same(other, result):
            return (
                f"gave the same draws for seed={draw_seed} and seed={draw_seed + 1}: "
                "does it use its seed?"
            )
    return None


# ---------------------------------------------------------------- 03: padded strings


@teaching_check
def check_to_string(student_fn: Callable, *, n_random: int = 30, seed=0) -> None:
    """Check ``to_string(X, y, n_numbers, largest)`` against
    :func:`addition_lib.to_string`.

    The cases include the chapter's pair, powers of ten (where the ``+ 1`` of the width
    formula matters), 3 terms of 1..33 (where the chapter's answer width has a spare
    column), the largest terms of a range, and ``X`` and ``y`` as NumPy arrays as well
    as lists.
    """
    named = [
        ([[3, 10]], [13], 2, 10),
        ([[1, 2, 3], [10, 10, 10]], [6, 30], 3, 10),
        (
            [[33, 33, 33], [1, 2, 3]],
            [99, 6],
            3,
            33,
        ),  # the chapter's width for sums: 3, not 2
        ([[100, 100], [7, 1]], [200, 8], 2, 100),
        ([[9]], [9], 1, 9),
        ([[999, 999, 1]], [1999], 3, 999),
    ]

    def make_random(rng):
        n_numbers, largest = random_int(rng, 1, 5), random_largest(rng)
        return (*random_sums(rng, n_numbers, largest), n_numbers, largest)

    cases = build_cases(named, make_random, n_random, seed, arrays=(0, 1))
    run_check(student_fn, cases, compare_with(to_string))


# ---------------------------------------------------------------- 04: integer codes


@teaching_check
def check_integer_encode(student_fn: Callable, *, n_random: int = 30, seed=0) -> None:
    """Check ``integer_encode(X, y, alphabet)`` against
    :func:`addition_lib.integer_encode`.

    A symbol's code is its position in ``alphabet``: the cases use the chapter's
    alphabet, alphabets with more symbols (such as ``'-'``) and alphabets in another
    order, so code that assumes ``'7'`` is 7 or that there are 12 symbols is caught.
    """
    shuffled = tuple("+ 9876543210")
    named = [
        ([" 3+10"], ["13"], ALPHABET),
        (["  9+10+9", "10+10+10"], ["28", "30"], ALPHABET),
        ([" 3-10"], ["-7"], (*ALPHABET, "-")),
        ([" 3+10", "   1+2"], ["13", " 3"], shuffled),
        (["12+7"], ["19"], list(ALPHABET)),
    ]

    def make_random(rng):
        n_numbers, largest = random_int(rng, 1, 4), random_largest(rng)
        X_str, y_str = to_string(
            *random_sums(rng, n_numbers, largest), n_numbers, largest
        )
        alphabet = [
            *DIGITS,
            PLUS,
            PAD,
            *rng.choice(["-", "*", "/"], random_int(rng, 0, 3), replace=False).tolist(),
        ]
        if rng.random() < 0.5:
            alphabet = [str(symbol) for symbol in rng.permutation(alphabet)]
        return X_str, y_str, tuple(alphabet)

    cases = build_cases(named, make_random, n_random, seed, arrays=(0, 1))
    run_check(student_fn, cases, compare_with(integer_encode))


# ---------------------------------------------------------------- 05: one-hot vectors


@teaching_check
def check_one_hot_encode(student_fn: Callable, *, n_random: int = 30, seed=0) -> None:
    """Check ``one_hot_encode(X, y, max_int)`` against
    :func:`addition_lib.one_hot_encode`.

    Every code becomes a vector of ``max_int`` numbers, all 0 but a 1 at the code's
    position. The ones and zeros may be ints or floats (``np.eye`` gives floats);
    booleans are not numbers here. The cases use other sizes than 12, the largest code
    ``max_int - 1``, and NumPy arrays as well as lists.
    """
    named = [
        ([[11, 3, 10, 1, 0]], [[1, 3]], 12),
        ([[0, 1], [2, 3]], [[4]], 5),
        ([[12, 0, 12]], [[12, 11]], 13),
        ([[0]], [[0]], 1),
    ]

    def make_random(rng):
        max_int = random_int(rng, 2, 16)
        n = random_int(rng, 1, 3)
        X = rng.integers(0, max_int, size=(n, random_int(rng, 1, 8))).tolist()
        y = rng.integers(0, max_int, size=(n, random_int(rng, 1, 4))).tolist()
        return X, y, max_int

    def judge(args, result):
        expected = one_hot_encode(*copy.deepcopy(args))
        numbers = _as_numbers(result)
        return difference(result if numbers is None else numbers, expected)

    cases = build_cases(named, make_random, n_random, seed, arrays=(0, 1))
    run_check(student_fn, cases, judge)


def _as_numbers(value):
    """``value`` with whole floats as ints (1.0 as 1), or ``None`` if it holds something
    else."""
    value = plain(value)
    if isinstance(value, (list, tuple)):
        items = [_as_numbers(item) for item in value]
        return None if any(item is None for item in items) else type(value)(items)
    if type(value) is float and value.is_integer():
        return int(value)
    return value if type(value) is int else None


# ---------------------------------------------------------------- 06: decoding


@teaching_check
def check_invert(student_fn: Callable, *, n_random: int = 30, seed=0) -> None:
    """Check ``invert(seq, alphabet)`` against :func:`addition_lib.invert`.

    Each row becomes the symbol with the largest value, so the cases include one-hot
    rows, a model's probabilities (no row holds a 1), scores that are all negative,
    alphabets of other sizes and orders, and NumPy arrays as well as lists.
    """
    one_hot = _one_hot(" 3+10", ALPHABET)
    probabilities = np.full((2, 12), 0.01)
    probabilities[0, 2], probabilities[1, 7], probabilities[1, 8] = 0.89, 0.54, 0.36
    named = [
        (one_hot, ALPHABET),
        (probabilities.tolist(), ALPHABET),
        ((-np.arange(1, 13, dtype=float)[::-1] * np.ones((3, 1))).tolist(), ALPHABET),
        (_one_hot("-10", (*ALPHABET, "-")), (*ALPHABET, "-")),
        (_one_hot("28", tuple("+ 9876543210")), tuple("+ 9876543210")),
    ]

    def make_random(rng):
        alphabet = [*DIGITS, PLUS, PAD] + (["-"] if rng.random() < 0.4 else [])
        if rng.random() < 0.5:
            alphabet = [str(symbol) for symbol in rng.permutation(alphabet)]
        scores = rng.normal(size=(random_int(rng, 1, 8), len(alphabet)))
        if rng.random() < 0.5:
            scores = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
        return scores.tolist(), tuple(alphabet)

    cases = build_cases(named, make_random, n_random, seed, arrays=(0,))
    run_check(student_fn, cases, compare_with(invert))


def _one_hot(text: str, alphabet) -> list[list[int]]:
    return [[int(symbol == char) for symbol in alphabet] for char in text]


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
            _one_hot("  9+10+9", ALPHABET),
            _probabilities("27", ALPHABET),
            _one_hot("28", ALPHABET),
            ALPHABET,
        ),
        (
            _one_hot(" 3+10", ALPHABET),
            _probabilities("13", ALPHABET),
            _one_hot("13", ALPHABET),
            ALPHABET,
        ),
        (
            _one_hot("33+33+33", ALPHABET),
            _probabilities("100", ALPHABET),
            _one_hot(" 99", ALPHABET),
            ALPHABET,
        ),
        (
            _one_hot("  9-10-9", (*ALPHABET, "-")),
            _probabilities("-10", (*ALPHABET, "-")),
            _one_hot("-10", (*ALPHABET, "-")),
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
            _one_hot(question, ALPHABET),
            _probabilities(guess, ALPHABET, rng),
            _one_hot(answer, ALPHABET),
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
    "check_integer_encode",
    "check_invert",
    "check_lstm_parameters",
    "check_one_hot_encode",
    "check_prediction_line",
    "check_random_sum_pairs",
    "check_split_questions",
    "check_to_string",
    "lstm_parameters",
    "prediction_line",
]
