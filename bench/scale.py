#!/usr/bin/env python3
"""How build time, memory and output grow with the size of a book, and how crabsnake compares
with mdBook and Hugo on the same chapters, in the same run.

    cargo build --release && python3 bench/scale.py [--sizes 100,1000,10000] [--runs 5]

For each size N it writes one synthetic book (bench/gen_book.py: about 6.4 KB of Markdown per
chapter) laid out for each tool, builds it RUNS times with each (the tools taking turns, one run
each per round, so that a slow spell of the machine falls on all of them), and prints medians: wall time,
pages per second, Markdown megabytes per second, peak memory (the process's maximum resident
set), output size, and crabsnake's own per-stage times (`build --timings`). crabsnake runs
with `--no-cache`, so each of its runs highlights every block, as a first build does. `mdbook` and
`hugo` are used when they are on PATH (or named with --mdbook/--hugo); Hugo is built twice,
with a sidebar listing every page (as the others have) and without one. Outputs go to the same
file system as the books (--work), so every tool pays the same for its writes.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_book  # noqa: E402

HUGO_CONFIG = """baseURL = "http://localhost/"
title = "Synthetic book"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
[markup.highlight]
noClasses = false
"""
HUGO_BASE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>{{ block "sidebar" . }}{{ end }}<main>{{ block "main" . }}{{ end }}</main></body></html>
"""
HUGO_SIDEBAR = """{{ define "sidebar" }}<nav><ol>{{ range .Site.RegularPages.ByWeight }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol></nav>{{ end }}
"""
HUGO_MAIN = """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def front_matter(text):
    """(title, body) of a generated chapter."""
    _, head, body = text.split("+++\n", 2)
    title = re.search(r'title = "(.*)"', head).group(1)
    return title, body


def lay_out(n, work):
    """Writes the book of n chapters for each tool; returns {tool: source dir}."""
    crab = os.path.join(work, f"crabsnake-{n}")
    if not os.path.exists(os.path.join(crab, "site.toml")):
        gen_book.main_for(n, crab)
    chapters = sorted(os.listdir(os.path.join(crab, "content")))
    chapters = [c for c in chapters if c != "_index.md"]
    dirs = {"crabsnake": crab}

    book = os.path.join(work, f"mdbook-{n}")
    if not os.path.exists(os.path.join(book, "book.toml")):
        summary = ["# Summary\n"]
        for name in chapters:
            with open(os.path.join(crab, "content", name)) as f:
                title, body = front_matter(f.read())
            write(os.path.join(book, "src", name), f"# {title}\n\n{body}")
            summary.append(f"- [{title}](./{name})")
        write(os.path.join(book, "src", "SUMMARY.md"), "\n".join(summary) + "\n")
        write(os.path.join(book, "book.toml"), '[book]\ntitle = "Synthetic book"\n')
    dirs["mdbook"] = book

    for kind in ("hugo-sidebar", "hugo-plain"):
        site = os.path.join(work, f"{kind}-{n}")
        if not os.path.exists(os.path.join(site, "hugo.toml")):
            os.makedirs(os.path.join(site, "content"), exist_ok=True)
            for name in chapters:
                shutil.copy(os.path.join(crab, "content", name),
                            os.path.join(site, "content", name))
            write(os.path.join(site, "hugo.toml"), HUGO_CONFIG)
            sidebar = HUGO_SIDEBAR if kind == "hugo-sidebar" else ""
            write(os.path.join(site, "layouts", "_default", "baseof.html"), HUGO_BASE)
            write(os.path.join(site, "layouts", "_default", "single.html"), sidebar + HUGO_MAIN)
            write(os.path.join(site, "layouts", "_default", "list.html"), sidebar + HUGO_MAIN)
        dirs[kind] = site
    return dirs


def run_once(cmd):
    """(wall seconds, peak KB, standard output) of one run in a fresh process."""
    # A small Python probe per run: os.wait4 gives exactly that child's rusage.
    probe = subprocess.run([sys.executable, "-c", PROBE, *cmd], capture_output=True, text=True)
    if probe.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{probe.stderr[-2000:]}")
    wall, peak, rest = probe.stdout.split("\n", 2)
    return float(wall), int(peak), rest


def measure_side_by_side(jobs):
    """jobs: {tool: (cmd, runs, out_dir)}. The tools take turns, one run each per round, so
    a machine that slows down for a while slows every tool alike and the ratios stay fair.
    Returns {tool: medians}, each run in a fresh process whose peak memory is its own."""
    runs = {tool: [] for tool in jobs}
    for round_ in range(max(n for _, n, _ in jobs.values())):
        for tool, (cmd, n, _) in jobs.items():
            if round_ < n:
                runs[tool].append(run_once(cmd))
    result = {}
    for tool, samples in runs.items():
        walls = [w for w, _, _ in samples]
        result[tool] = {
            "wall": statistics.median(walls),
            "peak_mib": statistics.median([p for _, p, _ in samples]) / 1024,
            # The output of the median run (its stage times).
            "output": sorted(samples)[len(samples) // 2][2],
            "bytes": tree_bytes(jobs[tool][2]),
        }
    return result


# Runs the command given as arguments; prints its wall time, its peak resident set (KB) and
# its standard output. os.wait4 gives the rusage of exactly that child.
PROBE = r"""
import os, subprocess, sys, time
start = time.perf_counter()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
out = p.stdout.read(); err = p.stderr.read()
_, status, usage = os.wait4(p.pid, 0)
wall = time.perf_counter() - start
if os.waitstatus_to_exitcode(status) != 0:
    sys.stderr.write(err.decode()); sys.exit(1)
print(wall); print(usage.ru_maxrss); sys.stdout.write(out.decode())
"""


def tree_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    return total


def markdown_bytes(folder):
    return sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder))


STAGE = re.compile(r"^\s+([a-z +]+?)\s+([\d.]+) ms", re.M)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--other-runs", type=int, default=3,
                    help="runs of mdBook and Hugo per size (they are the slow ones)")
    ap.add_argument("--quadratic-max", type=int, default=1000,
                    help="largest book for mdBook and for Hugo with a sidebar: their time and "
                         "output grow with N squared (mdBook took over 4 minutes and 3.8 GB "
                         "on 10,000 chapters here)")
    ap.add_argument("--work", default="/tmp/crabsnake-scale")
    ap.add_argument("--crabsnake", default=os.path.join(HERE, "..", "target", "release", "crabsnake"))
    ap.add_argument("--mdbook", default=shutil.which("mdbook"))
    ap.add_argument("--hugo", default=shutil.which("hugo"))
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    crab = os.path.abspath(args.crabsnake)
    if not os.path.exists(crab):
        sys.exit("build crabsnake first: cargo build --release")

    print(f"machine: {os.cpu_count()} cores; {args.runs} runs per cell, medians; "
          f"outputs under {args.work}")
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        dirs = lay_out(n, args.work)
        md_mb = markdown_bytes(os.path.join(dirs["crabsnake"], "content")) / 1e6
        out = os.path.join(args.work, f"out-crabsnake-{n}")
        # --no-cache: every run is a first build (highlighting included), as the others' are.
        jobs = {"crabsnake": ([crab, "--root", dirs["crabsnake"], "--out", out, "--no-cache",
                               "build", "--timings"], args.runs, out)}
        if args.mdbook and n <= args.quadratic_max:
            out = os.path.join(args.work, f"out-mdbook-{n}")
            jobs["mdbook"] = ([args.mdbook, "build", dirs["mdbook"], "--dest-dir", out],
                              args.other_runs, out)
        if args.hugo:
            for kind in ("hugo-sidebar", "hugo-plain"):
                if kind == "hugo-sidebar" and n > args.quadratic_max:
                    continue
                out = os.path.join(args.work, f"out-{kind}-{n}")
                jobs[kind] = ([args.hugo, "--quiet", "-s", dirs[kind], "-d", out],
                              args.other_runs, out)
        results = measure_side_by_side(jobs)
        r = results.pop("crabsnake")
        pages = int(re.search(r"built (\d+) pages", r["output"]).group(1))
        stages = {name.strip(): float(ms) for name, ms in STAGE.findall(r["output"])}
        row = {"n": n, "crabsnake": r, "md_mb": md_mb, "pages": pages, "stages": stages}
        row.update(results)
        rows.append(row)
        report([row])
    print("\n## Summary\n")
    report(rows, header=True)


def report(rows, header=False):
    tools = [t for t in ("mdbook", "hugo-sidebar", "hugo-plain") if any(t in r for r in rows)]
    if header:
        print("| chapters | crabsnake | pages/s | Markdown MB/s | peak | output | "
              + " | ".join(tools) + " |")
        print("|---" * (6 + len(tools)) + "|")
    for row in rows:
        c = row["crabsnake"]
        cells = [f"{row['n']:,}", f"{c['wall'] * 1000:.0f} ms",
                 f"{row['pages'] / c['wall']:,.0f}", f"{row['md_mb'] / c['wall']:.1f}",
                 f"{c['peak_mib']:.0f} MiB", f"{c['bytes'] / 2**20:.1f} MiB"]
        for t in tools:
            o = row.get(t)
            cells.append("not run" if o is None else
                         f"{o['wall'] * 1000:.0f} ms ({o['wall'] / c['wall']:.1f}x), "
                         f"{o['peak_mib']:.0f} MiB, {o['bytes'] / 2**20:.1f} MiB")
        if header:
            print("| " + " | ".join(cells) + " |")
        else:
            print(f"\n### {row['n']:,} chapters ({row['md_mb']:.1f} MB of Markdown)")
            print("crabsnake: " + ", ".join(cells[1:6]))
            for name, ms in row["stages"].items():
                print(f"    {name:<13} {ms:8.1f} ms")
            for t in [t for t in tools if t in row]:
                o = row[t]
                print(f"{t}: {o['wall'] * 1000:.0f} ms ({o['wall'] / c['wall']:.1f}x crabsnake), "
                      f"peak {o['peak_mib']:.0f} MiB, output {o['bytes'] / 2**20:.1f} MiB")
    if header:
        print("\n(x: that tool's time divided by crabsnake's, on the same book in the same run)")


if __name__ == "__main__":
    main()
