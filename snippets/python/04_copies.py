"""How much work a defensive deepcopy does, counted instead of timed."""

import copy

# ANCHOR: setup
# A settings tree of the kind that gets passed to every request handler.
SETTINGS = {
    "features": {f"flag_{i}": {"enabled": i % 2 == 0, "owners": ["ops", "web"]} for i in range(50)},
    "limits": {"rows": 10_000, "bytes": 1 << 20},
}
# ANCHOR_END: setup


# ANCHOR: handlers
def handle_copying(settings, flag):
    local = copy.deepcopy(settings)  # "just in case someone mutates it"
    return local["features"][flag]["enabled"]


def handle_reading(settings, flag):
    return settings["features"][flag]["enabled"]  # reads only, no copy needed
# ANCHOR_END: handlers


# ANCHOR: count
# deepcopy records each container it rebuilds in its memo dictionary (plus
# one bookkeeping entry stored under id(memo)); strings, ints and bools are
# immutable, so they are shared rather than copied.
memo = {}
copy.deepcopy(SETTINGS, memo)
rebuilt = len(memo) - 1
requests = 1_000
print(f"containers rebuilt by one deepcopy: {rebuilt}")
print(f"containers rebuilt for {requests} requests: {rebuilt * requests:,}")
print(f"same answer: {handle_copying(SETTINGS, 'flag_4') == handle_reading(SETTINGS, 'flag_4')}")
# ANCHOR_END: count
