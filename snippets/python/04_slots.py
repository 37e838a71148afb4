"""What __slots__ changes, shown without timing anything."""

import sys


# ANCHOR: classes
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


class SlottedPoint:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y
# ANCHOR_END: classes


# ANCHOR: compare
plain = Point(1, 2)
slotted = SlottedPoint(1, 2)

print(f"Point has a __dict__:        {hasattr(plain, '__dict__')}")
print(f"SlottedPoint has a __dict__: {hasattr(slotted, '__dict__')}")

# An ordinary instance carries a per-object dictionary (its size depends on
# the Python version), a slotted one stores its fields in fixed slots.
plain_bytes = sys.getsizeof(plain) + sys.getsizeof(plain.__dict__)
slotted_bytes = sys.getsizeof(slotted)
print(f"slotted instance is smaller: {slotted_bytes < plain_bytes}")

# A typo in an attribute name silently creates a new attribute on Point ...
plain.z = 3
print(f"Point accepted .z: {plain.z}")
# ... while SlottedPoint refuses it.
try:
    slotted.z = 3
except AttributeError as error:
    print(f"SlottedPoint refused .z: {type(error).__name__}")
# ANCHOR_END: compare
