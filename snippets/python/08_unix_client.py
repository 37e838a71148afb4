"""A Python client for the line protocol of the Rust service in
snippets/rust/ch08-unix-socket, plus a Python server that speaks the same
protocol so that this file runs on its own.

Point the client at the Rust server instead with:

    cargo run -p ch08-unix-socket -- /tmp/words.sock &
    WORDS_SOCKET=/tmp/words.sock python3 08_unix_client.py
"""

import os
import socket
import socketserver
import tempfile
import threading


# ANCHOR: client
class WordsClient:
    """Keeps one connection open and sends requests in batches."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.stream = self.sock.makefile("rw", encoding="utf-8", newline="\n")

    def call_many(self, requests):
        for request in requests:
            if "\n" in request:
                raise ValueError("requests are single lines")
            self.stream.write(request + "\n")
        self.stream.flush()  # one write for the whole batch
        return [self.stream.readline().rstrip("\n") for _ in requests]

    def close(self):
        self.stream.close()
        self.sock.close()
# ANCHOR_END: client


# ANCHOR: server
def handle(request):
    command, _, argument = request.partition(" ")
    if command == "WORDS":
        return f"OK {len(argument.split())}"
    if command == "UPPER":
        return f"OK {argument.upper()}"
    return f'ERR unknown command "{command}"'


class LineHandler(socketserver.StreamRequestHandler):
    def handle(self):
        for raw in self.rfile:
            reply = handle(raw.decode("utf-8").rstrip("\n"))
            self.wfile.write(reply.encode("utf-8") + b"\n")
# ANCHOR_END: server


# ANCHOR: main
with tempfile.TemporaryDirectory() as tmp:
    path = os.environ.get("WORDS_SOCKET") or os.path.join(tmp, "words.sock")
    server = None
    if "WORDS_SOCKET" not in os.environ:  # no external server: start our own
        server = socketserver.ThreadingUnixStreamServer(path, LineHandler)
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()

    client = WordsClient(path)
    for reply in client.call_many(["WORDS to be or not to be", "UPPER crabsnake", "PING"]):
        print(reply)
    client.close()

    if server is not None:
        server.shutdown()
        server.server_close()
# ANCHOR_END: main
