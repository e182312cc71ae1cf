"""Run the solution notebooks at full budget and rebuild results/RESULTS.md.

Each solution records its measured figures with ``addition_lib.course.results.record``
(into ``results/<solution>.json``) only when this script runs it (it sets
``COURSE_RESULTS_DIR``). This script
executes the solutions with ``COURSE_QUICK=0`` in place (so the committed
notebooks show the full-budget run), then renders every recorded row into
``results/RESULTS.md``. Nothing in that table is typed by hand.

    .venv/bin/python scripts/record_results.py                 # every solution (long: an hour or more)
    .venv/bin/python scripts/record_results.py sol_02 nb_13    # some of them (nb_13: notebook 13)
    .venv/bin/python scripts/record_results.py --render-only   # just rebuild the table
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from addition_lib.course.results import RESULTS_ENV_VAR, render_table  # noqa: E402

RESULTS_DIR = ROOT / "results"

HEADER = """# Results of the solutions at full budget

Every row below was written by a solution notebook run at its full budget by
`python scripts/record_results.py`; rerun that command to regenerate this file.
Wall-clock times are for training (and tuning, where the row says so) on the
machine named in the row. The targets are those of the exercises.

"""


def run_solution(notebook: Path) -> None:
    env = dict(os.environ, COURSE_QUICK="0", TF_CPP_MIN_LOG_LEVEL="3", **{RESULTS_ENV_VAR: str(RESULTS_DIR)})
    started = time.perf_counter()
    print(f"Running {notebook.name} at full budget ...", flush=True)
    subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", "--inplace",
         "--ExecutePreprocessor.timeout=-1", "--ExecutePreprocessor.record_timing=False", str(notebook)],
        cwd=notebook.parent, env=env, check=True,
    )
    subprocess.run([sys.executable, "-m", "jupytext", "--sync", str(notebook)], cwd=ROOT, check=True)
    print(f"  done in {time.perf_counter() - started:,.0f} s", flush=True)


def recording_notebooks() -> dict[str, Path]:
    """Every notebook that records results, by the name its rows carry: sol_02, ..., nb_13."""
    found = {nb.stem[:6]: nb for nb in sorted((ROOT / "solutions").glob("sol_*.ipynb"))}
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        if "record(" in nb.with_suffix(".py").read_text():
            found[f"nb_{nb.stem.split('_')[0]}"] = nb
    return found


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("solutions", nargs="*", help="names such as sol_02 or nb_13 (default: all)")
    parser.add_argument("--render-only", action="store_true", help="only rebuild RESULTS.md from the JSON files")
    args = parser.parse_args(argv)
    if not args.render_only:
        by_name = recording_notebooks()
        notebooks = list(by_name.values())
        if args.solutions:
            notebooks = [nb for name, nb in by_name.items() if any(name.startswith(arg) for arg in args.solutions)]
            if not notebooks:
                parser.error(f"no solution notebook matches {args.solutions}")
        for notebook in notebooks:
            run_solution(notebook)
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / "RESULTS.md").write_text(HEADER + render_table(RESULTS_DIR) + "\n")
    print((RESULTS_DIR / "RESULTS.md").read_text())


if __name__ == "__main__":
    main()
