"""Summarise a small order export by region, with the standard library only.

The kind of throwaway data task Python is made for: read CSV, group, total,
print a table. Run it from snippets/python/ with `python3 02_orders_by_region.py`.
"""

# ANCHOR: summary
import csv
import io
import statistics
from collections import defaultdict

ORDERS = """\
order_id,region,amount
1001,north,120.50
1002,south,80.00
1003,north,42.25
1004,east,310.00
1005,south,99.90
1006,north,57.75
1007,east,12.40
"""


def amounts_by_region(text):
    """Map each region to the list of its order amounts."""
    groups = defaultdict(list)
    for row in csv.DictReader(io.StringIO(text)):
        groups[row["region"]].append(float(row["amount"]))
    return groups


def report(groups):
    """One line per region, largest total first."""
    rows = sorted(groups.items(), key=lambda item: sum(item[1]), reverse=True)
    lines = [f"{'region':<8}{'orders':>7}{'total':>10}{'median':>9}"]
    for region, amounts in rows:
        lines.append(
            f"{region:<8}{len(amounts):>7}{sum(amounts):>10.2f}"
            f"{statistics.median(amounts):>9.2f}"
        )
    return "\n".join(lines)


print(report(amounts_by_region(ORDERS)))
# ANCHOR_END: summary
