"""addition_lib.study: the model-size grid run by KerasTuner, its table, rule, CSV and heatmap, and the small search.

Training here is tiny (a few hundred questions, models of 4 to 8 units): the tests check
the plumbing, not what a model learns.
"""

import numpy as np
import pytest

from addition_lib.checks.ex03_model_size_study import check_smallest_reaching
from addition_lib.problem import ArithmeticProblem
from addition_lib.splits import held_out_split
from addition_lib.study import (
    CSV_COLUMNS,
    OBJECTIVE,
    VAL_OBJECTIVE,
    ModelSizeStudy,
    SingleProblemSearch,
    grid_tuner,
    held_out_sets,
    main,
    n_held_out,
    plot_study,
    read_csv,
    results_table,
    smallest_reaching,
    study_problem,
    training_questions,
    tuner_role,
    write_csv,
)

# KerasTuner's oracle calls threading.currentThread().getName(), which Python 3.11 deprecates; pytest shows
# every DeprecationWarning, whatever filter addition_lib.study sets.
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
    with pytest.raises(ValueError, match="fraction must be between 0 and 1, got 1.0"):
        n_held_out(study_problem(1, 2), fraction=1.0)
    with pytest.raises(TypeError, match="problem must be an ArithmeticProblem"):
        n_held_out("1+1")


def test_held_out_sets_are_disjoint_and_kept_out_of_training():
    problem = ArithmeticProblem(n_terms=(2, 3), largest=10)
    split, validation, test = held_out_sets(problem, 30, 50, seed=4)
    assert (len(validation), len(test), split.n_test) == (30, 50, 80)
    assert split.is_test(validation).all() and split.is_test(test).all()
    val_texts, test_texts = set(validation.texts()), set(test.texts())
    assert not val_texts & test_texts
    assert not split.is_test(split.sample_train(2000, seed=1)).any()
    again = held_out_sets(problem, 30, 50, seed=4)
    assert again[1].same_as(validation) and again[2].same_as(test)


def test_training_questions_without_balance_is_sample_train():
    split = held_out_split(ArithmeticProblem(n_terms=(2, 5), largest=10), 500, seed=0)
    drawn = training_questions(split, 300, seed=7)
    assert drawn.same_as(split.sample_train(300, seed=7))


def test_balance_shows_rare_answers_more_often_and_never_a_test_question():
    split = held_out_split(ArithmeticProblem(n_terms=(2, 5), largest=10), 500, seed=0)
    plain = training_questions(split, 20_000, seed=1)
    balanced = training_questions(split, 20_000, balance=0.5, seed=1)
    assert not split.is_test(balanced).any()

    def rare_share(questions):
        five = questions.n_terms == 5
        return np.mean(questions.answers[five] >= 44)

    assert rare_share(plain) < 0.008  # 5 terms of 1..10 sum to 44 or more in 462 of 100,000 questions
    assert rare_share(balanced) > 10 * rare_share(plain) + 0.01
    # Every term count is still there, in about equal shares.
    counts = np.bincount(balanced.n_terms, minlength=6)[2:] / len(balanced)
    assert counts.min() > 0.15


def test_training_questions_checks_its_arguments():
    split = held_out_split(study_problem(1, 2), 10, seed=0)
    with pytest.raises(ValueError, match="balance must be between 0 and 1, got 1.5"):
        training_questions(split, 10, balance=1.5)
    with pytest.raises(TypeError, match="split must be a HeldOutSplit"):
        training_questions(study_problem(1, 2), 10)


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
    with pytest.raises(ValueError, match="threshold must be between 0 and 1, got 99.0"):
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
    assert "smallest_reaching: all 37 cases passed (7 named, 30 random)." in capsys.readouterr().out


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


def test_tuner_role(monkeypatch):
    for name in ("KERASTUNER_ORACLE_IP", "KERASTUNER_TUNER_ID", "KERASTUNER_ORACLE_PORT"):
        monkeypatch.delenv(name, raising=False)
    assert tuner_role() == "local"
    monkeypatch.setenv("KERASTUNER_ORACLE_IP", "127.0.0.1")
    monkeypatch.setenv("KERASTUNER_ORACLE_PORT", "8000")
    monkeypatch.setenv("KERASTUNER_TUNER_ID", "chief")
    assert tuner_role() == "chief"
    monkeypatch.setenv("KERASTUNER_TUNER_ID", "tuner1")
    assert tuner_role() == "worker"


# ---------------------------------------------------------------- the HyperModels and tuners


def test_model_size_study_checks_its_arguments():
    with pytest.raises(TypeError, match="units must be a non-empty list of integers, got 16"):
        ModelSizeStudy(units=16)
    with pytest.raises(ValueError, match="units lists a value more than once"):
        ModelSizeStudy(units=(16, 16))
    with pytest.raises(ValueError, match="each of digits must be at most 6, got 7"):
        ModelSizeStudy(digits=(1, 7))
    with pytest.raises(ValueError, match="learning_rate must be a positive number, got 0"):
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
    tuner.search(verbose=0)
    rows = results_table(tuner)
    assert [(r["digits"], r["terms"], r["units"]) for r in rows] == [(1, 2, 4), (1, 2, 8)]
    for r in rows:
        assert set(CSV_COLUMNS) <= set(r)
        assert 0 <= r[OBJECTIVE] <= 1 and r[OBJECTIVE] * 8 == round(r[OBJECTIVE] * 8)
        assert (r["n_questions"], r["n_test"]) == (81, 8)
        assert isinstance(r["params"], int)
    assert rows[0]["params"] < rows[1]["params"]
    # The trained weights were kept: the best model predicts what its trial scored.
    best = tuner.get_best_models(1)[0]
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
    tuner.search(verbose=0)
    with pytest.raises(RuntimeError, match="1 trial\\(s\\) failed, the first .* ValueError: no data today"):
        results_table(tuner)
    assert results_table(tuner, allow_failed=True) == []


def test_single_problem_search_tunes_on_validation_only(tmp_path, local):
    problem = ArithmeticProblem(n_terms=(2, 3), largest=5)
    split, validation, test = held_out_sets(problem, 20, 20, seed=0)
    with pytest.raises(ValueError, match="validation questions must be held out"):
        SingleProblemSearch(split, split.sample_train(5, seed=0))
    search = SingleProblemSearch(split, validation, units=(4,), balance=(0.0, 0.5), n_samples=128)
    tuner = grid_tuner(search, tmp_path, "search", objective=VAL_OBJECTIVE)
    tuner.search(verbose=0)
    rows = results_table(tuner)
    assert [(r["units"], r["balance"]) for r in rows] == [(4, 0.0), (4, 0.5)]
    assert all(0 <= r[VAL_OBJECTIVE] <= 1 for r in rows)
    assert tuner.get_best_hyperparameters(1)[0].values["units"] == 4


@pytest.mark.parametrize("tuner", [None, "tuner_runs/ex_03"])
def test_results_table_rejects_what_is_not_a_tuner(tuner):
    with pytest.raises(TypeError, match=rf"tuner must be a KerasTuner tuner .*got {tuner!r}"):
        results_table(tuner)
