"""Call a JSON-over-HTTP service with nothing but the standard library.

The server here is a stand-in written with http.server so that the file
runs on its own; the client is what you would use against the axum or
actix-web service described in the chapter.
"""

import json
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


# ANCHOR: server
class WordsHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        if self.path != "/words":
            self.send_error(404)
            return
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        reply = json.dumps({"counts": [len(text.split()) for text in body["texts"]]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, format, *args):  # keep the example's output quiet
        pass
# ANCHOR_END: server


# ANCHOR: client
def count_words(base_url, texts, timeout=5.0):
    request = urllib.request.Request(
        f"{base_url}/words",
        data=json.dumps({"texts": texts}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.load(response)["counts"]
# ANCHOR_END: client


# ANCHOR: main
server = ThreadingHTTPServer(("127.0.0.1", 0), WordsHandler)  # port 0: any free port
threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
base_url = f"http://127.0.0.1:{server.server_port}"

print(count_words(base_url, ["one", "two words", "and now three"]))
try:
    urllib.request.urlopen(f"{base_url}/nothing-here", data=b"{}", timeout=5.0)
except urllib.error.HTTPError as error:
    print(f"HTTP {error.code}")

server.shutdown()
server.server_close()
# ANCHOR_END: main
