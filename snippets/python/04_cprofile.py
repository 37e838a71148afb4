"""Profile a small program with cProfile and report call counts.

Timings change from run to run, so this example prints only what is
deterministic: which of our functions ran, and how many times.
Comprehensions and generator expressions (names such as <genexpr>) are left
out because Python 3.12 inlined list comprehensions, so they show up
differently from one version to the next.
"""

import cProfile
import pstats


# ANCHOR: program
def parse(line):
    return [int(field) for field in line.split(",")]


def is_valid(record):
    return all(value >= 0 for value in record)


def load(lines):
    records = [parse(line) for line in lines]
    return [r for r in records if is_valid(r)]


def total(lines):
    return sum(sum(record) for record in load(lines))


LINES = [f"{i},{i * 2},{i % 7 - 1}" for i in range(1_000)]
# ANCHOR_END: program

# ANCHOR: profile
profiler = cProfile.Profile()
profiler.enable()
result = total(LINES)
profiler.disable()

stats = pstats.Stats(profiler)
# stats.stats maps (file, line, function) to
# (primitive calls, total calls, own time, cumulative time, callers).
ours = {
    name: ncalls
    for (filename, _line, name), (_cc, ncalls, _tt, _ct, _callers) in stats.stats.items()
    if filename == __file__ and not name.startswith("<")
}
print(f"result = {result}")
for name, ncalls in sorted(ours.items(), key=lambda item: (-item[1], item[0])):
    print(f"{ncalls:>6}  {name}")
# ANCHOR_END: profile
