"""Question ids and held-out splits: no training question ever reaches the test set."""

from collections import Counter

import numpy as np
import pytest
from arithmetic_strategies import problems, seeds
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from addition_lib import decode_batch
from addition_lib.data import encode_questions
from addition_lib.problem import ArithmeticProblem
from addition_lib.questions import Questions, all_questions, question_ids, questions_from_ids, random_questions
from addition_lib.splits import HeldOutSplit, held_out_split, question_key, split_questions
from addition_lib.step_by_step import format_questions

small_problems = problems(max_terms=3, max_largest=6, shuffle_alphabet=False)


# ---------------------------------------------------------------- ids


@given(small_problems)
@settings(max_examples=60, deadline=None)
def test_ids_number_every_distinct_question_once(problem):
    everything = all_questions(problem)
    assert len(everything) == problem.n_questions
    assert question_ids(problem, everything).tolist() == list(range(problem.n_questions))
    # Distinct ids are distinct questions as the model sees them: no two share an input string.
    texts = format_questions(problem, everything)[0]
    assert len(set(texts)) == problem.n_questions


@given(problems(), seeds)
@settings(max_examples=60, deadline=None)
def test_ids_and_questions_convert_both_ways(problem, seed):
    questions = random_questions(problem, 50, seed)
    ids = question_ids(problem, questions)
    assert ((ids >= 0) & (ids < problem.n_questions)).all()
    assert questions_from_ids(problem, ids).same_as(questions)


def test_ids_of_the_chapters_problem_follow_all_sum_pairs_order():
    problem = ArithmeticProblem()
    assert question_ids(problem, Questions.from_lists([[1, 1, 1], [1, 1, 2], [10, 10, 10]])).tolist() == [0, 1, 999]


def test_ids_beyond_64_bits_are_python_ints():
    problem = ArithmeticProblem((2, 5), 9999, operators="+-")
    assert problem.n_questions > 2**63
    questions = random_questions(problem, 200, 0)
    ids = question_ids(problem, questions)
    assert ids.dtype == object
    assert questions_from_ids(problem, ids).same_as(questions)


@pytest.mark.parametrize(
    "rows, operator, message",
    [
        ([[1, 2, 3, 4]], "+", "question 0 has 4 terms, outside n_terms 2..3"),
        ([[1, 11]], "+", "question 0 has the term 11, outside 1..10"),
        ([[1, 2]], "*", "question 0 uses '\\*', not one of the problem's operators"),
    ],
)
def test_ids_refuse_questions_outside_the_problem(rows, operator, message):
    with pytest.raises(ValueError, match=message):
        question_ids(ArithmeticProblem((2, 3), 10, operators="+-"), Questions.from_lists(rows, operator))


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: questions_from_ids(ArithmeticProblem(), [1000]), ValueError, "ids must be in 0..999, got 1000"),
        (lambda: questions_from_ids(ArithmeticProblem(), [-1]), ValueError, "got -1"),
        (lambda: questions_from_ids(ArithmeticProblem(), [1.5]), TypeError, "ids must be a 1-D array of integers"),
        (lambda: all_questions(ArithmeticProblem(2, 999), limit=1000), ValueError, "998,001 questions, more than"),
        (lambda: question_ids(ArithmeticProblem(), [[1, 2, 3]]), TypeError, "questions must be a Questions batch"),
    ],
)
def test_id_helpers_reject_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


# ---------------------------------------------------------------- held-out splits


def _train_and_test_inputs(split, train):
    """The encoded inputs as strings: what the model actually sees."""
    train_X = decode_batch(encode_questions(split.problem, train)[0], split.problem.alphabet)
    test_X = decode_batch(split.test_data()[0], split.problem.alphabet)
    return set(train_X), set(test_X)


@given(small_problems, seeds, st.floats(0.05, 0.95))
@settings(max_examples=60, deadline=None)
def test_enumerated_split_partitions_the_problem_without_overlap(problem, seed, share):
    assume(problem.n_questions >= 2)
    n_test = min(max(1, round(share * problem.n_questions)), problem.n_questions - 1)
    split = held_out_split(problem, n_test, seed=seed)
    train = split.train_questions()
    train_ids, test_ids = question_ids(problem, train), question_ids(problem, split.test)
    assert len(set(test_ids.tolist())) == split.n_test == n_test
    assert not set(train_ids.tolist()) & set(test_ids.tolist())
    assert sorted([*train_ids.tolist(), *test_ids.tolist()]) == list(range(problem.n_questions))
    assert split.n_train == len(train)
    train_inputs, test_inputs = _train_and_test_inputs(split, train)
    assert not train_inputs & test_inputs


@given(problems(), seeds)
@settings(max_examples=40, deadline=None)
def test_training_samples_never_contain_a_test_question(problem, seed):
    assume(problem.n_questions >= 4)
    split = held_out_split(problem, min(200, problem.n_questions // 2), seed=seed)
    train = split.sample_train(500, seed + 1)
    assert not split.is_test(train).any()
    assert split.is_test(split.test).all()
    train_inputs, test_inputs = _train_and_test_inputs(split, train)
    assert not train_inputs & test_inputs


def test_a_test_share_of_ninety_percent_still_trains_only_on_the_rest():
    problem = ArithmeticProblem((1, 2), 10, operators="+-")
    split = held_out_split(problem, 189, seed=0)  # of 210 questions, 21 are left for training
    train = split.sample_train(3000, seed=1)
    assert not split.is_test(train).any()
    assert len(set(question_ids(problem, train).tolist())) == split.n_train == 21


def test_distinct_training_questions_are_distinct_and_never_test():
    problem = ArithmeticProblem(2, 999)
    split = held_out_split(problem, 10_000, seed=0)
    train = split.sample_train(45_000, seed=1, distinct=True)
    ids = question_ids(problem, train)
    assert len(np.unique(ids)) == 45_000
    assert not split.is_test(train).any()
    every_training_question = split.sample_train(20, seed=2, distinct=True)
    assert len(every_training_question) == 20


def test_distinct_can_take_every_training_question():
    problem = ArithmeticProblem((2, 3), 4, operators="-")
    split = held_out_split(problem, 16, seed=3)
    train = split.sample_train(split.n_train, seed=4, distinct=True)
    assert sorted(question_ids(problem, train).tolist()) == question_ids(problem, split.train_questions()).tolist()


def test_each_block_gives_its_share_of_the_test_set():
    problem = ArithmeticProblem((2, 4), 10, operators="+-")  # blocks of 100, 100, 1000, 1000, 10000, 10000
    split = held_out_split(problem, 2220, seed=0)
    test = split.test
    per_block = Counter(zip(test.n_terms.tolist(), test.operators.tolist(), strict=True))
    assert per_block == {(2, "+"): 10, (2, "-"): 10, (3, "+"): 100, (3, "-"): 100, (4, "+"): 1000, (4, "-"): 1000}


def test_splits_are_seeded():
    problem = ArithmeticProblem((2, 3), 50, operators="*/")
    first, second = held_out_split(problem, 500, seed=9), held_out_split(problem, 500, seed=np.random.default_rng(9))
    assert np.array_equal(first.test_ids, second.test_ids)
    assert not np.array_equal(first.test_ids, held_out_split(problem, 500, seed=10).test_ids)
    assert first.sample_train(100, 5).same_as(first.sample_train(100, 5))


def test_a_space_too_large_to_list_is_sampled_and_still_split_cleanly():
    problem = ArithmeticProblem((2, 5), 9999, operators="+-", padding="per_term", reverse=True)
    split = held_out_split(problem, 5000, seed=0)
    assert split.n_test == 5000
    train = split.sample_train(20_000, seed=1)
    assert not split.is_test(train).any()
    X, y = split.train_data(100, seed=2)
    assert X.shape == (100, problem.n_in_seq_length, problem.n_chars)
    assert split.test_data()[0].shape == (5000, problem.n_in_seq_length, problem.n_chars)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: held_out_split(ArithmeticProblem(), 1000), ValueError, "smaller than the 1,000 questions"),
        (lambda: held_out_split(ArithmeticProblem(), 0), ValueError, "n_test must be an integer >= 1, got 0"),
        (lambda: held_out_split(ArithmeticProblem(), 0.1), TypeError, "n_test must be an integer, got 0.1"),
        (lambda: held_out_split(ArithmeticProblem(), 10, seed=-1), ValueError, "seed must be an integer >= 0"),
        (lambda: held_out_split("3+10", 10), TypeError, "problem must be an ArithmeticProblem"),
        (lambda: held_out_split(ArithmeticProblem(), 10).sample_train(991, distinct=True), ValueError,
         "only 990 are training"),
        (lambda: held_out_split(ArithmeticProblem(), 10).sample_train(5, distinct=1), TypeError,
         "distinct must be True or False"),
        (lambda: HeldOutSplit(ArithmeticProblem(1, 3), [0, 1, 2]), ValueError, "at least one question for training"),
        (lambda: HeldOutSplit(ArithmeticProblem(1, 3), [3]), ValueError, "test_ids must be in 0..2"),
    ],
)
def test_split_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


# ---------------------------------------------------------------- split_questions on plain lists


def test_split_questions_docstring_example():
    assert split_questions([[1, 2], [3, 4], [1, 2], [5, 6]], 1 / 3, seed=0) == ([[1, 2], [3, 4], [1, 2]], [[5, 6]])


@given(st.lists(st.lists(st.integers(1, 3), min_size=2, max_size=2), min_size=1, max_size=40),
       st.floats(0.01, 0.99), seeds)
@settings(max_examples=80, deadline=None)
def test_split_questions_keeps_every_row_and_never_leaks(questions, fraction, seed):
    train, test = split_questions(questions, fraction, seed)
    assert Counter(map(question_key, train + test)) == Counter(map(question_key, questions))
    assert not set(map(question_key, train)) & set(map(question_key, test))
    n_distinct = len(set(map(question_key, questions)))
    assert len(set(map(question_key, test))) == int(fraction * n_distinct + 0.5)
    assert split_questions(questions, fraction, seed) == (train, test)
    assert train == [row for row in questions if question_key(row) not in set(map(question_key, test))]


@pytest.mark.parametrize(
    "args, error, message",
    [
        (([[1, 2]], 0), ValueError, "test_fraction must be strictly between 0 and 1, got 0"),
        (([[1, 2]], 1.0), ValueError, "got 1.0"),
        (([[1, 2]], "half"), TypeError, "test_fraction must be a number between 0 and 1, got 'half'"),
        (([[1, 2]], True), TypeError, "got True"),
        (("1+2", 0.5), TypeError, "questions must be a list of questions"),
    ],
)
def test_split_questions_rejects_bad_input(args, error, message):
    with pytest.raises(error, match=message):
        split_questions(*args)


def test_allocation_with_sizes_that_do_not_divide_evenly():
    from addition_lib.splits import allocate_test_share

    assert allocate_test_share(10, [1, 10, 100]) == [0, 1, 9]
    assert allocate_test_share(7, [3, 3, 3]) == [3, 2, 2]
    assert allocate_test_share(5, [2, 7]) == [1, 4]


@given(st.lists(st.integers(1, 50), min_size=1, max_size=6), st.data())
@settings(max_examples=200)
def test_allocation_is_proportional_and_exact(sizes, data):
    from addition_lib.splits import allocate_test_share

    n_test = data.draw(st.integers(0, sum(sizes)))
    shares = allocate_test_share(n_test, sizes)
    assert sum(shares) == n_test
    for share, size in zip(shares, sizes, strict=True):
        exact = n_test * size / sum(sizes)
        assert int(exact) <= share <= int(exact) + 1
        assert share <= size
