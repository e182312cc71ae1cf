"""Re-run every stored notebook at full budget on one Keras backend, and re-record the results.

The stored ``.ipynb`` files show one real run each. After a change of backend (or of anything
that changes results everywhere) they are all rerun, in this order, each in place:

1. the chapter's notebooks (``notebooks/``) and the exercises (``exercises/``), top to bottom;
2. the solutions, by ``scripts/record_results.py``, which also rewrites ``results/RESULTS.md``;
3. the README's measured figures, by ``scripts/update_readme_figures.py``.

The backend is ``KERAS_BACKEND`` if set, else the course's default. Run it on a quiet machine:
the stored outputs and the recorded wall-clock times are what students will read.

    .venv/bin/python scripts/rerun_all.py              # everything (about 45 minutes on 2 cores)
    .venv/bin/python scripts/rerun_all.py --no-solutions
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
sys.path.insert(0, str(ROOT / "scripts"))

from record_results import run_solution  # noqa: E402

from addition_lib.backends import BACKENDS, ENV_VAR, chosen_backend  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-solutions", action="store_true",
                        help="leave the solutions and results/ as they are")
    args = parser.parse_args(argv)
    backend = chosen_backend()
    os.environ[ENV_VAR] = backend
    print(f"Re-running on {BACKENDS[backend]} (set {ENV_VAR} to choose another backend)", flush=True)
    started = time.perf_counter()
    for folder in ("notebooks", "exercises"):
        for notebook in sorted((ROOT / folder).glob("*.ipynb")):
            run_solution(notebook)  # executes any notebook in place at full budget
    if not args.no_solutions:
        subprocess.run([sys.executable, str(ROOT / "scripts" / "record_results.py")], check=True)
    subprocess.run([sys.executable, str(ROOT / "scripts" / "update_readme_figures.py")], check=True)
    print(f"Everything re-run in {(time.perf_counter() - started) / 60:.0f} minutes", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
