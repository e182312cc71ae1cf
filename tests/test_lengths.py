from math import ceil, log10

import pytest
from hypothesis import given
from hypothesis import strategies as st

from addition_lib import input_length, output_length


def test_chapter_configuration():
    assert input_length(3, 10) == 8  # '10+10+10'
    assert output_length(3, 10) == 2  # '30'
    assert input_length(2, 10) == 5  # '10+10'


@given(n=st.integers(1, 12), largest=st.integers(1, 10**6))
def test_formulas_match_the_chapter_and_fit_the_extremes(n, largest):
    assert input_length(n, largest) == n * ceil(log10(largest + 1)) + n - 1
    assert input_length(n, largest) >= len("+".join([str(largest)] * n))
    assert output_length(n, largest) >= len(str(n * largest))
    assert output_length(n, largest) <= len(str(n * largest)) + 1


def test_output_formula_can_leave_a_spare_column():
    assert output_length(3, 33) == 3
    assert len(str(3 * 33)) == 2


def test_powers_of_ten_are_exact():
    # ceil(log10(1000)) must be 3, not 4 from a rounding error.
    assert output_length(1, 999) == 3
    assert input_length(1, 999) == 3
    assert input_length(1, 10**15 - 1) == 15


@pytest.mark.parametrize("function", [input_length, output_length])
@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"n_numbers": 0, "largest": 10}, ValueError, "n_numbers must be an integer >= 1, got 0"),
        ({"n_numbers": 3, "largest": 0}, ValueError, "largest must be an integer >= 1, got 0"),
        ({"n_numbers": 2.5, "largest": 10}, TypeError, "n_numbers must be an integer, got 2.5"),
        ({"n_numbers": 3, "largest": "10"}, TypeError, "largest must be an integer, got '10'"),
        ({"n_numbers": True, "largest": 10}, TypeError, "n_numbers must be an integer, got True"),
    ],
)
def test_bad_sizes(function, kwargs, error, words):
    with pytest.raises(error, match=words.replace("(", r"\(").replace(".", r"\.")):
        function(**kwargs)
