"""`python -m addition_lib`: the headless main job."""

import subprocess
import sys

import pytest

from addition_lib import load_model
from addition_lib.__main__ import main


def test_help_explains_the_flags():
    result = subprocess.run([sys.executable, "-m", "addition_lib", "--help"], capture_output=True, text=True, check=True)
    for flag in ("--n-numbers", "--largest", "--samples", "--epochs", "--batch-size", "--seed", "--output"):
        assert flag in result.stdout
    assert "75000" in result.stdout  # the chapter's default, shown by --help


def test_small_run_prints_scores_predictions_and_saves(tmp_path, capsys):
    path = tmp_path / "small.keras"
    assert main(["--samples", "256", "--encoder-units", "8", "--decoder-units", "8", "--predictions", "3",
                 "--output", str(path)]) == 0
    out = capsys.readouterr().out
    assert "on 1,000 problems (every problem)" in out
    assert "exact-match" in out and "per-character" in out
    assert out.count("(expect ") == 3
    assert load_model(path).problem.n_numbers == 3


@pytest.mark.parametrize(
    "flags, message",
    [
        (["--n-numbers", "0"], "n_numbers must be an integer >= 1, got 0"),
        (["--largest", "-3"], "largest must be an integer >= 1, got -3"),
        (["--samples", "0"], "samples must be an integer >= 1, got 0"),
        (["--output", "model.h5"], "output must end in '.keras', got 'model.h5'"),
    ],
)
def test_bad_flags_are_reported(flags, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(flags)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
