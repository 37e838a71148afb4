"""Names are references; objects live while something refers to them."""

import gc
import weakref


# ANCHOR: memory
def total_len(words: list[str]) -> int:
    return sum(len(w) for w in words)


def add_word(words: list[str], word: str) -> None:
    words.append(word)  # the caller's list changes: arguments are shared


words = ["crab", "snake"]
add_word(words, "lock")
print(total_len(words), "letters")

alias = words  # a second name for the same list, not a copy
alias.append("gil")
print(words)  # the change shows through both names

copy = list(words)  # copies are explicit in Python too
copy.clear()
print(len(words), "and", len(copy), "words")


class Connection:
    def __init__(self, name: str) -> None:
        self.name = name


db = Connection("db")
weakref.finalize(db, print, "closing db")  # runs when db is freed
print("using db")
del db  # last reference gone: CPython frees it at once
print("after del")

# A reference cycle keeps the count above zero; the cycle collector
# frees such objects later, at a moment you do not choose.
a, b = Connection("a"), Connection("b")
a.other, b.other = b, a
weakref.finalize(a, print, "closing a")
del a, b
print("cycle unreachable")
gc.collect()
# ANCHOR_END: memory
