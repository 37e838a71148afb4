#!/usr/bin/env python3
"""Writes a synthetic crabsnake site of N chapters, the same for the same N: about 6.4 KB of
Markdown per chapter (headings, paragraphs, lists, tables, a third of the sections with a Rust
or Python block, links between chapters), for the build and search benchmarks.

    python3 bench/gen_book.py N DIR
"""
import os
import random
import sys

WORDS = (
    "ownership borrow lifetime thread process memory allocation profile benchmark latency "
    "throughput extension module wheel interpreter compiler binding package release version "
    "python rust cargo maturin pyo3 polars numpy arrow iterator closure trait struct enum "
    "function method class object string integer vector slice buffer copy parse serialize "
    "network socket request response server client cache index search query result error "
    "exception panic signal queue worker batch stream file path config build test deploy "
    "measure median sample runtime startup import library dependency platform target "
    "the a of to and in is it for on with as that this by be are from or at an can each"
).split()


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(rng.randint(3, 5)))


def chapter(i: int, n: int, rng: random.Random) -> str:
    out = [f"+++\ntitle = \"Chapter {i}: {rng.choice(WORDS)} and {rng.choice(WORDS)}\"\n"
           f"weight = {i}\n+++\n", paragraph(rng)]
    for s in range(6):
        out.append(f"## Section {s} on {rng.choice(WORDS)} {rng.choice(WORDS)}")
        out.append(paragraph(rng))
        out.append(sentence(rng, 14))
        kind = (i + s) % 6
        if kind == 0:
            out.append("\n".join(f"- {sentence(rng, 6)}" for _ in range(4)))
        elif kind == 1:
            out.append("| what | rust | python |\n|---|---|---|\n" + "\n".join(
                f"| {rng.choice(WORDS)} | {rng.randint(1, 999)} ms | {rng.randint(1, 999)} ms |"
                for _ in range(4)))
        elif kind == 2:
            # Names and numbers differ from block to block, as in a real book: only the
            # closing brace repeats (a third of the code lines come again in the same parser
            # state; a fifth of the guide's do, over half of the Rust book's).
            out.append(f"```rust\nfn {rng.choice(WORDS)}_{i}_{s}(items: &[u64]) -> u64 {{\n"
                       f"    items.iter().map(|x| x * {rng.randint(2, 999)}).sum()\n}}\n```")
        elif kind == 3:
            out.append(f"```python\ndef {rng.choice(WORDS)}_{i}_{s}(items):\n"
                       f"    return sum(x * {rng.randint(2, 999)} for x in items)\n```")
        target = rng.randint(1, n)
        out.append(f"See [chapter {target}]({target:05d}-ch{target}.md) for more on "
                   f"{rng.choice(WORDS)}. {paragraph(rng)}")
    return "\n\n".join(out) + "\n"


def main() -> None:
    main_for(int(sys.argv[1]), sys.argv[2])


def main_for(n: int, root: str) -> None:
    """Writes the book of n chapters into root."""
    os.makedirs(os.path.join(root, "content"), exist_ok=True)
    with open(os.path.join(root, "site.toml"), "w") as f:
        f.write(f'title = "Synthetic book of {n} chapters"\n')
    with open(os.path.join(root, "content", "_index.md"), "w") as f:
        f.write("+++\ntitle = \"Home\"\n+++\nA generated book.\n")
    for i in range(1, n + 1):
        rng = random.Random(i)
        with open(os.path.join(root, "content", f"{i:05d}-ch{i}.md"), "w") as f:
            f.write(chapter(i, n, rng))


if __name__ == "__main__":
    main()
