# /// script
# requires-python = ">=3.11"
# dependencies = []
# ///
"""List the [tool.*] tables of a pyproject.toml, and Ruff's rule selection.

The block at the top is inline script metadata (PEP 723): `uv run` reads it
and builds a throwaway environment with the listed dependencies. This script
needs none, so plain `python3` runs it too.
"""

import sys
import tomllib

# ANCHOR: sample
SAMPLE = """
[project]
name = "wordstats"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = ["polars>=2.1"]

[dependency-groups]
dev = ["pytest>=9", "ruff>=0.17"]

[tool.ruff]
line-length = 100
target-version = "py311"

[tool.ruff.lint]
select = ["E4", "E7", "E9", "F", "B", "I", "UP"]
ignore = ["E741"]

[tool.pytest.ini_options]
testpaths = ["tests"]
"""
# ANCHOR_END: sample


# ANCHOR: report
def report(text: str) -> list[str]:
    data = tomllib.loads(text)
    tools = data.get("tool", {})
    lines = [f"project: {data['project']['name']}"]
    lines.append("tool tables: " + ", ".join(sorted(tools)))
    lint = tools.get("ruff", {}).get("lint", {})
    # Ruff's own default when `select` is absent.
    selected = lint.get("select", ["E4", "E7", "E9", "F"])
    lines.append("ruff selects: " + " ".join(selected))
    lines.append("ruff ignores: " + (" ".join(lint.get("ignore", [])) or "nothing"))
    return lines
# ANCHOR_END: report


if __name__ == "__main__":
    if len(sys.argv) > 1:
        with open(sys.argv[1], encoding="utf-8") as f:
            source = f.read()
    else:
        source = SAMPLE
    print("\n".join(report(source)))
