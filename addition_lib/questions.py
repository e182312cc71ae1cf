"""A batch of questions held as NumPy arrays, their answers, and random draws.

A :class:`Questions` batch keeps one row per question: its terms, how many of
them it uses, and its operator. Rows of different lengths share one array; the
unused columns hold 0 and are ignored. Answers follow the rules in
:mod:`addition_lib.problem` and are computed for the whole batch at once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .problem import ArithmeticProblem
from .rules import INT64_MAX, MINUS, OPERATORS, PLUS, TIMES, check_operator
from .seeds import as_generator
from .validation import as_int_array, check_fits_in_memory, check_int, check_problem

_QUESTION = re.compile(r"\d+(?:([-+*/])\d+(?:\1\d+)*)?")


@dataclass(frozen=True, eq=False)
class Questions:
    """``n`` questions, column-wise.

    Attributes
    ----------
    terms : ndarray of int64, shape (n, width)
        Row ``i`` uses its first ``n_terms[i]`` columns; the other columns are 0.
    n_terms : ndarray of int64, shape (n,)
        Terms in each question, ``1 <= n_terms[i] <= width``.
    operators : ndarray of str (``'<U1'``), shape (n,)
        Each question's operator, one of :data:`~addition_lib.problem.OPERATORS`.

    Build one from lists with :meth:`from_lists`, or draw one with
    :func:`random_questions`.
    """

    terms: np.ndarray
    n_terms: np.ndarray
    operators: np.ndarray

    def __post_init__(self):
        terms = as_int_array("terms", self.terms, 2, "(n_questions, width)").astype(
            np.int64
        )
        counts = as_int_array("n_terms", self.n_terms, 1, "(n_questions,)").astype(
            np.int64
        )
        operators = np.asarray(self.operators)
        if operators.ndim != 1 or (operators.size and operators.dtype.kind != "U"):
            raise TypeError(
                "operators must be a 1-D array of one-character strings, got "
                f"{self.operators!r}"
            )
        operators = operators.astype("<U1")
        if not len(terms) == len(counts) == len(operators):
            raise ValueError(
                f"terms, n_terms and operators must have one row per question, "
                f"got {len(terms)}, {len(counts)} and {len(operators)}"
            )
        if counts.size and (counts.min() < 1 or counts.max() > terms.shape[1]):
            bad = counts[(counts < 1) | (counts > terms.shape[1])][0]
            raise ValueError(
                f"n_terms must be in 1..{terms.shape[1]} (the columns of terms), got "
                f"{bad}"
            )
        # one code point per operator: compared as numbers, not as Python strings
        known = np.isin(operators.view(np.uint32), [ord(o) for o in OPERATORS])
        if not known.all():
            unknown = sorted(set(operators[~known].tolist()))
            raise ValueError(
                f"operators must be among {list(OPERATORS)!r}, got {unknown[0]!r}"
            )
        used = np.arange(terms.shape[1]) < counts[:, None]
        if (terms[used] < 0).any():
            raise ValueError(f"terms must not be negative, got {terms[used].min()}")
        terms = np.where(used, terms, 0)
        for name, array in (
            ("terms", terms),
            ("n_terms", counts),
            ("operators", operators),
        ):
            array.setflags(write=False)
            object.__setattr__(self, name, array)

    @classmethod
    def from_lists(
        cls, rows: Sequence[Sequence[int]], operators: str | Sequence[str] = PLUS
    ) -> Questions:
        """Questions from lists of terms, such as ``[[9, 10, 9], [3, 10]]``.

        ``operators`` is one operator for every row (``'-'``) or a list with one per
        row.
        """
        if isinstance(rows, np.ndarray):
            rows = rows.tolist()
        if isinstance(rows, (str, bytes)) or not isinstance(rows, Sequence):
            raise TypeError(f"rows must be a list of lists of terms, got {rows!r}")
        for i, row in enumerate(rows):
            if isinstance(row, (str, bytes)) or not isinstance(row, Sequence) or not row:
                raise TypeError(
                    f"rows[{i}] must be a non-empty list of terms, got {row!r}"
                )
        width = max((len(row) for row in rows), default=1)
        terms = np.zeros((len(rows), width), dtype=np.int64)
        for i, row in enumerate(rows):
            terms[i, : len(row)] = [
                check_int(f"rows[{i}] term", term, minimum=0) for term in row
            ]
        if isinstance(operators, str):
            operators = [check_operator("operators", operators)] * len(rows)
        elif len(operators) != len(rows):
            raise ValueError(
                f"operators must be one operator or one per row ({len(rows)}), got "
                f"{len(operators)}"
            )
        return cls(
            terms, [len(row) for row in rows], np.array(list(operators), dtype="<U1")
        )

    @classmethod
    def from_texts(cls, texts: Sequence[str]) -> Questions:
        """Questions from text such as ``['9-10-9', ' 3+10', '7']``; spaces are ignored.

        Each text is whole numbers joined by one operator, used throughout. A one-term
        question gets ``'+'`` as its operator (it has none).
        """
        if isinstance(texts, str) or not isinstance(texts, Sequence):
            raise TypeError(
                f"texts must be a list of strings such as ['9-10-9'], got {texts!r}"
            )
        rows, operators = [], []
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"texts[{i}] must be a string, got {text!r}")
            if re.search(r"\d +\d", text):
                raise ValueError(f"texts[{i}] = {text!r} has a space inside a number")
            compact = text.replace(" ", "")
            unknown = sorted(set(re.sub(r"[\d+\-*/]", "", compact)))
            if unknown:
                raise ValueError(
                    f"texts[{i}] = {text!r} has {unknown[0]!r}, which is neither a "
                    "digit nor one "
                    f"of the operators {list(OPERATORS)!r}"
                )
            match = _QUESTION.fullmatch(compact)
            if match is None:
                raise ValueError(
                    f"texts[{i}] = {text!r} is not whole numbers joined by one "
                    "operator (such as '9+10+9')"
                )
            operator = match.group(1) or PLUS
            rows.append([int(term) for term in compact.split(operator)])
            operators.append(operator)
        return cls.from_lists(rows, operators)

    def __len__(self) -> int:
        return len(self.n_terms)

    def __getitem__(self, index) -> Questions:
        """The questions at ``index`` (a slice, an integer array or a boolean mask), as
        a new batch."""
        if isinstance(index, (int, np.integer)):
            index = slice(index, index + 1 or None)
        return Questions(self.terms[index], self.n_terms[index], self.operators[index])

    def __repr__(self) -> str:
        shown = ", ".join(repr(text) for text in self.texts()[:3])
        more = ", ..." if len(self) > 3 else ""
        return f"Questions([{shown}{more}], n={len(self)})"

    @property
    def answers(self) -> np.ndarray:
        """The answer to every question, an ``(n,)`` int64 array (see
        :func:`evaluate_terms`)."""
        return evaluate_terms(self.terms, self.n_terms, self.operators)

    def rows(self) -> list[list[int]]:
        """The terms of every question as plain lists, each as long as that question."""
        return [
            row[:count]
            for row, count in zip(self.terms.tolist(), self.n_terms.tolist(), strict=True)
        ]

    def texts(self) -> list[str]:
        """Each question written without padding, such as ``'9-10-9'``."""
        return [
            operator.join(str(term) for term in row)
            for row, operator in zip(self.rows(), self.operators.tolist(), strict=True)
        ]

    def same_as(self, other: Questions) -> bool:
        """True when both batches hold the same questions in the same order."""
        return (
            isinstance(other, Questions)
            and self.rows() == other.rows()
            and np.array_equal(self._canonical_operators(), other._canonical_operators())
        )

    def _canonical_operators(self) -> np.ndarray:
        # A one-term question has no operator to compare.
        return np.where(self.n_terms == 1, "", self.operators)


def evaluate_terms(
    terms: np.ndarray, n_terms: np.ndarray, operators: np.ndarray
) -> np.ndarray:
    """Answer a batch of questions, left to right, as
    :func:`~addition_lib.problem.evaluate` does one.

    ``terms`` has shape ``(n, width)`` (columns past ``n_terms[i]`` are ignored),
    ``n_terms`` and ``operators`` shape ``(n,)``. Returns an ``(n,)`` int64 array.
    Raises ``ValueError`` for a zero divisor or an answer beyond 64-bit integers.
    """
    terms, n_terms, operators = (
        np.asarray(terms),
        np.asarray(n_terms),
        np.asarray(operators),
    )
    answers = terms[:, 0].astype(np.int64) if len(terms) else np.zeros(0, dtype=np.int64)
    for column in range(1, terms.shape[1]):
        active = column < n_terms
        values = terms[:, column]
        for operator in OPERATORS:
            rows = active & (operators == operator)
            if not rows.any():
                continue
            left, right = answers[rows], values[rows]
            if operator == PLUS:
                answers[rows] = left + right
            elif operator == MINUS:
                answers[rows] = left - right
            elif operator == TIMES:
                too_big = (right > 0) & (np.abs(left) > INT64_MAX // np.maximum(right, 1))
                if too_big.any():
                    i = int(np.flatnonzero(rows)[np.argmax(too_big)])
                    raise ValueError(
                        f"question {i} has a product beyond 64-bit integers (terms "
                        f"{terms[i].tolist()})"
                    )
                answers[rows] = left * right
            else:
                if (right == 0).any():
                    i = int(np.flatnonzero(rows)[np.argmax(right == 0)])
                    raise ValueError(
                        f"question {i} divides by 0 (terms {terms[i].tolist()}); a "
                        "divisor is never zero"
                    )
                answers[rows] = left // right
    return answers


def random_questions(problem: ArithmeticProblem, n_samples: int, seed=None) -> Questions:
    """Draw ``n_samples`` questions of ``problem``, with repeats, as the chapter draws
    its sums.

    Each question independently draws its term count uniformly from
    ``problem.term_counts``, its operator uniformly from ``problem.operators`` (a
    one-term question gets
    ``operators[0]``:
    it has none), and each term uniformly from ``smallest..largest``. ``seed`` is
    ``None``, an ``int`` or a ``numpy.random.Generator``; the same seed gives the same
    questions.
    """
    if not isinstance(problem, ArithmeticProblem):
        raise TypeError(f"problem must be an ArithmeticProblem, got {problem!r}")
    n_samples = check_int("n_samples", n_samples, minimum=0)
    # terms (int64) and counts, then the uint8 one-hot arrays a caller usually makes
    per_question = (
        8 * (problem.max_terms + 1)
        + 4
        + (problem.n_in_seq_length + problem.n_out_seq_length) * problem.n_chars
    )
    check_fits_in_memory("n_samples", n_samples, n_samples * per_question)
    rng = as_generator(seed)
    counts = rng.integers(problem.min_terms, problem.max_terms + 1, size=n_samples)
    operators = np.array(problem.operators, dtype="<U1")[
        rng.integers(0, len(problem.operators), size=n_samples)
    ]
    operators[counts == 1] = problem.operators[0]
    terms = rng.integers(
        problem.smallest, problem.largest + 1, size=(n_samples, problem.max_terms)
    )
    return Questions(terms, counts, operators)


def concatenate(batches: Sequence[Questions]) -> Questions:
    """One batch holding every question of ``batches``, in order."""
    if not batches:
        raise ValueError("batches must hold at least one Questions batch")
    width = max(batch.terms.shape[1] for batch in batches)
    terms = np.concatenate(
        [
            np.pad(batch.terms, ((0, 0), (0, width - batch.terms.shape[1])))
            for batch in batches
        ]
    )
    return Questions(
        terms,
        np.concatenate([batch.n_terms for batch in batches]),
        np.concatenate([batch.operators for batch in batches]),
    )


ENUMERATE_LIMIT = 1_000_000
"""The most questions :func:`all_questions` and :meth:`HeldOutSplit.train_questions`
list by default."""


def id_dtype(problem: ArithmeticProblem):
    return np.int64 if problem.n_questions <= INT64_MAX else object


def block_layout(problem: ArithmeticProblem) -> tuple[np.ndarray, np.ndarray]:
    """Sizes and first ids of ``problem.blocks``, as arrays of the id dtype."""
    sizes = [problem.span**count for count, _ in problem.blocks]
    starts = [sum(sizes[:index]) for index in range(len(sizes))]
    dtype = id_dtype(problem)
    return np.array(sizes, dtype=dtype), np.array(starts, dtype=dtype)


def is_in_sorted(sorted_ids: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Which of ``ids`` are in ``sorted_ids`` (a binary search; fast for object arrays
    too)."""
    if not len(sorted_ids):
        return np.zeros(len(ids), dtype=bool)
    where = np.searchsorted(sorted_ids, ids)
    return (where < len(sorted_ids)) & (
        sorted_ids[np.minimum(where, len(sorted_ids) - 1)] == ids
    )


def question_ids(problem: ArithmeticProblem, questions: Questions) -> np.ndarray:
    """The id of every question, an ``(n,)`` int64 (or object) array (see the module
    docstring).

    Raises ``ValueError`` for a question that is not one of ``problem``'s: a term count,
    operator or term outside its ranges.
    """
    problem = check_problem(problem)
    if not isinstance(questions, Questions):
        raise TypeError(f"questions must be a Questions batch, got {questions!r}")
    terms, counts, operators = questions.terms, questions.n_terms, questions.operators
    outside = (counts < problem.min_terms) | (counts > problem.max_terms)
    if outside.any():
        i = int(np.argmax(outside))
        raise ValueError(
            f"question {i} has {counts[i]} terms, outside n_terms "
            f"{problem.min_terms}..{problem.max_terms}"
        )
    used = np.arange(terms.shape[1]) < counts[:, None]
    out_of_range = used & ((terms < problem.smallest) | (terms > problem.largest))
    if out_of_range.any():
        i, j = np.argwhere(out_of_range)[0]
        raise ValueError(
            f"question {i} has the term {terms[i, j]}, outside "
            f"{problem.smallest}..{problem.largest}"
        )
    codes = operators.view(np.uint32)  # one code point per operator, compared as numbers
    unknown = (counts > 1) & ~np.isin(codes, [ord(o) for o in problem.operators])
    if unknown.any():
        i = int(np.argmax(unknown))
        raise ValueError(
            f"question {i} uses {str(operators[i])!r}, not one of the problem's "
            f"operators {problem.operators}"
        )
    _, starts = block_layout(problem)
    dtype = id_dtype(problem)
    ids = np.full(len(questions), -1, dtype=dtype)
    for (count, operator), start in zip(problem.blocks, starts.tolist(), strict=True):
        rows = (counts == count) & ((codes == ord(operator)) | (count == 1))
        local = np.zeros(int(rows.sum()), dtype=dtype)
        for column in range(count):
            local = local * problem.span + (
                terms[rows, column] - problem.smallest
            ).astype(dtype)
        ids[rows] = start + local
    return ids


def questions_from_ids(problem: ArithmeticProblem, ids) -> Questions:
    """The questions with these ids: the inverse of :func:`question_ids`. ``ids`` has
    shape ``(n,)``."""
    problem = check_problem(problem)
    ids = np.asarray(ids)
    whole = np.issubdtype(ids.dtype, np.integer) or all(
        isinstance(i, int) for i in ids.ravel().tolist()
    )
    if ids.ndim != 1 or (ids.size and not whole):
        raise TypeError(f"ids must be a 1-D array of integers, got {ids!r}")
    ids = ids.astype(id_dtype(problem))
    if ids.size and (ids.min() < 0 or ids.max() >= problem.n_questions):
        bad = ids[(ids < 0) | (ids >= problem.n_questions)][0]
        raise ValueError(f"ids must be in 0..{problem.n_questions - 1}, got {bad}")
    sizes, starts = block_layout(problem)
    block = np.searchsorted(starts + sizes, ids, side="right")
    terms = np.zeros((len(ids), problem.max_terms), dtype=np.int64)
    counts = np.zeros(len(ids), dtype=np.int64)
    operators = np.full(len(ids), problem.operators[0], dtype="<U1")
    for index, (count, operator) in enumerate(problem.blocks):
        rows = block == index
        local = ids[rows] - starts[index]
        for column in range(count - 1, -1, -1):
            terms[rows, column] = (local % problem.span).astype(
                np.int64
            ) + problem.smallest
            local //= problem.span
        counts[rows] = count
        operators[rows] = operator
    return Questions(terms, counts, operators)


def all_questions(
    problem: ArithmeticProblem, *, limit: int = ENUMERATE_LIMIT
) -> Questions:
    """Every question of ``problem``, in id order. Raises ``ValueError`` if there are
    more than ``limit``."""
    problem = check_problem(problem)
    limit = check_int("limit", limit, minimum=1)
    if problem.n_questions > limit:
        raise ValueError(
            f"problem has {problem.n_questions:,} questions, more than limit={limit:,}"
        )
    return questions_from_ids(problem, np.arange(problem.n_questions))
