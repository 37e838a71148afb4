"""Type hints document intent; CPython does not check them at run time."""

from dataclasses import dataclass
from typing import Literal


# ANCHOR: typing
@dataclass(frozen=True)
class Temperature:
    value: float
    unit: Literal["C", "F"]


def to_celsius(t: Temperature) -> float:
    return t.value if t.unit == "C" else (t.value - 32) * 5 / 9


def average_celsius(readings: list[Temperature]) -> float | None:
    if not readings:
        return None
    return sum(to_celsius(t) for t in readings) / len(readings)


readings = [Temperature(20.0, "C"), Temperature(77.0, "F")]
print(average_celsius(readings))  # 22.5

# A type checker (mypy, pyright, ty) rejects this call before it runs.
# The interpreter runs it, and it fails only when a float meets `.unit`:
try:
    average_celsius([20.0, 25.0])  # type: ignore[list-item]
except AttributeError as err:
    print("at run time:", err)
# ANCHOR_END: typing
