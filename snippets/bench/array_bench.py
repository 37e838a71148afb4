"""Benchmark the data path chapter's array functions. Not run by the tests.

    python3 snippets/bench/array_bench.py [--runs 7]

What it does, from the repository root or anywhere else:
  1. builds a release wheel of the PyO3 extension (snippets/pyo3) and installs
     it, with NumPy 2, into a private virtual environment under /tmp;
  2. runs itself again inside that environment and times, in one process:
     a. the cost of getting one million floats into Rust: a list converted to
        a Vec, a NumPy array borrowed in place, and a list turned into an
        array first;
     b. a compute-heavy loop (softplus summed over an array) on one thread and
        on rayon's thread pool, both detached from the interpreter, for a large
        and a small array.
Each figure is the median of --runs runs; a run of a fast call repeats it
enough times to last about 0.2 s and reports the time per call.
Needs cargo, Python 3.11+, pip and access to PyPI (for maturin and NumPy).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path
from typing import Callable

from extension_build import WORK, install_extension, log, run


def build() -> Path:
    """Build and install the release wheel; return the bench venv's python."""
    return install_extension("arrays", ["numpy>=2,<3"], no_deps=True)


def per_call(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Medians over `runs` runs of the wall time and the CPU time of one call.

    CPU time is the process's user + system time, summed over all its
    threads: a loop split across two cores takes less wall time than on one
    core, but not less CPU time.
    """
    fn()  # warm up: first-call costs (imports, thread pool start) excluded
    start = time.perf_counter()
    fn()
    once = max(time.perf_counter() - start, 1e-7)
    inner = max(1, int(0.2 / once))
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        for _ in range(inner):
            fn()
        walls.append((time.perf_counter() - start) / inner)
        cpus.append((time.process_time() - cpu) / inner)
    return statistics.median(walls), statistics.median(cpus)


def fmt(seconds: float) -> str:
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.1f} µs"


def measure(runs: int) -> None:
    import numpy as np

    import snakebridge

    print(f"machine: {os.cpu_count()} CPUs, {platform.machine()}, "
          f"load average {os.getloadavg()[0]:.2f} at start")
    print(f"Python {platform.python_version()}, NumPy {np.__version__}")
    print(f"each figure: median of {runs} runs; columns: wall time, CPU time")

    n = 1_000_000
    rng = np.random.default_rng(20261123)
    array = rng.normal(0.0, 20.0, n)
    floats = array.tolist()
    print(f"\n== getting {n:,} floats into Rust (and summing them)")
    rows = [
        ("sum(list) in Python", lambda: sum(floats)),
        ("total_list(list): list -> Vec<f64>", lambda: snakebridge.total_list(floats)),
        ("total(array): borrowed, no copy", lambda: snakebridge.total(array)),
        ("total(np.asarray(list)): copy into an array first",
         lambda: snakebridge.total(np.asarray(floats))),
        ("array.sum() in NumPy", lambda: array.sum()),
    ]
    for name, fn in rows:
        wall, cpu = per_call(fn, runs)
        print(f"{name:<52} {fmt(wall):>10} {fmt(cpu):>10}")

    for size in (4_000_000, 1_000):
        values = rng.normal(0.0, 20.0, size)
        print(f"\n== softplus summed over {size:,} floats")
        rows = [
            ("softplus_sum: one thread", lambda: snakebridge.softplus_sum(values)),
            ("softplus_sum_parallel: rayon",
             lambda: snakebridge.softplus_sum_parallel(values)),
            ("np.logaddexp(0, a).sum()", lambda: np.logaddexp(0.0, values).sum()),
        ]
        for name, fn in rows:
            wall, cpu = per_call(fn, runs)
            print(f"{name:<52} {fmt(wall):>10} {fmt(cpu):>10}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        measure(args.runs)
        return
    WORK.mkdir(parents=True, exist_ok=True)
    py = build()
    run([str(py), __file__, "--inside", "--runs", str(args.runs)])


if __name__ == "__main__":
    main()
