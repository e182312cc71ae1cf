"""Every check rejects each family of plausible mistakes that applies to it, and accepts correct answers.

The families (from the course's standard for checks):

* ``mutation``: the function changes its caller's arguments (reversing, popping, sorting,
  padding in place);
* ``lists only`` / ``arrays only``: right for plain lists but not for the NumPy arrays the
  notebooks pass, or the reverse;
* ``plus and small numbers``: right for ``'+'`` and small positive numbers only: wrong for
  other operators, negative answers, widths where the chapter's formula and the exact width
  differ, or the largest values of a range;
* ``unsorted``: right values in the wrong order where the task says "sorted";
* ``model``: a model compiled wrongly but named rightly (softmax followed by a from-logits
  loss, an alphabet size or a sequence length typed in as a number);
* ``search space``: hyperparameters declared with other ranges, steps or sampling.

Each (check, family, mistake) is one test. Correct answers, including ones that use NumPy
scalars and arrays where the reference uses Python numbers and lists, must pass.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from addition_lib import (
    ALPHABET,
    input_length,
    integer_encode,
    invert,
    one_hot_encode,
    output_length,
    random_sum_pairs,
    reverse_inputs,
    split_questions,
    to_string,
    to_string_per_term,
    to_string_variable_terms,
    to_string_with_operator,
)
from addition_lib.checks import (
    check_answer_weights,
    check_answer_width,
    check_evaluate,
    check_integer_encode,
    check_invert,
    check_lstm_parameters,
    check_one_hot_encode,
    check_prediction_line,
    check_random_sum_pairs,
    check_reverse_inputs,
    check_smallest_reaching,
    check_split_questions,
    check_to_string,
    check_to_string_per_term,
    check_to_string_variable_terms,
    check_to_string_with_operator,
)
from addition_lib.checks.chapter_model import lstm_parameters, prediction_line
from addition_lib.checks.core import CheckFailed
from addition_lib.experiments.model_size import OBJECTIVE, smallest_reaching
from addition_lib.experiments.time_to_target import answer_weights
from addition_lib.rules import answer_width, evaluate

# ---------------------------------------------------------------- 02: random sum pairs


def sum_pairs(n_examples, n_numbers, largest, seed):
    return random_sum_pairs(n_examples, n_numbers, largest, seed=seed)


def sum_pairs_numpy(n_examples, n_numbers, largest, seed):
    X = np.random.default_rng(seed).integers(1, largest + 1, size=(n_examples, n_numbers))
    return X, X.sum(axis=1)


def sum_pairs_global_generator(n_examples, n_numbers, largest, seed):
    random.seed(seed)
    return random_sum_pairs(n_examples, n_numbers, largest)


def sum_pairs_upper_end_left_out(n_examples, n_numbers, largest, seed):
    X = np.random.default_rng(seed).integers(1, largest, size=(n_examples, n_numbers))
    return X, X.sum(axis=1)


def sum_pairs_without_a_seed(n_examples, n_numbers, largest, seed):
    return random_sum_pairs(n_examples, n_numbers, largest, seed=random.Random())


def sum_pairs_from_zero(n_examples, n_numbers, largest, seed):
    draw = random.Random(seed)
    X = [[draw.randint(0, largest) for _ in range(n_numbers)] for _ in range(n_examples)]
    return X, [sum(row) for row in X]


# ---------------------------------------------------------------- 03: padded strings


def to_string_numpy(X, y, n_numbers, largest):
    width = n_numbers * len(str(largest)) + n_numbers - 1
    out = math.ceil(math.log10(n_numbers * (largest + 1)))
    return (np.array(["+".join(map(str, row)).rjust(width) for row in np.asarray(X)]),
            np.char.rjust(np.asarray(y).astype(str), out))


def to_string_empty_test_first(X, y, n_numbers, largest):
    if not X:  # the truth value of an array is ambiguous
        return [], []
    return to_string(X, y, n_numbers, largest)


def to_string_rows_from_shape(X, y, n_numbers, largest):
    assert X.shape[1] == n_numbers  # lists have no shape
    return to_string(X, y, n_numbers, largest)


def to_string_pads_y_in_place(X, y, n_numbers, largest):
    X_str, y_str = to_string(X, y, n_numbers, largest)
    y[:] = y_str
    return X_str, list(y)


def to_string_exact_answer_width(X, y, n_numbers, largest):
    X_str, _ = to_string(X, y, n_numbers, largest)
    return X_str, [str(total).rjust(len(str(n_numbers * largest))) for total in y]


def to_string_without_the_plus_one(X, y, n_numbers, largest):
    digits = math.ceil(math.log10(largest))  # 1 for 10 and 2 for 100: one too few
    width = n_numbers * digits + n_numbers - 1
    return (["+".join(map(str, row)).rjust(width) for row in X],
            [str(total).rjust(output_length(n_numbers, largest)) for total in y])


# ---------------------------------------------------------------- 04: integer codes


def integer_encode_with_index(X, y, alphabet):
    alphabet = list(alphabet)
    return [[alphabet.index(c) for c in text] for text in X], [[alphabet.index(c) for c in text] for text in y]


def integer_encode_digits_are_their_value(X, y, alphabet):
    def code(char):
        return int(char) if char.isdigit() else list(alphabet).index(char)

    return [[code(c) for c in text] for text in X], [[code(c) for c in text] for text in y]


def integer_encode_both_lists_at_once(X, y, alphabet):
    lookup = {symbol: code for code, symbol in enumerate(alphabet)}
    codes = [[lookup[c] for c in text] for text in X + y]  # arrays add element by element
    return codes[: len(X)], codes[len(X):]


def integer_encode_tolist_first(X, y, alphabet):
    return integer_encode(X.tolist(), y.tolist(), alphabet)


def integer_encode_in_place(X, y, alphabet):
    lookup = {symbol: code for code, symbol in enumerate(alphabet)}
    for strings in (X, y):
        for i, text in enumerate(strings):
            strings[i] = [lookup[c] for c in text]
    return X, y


# ---------------------------------------------------------------- 05: one-hot vectors


def one_hot_with_eye(X, y, max_int):
    return np.eye(max_int)[np.asarray(X)], np.eye(max_int)[np.asarray(y)]


def one_hot_as_booleans(X, y, max_int):
    return np.eye(max_int, dtype=bool)[np.asarray(X)], np.eye(max_int, dtype=bool)[np.asarray(y)]


def one_hot_twelve_wide(X, y, max_int):
    return one_hot_encode(X, y, 12)


def one_hot_one_too_narrow(X, y, max_int):
    eye = np.eye(max_int - 1, max_int, dtype=int)
    return eye[np.clip(X, 0, max_int - 2)], eye[np.clip(y, 0, max_int - 2)]


def one_hot_empty_test_first(X, y, max_int):
    if not X:
        return [], []
    return one_hot_encode(X, y, max_int)


def one_hot_from_shape(X, y, max_int):
    rows = [[[int(code == i) for i in range(max_int)] for code in row] for row in X]
    assert X.shape[0] == len(rows)  # lists have no shape
    return rows, one_hot_encode(y.tolist(), [], max_int)[0]


def one_hot_in_place(X, y, max_int):
    for sequences in (X, y):
        for row in sequences:
            row[:] = [[int(code == i) for i in range(max_int)] for code in row]
    return X, y


# ---------------------------------------------------------------- 06: decoding


def invert_numpy(seq, alphabet):
    return "".join(np.asarray(alphabet)[np.argmax(seq, axis=1)])


def invert_looks_for_a_one(seq, alphabet):
    return "".join(alphabet[list(row).index(1)] for row in seq)


def invert_with_list_index(seq, alphabet):
    return "".join(alphabet[row.index(max(row))] for row in seq)


def invert_with_array_methods(seq, alphabet):
    return "".join(alphabet[i] for i in seq.argmax(axis=1))


def invert_the_chapters_alphabet(seq, alphabet):
    return "".join(ALPHABET[i % 12] for i in np.argmax(seq, axis=1))


def invert_largest_magnitude(seq, alphabet):
    return "".join(alphabet[i] for i in np.argmax(np.abs(seq), axis=1))


def invert_normalises_in_place(seq, alphabet):
    for row in seq:
        total = sum(row)
        row[:] = [value / total for value in row]
    return invert(seq, alphabet)


# ---------------------------------------------------------------- 07: parameters


def lstm_parameters_numpy(units, n_features):
    return np.int64(4) * (units * (n_features + units) + units)


def lstm_parameters_twelve_features(units, n_features):
    return 4 * (units * (12 + units) + units)


def lstm_parameters_no_bias(units, n_features):
    return 4 * units * (n_features + units)


def lstm_parameters_three_gates(units, n_features):
    return 3 * (units * (n_features + units) + units)


# ---------------------------------------------------------------- 10: prediction lines


def prediction_line_numpy(x, y_hat, y, alphabet):
    symbols = np.asarray(alphabet)
    decode = lambda seq: "".join(symbols[np.argmax(seq, axis=-1)])  # noqa: E731
    return f"{decode(x)} = {decode(y_hat)} (expect {decode(y)})"


def prediction_line_stripped(x, y_hat, y, alphabet):
    return f"{invert(x, alphabet).strip()} = {invert(y_hat, alphabet).strip()} (expect {invert(y, alphabet).strip()})"


def prediction_line_eight_wide(x, y_hat, y, alphabet):
    return f"{invert(x, alphabet).strip():>8} = {invert(y_hat, alphabet)} (expect {invert(y, alphabet)})"


def prediction_line_with_list_index(x, y_hat, y, alphabet):
    decode = lambda seq: "".join(alphabet[row.index(max(row))] for row in seq)  # noqa: E731
    return f"{decode(x)} = {decode(y_hat)} (expect {decode(y)})"


def prediction_line_with_array_methods(x, y_hat, y, alphabet):
    decode = lambda seq: "".join(alphabet[i] for i in seq.argmax(axis=-1))  # noqa: E731
    return f"{decode(x)} = {decode(y_hat)} (expect {decode(y)})"


def prediction_line_the_chapters_alphabet(x, y_hat, y, alphabet):
    return prediction_line(x, y_hat, y, ALPHABET)


# ---------------------------------------------------------------- 09: splits


def split_shuffles_in_place(questions, test_fraction, seed):
    train, test = split_questions(questions, test_fraction, seed=seed)
    random.Random(seed).shuffle(questions)
    return train, test


def split_leaks(questions, test_fraction, seed):
    rows = list(questions)
    random.Random(seed).shuffle(rows)
    cut = round(test_fraction * len(rows))
    return rows[cut:], rows[:cut]


# ---------------------------------------------------------------- exercise 2: answer weights


def answer_weights_lists_numpy(answers, balance):
    values, inverse, counts = np.unique(answers, return_inverse=True, return_counts=True)
    weights = counts[inverse] ** -float(balance)
    return weights / weights.sum()


def answer_weights_with_count(answers, balance):
    weights = [answers.count(a) ** -balance for a in answers]  # arrays have no count()
    return [w / sum(weights) for w in weights]


def answer_weights_with_comparisons(answers, balance):
    weights = np.array([(answers == a).sum() ** -balance for a in answers], dtype=float)  # lists: False.sum()
    return weights / weights.sum()


def answer_weights_with_bincount(answers, balance):
    counts = np.bincount(answers)  # negative answers: ValueError
    weights = counts[answers] ** -float(balance)
    return weights / weights.sum()


def answer_weights_sorts_in_place(answers, balance):
    weights = answer_weights(answers, balance)
    answers.sort()
    return weights


def answer_weights_rounded(answers, balance):
    return np.round(answer_weights(answers, balance), 4)


# ---------------------------------------------------------------- exercise 3: smallest model


def smallest_reaching_numpy(rows, threshold=0.99):
    return {size: None if units is None else np.int64(units) for size, units in smallest_reaching(rows, threshold).items()}


def smallest_in_order_of_appearance(rows, threshold=0.99):
    best = {}
    for row in rows:
        size = (row["digits"], row["terms"])
        best.setdefault(size, None)
        if row[OBJECTIVE] >= threshold and (best[size] is None or row["units"] < best[size]):
            best[size] = row["units"]
    return best  # not sorted


def smallest_sorting_in_place(rows, threshold=0.99):
    rows.sort(key=lambda row: (row["digits"], row["terms"], row["units"]))
    return smallest_reaching(rows, threshold)


def smallest_stops_at_first_failure(rows, threshold=0.99):
    best = {}
    for row in sorted(rows, key=lambda r: (r["digits"], r["terms"], -r["units"])):  # largest first
        size = (row["digits"], row["terms"])
        if size not in best:
            best[size] = [None, True]  # best so far, still walking down
        if best[size][1] and row[OBJECTIVE] >= threshold:
            best[size][0] = row["units"]
        else:
            best[size][1] = False  # stops at the first failure
    return {size: units for size, (units, _) in sorted(best.items())}


def smallest_strictly_above(rows, threshold=0.99):
    return smallest_reaching([{**row, OBJECTIVE: row[OBJECTIVE] - 1e-12} for row in rows], threshold)


# ---------------------------------------------------------------- exercise 4: variable terms


def variable_terms_empty_test_first(X, y, max_terms, largest):
    if not y:
        return [], []
    return to_string_variable_terms(X, list(y), max_terms, largest)


def variable_terms_exact_answer_width(X, y, max_terms, largest):
    X_str, _ = to_string_variable_terms(X, y, max_terms, largest)
    return X_str, [str(total).rjust(len(str(max_terms * largest))) for total in y]


def variable_terms_two_digit_terms(X, y, max_terms, largest):
    width = max_terms * 2 + max_terms - 1  # right for 1..10 and 1..99 only
    return (["+".join(map(str, row)).rjust(width) for row in X],
            [str(s).rjust(output_length(max_terms, largest)) for s in y])


def variable_terms_writes_into_x(X, y, max_terms, largest):
    X_str, y_str = to_string_variable_terms(X, y, max_terms, largest)
    X[:] = X_str
    return list(X), y_str


# ---------------------------------------------------------------- exercise 5: operations


def evaluate_numpy(terms, operator):
    answer = np.int64(terms[0])
    for term in terms[1:]:
        answer = {"+": answer + term, "-": answer - term, "*": answer * term, "/": answer // term}[operator]
    return answer


def evaluate_plus_only(terms, operator):
    return sum(terms)


def evaluate_loses_the_minus_sign(terms, operator):
    return abs(evaluate(terms, operator))


def evaluate_pops_the_terms(terms, operator):
    answer = terms.pop(0)
    while terms:
        answer = evaluate([answer, terms.pop(0)], operator)
    return answer


def evaluate_true_division(terms, operator):
    return eval(operator.join(map(str, terms)))  # '/' gives a float


def answer_width_numpy(operator, n_numbers, largest):
    return np.int64(answer_width(operator, int(n_numbers), int(largest)))


def answer_width_chapters_formula(operator, n_numbers, largest):
    return output_length(n_numbers, largest)


def answer_width_without_the_sign(operator, n_numbers, largest):
    if operator == "-":
        return max(len(str((n_numbers - 1) * largest - 1)), len(str(largest - (n_numbers - 1))))
    return answer_width(operator, n_numbers, largest)


def answer_width_of_the_sum_for_all(operator, n_numbers, largest):
    return len(str(n_numbers * largest))


def with_operator_plus_only(X, y, n_numbers, largest, operator):
    X_str = ["+".join(map(str, row)).rjust(input_length(n_numbers, largest)) for row in X]
    return X_str, [str(a).rjust(answer_width(operator, n_numbers, largest)) for a in y]


def with_operator_loses_the_sign(X, y, n_numbers, largest, operator):
    X_str, _ = to_string_with_operator(X, [abs(a) for a in y], n_numbers, largest, operator)
    return X_str, [str(abs(a)).rjust(answer_width(operator, n_numbers, largest)) for a in y]


def with_operator_chapters_width(X, y, n_numbers, largest, operator):
    X_str = [operator.join(map(str, row)).rjust(input_length(n_numbers, largest)) for row in X]
    return X_str, [str(a).rjust(output_length(n_numbers, largest)) for a in y]


def with_operator_empty_test_first(X, y, n_numbers, largest, operator):
    if not X:
        return [], []
    return to_string_with_operator(X, y, n_numbers, largest, operator)


def with_operator_from_shape(X, y, n_numbers, largest, operator):
    assert X.shape == (len(y), n_numbers)
    return to_string_with_operator(X, y, n_numbers, largest, operator)


def with_operator_in_place(X, y, n_numbers, largest, operator):
    X_str, _ = to_string_with_operator(X, y, n_numbers, largest, operator)
    width, y_str = answer_width(operator, n_numbers, largest), []
    while y:  # empties the caller's list
        y_str.append(str(y.pop(0)).rjust(width))
    return X_str, y_str


# ---------------------------------------------------------------- exercise 6: per-term padding


def per_term_numpy(X, y, n_numbers, largest):
    slot = len(str(largest))
    X_str = np.array(["+".join(str(t).rjust(slot) for t in row) for row in np.asarray(X)])
    return X_str, np.char.rjust(np.asarray(y).astype(str), output_length(n_numbers, largest))


def per_term_two_character_slots(X, y, n_numbers, largest):
    X_str = ["+".join(str(t).rjust(2) for t in row).rjust(input_length(n_numbers, largest)) for row in X]
    return X_str, [str(s).rjust(output_length(n_numbers, largest)) for s in y]


def per_term_exact_answer_width(X, y, n_numbers, largest):
    X_str, _ = to_string_per_term(X, y, n_numbers, largest)
    return X_str, [str(total).rjust(answer_width("+", n_numbers, largest)) for total in y]


def per_term_empty_test_first(X, y, n_numbers, largest):
    if not X:
        return [], []
    return to_string_per_term(X, y, n_numbers, largest)


def per_term_from_shape(X, y, n_numbers, largest):
    assert X.shape[1] == n_numbers
    return to_string_per_term(X, y, n_numbers, largest)


def per_term_pads_rows_in_place(X, y, n_numbers, largest):
    slot = len(str(largest))
    for row in X:
        for i, term in enumerate(row):
            row[i] = str(term).rjust(slot)  # pads the caller's terms
    X_str = ["+".join(row).rjust(input_length(n_numbers, largest)) for row in X]
    return X_str, [str(s).rjust(output_length(n_numbers, largest)) for s in y]


# ---------------------------------------------------------------- exercise 7: reversed input


def reverse_inputs_numpy(X_str, y_str):
    return np.array([text[::-1] for text in X_str]), np.array(y_str)


def reverse_inputs_in_place(X_str, y_str):
    for i, text in enumerate(X_str):
        X_str[i] = text[::-1]
    return X_str, list(y_str)


def reverse_inputs_strips_the_answers(X_str, y_str):
    return [text[::-1] for text in X_str], [text.strip() for text in y_str]


def reverse_inputs_reverses_answers_too(X_str, y_str):
    return [text[::-1] for text in X_str], [text[::-1] for text in y_str]


# ---------------------------------------------------------------- the table

CORRECT = [
    (check_random_sum_pairs, sum_pairs), (check_random_sum_pairs, sum_pairs_numpy),
    (check_to_string, to_string), (check_to_string, to_string_numpy),
    (check_integer_encode, integer_encode), (check_integer_encode, integer_encode_with_index),
    (check_one_hot_encode, one_hot_encode), (check_one_hot_encode, one_hot_with_eye),
    (check_invert, invert), (check_invert, invert_numpy),
    (check_lstm_parameters, lstm_parameters), (check_lstm_parameters, lstm_parameters_numpy),
    (check_prediction_line, prediction_line), (check_prediction_line, prediction_line_numpy),
    (check_split_questions, split_questions),
    (check_answer_weights, answer_weights), (check_answer_weights, answer_weights_lists_numpy),
    (check_smallest_reaching, smallest_reaching), (check_smallest_reaching, smallest_reaching_numpy),
    (check_to_string_variable_terms, to_string_variable_terms),
    (check_evaluate, evaluate), (check_evaluate, evaluate_numpy),
    (check_answer_width, answer_width), (check_answer_width, answer_width_numpy),
    (check_to_string_with_operator, to_string_with_operator),
    (check_to_string_per_term, to_string_per_term), (check_to_string_per_term, per_term_numpy),
    (check_reverse_inputs, reverse_inputs), (check_reverse_inputs, reverse_inputs_numpy),
]

MISTAKES = [  # (check, family, wrong answer, a phrase the message must hold)
    (check_random_sum_pairs, "global state", sum_pairs_global_generator, "global random generator"),
    (check_random_sum_pairs, "largest values", sum_pairs_upper_end_left_out, "never drew 10"),
    (check_random_sum_pairs, "seed", sum_pairs_without_a_seed, "same seed"),
    (check_random_sum_pairs, "small numbers", sum_pairs_from_zero, "outside 1..10"),
    (check_to_string, "mutation", to_string_pads_y_in_place, "changed its argument y"),
    (check_to_string, "lists only", to_string_empty_test_first, "truth value"),
    (check_to_string, "arrays only", to_string_rows_from_shape, "has no attribute 'shape'"),
    (check_to_string, "formula vs exact width", to_string_exact_answer_width, "[' 99', '  6']"),
    (check_to_string, "largest values", to_string_without_the_plus_one, "expected ([' 3+10']"),
    (check_integer_encode, "mutation", integer_encode_in_place, "changed its argument X"),
    (check_integer_encode, "lists only", integer_encode_both_lists_at_once, "np.array"),
    (check_integer_encode, "arrays only", integer_encode_tolist_first, "has no attribute 'tolist'"),
    (check_integer_encode, "hard-coded alphabet", integer_encode_digits_are_their_value, "expected"),
    (check_one_hot_encode, "mutation", one_hot_in_place, "changed its argument X"),
    (check_one_hot_encode, "lists only", one_hot_empty_test_first, "truth value"),
    (check_one_hot_encode, "arrays only", one_hot_from_shape, "has no attribute 'shape'"),
    (check_one_hot_encode, "hard-coded size", one_hot_twelve_wide, "expected"),
    (check_one_hot_encode, "largest values", one_hot_one_too_narrow, "expected"),
    (check_one_hot_encode, "booleans", one_hot_as_booleans, "expected"),
    (check_invert, "mutation", invert_normalises_in_place, "changed its argument seq"),
    (check_invert, "lists only", invert_with_list_index, "has no attribute 'index'"),
    (check_invert, "arrays only", invert_with_array_methods, "has no attribute 'argmax'"),
    (check_invert, "hard-coded alphabet", invert_the_chapters_alphabet, "expected"),
    (check_invert, "probabilities", invert_looks_for_a_one, "is not in list"),
    (check_invert, "negative scores", invert_largest_magnitude, "expected"),
    (check_lstm_parameters, "hard-coded size", lstm_parameters_twelve_features, "expected 25200"),
    (check_lstm_parameters, "formula", lstm_parameters_no_bias, "expected 26400"),
    (check_lstm_parameters, "formula", lstm_parameters_three_gates, "expected 26400"),
    (check_prediction_line, "padding", prediction_line_stripped, "expected '  9+10+9 = 27 (expect 28)'"),
    (check_prediction_line, "hard-coded width", prediction_line_eight_wide, "expected ' 3+10 = 13 (expect 13)'"),
    (check_prediction_line, "lists only", prediction_line_with_list_index, "has no attribute 'index'"),
    (check_prediction_line, "arrays only", prediction_line_with_array_methods, "has no attribute 'argmax'"),
    (check_prediction_line, "other operators", prediction_line_the_chapters_alphabet, "raised ValueError"),
    (check_split_questions, "mutation", split_shuffles_in_place, "changed its argument questions"),
    (check_split_questions, "leak", split_leaks, "a leak"),
    (check_answer_weights, "mutation", answer_weights_sorts_in_place, "changed its argument answers"),
    (check_answer_weights, "lists only", answer_weights_with_count, "has no attribute 'count'"),
    (check_answer_weights, "arrays only", answer_weights_with_comparisons, "has no attribute 'sum'"),
    (check_answer_weights, "negative answers", answer_weights_with_bincount, "raised ValueError"),
    (check_answer_weights, "precision", answer_weights_rounded, "(to a relative 1e-9)"),
    (check_smallest_reaching, "mutation", smallest_sorting_in_place, "changed its argument rows"),
    (check_smallest_reaching, "unsorted", smallest_in_order_of_appearance, "expected them sorted"),
    (check_smallest_reaching, "larger model failed", smallest_stops_at_first_failure, "expected 16"),
    (check_smallest_reaching, "threshold", smallest_strictly_above, "expected 16"),
    (check_to_string_variable_terms, "mutation", variable_terms_writes_into_x, "changed its argument X"),
    (check_to_string_variable_terms, "lists only", variable_terms_empty_test_first, "truth value"),
    (check_to_string_variable_terms, "formula vs exact width", variable_terms_exact_answer_width, "' 99'"),
    (check_to_string_variable_terms, "largest values", variable_terms_two_digit_terms, "100+1"),
    (check_evaluate, "mutation", evaluate_pops_the_terms, "changed its argument terms"),
    (check_evaluate, "other operators", evaluate_plus_only, "expected -10"),
    (check_evaluate, "negative answers", evaluate_loses_the_minus_sign, "expected -10"),
    (check_evaluate, "division", evaluate_true_division, "expected 3"),
    (check_answer_width, "formula vs exact width", answer_width_chapters_formula, "expected 2"),
    (check_answer_width, "negative answers", answer_width_without_the_sign, "expected 3"),
    (check_answer_width, "other operators", answer_width_of_the_sum_for_all, "expected 3"),
    (check_to_string_with_operator, "mutation", with_operator_in_place, "changed its argument"),
    (check_to_string_with_operator, "lists only", with_operator_empty_test_first, "truth value"),
    (check_to_string_with_operator, "arrays only", with_operator_from_shape, "has no attribute 'shape'"),
    (check_to_string_with_operator, "other operators", with_operator_plus_only, "expected (['  9-10-9']"),
    (check_to_string_with_operator, "negative answers", with_operator_loses_the_sign, "expected (['  9-10-9'], ['-10'])"),
    (check_to_string_with_operator, "formula vs exact width", with_operator_chapters_width, "expected"),
    (check_to_string_per_term, "mutation", per_term_pads_rows_in_place, "changed its argument X"),
    (check_to_string_per_term, "lists only", per_term_empty_test_first, "truth value"),
    (check_to_string_per_term, "arrays only", per_term_from_shape, "has no attribute 'shape'"),
    (check_to_string_per_term, "formula vs exact width", per_term_exact_answer_width, "' 99'"),
    (check_to_string_per_term, "largest values", per_term_two_character_slots, "expected (['  5+100+ 42']"),
    (check_reverse_inputs, "mutation", reverse_inputs_in_place, "changed its argument X_str"),
    (check_reverse_inputs, "padded answers", reverse_inputs_strips_the_answers, "expected"),
    (check_reverse_inputs, "answers untouched", reverse_inputs_reverses_answers_too, "expected"),
]


def _name(value):
    return getattr(value, "__name__", str(value))


@pytest.mark.parametrize("check, answer", CORRECT, ids=lambda v: _name(v))
def test_a_correct_answer_passes(check, answer, capsys):
    check(answer)
    assert "cases passed" in capsys.readouterr().out


@pytest.mark.parametrize("check, family, wrong, phrase", MISTAKES,
                         ids=[f"{_name(c)}-{f}-{_name(w)}" for c, f, w, _ in MISTAKES])
def test_a_plausible_mistake_is_rejected(check, family, wrong, phrase, capsys):
    with pytest.raises(CheckFailed) as failure:
        check(wrong)
    message = str(failure.value)
    assert message.startswith(f"{wrong.__name__}("), message  # names the exact call
    assert phrase in message, message
    assert "passed" not in capsys.readouterr().out


def test_every_function_check_meets_every_mutation_it_could():
    # every check whose student function takes a list has a mutation test
    with_lists = {check_to_string, check_integer_encode, check_one_hot_encode, check_invert,
                  check_split_questions, check_answer_weights, check_smallest_reaching,
                  check_to_string_variable_terms, check_evaluate, check_to_string_with_operator,
                  check_to_string_per_term, check_reverse_inputs}
    assert with_lists <= {check for check, family, _, _ in MISTAKES if family == "mutation"}


def test_the_mutation_message_shows_before_and_after():
    with pytest.raises(CheckFailed) as failure:
        check_evaluate(evaluate_pops_the_terms)
    assert str(failure.value).startswith(
        "evaluate_pops_the_terms([9, 10, 9], '+') changed its argument terms: it was [9, 10, 9] "
        "before the call and [] after it.")


def test_arrays_are_shown_as_the_student_would_write_them():
    with pytest.raises(CheckFailed) as failure:
        check_to_string(to_string_empty_test_first)
    assert str(failure.value).startswith("to_string_empty_test_first(np.array([[3, 10]]), np.array([13]), 2, 10) raised ValueError")
