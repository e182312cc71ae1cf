"""Length helpers: questions of a given width, place-value accuracy, and a tiny study."""

import numpy as np
import pytest

from addition_lib import ArithmeticProblem, build_model
from addition_lib.answer_formats import carry_table, edge_case_scores, in_format
from addition_lib.carries import carry_edge_cases
from addition_lib.experiments.formats import compare_formats
from addition_lib.length import digit_accuracy, length_study, questions_of_width, wide_problem


def test_questions_of_width_have_exactly_that_many_digits_in_the_longer_term():
    questions = questions_of_width(500, 4, seed=np.int64(1))
    widths = [len(str(max(row))) for row in questions.rows()]
    assert set(widths) == {4}
    assert questions.terms.min() >= 1
    assert questions_of_width(5, 3, seed=2).same_as(questions_of_width(5, 3, seed=2))
    three = questions_of_width(200, 2, n_terms=3, seed=0)
    assert three.terms.shape == (200, 3)
    with pytest.raises(ValueError, match="digits must be an integer >= 1, got 0"):
        questions_of_width(5, 0)
    with pytest.raises(TypeError, match="n_samples must be an integer"):
        questions_of_width(5.0, 2)


def test_wide_problem_fits_the_longest_numbers():
    assert wide_problem(5) == ArithmeticProblem(2, 99999)
    with pytest.raises(ValueError, match="digits"):
        wide_problem(0)


def test_digit_accuracy_reads_units_first_in_either_order():
    questions = questions_of_width(30, 2, seed=0)
    for reversed_output in (False, True):
        problem = ArithmeticProblem(2, 999, reverse_output=reversed_output)
        model = build_model(problem, encoder_units=4, decoder_units=4, seed=1)
        places = digit_accuracy(model, problem, questions)
        assert places.shape == (problem.n_out_seq_length,)
        assert ((0 <= places) & (places <= 1)).all()


def test_a_tiny_length_study_and_format_comparison_run_end_to_end():
    study = length_study(["plain", "both reversed"], train_digits=1, extra=(1,), seeds=(1,),
                         n_samples=64, n_test=10, units=(4, 4), n_checks=1, verbose=False)
    assert set(study["exact"]) == {"plain", "both reversed"}
    assert set(study["exact"]["plain"]) == {1, 2}
    assert len(study["models"]["plain"]) == 1
    assert study["places"]["plain"][2][0].shape == (3,)

    problem = ArithmeticProblem(2, 99)
    setups = {"2 terms of 1..99": {"problem": problem, "n_samples": 64, "n_test": 50,
                                   "units": (4, 4), "levels": (0.5,)}}
    variants = {name: {"reverse_output": name == "reversed output"} for name in ("plain", "reversed output")}
    comparison = compare_formats(setups, variants, seeds=(1,), n_checks=1, verbose=False, keep_models=True)
    table = carry_table(comparison, "2 terms of 1..99")
    assert set(table) == {"plain", "reversed output"}
    assert sum(n for _, n in table["plain"].values()) == 50
    scores = edge_case_scores(comparison, "2 terms of 1..99", carry_edge_cases(problem))
    assert len(scores["plain"]) == 1 and 0 <= scores["plain"][0] <= 1
    assert in_format(problem, "reversed output").reverse_output
    without = compare_formats(setups, variants, seeds=(1,), n_checks=1, verbose=False)
    with pytest.raises(ValueError, match="keep_models=True"):
        edge_case_scores(without, "2 terms of 1..99", carry_edge_cases(problem))
