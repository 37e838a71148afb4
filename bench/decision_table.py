#!/usr/bin/env python3
"""Times `check` on a site whose decision table sits at the limit: 16 conditions and
20,000 rules (plus two catch-alls that make it complete and consistent). The proof used
to compare every rule with every one of the 65,536 combinations of answers; it now works on
bit sets and should take well under a second.

    python3 bench/decision_table.py [--rules N] [--runs N] [--bin PATH]

Prints the median wall time of `crabsnake check` over the runs.
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rules", type=int, default=20_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/crabsnake"))
    args = ap.parse_args()
    if not os.environ.get("CRABSNAKE_NO_BUILD") and args.bin.startswith(ROOT):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as site:
        os.makedirs(os.path.join(site, "content"))
        with open(os.path.join(site, "site.toml"), "w") as f:
            f.write('title = "Decision scale"\n')
        with open(os.path.join(site, "content", "_index.md"), "w") as f:
            f.write('+++\ntitle = "Home"\ndecision_table = "table.toml"\n+++\nPick.\n')
        with open(os.path.join(site, "content", "01-a.md"), "w") as f:
            f.write('+++\ntitle = "A"\n+++\nWords.\n')
        with open(os.path.join(site, "content", "table.toml"), "w") as f:
            f.write(table(args.rules))
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            done = subprocess.run([args.bin, "--root", site, "check"], capture_output=True, text=True)
            times.append(time.perf_counter() - start)
            if done.returncode != 0:
                print(done.stderr[-2000:])
                raise SystemExit(f"check failed with exit {done.returncode}")
        print(f"decision table, 16 conditions, {args.rules} rules: "
              f"check median {statistics.median(times) * 1000:.0f} ms over {args.runs} runs")


if __name__ == "__main__":
    main()
