import json

import numpy as np
import pytest

from addition_lib.course import budget, results


def test_quick_switch(monkeypatch):
    monkeypatch.setenv("COURSE_QUICK", "1")
    assert budget.quick() and budget.budget(100, 3) == 3
    monkeypatch.setenv("COURSE_QUICK", "0")
    assert not budget.quick() and budget.budget(100, 3) == 100
    monkeypatch.delenv("COURSE_QUICK")
    assert budget.budget(100, 3) == 100
    monkeypatch.setenv("COURSE_QUICK", "maybe")
    with pytest.raises(ValueError, match="COURSE_QUICK must be 0 or 1, got 'maybe'"):
        budget.quick()


def test_record_writes_only_at_full_budget(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_QUICK", "1")
    results.record("sol_99", "t", "r", True, results_dir=tmp_path)
    assert not list(tmp_path.iterdir())
    monkeypatch.setenv("COURSE_QUICK", "0")
    results.record("sol_99", "100% exact-match", "99.5%", False, seconds=12.34, results_dir=tmp_path)
    results.record("sol_99", "100% exact-match", "100.0%", True, seconds=10, results_dir=tmp_path)
    rows = json.loads((tmp_path / "sol_99.json").read_text())
    assert len(rows) == 1 and rows[0]["result"] == "100.0%" and rows[0]["seconds"] == 10.0
    table = results.render_table(tmp_path)
    assert "| sol_99 | 100% exact-match | 100.0% | yes | 10.0 s |" in table


def test_record_rejects_bad_rows(tmp_path):
    with pytest.raises(TypeError, match="met must be True, False or None, got 'yes'"):
        results.record("sol_99", "t", "r", "yes", results_dir=tmp_path)
    with pytest.raises(TypeError, match="target must be a non-empty string, got ''"):
        results.record("sol_99", "", "r", True, results_dir=tmp_path)


def test_record_accepts_numpy_booleans(tmp_path, monkeypatch):
    import numpy as np

    monkeypatch.setenv("COURSE_QUICK", "0")
    row = results.record("sol_99", "t", "r", np.float64(0.9995) >= 0.999, results_dir=tmp_path)
    assert row["met"] is True
    assert json.loads((tmp_path / "sol_99.json").read_text())[0]["met"] is True


def test_record_writes_nothing_unless_the_record_command_chose_a_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_QUICK", "0")
    monkeypatch.delenv(results.RESULTS_ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    results.record("sol_99", "t", "r", True)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setenv(results.RESULTS_ENV_VAR, str(tmp_path / "chosen"))
    results.record("sol_99", "t", "r", True)
    assert [p.name for p in (tmp_path / "chosen").iterdir()] == ["sol_99.json"]


def test_results_files_are_valid_json(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_QUICK", "0")
    row = results.record("sol_99", "t", "r", True, details={"n": np.int64(3), "share": np.float32(0.5)},
                         results_dir=tmp_path)
    assert row["details"]["n"] == 3
    import json

    stored = json.loads((tmp_path / "sol_99.json").read_text())
    assert stored[0]["details"] == {"n": 3, "share": 0.5}
    with pytest.raises(ValueError, match="NaN or infinity"):
        results.record("sol_99", "t2", "r", True, details={"x": float("nan")}, results_dir=tmp_path)
    with pytest.raises(ValueError, match="NaN or infinity"):
        results.record("sol_99", "t3", "r", True, seconds=float("inf"), results_dir=tmp_path)
    assert len(json.loads((tmp_path / "sol_99.json").read_text())) == 1


def test_an_interrupted_write_leaves_the_old_file(tmp_path, monkeypatch):
    path = results.write_json(tmp_path / "a.json", [1, 2])

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(results.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        results.write_json(path, [3])
    assert path.read_text() == "[\n  1,\n  2\n]\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]
