"""Hypothesis strategies shared by the tests of the generalised pipeline."""

from hypothesis import strategies as st

from addition_lib.problem import PADDINGS, ArithmeticProblem, default_alphabet
from addition_lib.rules import DIVIDE, OPERATORS


@st.composite
def problems(draw, max_terms: int = 5, max_largest: int = 1200, shuffle_alphabet: bool = True):
    """Any valid ArithmeticProblem: operators, term counts and ranges, padding, reversal and symbol order."""
    operators = draw(st.lists(st.sampled_from(OPERATORS), min_size=1, max_size=4, unique=True))
    fewest = draw(st.integers(1, max_terms))
    most = draw(st.integers(fewest, max_terms))
    smallest = draw(st.integers(1 if DIVIDE in operators else 0, 3))
    largest = draw(st.integers(max(smallest, 1), max_largest))
    alphabet = default_alphabet(operators)
    if shuffle_alphabet:
        alphabet = tuple(draw(st.permutations(alphabet)))
    return ArithmeticProblem(
        n_terms=(fewest, most),
        largest=largest,
        smallest=smallest,
        operators=operators,
        padding=draw(st.sampled_from(PADDINGS)),
        reverse=draw(st.booleans()),
        alphabet=alphabet,
        reverse_output=draw(st.booleans()),
    )


seeds = st.integers(0, 2**32 - 1)
