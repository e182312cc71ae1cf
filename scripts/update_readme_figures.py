"""Regenerate the measured figures in README.md from real runs.

Runs the pipeline benchmark and the main job (``python -m addition_lib`` with
the chapter's defaults), then replaces the text between the markers
``<!-- figures:start -->`` and ``<!-- figures:end -->`` in README.md with their
output and a line naming the machine and date. Nothing in that block is typed
by hand.

    .venv/bin/python scripts/update_readme_figures.py
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- figures:start -->", "<!-- figures:end -->"


def run(*args: str) -> str:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return result.stdout


def main() -> None:
    benchmark = run("benchmarks/pipeline_speed.py").strip()
    with tempfile.TemporaryDirectory() as folder:
        job = run("-m", "addition_lib", "--output", str(Path(folder) / "chapter.keras"))
    # Keep the summary lines of the main job, not its progress bar.
    kept = [
        line for line in job.splitlines()
        if line.strip() and "\r" not in line and "━" not in line and not line.startswith("Saved")
    ]
    today = datetime.date.today().isoformat()
    block = "\n".join(
        [
            START,
            f"Measured on {today} by `python scripts/update_readme_figures.py`.",
            "",
            "`python benchmarks/pipeline_speed.py`:",
            "",
            "```text",
            benchmark,
            "```",
            "",
            "`python -m addition_lib` (the chapter's recipe: 75,000 samples, 1 epoch, batch 32, seed 1):",
            "",
            "```text",
            *kept,
            "```",
            END,
        ]
    )
    readme = ROOT / "README.md"
    text = readme.read_text()
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    readme.write_text(before + block + after)
    print(block)


if __name__ == "__main__":
    main()
