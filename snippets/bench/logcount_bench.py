#!/usr/bin/env python3
"""Reproduces the table of chapter 3 ("What it measured"): counting a two-million-line log
with the Rust `logcount` release build and with Python's `count_levels`
(snippets/python/03_log_levels.py), whole processes, startup included.

    cargo build --release -p ch03-logcount
    python3 snippets/bench/logcount_bench.py [--lines 2000000] [--runs 7]

Prints, for each, the median wall time over the runs, the peak resident memory of one run
(GNU time, /usr/bin/time, as in chapter 6),
and the time to start and exit on an empty file (medians too).
"""
import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUST = os.path.join(ROOT, "target", "release", "logcount")
PYTHON = [sys.executable, "-c",
          "import sys; sys.path.insert(0, sys.argv[1]); from importlib import import_module; "
          "m = import_module('03_log_levels'); print(dict(m.count_levels(open(sys.argv[2]))))",
          os.path.join(ROOT, "snippets", "python")]


def write_log(path: str, lines: int) -> None:
    rng = random.Random(3)
    levels = ["INFO"] * 90 + ["WARN"] * 7 + ["ERROR"] * 2 + ["DEBUG"]
    with open(path, "w") as f:
        for i in range(lines):
            f.write(f"2026-11-22T09:{i // 60 % 60:02d}:{i % 60:02d}Z {rng.choice(levels)} "
                    f"request {i} served in {rng.randint(1, 900)} ms\n")


def seconds(cmd: list[str], runs: int) -> float:
    """Median wall seconds over the runs."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_mib(cmd: list[str]) -> float:
    """Peak resident memory of one run, as GNU time reports it (its `%M`, in KiB)."""
    out = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], capture_output=True, text=True)
    return int(out.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=2_000_000)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        log, empty = os.path.join(d, "app.log"), os.path.join(d, "empty.log")
        write_log(log, args.lines)
        open(empty, "w").close()
        print(f"{args.lines:,} lines, {os.path.getsize(log) / 1e6:.0f} MB; medians of {args.runs} runs; "
              f"load average {os.getloadavg()[0]:.1f}")
        rust_start, py_start = seconds([RUST, empty], args.runs), seconds(PYTHON + [empty], args.runs)
        rust_time, py_time = seconds([RUST, log], args.runs), seconds(PYTHON + [log], args.runs)
        print(f"Rust logcount: {rust_time:.2f} s, peak {peak_mib([RUST, log]):.1f} MiB, "
              f"start and exit {rust_start * 1000:.0f} ms")
        print(f"Python count_levels: {py_time:.2f} s, peak {peak_mib(PYTHON + [log]):.1f} MiB, "
              f"start and exit {py_start * 1000:.0f} ms (interpreter, imports and the script)")
        print(f"Rust is {py_time / rust_time:.1f} times faster")


if __name__ == "__main__":
    main()
