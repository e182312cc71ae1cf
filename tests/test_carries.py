"""Carry chains counted two ways, the edge-case set, and grouping scores by a key."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addition_lib import ArithmeticProblem, Questions
from addition_lib.carries import (
    carries_out,
    carry_chains,
    carry_edge_cases,
    exact_match_by,
    longest_carry_chain,
)


@pytest.mark.parametrize("terms, chain", [
    ([999, 1], 3), ([5555, 4445], 4), ([123, 456], 0), ([5, 5], 1), ([0, 0], 0),
    ([19, 1, 90], 2), ([9, 9, 9], 1), ([99, 99, 99, 99], 2), ([909, 91], 3),
    ([1009, 1], 1), ([9999999999, 1], 10), ([7], 0),
])
def test_longest_carry_chain_on_named_sums(terms, chain):
    assert longest_carry_chain(terms) == chain
    assert carry_chains(Questions.from_lists([terms], "+")).tolist() == [chain]


def test_longest_carry_chain_accepts_numpy_and_rejects_bad_input():
    assert longest_carry_chain(np.array([999, 1], dtype=np.int32)) == 3
    assert longest_carry_chain([np.int64(5), np.int64(5)]) == 1
    with pytest.raises(TypeError, match="terms"):
        longest_carry_chain("999+1")
    with pytest.raises(ValueError, match="terms must hold whole numbers >= 0, got -1"):
        longest_carry_chain([-1, 5])


def chain_from_place_values(questions, row):
    """The longest run of columns with a carry out, each carry found by place value."""
    longest = run = 0
    for column in range(13):  # sums of up to 4 terms below 10**11
        carry = carries_out(questions[row:row + 1], column)[0]
        run = run + 1 if carry else 0
        longest = max(longest, run)
    return longest


@given(st.lists(st.lists(st.integers(0, 10**10), min_size=2, max_size=4), min_size=1, max_size=8))
@settings(max_examples=80, deadline=None)
def test_chains_computed_two_ways_agree(rows):
    width = max(map(len, rows))
    padded = [row + [0] * (width - len(row)) for row in rows]
    questions = Questions(padded, [len(row) for row in rows], ["+"] * len(rows))
    chains = carry_chains(questions)
    assert chains.tolist() == [longest_carry_chain(row) for row in rows]
    assert chains.tolist() == [chain_from_place_values(questions, i) for i in range(len(rows))]


def test_carries_out_of_a_column():
    questions = Questions.from_lists([[999, 1], [99, 99, 99, 99]], "+")
    assert carries_out(questions, 0).tolist() == [1, 3]
    assert carries_out(questions, 2).tolist() == [1, 0]
    with pytest.raises(ValueError, match="column must be an integer >= 0, got -1"):
        carries_out(questions, -1)


def test_chains_refuse_other_operators():
    with pytest.raises(ValueError, match="sums"):
        carry_chains(Questions.from_lists([[9, 1]], "-"))
    with pytest.raises(TypeError, match="Questions"):
        carry_chains([[9, 1]])


def test_edge_cases_of_small_problems_are_all_of_them():
    problem = ArithmeticProblem(2, 99)
    edge = carry_edge_cases(problem)
    everything = [(a, b) for a in range(1, 100) for b in range(1, 100)
                  if a + b == 10 ** len(str(max(a, b))) + (a % 10 + b % 10) - 10
                  and a % 10 + b % 10 >= 10]
    assert sorted(map(tuple, edge.rows())) == sorted(everything)
    assert (carry_chains(edge) == [len(str(max(row))) for row in edge.rows()]).all()
    assert {"99+1", "1+99", "55+45", "9+1", "12+88"} <= set(edge.texts())


def test_edge_cases_of_three_digits():
    edge = carry_edge_cases(ArithmeticProblem(2, 999))
    assert len(edge) == len(set(edge.texts())) == 4995
    assert {"999+1", "1+999", "555+445", "123+877", "125+879"} <= set(edge.texts())
    widths = np.array([len(str(max(row))) for row in edge.rows()])
    assert (carry_chains(edge) == widths).all()
    assert (edge.answers // 10 ** widths == 1).all()


def test_edge_cases_of_long_numbers_are_a_fixed_sample():
    problem = ArithmeticProblem(2, 10**10 - 1)
    edge = carry_edge_cases(problem, limit=500, seed=3)
    assert len(edge) == 500
    assert edge.same_as(carry_edge_cases(problem, limit=500, seed=np.int64(3)))
    assert {"9999999999+1", "5555555555+4444444445"} <= set(edge.texts())
    widths = np.array([len(str(max(row))) for row in edge.rows()])
    assert (carry_chains(edge) == widths).all()


def test_edge_cases_reject_other_problems():
    with pytest.raises(ValueError, match="two-term addition"):
        carry_edge_cases(ArithmeticProblem(3, 99))
    with pytest.raises(ValueError, match="limit must be an integer >= 1, got 0"):
        carry_edge_cases(ArithmeticProblem(2, 99), limit=0)
    with pytest.raises(TypeError, match="problem"):
        carry_edge_cases("2 terms of 1..99")


def test_exact_match_by_groups_and_averages_runs():
    keys = [2, 0, 2, 1]
    assert exact_match_by(keys, [True, False, False, True]) == {0: (0.0, 1), 1: (1.0, 1), 2: (0.5, 2)}
    runs = np.array([[True, True, True, True], [False, True, False, True]])
    assert exact_match_by(keys, runs)[2] == (0.5, 2)
    with pytest.raises(TypeError, match="bool"):
        exact_match_by(keys, [1, 0, 1, 1])
    with pytest.raises(ValueError, match="shape"):
        exact_match_by(keys, [True])


def test_random_edge_cases_carry_the_whole_length():
    from addition_lib.carries import random_edge_cases

    sums = random_edge_cases(2_000, 10, seed=np.int64(4))
    widths = np.array([len(str(max(row))) for row in sums.rows()])
    assert (carry_chains(sums) == widths).all()
    assert set(widths) == set(range(1, 11))
    with pytest.raises(ValueError, match="max_digits must be an integer >= 1, got 0"):
        random_edge_cases(5, 0)
