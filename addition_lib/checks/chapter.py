"""Checks for the chapter notebooks' your-turn cells."""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable

from ..splits import question_key
from .core import (
    build_cases,
    plain,
    random_int,
    run_check,
    same,
    show_value,
)


def check_split_questions(student_fn: Callable, *, n_random: int = 30, seed=0) -> None:
    """Check ``split_questions(questions, test_fraction, seed)`` against the rules of a split that cannot leak.

    A split is random, so it is not compared with one answer. Instead every result must

    * be a pair ``(train, test)`` of lists of questions;
    * keep every question: ``train`` and ``test`` together hold exactly the input rows;
    * never put one question in both (every copy of a question goes to the same side);
    * put ``test_fraction`` of the distinct questions in ``test``, give or take one;
    * give the same split again for the same seed.

    :func:`addition_lib.splits.split_questions` follows them.
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
        questions = [[random_int(rng, 1, largest) for _ in range(2)] for _ in range(random_int(rng, 6, 30))]
        if len({tuple(row) for row in questions}) < 2:
            questions.append([largest + 1, 1])
        return questions, float(rng.choice((0.1, 0.2, 0.25, 0.5, 0.75))), random_int(rng, 0, 1000)

    def judge(args, result):
        questions, test_fraction, split_seed = args
        if not (isinstance(result, (list, tuple)) and len(result) == 2
                and all(isinstance(side, (list, tuple)) for side in result)):
            return f"gave {show_value(result)}, expected a pair (train, test) of lists of questions"
        train, test = (plain(side) for side in result)
        got, given = Counter(map(question_key, [*train, *test])), Counter(map(question_key, questions))
        if got != given:
            lost, added = given - got, got - given
            extra = lost or added
            detail = f"{'lost' if lost else 'added'} {[list(row) for row in extra.elements()]}"
            return f"{detail}: expected train and test together to hold every row given, each exactly once"
        both = sorted(set(map(question_key, train)) & set(map(question_key, test)))
        if both:
            return (f"put {list(both[0])} in both train and test: a leak, so the test score would "
                    "reward memorising. Every copy of a question must go to the same side.")
        n_distinct = len(set(given))
        n_test = len(set(map(question_key, test)))
        if abs(n_test - test_fraction * n_distinct) > 1:
            return (f"put {n_test} distinct questions in test, expected about "
                    f"{test_fraction} * {n_distinct} = {test_fraction * n_distinct:g}")
        again = student_fn(*copy.deepcopy(args))
        if not same(again, result):
            return f"gave a different split when called again with the same seed={split_seed}; expected the same"
        return None

    run_check(student_fn, build_cases(named, make_random, n_random, seed), judge)
