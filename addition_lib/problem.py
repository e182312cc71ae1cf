"""The one object that describes a problem: :class:`ArithmeticProblem`.

It holds what the questions are (term counts, term range, operators) and how they
are written (padding, reversal, answer widths, alphabet), and gives the sizes the
model needs: ``n_in_seq_length``, ``n_out_seq_length`` and ``n_chars``. The rules
it follows are in :mod:`addition_lib.rules`.

The chapter's problem (notebooks 02-11) is :data:`CHAPTER_PROBLEM`, made by
:func:`AdditionProblem`: the same type, with the chapter's answer width.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .alphabet import ALPHABET, DIGITS, PAD, check_alphabet
from .rules import (
    DIVIDE,
    INT64_MAX,
    PLUS,
    check_operators,
    check_term_range,
    input_length,
    output_length,
    result_range,
    written_width,
)
from .validation import check_int

WHOLE, PER_TERM = "whole", "per_term"
PADDINGS: tuple[str, ...] = (WHOLE, PER_TERM)
"""``'whole'``: left-pad the whole question (the chapter's way, ``'   9+6+9'``);
``'per_term'``: left-pad every term to the width of the largest term (``' 9+ 6+ 9'``)."""

EXACT, CHAPTER = "exact", "chapter"
WIDTH_RULES: tuple[str, ...] = (EXACT, CHAPTER)
"""``'exact'``: answers padded to the width they need (:func:`answer_width`);
``'chapter'``: the chapter's formula (:func:`output_length`), for sums only."""


def _check_term_counts(n_terms) -> tuple[int, int]:
    """Accept ``3`` or ``(2, 5)`` and return ``(min_terms, max_terms)``."""
    if isinstance(n_terms, Sequence) and not isinstance(n_terms, str):
        if len(n_terms) != 2:
            raise ValueError(
                f"n_terms must be an integer or a (min, max) pair, got {n_terms!r}"
            )
        low = check_int("n_terms[0] (the fewest terms)", n_terms[0], minimum=1)
        high = check_int("n_terms[1] (the most terms)", n_terms[1], minimum=1)
        if low > high:
            raise ValueError(
                f"n_terms is an empty range: min {low} > max {high}, got {n_terms!r}"
            )
        return low, high
    count = check_int("n_terms", n_terms, minimum=1)
    return count, count


def default_alphabet(operators: Sequence[str]) -> tuple[str, ...]:
    """Digits, then the operators in :data:`OPERATORS` order, then the padding space.

    For ``'+'`` alone this is the chapter's alphabet, so the same codes mean the same
    symbols.
    """
    operators = check_operators("operators", operators)
    return DIGITS + operators + (PAD,)


@dataclass(frozen=True, repr=False)
class ArithmeticProblem:
    """A family of questions, how they are written, and the array sizes that follow.

    Parameters
    ----------
    n_terms : int or (int, int)
        Terms per question: ``3``, or a range such as ``(2, 5)`` (each question draws
        its own count). Stored as the pair ``(min_terms, max_terms)``.
    largest, smallest : int
        Every term is in ``smallest..largest`` (default ``1..10``, the chapter's).
        ``smallest >= 0``, and ``>= 1`` whenever ``'/'`` is allowed, so no divisor is
        zero.
    operators : str or sequence of str
        The operators questions may use, one per question: ``'+'``, ``'+-'``, ``('*',
        '/')``. Stored in :data:`OPERATORS` order.
    padding : ``'whole'`` or ``'per_term'``
        How a question is padded (see :data:`PADDINGS`). Answers are always left-padded
        as a whole.
    reverse : bool
        Reverse the padded input string (Sutskever et al., 2014).
    reverse_output : bool
        Write every padded answer least significant digit first: ``' 28'`` becomes
        ``'82 '`` (notebook 15). Decoding turns it back the right way round.
    alphabet : sequence of str, optional
        Symbols and their codes; by default :func:`default_alphabet` of ``operators``.
    widths : ``'exact'`` or ``'chapter'``
        How wide answers are padded (see :data:`WIDTH_RULES`). :func:`AdditionProblem`
        makes the chapter's problem, the one instance with ``widths='chapter'``.

    The model needs ``n_in_seq_length``, ``n_out_seq_length``, ``n_chars`` and
    ``alphabet``.

    >>> p = ArithmeticProblem(n_terms=3, largest=10, operators='+-')
    >>> p.n_in_seq_length, p.n_out_seq_length, p.n_chars
    (8, 3, 13)
    """

    n_terms: tuple[int, int] = (3, 3)
    largest: int = 10
    smallest: int = 1
    operators: tuple[str, ...] = (PLUS,)
    padding: str = WHOLE
    reverse: bool = False
    alphabet: tuple[str, ...] | None = None
    reverse_output: bool = False
    widths: str = EXACT

    def __post_init__(self):
        def set_field(name, value):
            object.__setattr__(self, name, value)

        set_field("n_terms", _check_term_counts(self.n_terms))
        smallest, largest = check_term_range(self.smallest, self.largest)
        set_field("smallest", smallest)
        set_field("largest", largest)
        operators = check_operators("operators", self.operators)
        set_field("operators", operators)
        if DIVIDE in operators and smallest == 0 and self.n_terms[1] > 1:
            raise ValueError(
                "operators include '/', so every divisor must be >= 1, but the term "
                "range "
                f"smallest..largest = {smallest}..{largest} includes 0"
            )
        if not isinstance(self.padding, str) or self.padding not in PADDINGS:
            raise ValueError(
                f"padding must be one of {list(PADDINGS)!r}, got {self.padding!r}"
            )
        if not isinstance(self.widths, str) or self.widths not in WIDTH_RULES:
            raise ValueError(
                f"widths must be one of {list(WIDTH_RULES)!r}, got {self.widths!r}"
            )
        if self.widths == CHAPTER and operators != (PLUS,):
            raise ValueError(
                f"widths='chapter' is the chapter's formula for sums; operators must be "
                f"'+', got {''.join(operators)!r}"
            )
        for flag in ("reverse", "reverse_output"):
            value = getattr(self, flag)
            if isinstance(value, np.bool_):
                set_field(flag, bool(value))
            elif not isinstance(value, bool):
                kind = type(value).__name__
                raise TypeError(f"{flag} must be True or False, got {value!r} ({kind})")
        if self.alphabet is None:
            set_field("alphabet", default_alphabet(operators))
        else:
            set_field(
                "alphabet",
                check_alphabet(self.alphabet, required=(*DIGITS, *operators, PAD)),
            )
        low, high = self.result_range
        if max(-low, high) > INT64_MAX:
            raise ValueError(
                f"answers reach {high if high > -low else low}, beyond 64-bit "
                "integers; use fewer or smaller terms"
            )

    def __repr__(self) -> str:
        if self._is_chapter_kind():
            return (
                f"AdditionProblem(n_numbers={self.max_terms}, largest={self.largest}, "
                f"alphabet={self.alphabet!r})"
            )
        shown = [
            f"{name}={getattr(self, name)!r}"
            for name in self.__dataclass_fields__
            if (name != "widths" or self.widths != EXACT)
            and (name != "reverse_output" or self.reverse_output)
        ]
        return f"ArithmeticProblem({', '.join(shown)})"

    def _is_chapter_kind(self) -> bool:
        """True for a problem :func:`AdditionProblem` makes."""
        return (
            self.widths == CHAPTER
            and self.min_terms == self.max_terms
            and self.smallest == 1
            and self.padding == WHOLE
            and not self.reverse
            and not self.reverse_output
        )

    @property
    def n_numbers(self) -> int:
        """The most terms a question has (the chapter's name for it)."""
        return self.max_terms

    @property
    def n_problems(self) -> int:
        """How many different questions there are (the chapter's name for it)."""
        return self.n_questions

    @property
    def min_terms(self) -> int:
        """The fewest terms a question has."""
        return self.n_terms[0]

    @property
    def max_terms(self) -> int:
        """The most terms a question has; inputs are padded to fit this many."""
        return self.n_terms[1]

    @property
    def term_counts(self) -> range:
        """Every term count questions may have: ``range(min_terms, max_terms + 1)``."""
        return range(self.min_terms, self.max_terms + 1)

    @property
    def term_width(self) -> int:
        """Digits of the largest term: the slot every term is padded to under
        ``'per_term'``."""
        return len(str(self.largest))

    @property
    def result_range(self) -> tuple[int, int]:
        """The smallest and largest answer over every operator and term count."""
        ranges = [
            result_range(operator, count, self.largest, self.smallest)
            for operator in self.operators
            for count in self.term_counts
        ]
        return min(low for low, _ in ranges), max(high for _, high in ranges)

    @property
    def n_chars(self) -> int:
        """Size of the alphabet: the length of every one-hot vector."""
        return len(self.alphabet)

    @property
    def n_in_seq_length(self) -> int:
        """Time steps of an encoded question: :func:`input_length` of ``max_terms``
        terms."""
        return input_length(self.max_terms, self.largest)

    @property
    def n_out_seq_length(self) -> int:
        """Time steps of an encoded answer: wide enough for every answer, or the
        chapter's width."""
        if self.widths == CHAPTER:
            return output_length(self.max_terms, self.largest)
        low, high = self.result_range
        return max(written_width(low), written_width(high))

    @property
    def span(self) -> int:
        """How many values a term can take: ``largest - smallest + 1``."""
        return self.largest - self.smallest + 1

    @property
    def blocks(self) -> tuple[tuple[int, str], ...]:
        """The ``(term count, operator)`` kinds of question, in the order question ids
        use.

        A one-term question has no operator; its block carries ``operators[0]``.
        """
        return tuple(
            (count, operator)
            for count in self.term_counts
            for operator in (self.operators[:1] if count == 1 else self.operators)
        )

    @property
    def n_questions(self) -> int:
        """How many different questions there are (a Python int; it may be huge)."""
        return sum(self.span**count for count, _ in self.blocks)

    def to_dict(self) -> dict:
        """A JSON-ready description; ``ArithmeticProblem.from_dict`` (or
        :func:`problem_from_dict`) reads it."""
        return {
            "kind": type(self).__name__,
            "n_terms": list(self.n_terms),
            "largest": self.largest,
            "smallest": self.smallest,
            "operators": list(self.operators),
            "padding": self.padding,
            "reverse": self.reverse,
            "alphabet": list(self.alphabet),
            "widths": self.widths,
            **({"reverse_output": True} if self.reverse_output else {}),
        }

    @classmethod
    def from_dict(cls, data: dict) -> ArithmeticProblem:
        if not isinstance(data, dict):
            raise TypeError(
                f"data must be a dict made by ArithmeticProblem.to_dict, got {data!r}"
            )
        fields = dict(data)
        kind = fields.pop("kind", cls.__name__)
        if kind != cls.__name__:
            raise ValueError(f"data describes a {kind!r}, not an {cls.__name__!r}")
        unknown = sorted(set(fields) - set(cls.__dataclass_fields__))
        if unknown:
            raise ValueError(f"data has unknown keys {unknown!r}")
        for key in ("n_terms", "operators", "alphabet"):
            if isinstance(fields.get(key), list):
                fields[key] = tuple(fields[key])
        return cls(**fields)

    def with_exact_widths(self, **changes) -> ArithmeticProblem:
        """This problem with answers padded to their exact width, and optional
        ``changes``.

        For the chapter's problem this can be one column narrower (three terms of
        1..33).
        """
        return dataclasses.replace(self, widths=EXACT, **changes)


def problem_from_dict(data: dict) -> ArithmeticProblem:
    """Rebuild a problem from its ``to_dict`` (also the chapter's older form, with
    ``n_numbers`` and no ``'kind'``, which models saved by earlier versions carry)."""
    if not isinstance(data, dict):
        raise TypeError(f"data must be a dict, got {data!r} ({type(data).__name__})")
    if "kind" not in data and set(data) == {"n_numbers", "largest", "alphabet"}:
        return AdditionProblem(
            data["n_numbers"], data["largest"], tuple(data["alphabet"])
        )
    return ArithmeticProblem.from_dict(data)


def AdditionProblem(  # noqa: N802 - a constructor's name, as in the chapter
    n_numbers=3, largest=10, alphabet=ALPHABET
) -> ArithmeticProblem:
    """The chapter's problem: ``n_numbers`` terms of ``1..largest``, added.

    A thin entry point to :class:`ArithmeticProblem` that keeps the chapter's
    names: answers are padded to the chapter's width (:func:`output_length`).
    The defaults are the chapter's configuration, three terms of 1..10
    (:data:`CHAPTER_PROBLEM`). Taught in notebook 07 and used from 08 on.

    >>> AdditionProblem().n_in_seq_length, AdditionProblem().n_out_seq_length
    (8, 2)
    """
    n_numbers = check_int("n_numbers", n_numbers, minimum=1)
    return ArithmeticProblem(
        n_terms=n_numbers, largest=largest, alphabet=alphabet, widths=CHAPTER
    )


CHAPTER_PROBLEM = AdditionProblem()
