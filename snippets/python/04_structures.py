"""Choosing the right container, measured by counting comparisons."""

from collections import deque


# ANCHOR: counter
class Code:
    """A string-like key that counts how often it is compared."""

    comparisons = 0

    def __init__(self, text):
        self.text = text

    def __eq__(self, other):
        Code.comparisons += 1
        return self.text == other.text

    def __hash__(self):
        return hash(self.text)
# ANCHOR_END: counter


# ANCHOR: membership
known = [Code(f"C{i:05}") for i in range(10_000)]
wanted = [Code(f"C{i:05}") for i in range(0, 20_000, 100)]  # 200 lookups

Code.comparisons = 0
hits = sum(1 for code in wanted if code in known)  # list: linear scan
print(f"list: {hits} hits, {Code.comparisons:,} comparisons")

known_set = set(known)  # build once: one hash per element
Code.comparisons = 0
hits = sum(1 for code in wanted if code in known_set)  # set: hash lookup
print(f"set:  {hits} hits, {Code.comparisons:,} comparisons")
# ANCHOR_END: membership

# ANCHOR: index
# Scanning a list of pairs for a key is the same linear search in disguise;
# a dict built once answers each lookup directly.
prices = [(f"SKU{i}", i * 10) for i in range(1_000)]
by_sku = dict(prices)
print(f"dict lookup: {by_sku['SKU999']}")
# ANCHOR_END: index

# ANCHOR: queue
# list.pop(0) shifts every remaining element left; deque.popleft() does not.
jobs = deque(range(5))
jobs.append(5)
first = jobs.popleft()
print(f"deque: took {first}, {len(jobs)} left, next is {jobs[0]}")
# ANCHOR_END: queue
