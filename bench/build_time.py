#!/usr/bin/env python3
"""Times crabsnake builds and prints medians.

usage: python3 bench/build_time.py [RUNS]

Builds the release binary, then times (wall clock, median of RUNS, default 15):
  1. `check` of the guide in this repository,
  2. `build` of the guide into a temporary directory, as a first build (`--no-cache`) and
     as a repeat build (from the build cache, in a temporary folder, primed once),
  3. `build` of a generated site of 300 chapters (copies of the guide's chapters with their
     links and includes intact), to show how the build scales (`--no-cache`).
Nothing here runs in `cargo test`: timings depend on the machine.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(REPO, "target", "release", "crabsnake")


def median_ms(args, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), min(samples), max(samples)


def big_site(dest, copies):
    """The guide plus `copies` renamed copies of each chapter, in a group folder each."""
    for name in ("site.toml", "content", "templates", "static", "snippets"):
        src = os.path.join(REPO, name)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(dest, name), ignore=shutil.ignore_patterns("target"))
        else:
            shutil.copy(src, dest)
    content = os.path.join(dest, "content")
    chapters = sorted(f for f in os.listdir(content) if re.match(r"\d\d[a-z]?-.*\.md$", f))
    for n in range(copies):
        group = os.path.join(content, f"copy{n:02d}")
        os.makedirs(group)
        with open(os.path.join(group, "_index.md"), "w") as f:
            f.write(f'+++\ntitle = "Copy {n}"\nweight = {1000 + n}\n+++\n')
        for ch in chapters:
            text = open(os.path.join(content, ch)).read()
            text = re.sub(r"\]\((\d\d[a-z]?-[a-z0-9-]+\.md|decide\.md)", r"](../\1", text)
            text = text.replace("{{#include ../", "{{#include ../../")
            text = re.sub(r'^slug = "(.*)"$', rf'slug = "\1-{n}"', text, flags=re.M)
            slug = re.sub(r"^\d\d-", "", ch[:-3])
            if 'slug = "' not in text.split("+++")[1]:
                text = text.replace("+++\n", f'+++\nslug = "{slug}-{n}"\n', 1)
            with open(os.path.join(group, ch), "w") as f:
                f.write(text)
    return len(chapters) * (copies + 1)


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    print(f"machine: {os.cpu_count()} cores; {runs} runs each; wall-clock milliseconds")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CRABSNAKE_CACHE_DIR"] = os.path.join(tmp, "cache")
        guide = [BIN, "--root", REPO, "--out", os.path.join(tmp, "out"), "build"]
        subprocess.run(guide, check=True, stdout=subprocess.DEVNULL)
        rows = [
            ("check, the guide", [BIN, "--root", REPO, "--no-cache", "check"]),
            ("build, the guide", guide + ["--no-cache"]),
            ("build, from the cache", guide),
        ]
        big = os.path.join(tmp, "big")
        os.makedirs(big)
        pages = big_site(big, 24)
        rows.append((f"build, {pages} chapters", [BIN, "--root", big, "--out", os.path.join(tmp, "big-out"), "--no-cache", "build"]))
        for label, args in rows:
            med, lo, hi = median_ms(args, runs)
            print(f"{label:<24} median {med:7.1f}   min {lo:7.1f}   max {hi:7.1f}")


if __name__ == "__main__":
    main()
