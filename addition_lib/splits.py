"""Held-out questions that never leak into training.

Every question of an :class:`ArithmeticProblem` has an **id**, a whole number in
``0..n_questions-1`` (int64, or Python ints in an object array when there are more than
``2**63 - 1`` questions, such as five terms of 1..9999): questions are grouped in blocks
by ``(term count, operator)`` (``problem.blocks``), and inside a block the terms are
read as the digits of a number in base ``span`` (first term most significant). Ids turn
"the same question" into "the same number", so a split by id cannot leak: a question is
in the test set or it is not, however many times it is drawn.

:func:`held_out_split` picks ``n_test`` distinct test questions, each block
contributing in proportion to its size (exact counts, largest remainders), and
chosen uniformly inside the block by drawing distinct ids, so a block is never
listed question by question, however large. The :class:`HeldOutSplit`
then draws training questions the way :func:`random_questions` does, redrawing
any that is a test question, so training data never contains one.

:func:`split_questions` is the same idea on plain lists, for a dataset you already have.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .data import encode_questions
from .problem import ArithmeticProblem
from .questions import (
    ENUMERATE_LIMIT,
    Questions,
    all_questions,
    block_layout,
    id_dtype,
    is_in_sorted,
    question_ids,
    questions_from_ids,
    random_questions,
)
from .rules import INT64_MAX
from .seeds import as_generator
from .validation import check_int, check_problem

_MAX_ROUNDS = 10_000


def allocate_test_share(n_test: int, sizes: list[int]) -> list[int]:
    """Split ``n_test`` across blocks in proportion to ``sizes``: floors, then the
    largest remainders.

    >>> allocate_test_share(10, [1, 10, 100])
    [0, 1, 9]
    """
    total = sum(sizes)
    shares = [n_test * size // total for size in sizes]
    remainders = [n_test * size % total for size in sizes]
    for index in sorted(range(len(sizes)), key=lambda i: -remainders[i])[
        : n_test - sum(shares)
    ]:
        shares[index] += 1
    return shares


@dataclass(frozen=True, eq=False)
class HeldOutSplit:
    """A problem's questions split in two: the ``test_ids`` and everything else
    (training).

    ``test_ids`` is a sorted ``(n_test,)`` array of distinct ids. Make one with
    :func:`held_out_split`.
    """

    problem: ArithmeticProblem
    test_ids: np.ndarray

    def __post_init__(self):
        problem = check_problem(self.problem)
        ids = np.unique(np.asarray(self.test_ids).astype(id_dtype(problem)))
        if ids.size and (ids[0] < 0 or ids[-1] >= problem.n_questions):
            raise ValueError(f"test_ids must be in 0..{problem.n_questions - 1}")
        if len(ids) >= problem.n_questions:
            raise ValueError("test_ids must leave at least one question for training")
        ids.setflags(write=False)
        object.__setattr__(self, "test_ids", ids)

    @property
    def n_test(self) -> int:
        return len(self.test_ids)

    @property
    def n_train(self) -> int:
        """How many distinct questions training may use."""
        return self.problem.n_questions - self.n_test

    @property
    def test(self) -> Questions:
        """The test questions, in id order."""
        return questions_from_ids(self.problem, self.test_ids)

    def is_test(self, questions: Questions) -> np.ndarray:
        """An ``(n,)`` bool array: which of ``questions`` are test questions."""
        return is_in_sorted(self.test_ids, question_ids(self.problem, questions))

    def sample_train(
        self, n_samples: int, seed=None, *, distinct: bool = False
    ) -> Questions:
        """Draw ``n_samples`` training questions, never a test question.

        Questions are drawn as :func:`random_questions` draws them; a test question is
        redrawn until it is not one. With ``distinct=True`` no question repeats (then
        ``n_samples`` must be at most ``n_train``).
        """
        n_samples = check_int("n_samples", n_samples, minimum=0)
        if not isinstance(distinct, bool):
            raise TypeError(f"distinct must be True or False, got {distinct!r}")
        rng = as_generator(seed)
        if not distinct:
            return self._draw_train(n_samples, rng)
        if n_samples > self.n_train:
            raise ValueError(
                f"n_samples={n_samples:,} distinct questions asked, but only "
                f"{self.n_train:,} are training questions"
            )
        kept = np.zeros(0, dtype=id_dtype(self.problem))
        for _ in range(_MAX_ROUNDS):
            missing = n_samples - len(kept)
            if not missing:
                return questions_from_ids(self.problem, kept)
            fresh = question_ids(
                self.problem, self._draw_train(max(2 * missing, 1000), rng)
            )
            fresh = fresh[
                np.sort(np.unique(fresh, return_index=True)[1])
            ]  # first appearance, in draw order
            fresh = fresh[~is_in_sorted(np.sort(kept), fresh)]
            kept = np.concatenate([kept, fresh[:missing]])
        raise RuntimeError(
            f"could not find {n_samples:,} distinct training questions; ask for fewer"
        )

    def _draw_train(self, n_samples: int, rng: np.random.Generator) -> Questions:
        ids = question_ids(self.problem, random_questions(self.problem, n_samples, rng))
        for _ in range(_MAX_ROUNDS):
            leaked = is_in_sorted(self.test_ids, ids)
            if not leaked.any():
                return questions_from_ids(self.problem, ids)
            ids[leaked] = question_ids(
                self.problem, random_questions(self.problem, int(leaked.sum()), rng)
            )
        raise RuntimeError(
            "training questions are too rare to draw; hold out fewer test questions"
        )

    def train_questions(self, *, limit: int = ENUMERATE_LIMIT) -> Questions:
        """Every training question, in id order (when there are at most ``limit``
        questions in all)."""
        everything = all_questions(self.problem, limit=limit)
        return everything[
            ~is_in_sorted(self.test_ids, np.arange(self.problem.n_questions))
        ]

    def train_data(
        self, n_samples: int, seed=None, *, distinct: bool = False
    ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`sample_train`, one-hot encoded as :func:`encode_questions` does."""
        return encode_questions(
            self.problem, self.sample_train(n_samples, seed, distinct=distinct)
        )

    def test_data(self) -> tuple[np.ndarray, np.ndarray]:
        """The test questions, one-hot encoded."""
        return encode_questions(self.problem, self.test)


def held_out_split(problem: ArithmeticProblem, n_test: int, *, seed=None) -> HeldOutSplit:
    """Hold out ``n_test`` distinct questions of ``problem`` for testing.

    Each ``(term count, operator)`` block gives a share of the test set in proportion to
    its number of questions; inside a block the test questions are chosen uniformly.
    ``0 < n_test < problem.n_questions``. ``seed`` is ``None``, an int or a Generator.
    """
    problem = check_problem(problem)
    n_test = check_int("n_test", n_test, minimum=1)
    if n_test >= problem.n_questions:
        raise ValueError(
            f"n_test must be smaller than the {problem.n_questions:,} questions of "
            "the problem, "
            f"so that some are left for training; got {n_test:,}"
        )
    rng = as_generator(seed)
    sizes, starts = block_layout(problem)
    shares = allocate_test_share(n_test, sizes.tolist())
    chosen = [
        start + _distinct_below(size, share, rng)
        for size, start, share in zip(
            sizes.tolist(), starts.tolist(), shares, strict=True
        )
        if share
    ]
    return HeldOutSplit(problem, np.concatenate(chosen))


def _distinct_below(size: int, count: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` distinct whole numbers in ``0..size-1``, uniformly; ``size`` may exceed
    64 bits."""
    if size <= INT64_MAX:
        return rng.choice(size, count, replace=False)
    bits = (size - 1).bit_length()
    chunks = -(-bits // 62)
    picked = np.zeros(0, dtype=object)
    while len(picked) < count:
        # Uniform random bits, as many as size - 1 needs; rejecting draws >= size (under
        # half
        # of them) keeps the rest uniform.
        draws = np.zeros(2 * count, dtype=object)
        for _ in range(chunks):
            draws = draws * 2**62 + rng.integers(0, 2**62, size=2 * count).astype(object)
        draws = draws // 2 ** (62 * chunks - bits)
        draws = draws[draws < size]
        picked = np.unique(np.concatenate([picked, draws]))
    return rng.permutation(picked)[:count]


def split_questions(
    questions: Sequence, test_fraction: float, seed=None
) -> tuple[list, list]:
    """Split a list of questions into ``(train, test)`` so that no question is in both.

    ``questions`` is a list of questions such as ``[[3, 10], [9, 6], [3, 10]]``; two
    rows are the same question when they are equal. ``round(test_fraction *
    n_distinct)`` of the distinct questions go to ``test``, with every copy of them;
    everything else goes to ``train``. Both keep the original order. ``0 < test_fraction
    < 1``; ``seed`` is ``None``, an int or a Generator.

    >>> split_questions([[1, 2], [3, 4], [1, 2], [5, 6]], 1 / 3, seed=0)
    ([[1, 2], [3, 4], [1, 2]], [[5, 6]])
    """
    if isinstance(questions, (str, bytes)) or not isinstance(questions, Sequence):
        raise TypeError(f"questions must be a list of questions, got {questions!r}")
    if isinstance(test_fraction, bool) or not isinstance(
        test_fraction, (int, float, np.floating)
    ):
        raise TypeError(
            f"test_fraction must be a number between 0 and 1, got {test_fraction!r}"
        )
    if not 0 < test_fraction < 1:
        raise ValueError(
            f"test_fraction must be strictly between 0 and 1, got {test_fraction!r}"
        )
    keys = [question_key(row) for row in questions]
    distinct = list(dict.fromkeys(keys))
    n_test = int(test_fraction * len(distinct) + 0.5)
    picked = as_generator(seed).choice(len(distinct), n_test, replace=False)
    test_keys = {distinct[i] for i in picked.tolist()}
    train = [
        row for row, key in zip(questions, keys, strict=True) if key not in test_keys
    ]
    test = [row for row, key in zip(questions, keys, strict=True) if key in test_keys]
    return train, test


def question_key(row):
    """A hashable stand-in for one question: lists (and arrays) become tuples,
    recursively."""
    if isinstance(row, np.ndarray):
        row = row.tolist()
    if isinstance(row, (list, tuple)):
        return tuple(question_key(item) for item in row)
    return row


class HeldOutSets(NamedTuple):
    """Two held-out sets and the training side of a problem (see :func:`held_out_sets`).

    ``split`` is a :class:`HeldOutSplit` whose held-out ids are the validation and the
    test questions together, so ``split.sample_train`` never draws either;
    ``validation`` (for choosing settings and when to stop) and ``test`` (for scoring
    the chosen model once) are :class:`~addition_lib.questions.Questions` batches, in id
    order (sampled validation questions stay in the order they were drawn).
    """

    split: HeldOutSplit
    validation: Questions
    test: Questions


VALIDATION_DRAWS = ("stratified", "sampled", "enumerated")
"""The ways :func:`held_out_sets` can choose the validation questions."""


def held_out_sets(
    source, n_val: int, n_test: int | None = None, *, seed=0, draw: str = "stratified"
) -> HeldOutSets:
    """Keep a validation set and a test set out of training: the one way to make both.

    ``source`` is an :class:`~addition_lib.ArithmeticProblem`, whose ``n_test`` test
    questions are chosen here, or a :class:`HeldOutSplit` whose test set is kept as it
    is (then leave ``n_test`` out). ``n_val`` validation questions are then chosen by
    ``draw``; every random choice uses ``seed``:

    * ``'stratified'`` (a problem only): ``n_val + n_test`` questions are held out at
      once by :func:`held_out_split` and cut at random into the two sets, so both take
      their share of every kind of question (exercise 4);
    * ``'sampled'``: distinct training questions drawn as training draws them, after
      the test set is chosen; fast for any size of problem (exercise 2);
    * ``'enumerated'``: chosen uniformly from the list of every training question, for
      problems of at most a million questions (exercise 5).

    Returns :class:`HeldOutSets` ``(split, validation, test)``.
    """
    if draw not in VALIDATION_DRAWS:
        raise ValueError(f"draw must be one of {list(VALIDATION_DRAWS)}, got {draw!r}")
    n_val = check_int("n_val", n_val, minimum=1)
    rng = as_generator(seed)
    if isinstance(source, HeldOutSplit):
        if n_test is not None:
            raise ValueError(
                f"n_test must be left out when source is a HeldOutSplit (its "
                f"{source.n_test:,} test questions are the test set), got {n_test!r}"
            )
        if draw == "stratified":
            raise ValueError(
                "draw='stratified' needs a problem as source, to hold out the "
                "validation and test questions together; got a HeldOutSplit"
            )
        split = source
    else:
        problem = check_problem(source)
        n_test = check_int("n_test", n_test, minimum=1)
        if draw == "stratified":
            both = held_out_split(problem, n_val + n_test, seed=rng)
            order = rng.permutation(both.n_test)
            held = both.test
            return HeldOutSets(
                both, held[np.sort(order[:n_val])], held[np.sort(order[n_val:])]
            )
        split = held_out_split(problem, n_test, seed=rng)
    if n_val >= split.n_train:
        raise ValueError(
            f"n_val must be smaller than the {split.n_train:,} training questions "
            f"left after the test set, so that some are left; got {n_val:,}"
        )
    if draw == "sampled":
        validation = split.sample_train(n_val, rng, distinct=True)
    else:
        every = split.train_questions()
        picked = np.zeros(len(every), dtype=bool)
        picked[rng.choice(len(every), n_val, replace=False)] = True
        validation = every[picked]
    val_ids = question_ids(split.problem, validation)
    kept_out = HeldOutSplit(split.problem, np.union1d(split.test_ids, val_ids))
    return HeldOutSets(kept_out, validation, split.test)
