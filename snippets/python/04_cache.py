"""Memoisation with functools, measured in calls rather than seconds."""

import functools

calls = {"plain": 0, "cached": 0}


# ANCHOR: fib
def paths_plain(n):
    calls["plain"] += 1
    return n if n < 2 else paths_plain(n - 1) + paths_plain(n - 2)


@functools.cache
def paths_cached(n):
    calls["cached"] += 1
    return n if n < 2 else paths_cached(n - 1) + paths_cached(n - 2)
# ANCHOR_END: fib


# ANCHOR: lru
@functools.lru_cache(maxsize=2)
def exchange_rate(currency):
    # Stand-in for a slow lookup (a database query, an HTTP call ...).
    return {"EUR": 1.0, "USD": 1.08, "GBP": 0.86}[currency]
# ANCHOR_END: lru


# ANCHOR: run
print(f"plain:  result {paths_plain(22)}, {calls['plain']:,} calls")
print(f"cached: result {paths_cached(22)}, {calls['cached']:,} calls")

for currency in ["EUR", "USD", "EUR", "GBP", "USD", "USD"]:
    exchange_rate(currency)
print(exchange_rate.cache_info())
# ANCHOR_END: run
