#!/usr/bin/env python3
"""Times `check` on inputs a hostile (or just very large) pull request could send, each of
which once made the build quadratic:

- one chapter with 50,000 headings of the same text (unique ids counted up from 1 each time),
- one chapter with 40,000 links, and one with 20,000 code blocks (every position found by
  rescanning the chapter from its start),
- a decision table at the limit: 16 conditions and 20,000 rules (every rule compared with
  every one of the 65,536 combinations of answers).

    python3 bench/hostile_inputs.py [--runs N] [--bin PATH]

Prints the median wall time of `crabsnake check` for each case.
"""
import argparse
import os
import random
import statistics
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def table(rules: int, conditions: int = 16) -> str:
    rng = random.Random(7)
    out = []
    out.append('[[criterion]]\nid = "speed"\nname = "Speed"\nrust = "fast"\n'
               'python = "slower"\nfavours = "rust"\nlink = "01-a.md"\n')
    for c in range(conditions):
        out.append(f'[[condition]]\nid = "c{c}"\nlabel = "C{c}"\nquestion = "Question {c}?"\n')
    out.append('[[action]]\nid = "go"\ntitle = "Go"\nsummary = "Go ahead."\nlink = "01-a.md"\n')
    for r in range(rules):
        fixed = rng.sample(range(conditions), rng.randint(4, conditions))
        when = ", ".join(f'c{c} = "{rng.choice(["yes", "no"])}"' for c in sorted(fixed))
        out.append(f'[[rule]]\nid = "r{r}"\nwhen = {{ {when} }}\naction = "go"\n')
    # Both answers to the first condition give the action: the table is complete.
    for answer in ("yes", "no"):
        out.append(f'[[rule]]\nid = "all-{answer}"\nwhen = {{ c0 = "{answer}" }}\naction = "go"\n')
    return "\n".join(out)


def chapter(body: str) -> str:
    return '+++\ntitle = "Big"\n+++\n' + body


CASES = {
    "50,000 equal headings": lambda: chapter("## Same\n\nText.\n\n" * 50_000),
    "40,000 links": lambda: chapter("".join(f"[link {i}](01-a.md) " for i in range(40_000))),
    "20,000 code blocks": lambda: chapter("```text\nsome code\n```\n\n" * 20_000),
}


def site(dir: str, big: str = "", table_rules: int = 0) -> None:
    os.makedirs(os.path.join(dir, "content"), exist_ok=True)
    with open(os.path.join(dir, "site.toml"), "w") as f:
        f.write('title = "Hostile inputs"\n')
    with open(os.path.join(dir, "content", "01-a.md"), "w") as f:
        f.write('+++\ntitle = "A"\n+++\nWords.\n')
    if big:
        with open(os.path.join(dir, "content", "02-big.md"), "w") as f:
            f.write(big)
    if table_rules:
        with open(os.path.join(dir, "content", "_index.md"), "w") as f:
            f.write('+++\ntitle = "Home"\ndecision_table = "table.toml"\n+++\nPick.\n')
        with open(os.path.join(dir, "content", "table.toml"), "w") as f:
            f.write(table(table_rules))


def timed(binary: str, dir: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([binary, "--root", dir, "check"], capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            print(done.stderr[-2000:])
            raise SystemExit(f"check failed with exit {done.returncode}")
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/crabsnake"))
    args = ap.parse_args()
    if not os.environ.get("CRABSNAKE_NO_BUILD") and args.bin.startswith(ROOT):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    cases = [(name, lambda d, make=make: site(d, big=make())) for name, make in CASES.items()]
    cases.append(("decision table, 16 conditions x 20,000 rules",
                  lambda d: site(d, table_rules=20_000)))
    for name, make in cases:
        with tempfile.TemporaryDirectory() as dir:
            make(dir)
            median = timed(args.bin, dir, args.runs)
            print(f"{name:48} check median {median * 1000:8.0f} ms over {args.runs} runs")


if __name__ == "__main__":
    main()
