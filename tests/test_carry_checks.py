"""Notebook 15's check: right answers pass, the stub is calm, typical slips get their hint."""

import pytest

from addition_lib.carries import longest_carry_chain
from addition_lib.checks import check_longest_carry_chain


def test_the_reference_passes(capsys):
    check_longest_carry_chain(longest_carry_chain)
    assert "all 48 cases passed" in capsys.readouterr().out


def test_the_stub_is_not_attempted_yet(capsys):
    def stub(terms):
        raise NotImplementedError

    check_longest_carry_chain(stub)
    assert "not attempted yet" in capsys.readouterr().out


def counts_every_carrying_column(terms):
    count = carry = 0
    while any(terms) or carry:
        carry = (sum(t % 10 for t in terms) + carry) // 10
        count += carry > 0
        terms = [t // 10 for t in terms]
    return count


def ignores_the_carry_coming_in(terms):
    longest = run = 0
    while any(terms):
        run = run + 1 if sum(t % 10 for t in terms) >= 10 else 0
        longest = max(longest, run)
        terms = [t // 10 for t in terms]
    return longest


def carries_at_most_one(terms):
    longest = run = carry = 0
    while any(terms) or carry:
        carry = 1 if sum(t % 10 for t in terms) + carry >= 10 else 0
        run = run + 1 if carry else 0
        longest = max(longest, run)
        terms = [t // 10 for t in terms]
    return longest


@pytest.mark.parametrize("wrong, message", [
    (counts_every_carrying_column, r"\(\[109, 901\]\) gave 2, expected 1\n  hint: that is every column"),
    (ignores_the_carry_coming_in, r"\(\[999, 1\]\) gave 1, expected 3\n  hint: a column's total must include"),
    (carries_at_most_one, r"\(\[55, 35, 9, 1\]\) gave 1, expected 2\n  hint: with more than two terms"),
    (lambda terms: float(longest_carry_chain(terms)), r"gave 3.0, expected 3"),
])
def test_typical_slips_are_named_with_a_hint(wrong, message):
    with pytest.raises(AssertionError, match=message):
        check_longest_carry_chain(wrong)
