import json

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
