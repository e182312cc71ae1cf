"""Benchmark: the chapter's list-based pipeline against addition_lib.generate_data.

Both pipelines make the same dataset (75,000 samples of 3 terms of 1..10 by
default), side by side in one run, and the script prints their times, their
peak memory and the two ratios. Times are the median of several runs; peak
memory is measured separately with tracemalloc (which sees NumPy's buffers
too), because tracing slows Python code down.

    python benchmarks/pipeline_speed.py [--samples 75000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from chapter_baseline import chapter_generate_data  # noqa: E402

from addition_lib import ALPHABET, generate_data  # noqa: E402


def median_seconds(run, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def peak_bytes(run) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, NumPy {np.__version__}"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=75_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    n, terms, largest = args.samples, 3, 10

    def chapter():
        random.seed(1)
        return chapter_generate_data(n, terms, largest, ALPHABET)

    def ours():
        return generate_data(n, terms, largest, ALPHABET, seed=1)

    # Same shapes and one-hot content (different random draws: the chapter uses Python's random).
    (cx, cy), (ox, oy) = chapter(), ours()
    assert cx.shape == ox.shape and cy.shape == oy.shape, (cx.shape, ox.shape)
    assert (cx.sum(axis=2) == 1).all() and (ox.sum(axis=2) == 1).all()
    del cx, cy, ox, oy

    ours()  # warm the one-off lookup tables so the timing is steady-state for both
    chapter_time, our_time = median_seconds(chapter, args.repeats), median_seconds(ours, args.repeats * 20)
    chapter_peak, our_peak = peak_bytes(chapter), peak_bytes(ours)

    print(f"Machine: {machine()}")
    print(f"Dataset: {n:,} samples of {terms} terms of 1..{largest}")
    print(f"{'pipeline':<34}{'median time':>14}{'peak memory':>14}")
    print(f"{'chapter (lists, then numpy.array)':<34}{chapter_time * 1e3:>11.1f} ms{chapter_peak / 2**20:>11.1f} MiB")
    print(f"{'addition_lib.generate_data':<34}{our_time * 1e3:>11.1f} ms{our_peak / 2**20:>11.1f} MiB")
    print(f"Speed-up: {chapter_time / our_time:.0f}x faster (target >= 200x)")
    print(f"Memory:   {chapter_peak / our_peak:.0f}x lower peak (target >= 10x)")


if __name__ == "__main__":
    main()
