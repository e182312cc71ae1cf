"""addition_lib.experiments.model_size: the model-size grid run by KerasTuner, its rule, CSV and heatmap.

Training here is tiny (a few hundred questions, models of 4 to 8 units): the tests check
the plumbing, not what a model learns.
"""

import numpy as np
import pytest

from addition_lib.checks.ex03_model_size_study import check_smallest_reaching
from addition_lib.experiments.model_size import (
    CSV_COLUMNS,
    OBJECTIVE,
    ModelSizeStudy,
    main,
    n_held_out,
    read_csv,
    smallest_reaching,
    study_problem,
    write_csv,
)
from addition_lib.experiments.one_pass import one_pass_model
from addition_lib.plots import plot_study
from addition_lib.problem import ArithmeticProblem
from addition_lib.tuners import best_model, grid_tuner, results_table, run_search

# KerasTuner's oracle calls threading.currentThread().getName(), which Python 3.11 deprecates;
# pytest shows every DeprecationWarning.
pytestmark = pytest.mark.filterwarnings(r"ignore:(currentThread|getName)\(\) is deprecated:DeprecationWarning")


def row(digits, terms, units, score, **extra):
    return {"digits": digits, "terms": terms, "units": units, OBJECTIVE: score, **extra}


def full_row(digits, terms, units, score):
    return row(digits, terms, units, score, params=1000 * units, n_questions=81, n_test=16,
               held_out_char_accuracy=min(1.0, score + 0.01), train_seconds=1.25, trial_id=f"{units:04d}")


# ---------------------------------------------------------------- problems and data


def test_study_problem_sizes():
    p = study_problem(1, 2)
    assert (p.largest, p.n_questions, p.reverse, p.n_in_seq_length, p.n_out_seq_length) == (9, 81, True, 3, 2)
    assert study_problem(3, 4, reverse=False).largest == 999
    with pytest.raises(ValueError, match="digits must be an integer >= 1, got 0"):
        study_problem(0, 2)
    with pytest.raises(TypeError, match="terms must be an integer"):
        study_problem(1, 2.0)


def test_n_held_out():
    assert n_held_out(study_problem(1, 2)) == 16
    assert n_held_out(study_problem(1, 3)) == 145
    assert n_held_out(study_problem(2, 4)) == 1000
    assert n_held_out(study_problem(2, 2), cap=50) == 50
    assert n_held_out(ArithmeticProblem(n_terms=1, largest=2)) == 1  # never zero
    with pytest.raises(ValueError, match="fraction must be a finite number > 0 and < 1, got 1.0"):
        n_held_out(study_problem(1, 2), fraction=1.0)
    with pytest.raises(TypeError, match="problem must be an ArithmeticProblem"):
        n_held_out("1+1")


# ---------------------------------------------------------------- the rule and its check


def test_smallest_reaching_examples():
    rows = [row(1, 2, 32, 1.0), row(1, 2, 16, 0.99), row(2, 2, 16, 0.42), row(1, 3, 64, 0.995),
            row(1, 3, 32, 0.5), row(1, 3, 16, 0.992)]
    assert smallest_reaching(rows) == {(1, 2): 16, (1, 3): 16, (2, 2): None}
    assert smallest_reaching(rows, 1.0) == {(1, 2): 32, (1, 3): None, (2, 2): None}
    assert list(smallest_reaching(rows)) == [(1, 2), (1, 3), (2, 2)]  # sorted by problem size
    assert smallest_reaching([]) == {}
    with pytest.raises(ValueError, match="rows\\[0\\] has no 'units'"):
        smallest_reaching([{"digits": 1, "terms": 2, OBJECTIVE: 1.0}])
    with pytest.raises(ValueError, match="threshold must be a finite number >= 0 and <= 1, got 99"):
        smallest_reaching(rows, 99)


def strictly_above(rows, threshold=0.99):
    best = {}
    for r in sorted(rows, key=lambda r: r["units"]):
        best.setdefault((r["digits"], r["terms"]), None)
        if r[OBJECTIVE] > threshold and best[(r["digits"], r["terms"])] is None:
            best[(r["digits"], r["terms"])] = r["units"]
    return dict(sorted(best.items()))


def stops_at_first_failure(rows, threshold=0.99):
    # Walks down from the largest model and stops at the first that fails.
    result = {}
    for size in sorted({(r["digits"], r["terms"]) for r in rows}):
        result[size] = None
        for r in sorted((r for r in rows if (r["digits"], r["terms"]) == size), key=lambda r: -r["units"]):
            if r[OBJECTIVE] < threshold:
                break
            result[size] = r["units"]
    return result


def leaves_out_unreached(rows, threshold=0.99):
    return {size: units for size, units in smallest_reaching(rows, threshold).items() if units is not None}


def best_scoring(rows, threshold=0.99):
    best = {}
    for r in rows:
        size = (r["digits"], r["terms"])
        if r[OBJECTIVE] >= threshold and (size not in best or r[OBJECTIVE] > best[size][1]):
            best[size] = (r["units"], r[OBJECTIVE])
    sizes = sorted({(r["digits"], r["terms"]) for r in rows})
    return {size: best[size][0] if size in best else None for size in sizes}


def test_check_accepts_the_reference(capsys):
    check_smallest_reaching(smallest_reaching)
    assert "smallest_reaching: all 38 cases passed (8 named, 30 random)." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("wrong", "message"),
    [
        (strictly_above, r"smallest_reaching\(.*\) gave 32 for \(digits, terms\) = \(1, 3\), expected 16"),
        (stops_at_first_failure, r"gave 64 for \(digits, terms\) = \(1, 4\), expected 16"),
        (leaves_out_unreached, r"has no entry for \(digits, terms\) = \(2, 4\); expected None"),
        (best_scoring, r"gave 32 for \(digits, terms\) = \(1, 2\), expected 16 \(the fewest units"),
    ],
)
def test_check_rejects_plausible_mistakes(wrong, message):
    wrong.__name__ = "smallest_reaching"
    with pytest.raises(AssertionError, match=message):
        check_smallest_reaching(wrong)


def test_check_is_calm_about_a_stub(capsys):
    def smallest_reaching(rows, threshold=0.99):
        # Write your code here.
        raise NotImplementedError

    check_smallest_reaching(smallest_reaching)
    assert "smallest_reaching: not attempted yet" in capsys.readouterr().out


def test_check_names_a_result_of_the_wrong_kind():
    with pytest.raises(AssertionError, match=r"gave \[16, 32\], expected a dict"):
        check_smallest_reaching(lambda rows, threshold=0.99: [16, 32])


# ---------------------------------------------------------------- CSV and heatmap


def test_csv_round_trip(tmp_path):
    rows = [full_row(1, 2, 16, 0.5), full_row(1, 2, 32, 1.0)]
    path = write_csv(rows, tmp_path / "deep" / "grid.csv")
    lines = path.read_text().splitlines()
    assert lines[0] == ",".join(CSV_COLUMNS)
    assert lines[1] == "1,2,16,16000,81,16,0.5,0.51,1.25,0016"
    assert read_csv(path) == rows
    with pytest.raises(ValueError, match="rows\\[0\\] has no 'params'"):
        write_csv([row(1, 2, 16, 0.5)], tmp_path / "bad.csv")


def test_plot_study_draws_every_cell():
    rows = [row(1, 2, 16, 0.2), row(1, 2, 32, 0.995), row(1, 3, 16, 1.0)]  # (1, 3, 32) is missing
    fig = plot_study(rows)
    texts = [text.get_text() for text in fig.axes[0].texts]
    assert texts == ["20.0%", "99.5% ★", "100% ★", "-"]
    assert [label.get_text() for label in fig.axes[0].get_yticklabels()] == ["1 digit × 2 terms", "1 digit × 3 terms"]
    assert len(fig.axes[0].patches) == 2  # the two cells at or above 99% are outlined
    assert fig._repr_png_().startswith(b"\x89PNG")
    with pytest.raises(ValueError, match="at least one row"):
        plot_study([])


# ---------------------------------------------------------------- the HyperModels and tuners


def test_model_size_study_checks_its_arguments():
    with pytest.raises(TypeError, match="units must be a list of choices, got 16"):
        ModelSizeStudy(units=16)
    with pytest.raises(ValueError, match=r"units must hold at least one choice, got \(\)"):
        ModelSizeStudy(units=())
    with pytest.raises(TypeError, match=r"each of terms must be an integer, got 2.5 \(float\)"):
        ModelSizeStudy(terms=(2.5,))
    with pytest.raises(TypeError, match=r"reverse must be True or False, got 'yes' \(str\)"):
        ModelSizeStudy(reverse="yes")
    with pytest.raises(ValueError, match="units lists a value more than once"):
        ModelSizeStudy(units=(16, 16))
    with pytest.raises(ValueError, match="each of digits must be at most 6, got 7"):
        ModelSizeStudy(digits=(1, 7))
    with pytest.raises(ValueError, match="learning_rate must be a finite number > 0, got 0"):
        ModelSizeStudy(learning_rate=0)
    assert ModelSizeStudy().n_cells == 24


def test_every_model_size_of_a_problem_gets_the_same_split():
    study = ModelSizeStudy(digits=(1, 2), terms=(2, 3), seed=3)
    other = ModelSizeStudy(digits=(2,), terms=(3,), units=(128,), seed=3)
    assert np.array_equal(study.split(2, 3).test_ids, other.split(2, 3).test_ids)
    assert not np.array_equal(study.split(2, 3).test_ids, ModelSizeStudy(seed=4).split(2, 3).test_ids)


@pytest.fixture(autouse=False)
def local(monkeypatch):
    for name in ("KERASTUNER_ORACLE_IP", "KERASTUNER_TUNER_ID", "KERASTUNER_ORACLE_PORT"):
        monkeypatch.delenv(name, raising=False)


def test_a_tiny_grid_runs_end_to_end(tmp_path, local):
    study = ModelSizeStudy(digits=(1,), terms=(2,), units=(8, 4), n_samples=256, max_test=8)
    tuner = grid_tuner(study, tmp_path, "tiny")
    assert type(tuner).__name__ == "GridSearch"  # KerasTuner's own
    run_search(tuner, verbose=0)
    rows = results_table(tuner)
    assert [(r["digits"], r["terms"], r["units"]) for r in rows] == [(1, 2, 4), (1, 2, 8)]
    for r in rows:
        assert set(CSV_COLUMNS) <= set(r)
        assert 0 <= r[OBJECTIVE] <= 1 and r[OBJECTIVE] * 8 == round(r[OBJECTIVE] * 8)
        assert (r["n_questions"], r["n_test"]) == (81, 8)
        assert isinstance(r["params"], int)
    assert rows[0]["params"] < rows[1]["params"]
    # The trained weights were kept: the best model predicts what its trial scored.
    best = best_model(tuner)
    split = study.split(1, 2)
    X, y = split.test_data()
    exact = np.mean((best.predict(X, verbose=0).argmax(-1) == y.argmax(-1)).all(axis=1))
    assert exact == max(r[OBJECTIVE] for r in rows)


def test_run_study_and_the_command_line(tmp_path, local, capsys):
    main(["--directory", str(tmp_path), "--digits", "1", "--terms", "2", "--units", "4",
          "--samples", "64", "--csv", str(tmp_path / "grid.csv")])
    out = capsys.readouterr().out
    assert out.startswith(f"local: 1 cells in {tmp_path / 'model_size_study'}")
    assert "smallest model reaching 99% on 1 digits x 2 terms:" in out
    assert [r["units"] for r in read_csv(tmp_path / "grid.csv")] == [4]


def test_a_failed_trial_is_reported(tmp_path, local):
    class Broken(ModelSizeStudy):
        def fit(self, hp, model, *args, **kwargs):
            raise ValueError("no data today")

    tuner = grid_tuner(Broken(digits=(1,), terms=(2,), units=(4,)), tmp_path, "broken")
    run_search(tuner, verbose=0)
    with pytest.raises(RuntimeError, match="1 trial\\(s\\) failed, the first .* ValueError: no data today"):
        results_table(tuner)
    assert results_table(tuner, allow_failed=True) == []


def test_one_pass_model_decays_to_zero_over_one_pass():
    model = one_pass_model(study_problem(1, 2), 8, n_samples=1000, batch_size=64, learning_rate=0.005, seed=0)
    assert [model.get_layer(name).units for name in ("encoder", "decoder")] == [8, 8]
    assert model.get_layer("encoder").unroll and model.metrics_names == ["loss"]
    model.optimizer.iterations.assign(16)  # ceil(1000 / 64) steps in one pass
    assert float(model.optimizer.learning_rate) == pytest.approx(0.0, abs=1e-9)
    with pytest.raises(ValueError, match="batch_size must be an integer >= 1, got 0"):
        one_pass_model(study_problem(1, 2), 8, n_samples=10, batch_size=0, learning_rate=0.005, seed=0)

