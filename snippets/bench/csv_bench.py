"""Benchmark the chapter 6 CSV row counters. Not run by the tests.

    python3 snippets/bench/csv_bench.py [--rows 1500000] [--runs 5]

What it does, from the repository root or anywhere else:
  1. writes a deterministic CSV file under /tmp/crabsnake-bench/ (once);
  2. builds the Rust command-line counter (snippets/rust/ch06-csv-count) in
     release mode, and a release wheel of the PyO3 extension (snippets/pyo3)
     installed into a private virtual environment, both under /tmp;
  3. times each version in fresh processes (startup included) and again
     inside one process (startup excluded), and reports medians and the peak
     resident memory of each process;
  4. measures the cost of a call across the Python/Rust boundary.
Needs cargo, Python 3.11+, pip and access to PyPI (for maturin).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from extension_build import REPO, WORK, install_extension, log, run
PY_SNIPPETS = REPO / "snippets" / "python"



def make_csv(rows: int) -> Path:
    """A CSV with a header, 5 columns, some quoted commas, quotes and newlines."""
    path = WORK / f"data-{rows}.csv"
    if path.exists():
        return path
    log(f"writing {path} ...")
    rng = random.Random(20261122)
    cities = ["Berlin", "Lagos", "Lima", "Osaka", "Quebec", "Tromso"]
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        f.write("id,name,city,amount,comment\n")
        for i in range(rows):
            if i % 1000 == 0:
                comment = '"said ""hi"",\nthen left"'  # quoted newline and quotes
            elif i % 50 == 0:
                comment = '"late, again"'
            else:
                comment = "ok"
            name = f"user{rng.randrange(1_000_000):06d}"
            amount = f"{rng.uniform(0, 1000):.2f}"
            f.write(f"{i},{name},{rng.choice(cities)},{amount},{comment}\n")
    tmp.rename(path)
    return path



def build() -> tuple[Path, Path]:
    """Return (path of the Rust CLI, path of the bench venv's python)."""
    target = WORK / "target"
    log("building the Rust CLI (release) ...")
    run(["cargo", "build", "--quiet", "--release", "-p", "ch06-csv-count",
         "--manifest-path", str(REPO / "Cargo.toml"),
         "--target-dir", str(target)])
    cli = target / "release" / "csv-count"

    py = install_extension("csv", [], no_deps=False)
    return cli, py


GNU_TIME = Path("/usr/bin/time")


def timed_process(cmd: list[str]) -> tuple[float, float | None, float | None, str]:
    """Wall time (s), CPU time (s), peak RSS (MiB) and stdout of one process.

    CPU time and peak RSS come from GNU time (`/usr/bin/time`), which forks
    the command from a tiny process. Asking the kernel directly (os.wait4)
    would report at least this Python process's own size as the peak, because
    the child starts as a copy of it before exec. Without GNU time those two
    columns show "-". CPU time (user + system) is less disturbed than wall
    time when other jobs share the machine.
    """
    measure = GNU_TIME.exists()
    full = [str(GNU_TIME), "-f", "%M %U %S", "--"] + cmd if measure else cmd
    start = time.perf_counter()
    proc = subprocess.run(full, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{cmd} failed with {proc.returncode}: {proc.stderr}")
    if not measure:
        return elapsed, None, None, proc.stdout.strip()
    kib, user, system = proc.stderr.strip().splitlines()[-1].split()
    return elapsed, float(user) + float(system), int(kib) / 1024, proc.stdout.strip()


IN_PROCESS = """
import importlib, statistics, sys, time
sys.path.insert(0, {snippets!r})
mod = importlib.import_module("06_count_rows")
import snakebridge
path, runs = {path!r}, {runs}
for name, fn in [("python", mod.count_rows), ("rust", snakebridge.count_rows)]:
    fn(path)  # warm-up
    times, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        n = fn(path)
        times.append(time.perf_counter() - t); cpu.append(time.process_time() - c)
    print(name, n, statistics.median(times), statistics.median(cpu))

# Two calls on two threads: the Rust call releases the GIL, so they overlap.
from concurrent.futures import ThreadPoolExecutor
for name, fn in [("python", mod.count_rows), ("rust", snakebridge.count_rows)]:
    times = []
    for _ in range(runs):
        with ThreadPoolExecutor(2) as pool:
            t = time.perf_counter()
            list(pool.map(fn, [path, path]))
            times.append(time.perf_counter() - t)
    print("threads2", name, statistics.median(times))

# Does the call let another Python thread run? Count a spinning thread's
# loop iterations per second during each call, against its rate alone.
import threading
def spin_rate(work):
    state = dict(n=0, stop=False)
    def spin():
        while not state["stop"]:
            state["n"] += 1
    th = threading.Thread(target=spin); th.start()
    time.sleep(0.05)
    n0, t0 = state["n"], time.perf_counter()
    work()
    n1, t1 = state["n"], time.perf_counter()
    state["stop"] = True; th.join()
    return (n1 - n0) / (t1 - t0)
print("spin alone", statistics.median(spin_rate(lambda: time.sleep(0.3)) for _ in range(5)))
for name, fn in [("python", mod.count_rows), ("rust", snakebridge.count_rows)]:
    print("spin", name, statistics.median(spin_rate(lambda: fn(path)) for _ in range(5)))

# The boundary: one tiny call, a million times.
import timeit
class PyStats:
    def __init__(self):
        self.count = 0; self.mean = 0.0; self.m2 = 0.0
    def push(self, value):
        self.count += 1
        delta = value - self.mean
        self.mean += delta / self.count
        self.m2 += delta * (value - self.mean)
n = 1_000_000
py_push = min(timeit.repeat("s.push(1.5)", globals={{"s": PyStats()}}, number=n, repeat=5)) / n
rs_push = min(timeit.repeat("s.push(1.5)", globals={{"s": snakebridge.RunningStats()}}, number=n, repeat=5)) / n
noop = min(timeit.repeat("f()", globals={{"f": lambda: None}}, number=n, repeat=5)) / n
print("push", py_push, rs_push, noop)
"""


def code_lines(path: Path, anchors: list[str] | None = None) -> int:
    """Non-blank, non-comment lines, optionally only inside the given anchors."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if anchors:
        picked: list[str] = []
        for anchor in anchors:
            inside = False
            for line in lines:
                if line.strip() in (f"// ANCHOR: {anchor}", f"# ANCHOR: {anchor}"):
                    inside = True
                elif line.strip() in (f"// ANCHOR_END: {anchor}", f"# ANCHOR_END: {anchor}"):
                    inside = False
                elif inside:
                    picked.append(line)
        lines = picked
    count = 0
    in_docstring = False
    for line in lines:
        s = line.strip()
        if s.startswith('"""'):
            if not (len(s) > 3 and s.endswith('"""')):
                in_docstring = not in_docstring
            continue
        if in_docstring or not s or s.startswith(("#", "//")):
            continue
        count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_500_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)

    data = make_csv(args.rows)
    cli, py = build()
    load_before = os.getloadavg()[0]
    size_mib = data.stat().st_size / 2**20

    log("timing whole processes ...")
    py_script = (f"import importlib,sys; sys.path.insert(0,{str(PY_SNIPPETS)!r}); "
                 f"print(importlib.import_module('06_count_rows').count_rows({str(data)!r}))")
    py_naive = (f"import importlib,sys; sys.path.insert(0,{str(PY_SNIPPETS)!r}); "
                f"print(importlib.import_module('06_count_rows').count_rows_in_memory({str(data)!r}))")
    commands = {
        "python3 -c pass (startup only)": [str(py), "-c", "pass"],
        "Python, csv module (count_rows)": [str(py), "-c", py_script],
        "Python, list(csv.reader(f))": [str(py), "-c", py_naive],
        "Rust CLI (csv-count)": [str(cli), str(data)],
        "Python calling Rust (snakebridge)": [
            str(py), "-c", f"import snakebridge; print(snakebridge.count_rows({str(data)!r}))"],
    }
    results = []
    for label, cmd in commands.items():
        timed_process(cmd)  # warm the page cache and the interpreter's files
        samples = [timed_process(cmd) for _ in range(args.runs)]
        cpu = [s[1] for s in samples if s[1] is not None]
        rss = [s[2] for s in samples if s[2] is not None]
        results.append((label,
                        statistics.median(s[0] for s in samples),
                        statistics.median(cpu) if cpu else None,
                        max(rss) if rss else None,
                        samples[0][3]))

    log("timing inside one process ...")
    script = IN_PROCESS.format(snippets=str(PY_SNIPPETS), path=str(data), runs=args.runs)
    inproc = subprocess.run([str(py), "-c", script], check=True, capture_output=True,
                            text=True).stdout.splitlines()

    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, "
          f"{platform.python_implementation()} {platform.python_version()} "
          f"({subprocess.run([str(py), '-V'], capture_output=True, text=True).stdout.strip()} in the venv)")
    print(f"input: {data} ({args.rows:,} data rows, {size_mib:.1f} MiB), "
          f"{args.runs} runs each, medians")
    print(f"1-minute load average: {load_before:.2f} before, {os.getloadavg()[0]:.2f} after\n")
    print("| whole process | output | median wall time | median CPU time | peak RSS |")
    print("| --- | --- | ---: | ---: | ---: |")
    for label, secs, cpu, rss, out in results:
        cpu_text = f"{cpu * 1000:.0f} ms" if cpu is not None else "-"
        peak = f"{rss:.1f} MiB" if rss is not None else "-"
        print(f"| {label} | {out or '-'} | {secs * 1000:.0f} ms | {cpu_text} | {peak} |")

    print("\n| inside one process | rows | median wall time | median CPU time |")
    print("| --- | ---: | ---: | ---: |")
    for line in inproc:
        parts = line.split()
        if parts[0] in ("python", "rust"):
            print(f"| count_rows, {parts[0]} | {parts[1]} | {float(parts[2]) * 1000:.0f} ms "
                  f"| {float(parts[3]) * 1000:.0f} ms |")
        elif parts[0] == "threads2":
            print(f"| two calls on two threads, {parts[1]} | - | {float(parts[2]) * 1000:.0f} ms | - |")
        elif parts[0] == "spin":
            when = "while the main thread sleeps" if parts[1] == "alone" else f"during count_rows, {parts[1]}"
            print(f"| a second Python thread's loop, {when} "
                  f"| - | {float(parts[2]) / 1e6:.1f} million iterations/s | - |")
        elif parts[0] == "push":
            py_push, rs_push, noop = map(float, parts[1:])
            print(f"| one RunningStats.push call, Python class | - | {py_push * 1e9:.0f} ns | - |")
            print(f"| one RunningStats.push call, Rust class | - | {rs_push * 1e9:.0f} ns | - |")
            print(f"| one call of an empty Python lambda | - | {noop * 1e9:.0f} ns | - |")

    ch06 = REPO / "snippets" / "rust" / "ch06-csv-count" / "src"
    pyo3_src = REPO / "snippets" / "pyo3" / "src"
    print("\n| code size (non-blank, non-comment lines) | lines |")
    print("| --- | ---: |")
    print(f"| Python count_rows | {code_lines(PY_SNIPPETS / '06_count_rows.py', ['count'])} |")
    rust_lib = code_lines(ch06 / "lib.rs", ["error", "counter", "count"])
    print(f"| Rust library (error type, parser, count functions) | {rust_lib} |")
    print(f"| Rust CLI main | {code_lines(ch06 / 'main.rs')} |")
    glue = code_lines(pyo3_src / "csvfile.rs") + code_lines(pyo3_src / "errors.rs")
    print(f"| PyO3 glue (count_rows + error mapping) | {glue} |")


if __name__ == "__main__":
    main()
