"""The Python original of chapter 12's first porting exercise."""

from dataclasses import dataclass


# ANCHOR: summary
@dataclass
class Summary:
    count: int
    low: float
    high: float
    mean: float


def summarise(readings: list[float]) -> Summary | None:
    """Returns None for an empty list instead of dividing by zero."""
    if not readings:
        return None
    return Summary(
        count=len(readings),
        low=min(readings),
        high=max(readings),
        mean=sum(readings) / len(readings),
    )
# ANCHOR_END: summary


if __name__ == "__main__":
    print(summarise([]))
    s = summarise([21.5, 19.0, 23.5])
    print(f"count={s.count} low={s.low} high={s.high} mean={s.mean:.3f}")
    print(summarise([4.0]))
