"""The serialisation tax, counted in bytes on the wire and round trips."""

import json
import pickle
import struct

# ANCHOR: data
RECORDS = [
    {"sku": f"SKU-{i:05}", "quantity": i % 17, "price": round(1 + i * 0.25, 2)}
    for i in range(1_000)
]
# ANCHOR_END: data


# ANCHOR: encodings
COMPACT = (",", ":")  # no spaces after separators


def as_json_rows(records):
    return json.dumps(records, separators=COMPACT).encode()


def as_json_columns(records):
    # The same data, keys written once instead of once per record.
    columns = {key: [r[key] for r in records] for key in ("sku", "quantity", "price")}
    return json.dumps(columns, separators=COMPACT).encode()


ROW = struct.Struct("<9sHd")  # 9-byte SKU, unsigned 16-bit quantity, 64-bit float


def as_packed(records):
    # A fixed binary layout: what a compact format (or a Rust struct) costs.
    return b"".join(ROW.pack(r["sku"].encode(), r["quantity"], r["price"]) for r in records)


def as_pickle(records):
    return pickle.dumps(records, protocol=5)  # Python only: not for other languages
# ANCHOR_END: encodings


# ANCHOR: report
print(f"{len(RECORDS)} records")
for name, encode in [
    ("JSON, one object per record", as_json_rows),
    ("JSON, columns", as_json_columns),
    ("pickle protocol 5", as_pickle),
    ("packed binary", as_packed),
]:
    print(f"  {name:<28} {len(encode(RECORDS)):>7,} bytes")

packed = as_packed(RECORDS)
first = ROW.unpack_from(packed, 0)
print(f"  first packed record decodes to {first[0].decode()}, {first[1]}, {first[2]}")

# One request per record versus one request per batch of 250 records
# (JSON lines: each request is followed by a newline).
singles = [as_json_rows([r]) for r in RECORDS]
batches = [as_json_rows(RECORDS[i : i + 250]) for i in range(0, len(RECORDS), 250)]
for name, requests in [("one record per request", singles), ("250 records per request", batches)]:
    total = sum(len(body) + 1 for body in requests)
    print(f"{name:<24} {len(requests):>5,} round trips, {total:>7,} bytes")
# ANCHOR_END: report
