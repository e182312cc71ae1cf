"""Learning curves read back (addition_lib.curves), their figure, and the format comparison.

The only training is a comparison of two formats on tiny models, so the file runs in seconds.
The callback that records the curves is tested in test_training.py.
"""

import doctest

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.figure import Figure

from addition_lib import ArithmeticProblem, curves
from addition_lib.curves import mean_and_spread, samples_to_reach, stack_curves
from addition_lib.experiments.formats import FormatComparison, compare_formats
from addition_lib.plots import plot_curve_panels


def rows(seen, values):
    return [{"seen": s, "exact_match": v, "char_accuracy": v} for s, v in zip(seen, values, strict=True)]


# ---------------------------------------------------------------- stack_curves and samples_to_reach


def test_stack_curves_lines_up_runs():
    seen, values = stack_curves([rows([0, 10, 20], [0.0, 0.5, 0.9]), rows([0, 10, 20], [0.1, 0.6, 1.0])])
    assert seen.tolist() == [0, 10, 20]
    np.testing.assert_allclose(values, [[0.0, 0.5, 0.9], [0.1, 0.6, 1.0]])
    _, chars = stack_curves([rows([0, 10], [0.2, 0.3])], key="char_accuracy")
    np.testing.assert_allclose(chars, [[0.2, 0.3]])


def test_stack_curves_refuses_runs_checked_at_other_points():
    with pytest.raises(ValueError, match=r"curves\[1\] was checked at other numbers"):
        stack_curves([rows([0, 10, 20], [0, 0, 0]), rows([0, 10, 30], [0, 0, 0])])


@pytest.mark.parametrize(
    ("curves", "error", "match"),
    [
        ([], TypeError, "non-empty list of runs"),
        ({"whole": []}, TypeError, "non-empty list of runs"),
        ([[]], TypeError, r"curves\[0\] must be a non-empty list"),
        ([[{"seen": 0}]], ValueError, r"has no 'exact_match'"),
        ([[{"seen": 0, "exact_match": "high"}]], TypeError, r"curves\[0\]\[0\]\['exact_match'\] must be a number, got 'high'"),
        ([[{"seen": 0, "exact_match": float("nan")}]], ValueError, r"curves\[0\]\[0\]\['exact_match'\] must be a finite number"),
        ([rows([10, 10], [0, 0])], ValueError, "strictly increasing"),
    ],
)
def test_stack_curves_rejects_bad_input(curves, error, match):
    with pytest.raises(error, match=match):
        stack_curves(curves)


def test_samples_to_reach_first_crossing_or_nan():
    result = samples_to_reach([0, 100, 200, 300], [[0.1, 0.95, 0.8, 0.99], [0.1, 0.5, 0.8, 0.85]], 0.9)
    assert result[0] == 100  # the first crossing, even if the run dips again later
    assert np.isnan(result[1])
    assert samples_to_reach([0, 1], [0.5, 0.9], 0.9).tolist() == [1.0]  # one run, reaching exactly the level


def test_docstring_examples_run():
    assert doctest.testmod(curves).failed == 0


def test_samples_to_reach_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="shape"):
        samples_to_reach([0, 1, 2], [[0.1, 0.2]], 0.5)
    with pytest.raises(TypeError, match=r"level must be a number, got '0.5' \(str\)"):
        samples_to_reach([0, 1], [0.1, 0.2], "0.5")


# ---------------------------------------------------------------- the figure


def test_plot_curve_panels_one_panel_per_problem_one_colour_per_variant():
    runs = [rows([0, 10, 20], [0.0, 0.4, 0.8]), rows([0, 10, 20], [0.0, 0.6, 0.9])]
    fig = plot_curve_panels(
        {"easy": {"whole": runs, "per term": runs}, "hard": {"whole": runs, "per term": runs}}, level=0.9
    )
    assert isinstance(fig, Figure)
    axes = fig.axes
    assert [ax.get_title() for ax in axes] == ["easy", "hard"]
    for ax in axes:
        mean_lines = [line for line in ax.lines if line.get_linewidth() > 2]
        assert [line.get_color() for line in mean_lines] == ["C0", "C1"]
        np.testing.assert_allclose(mean_lines[0].get_ydata(), [0.0, 0.5, 0.85])
        assert "mean of 2" in ax.get_legend().get_texts()[0].get_text()
    assert fig._repr_png_().startswith(b"\x89PNG")


def test_plot_curve_panels_ymax_none_fits_each_panel_to_its_curves():
    low = [rows([0, 10, 20], [0.0, 0.1, 0.2])]
    high = [rows([0, 10, 20], [0.0, 0.5, 0.99])]
    fig = plot_curve_panels({"hard": {"a": low}, "easy": {"a": high}}, level=0.9, ymax=None)
    hard, easy = fig.axes
    assert hard.get_ylim() == pytest.approx((0, 0.24))
    assert easy.get_ylim() == pytest.approx((0, 1.02))
    dotted = [[line for line in ax.lines if line.get_linestyle() == ":"] for ax in (hard, easy)]
    assert [len(lines) for lines in dotted] == [0, 1]  # the 0.9 line only where it is in range
    assert plot_curve_panels({"easy": {"a": high}}).axes[0].get_ylim() == pytest.approx((0, 1.02))


def test_plot_curve_panels_rejects_bad_panels():
    with pytest.raises(TypeError, match="panels"):
        plot_curve_panels({})
    with pytest.raises(TypeError, match=r"panels\['easy'\]"):
        plot_curve_panels({"easy": []})
    with pytest.raises(ValueError, match="ymax must be a finite number > 0, got 0"):
        plot_curve_panels({"easy": {"a": [rows([0], [0.5])]}}, ymax=0)
    with pytest.raises(TypeError, match=r"ymax must be a number, got '1' \(str\)"):
        plot_curve_panels({"easy": {"a": [rows([0], [0.5])]}}, ymax="1")


# ---------------------------------------------------------------- compare_formats


@pytest.fixture(scope="module")
def comparison():
    setups = {"2 terms of 1..9": {"problem": ArithmeticProblem(2, 9), "n_samples": 64, "n_test": 16,
                                  "units": (4, 4), "levels": (0.5, 0.9)}}
    variants = {"normal order": {"reverse": False}, "reversed": {"reverse": True}}
    return compare_formats(setups, variants, seeds=(1, 2), n_checks=2, verbose=False)


def test_compare_formats_runs_every_seed_and_variant_on_one_held_out_set(comparison):
    title = "2 terms of 1..9"
    assert set(comparison.curves[title]) == {"normal order", "reversed"}
    for name in ("normal order", "reversed"):
        runs, right = comparison.curves[title][name], comparison.right[title][name]
        assert len(runs) == 2 and len(right) == 2
        assert [row["seen"] for row in runs[0]] == [0, 32, 64]
        assert right[0].shape == (16, comparison.setups[title]["problem"].n_out_seq_length)
        # the last check scores the final model: its exact-match is the share of all-right answers
        assert runs[0][-1]["exact_match"] == pytest.approx(right[0].all(axis=1).mean())
    assert comparison.splits[title].n_test == 16
    assert comparison.seconds[title] > 0 and comparison.cpu_seconds[title] > 0


def test_compare_formats_summary_and_recorded_row(comparison):
    title = "2 terms of 1..9"
    lines = comparison.summary_lines()
    assert lines[0] == title and len(lines) == 3
    assert lines[1].startswith("  normal order  last check ") and "50% after " in lines[1]
    finals = comparison.finals(title)["reversed"]
    assert f"last check {mean_and_spread(finals)}" in lines[2]
    row = comparison.result_row(title, "reversed vs normal input", new=("reversed", "reversed"),
                                old=("normal order", "normal"))
    assert row["target"] == "reversed vs normal input, 2 terms of 1..9, 4/4 units, 64 samples, seeds 1, 2, 16 held out"
    assert row["result"].startswith("held-out exact-match over the last three checks ")
    assert " reversed vs " in row["result"] and " normal (last check " in row["result"]
    assert row["details"]["last_check"]["reversed"] == finals
    assert row["details"]["curves"]["reversed"]["seen"] == [0.0, 32.0, 64.0]


def test_reach_lists_each_seed_or_a_dash():
    curve_rows = {"t": {"v": [rows([0, 1000, 2000], [0.1, 0.6, 0.9]), rows([0, 1000, 2000], [0.1, 0.2, 0.3])]}}
    done = FormatComparison({"t": {}}, {"v": {}}, (1, 2), curves=curve_rows)
    assert done.reach("t", "v", 0.5) == "1k / -"
    assert done.lates("t", last=2)["v"].tolist() == pytest.approx([0.75, 0.25])


def test_mean_and_spread_of_one_and_of_several():
    assert mean_and_spread([0.5]) == "50.0% ± 0.0%"
    assert mean_and_spread([0.9, 1.0]) == "95.0% ± 7.1%"
    with pytest.raises(ValueError, match=r"values must be a non-empty list of shares, got \[\]"):
        mean_and_spread([])


@pytest.mark.parametrize("setups, variants, message", [
    ({"t": {}}, {}, r"variants must be a non-empty dict .*got \{\}"),
    ({}, {"v": {}}, r"setups must be a non-empty dict .*got \{\}"),
])
def test_compare_formats_rejects_empty_plans(setups, variants, message):
    with pytest.raises(TypeError, match=message):
        compare_formats(setups, variants, seeds=(1,), n_checks=2)
