"""One public function, two implementations, and a test that holds them together.

`count_words` is the stable API. A compiled module (`_wordcount_native`, built
from Rust with maturin) is used when it is installed; otherwise the pure-Python
reference runs. WORDCOUNT_IMPL=python|native|auto picks one explicitly, which
doubles as a feature flag in production.
"""

import os
import random
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping

CountFn = Callable[[str], dict[str, int]]


# ANCHOR: reference
def count_words_py(text: str) -> dict[str, int]:
    """Reference implementation: the behaviour every other one must match."""
    return dict(Counter(word.lower() for word in text.split()))
# ANCHOR_END: reference


# ANCHOR: select
try:
    from _wordcount_native import count_words as count_words_native
except ImportError:  # no wheel for this platform, or a source checkout
    count_words_native = None


def select_impl(env: Mapping[str, str]) -> tuple[str, CountFn]:
    choice = env.get("WORDCOUNT_IMPL", "auto")
    if choice == "python":
        return "python", count_words_py
    if choice == "native":
        if count_words_native is None:
            raise RuntimeError("WORDCOUNT_IMPL=native but the extension is not installed")
        return "native", count_words_native
    if count_words_native is not None:
        return "native", count_words_native
    return "python", count_words_py


IMPL_NAME, count_words = select_impl(os.environ)
# ANCHOR_END: select


# ANCHOR: port
# A faithful-looking port that uses Rust's rules for whitespace
# (char::is_whitespace) instead of Python's str.split().
RUST_WHITESPACE = set("\t\n\v\f\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000")
RUST_WHITESPACE |= {chr(c) for c in range(0x2000, 0x200B)}


def count_words_rust_rules(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    word: list[str] = []
    for ch in text + " ":
        if ch in RUST_WHITESPACE:
            if word:
                key = "".join(word).lower()
                counts[key] = counts.get(key, 0) + 1
                word.clear()
        else:
            word.append(ch)
    return counts
# ANCHOR_END: port


# ANCHOR: differential
EDGE_CASES = [
    "",
    "   ",
    "one",
    "The the THE",
    "tab\tand\nnewline",
    "non\u00a0breaking space",
    "unit\x1fseparator",
    "Stra\u00dfe STRASSE",
    "caf\u00e9 cafe\u0301",
]


def random_text(rng: random.Random) -> str:
    alphabet = "abcAB \t\n\x1f\u00e9\u00df\u2003"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))


def differences(candidate: CountFn, reference: CountFn, runs: int = 500) -> list[str]:
    rng = random.Random(1234)  # seeded: the same inputs on every run
    cases = EDGE_CASES + [random_text(rng) for _ in range(runs)]
    bad = []
    for text in cases:
        if candidate(text) != reference(text):
            bad.append(text)
    return bad
# ANCHOR_END: differential


if __name__ == "__main__":
    name, _ = select_impl({})
    print(f"auto picks: {name}")
    print(f"forced python: {select_impl({'WORDCOUNT_IMPL': 'python'})[0]}")
    print("reference:", count_words_py("The cat saw the CAT"))

    same = differences(count_words_py, count_words_py)
    print(f"reference vs itself: {len(same)} differences")

    bad = differences(count_words_rust_rules, count_words_py)
    print(f"rust-rules port vs reference: {len(bad)} differences")
    first = min(bad, key=len)
    print("shortest failing input:", ascii(first))
    for ch in sorted({c for c in first if c.isspace() != (c in RUST_WHITESPACE)}):
        print(f"  U+{ord(ch):04X} {unicodedata.name(ch, 'control')}: "
              f"str.isspace()={ch.isspace()}, Rust is_whitespace={ch in RUST_WHITESPACE}")
