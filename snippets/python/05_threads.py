"""Threads share memory; with the GIL, only one runs Python bytecode at a time."""

import threading
from concurrent.futures import ThreadPoolExecutor


# ANCHOR: threads
def sum_of_squares(numbers: list[int], workers: int) -> int:
    size = max(1, -(-len(numbers) // workers))  # ceiling division
    parts = [numbers[i : i + size] for i in range(0, len(numbers), size)]
    total = 0
    lock = threading.Lock()

    def work(part: list[int]) -> None:
        nonlocal total
        partial = sum(n * n for n in part)
        with lock:  # `total += partial` is not atomic: guard it
            total += partial

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(work, parts))  # waits for every task, re-raises errors
    return total


numbers = list(range(1, 1_000_001))
print(sum_of_squares(numbers, 4))
print(sum(n * n for n in numbers))  # the one-thread answer, for comparison
# ANCHOR_END: threads
