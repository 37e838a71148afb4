"""The counting core of the Rust `logcount` tool (chapter 3), in Python."""

import io

# ANCHOR: counts
from collections import Counter

KNOWN = {"ERROR": "error", "WARN": "warn", "INFO": "info"}


def count_levels(stream):
    """Count lines per level; read line by line, so memory stays flat."""
    counts = Counter(error=0, warn=0, info=0, other=0)
    for line in stream:
        fields = line.split()
        level = fields[1] if len(fields) > 1 else None
        counts[KNOWN.get(level, "other")] += 1
    return counts
# ANCHOR_END: counts


LOG = """\
2026-11-22T09:00:00Z INFO started
2026-11-22T09:00:01Z WARN cache cold
2026-11-22T09:00:02Z ERROR disk full
2026-11-22T09:00:03Z ERROR disk still full

a line with no level
"""

counts = count_levels(io.StringIO(LOG))
print(" ".join(f"{name}={counts[name]}" for name in ("error", "warn", "info", "other")))
