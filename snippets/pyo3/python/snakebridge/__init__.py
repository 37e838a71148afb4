"""Rust code called from Python: the examples of the crabsnake guide.

The compiled part lives in ``snakebridge._native``; this file re-exports it
so that users write ``import snakebridge``.
"""

# ANCHOR: reexport
from snakebridge._native import (
    CsvFormatError,
    Hub,
    PanicException,
    RunningStats,
    checksum,
    count_rows,
    explode,
    mean,
    scaled,
    softplus_sum,
    softplus_sum_parallel,
    to_json,
    total,
    total_contiguous,
    total_list,
)

__all__ = [
    "CsvFormatError",
    "Hub",
    "PanicException",
    "RunningStats",
    "checksum",
    "count_rows",
    "explode",
    "mean",
    "scaled",
    "softplus_sum",
    "softplus_sum_parallel",
    "to_json",
    "total",
    "total_contiguous",
    "total_list",
]
# ANCHOR_END: reexport
