"""One object that describes an addition problem and the sizes it implies."""

from __future__ import annotations

from dataclasses import dataclass

from ._validate import check_int
from .alphabet import ALPHABET, check_alphabet
from .lengths import input_length, output_length


@dataclass(frozen=True)
class AdditionProblem:
    """``n_numbers`` terms, each an integer in ``1..largest``, written with ``alphabet``.

    The defaults are the chapter's configuration: three terms of 1..10.
    """

    n_numbers: int = 3
    largest: int = 10
    alphabet: tuple[str, ...] = ALPHABET

    def __post_init__(self):
        object.__setattr__(self, "n_numbers", check_int("n_numbers", self.n_numbers, minimum=1))
        object.__setattr__(self, "largest", check_int("largest", self.largest, minimum=1))
        object.__setattr__(self, "alphabet", check_alphabet(self.alphabet))

    @property
    def n_chars(self) -> int:
        """Size of the alphabet: the width of every one-hot vector (12)."""
        return len(self.alphabet)

    @property
    def n_in_seq_length(self) -> int:
        """Time steps of an encoded input (8 for ``'10+10+10'``)."""
        return input_length(self.n_numbers, self.largest)

    @property
    def n_out_seq_length(self) -> int:
        """Time steps of an encoded output (2 for ``'30'``)."""
        return output_length(self.n_numbers, self.largest)

    @property
    def n_problems(self) -> int:
        """How many different lists of terms there are: ``largest ** n_numbers``."""
        return self.largest**self.n_numbers

    def to_dict(self) -> dict:
        return {"n_numbers": self.n_numbers, "largest": self.largest, "alphabet": list(self.alphabet)}

    @classmethod
    def from_dict(cls, data: dict) -> AdditionProblem:
        return cls(data["n_numbers"], data["largest"], tuple(data["alphabet"]))


CHAPTER_PROBLEM = AdditionProblem()
