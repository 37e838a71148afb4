"""Hand CPU work to a worker over a Unix domain socket (JSON lines).

In production the worker is a separate, long-lived process (perhaps not
written in Python at all). Here it runs in a thread so that the example is
self-contained; the client code is the same either way.
"""

import json
import os
import socket
import socketserver
import tempfile
import threading


# ANCHOR: worker
def count_primes(limit):
    sieve = bytearray([1]) * limit
    sieve[:2] = b"\x00\x00"
    for n in range(2, int(limit**0.5) + 1):
        if sieve[n]:
            sieve[n * n :: n] = bytes(len(range(n * n, limit, n)))
    return sum(sieve)


class Worker(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:  # one JSON request per line
            request = json.loads(line)
            reply = {"id": request["id"], "primes": count_primes(request["limit"])}
            self.wfile.write(json.dumps(reply).encode() + b"\n")
# ANCHOR_END: worker


# ANCHOR: client
def ask(path, limits):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(path)
        stream = sock.makefile("rwb")
        for i, limit in enumerate(limits):
            stream.write(json.dumps({"id": i, "limit": limit}).encode() + b"\n")
        stream.flush()
        return [json.loads(stream.readline()) for _ in limits]
# ANCHOR_END: client


# ANCHOR: main
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "worker.sock")
    with socketserver.ThreadingUnixStreamServer(path, Worker) as server:
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        for reply in ask(path, [10, 1_000, 100_000]):
            print(reply)
        server.shutdown()
# ANCHOR_END: main
