#!/usr/bin/env python3
"""How long after a chapter is saved `serve` tells open pages to reload.

    cargo build --release && python3 bench/serve_reload.py [--edits 15] [--chapter FILE]

Copies the guide to a temporary folder, starts `crabsnake serve` on it, and then, for each
edit: a page's long poll is waiting (as an open page's is), the chapter gets one more
sentence (written and closed, as an editor saves), and the time until the poll answers is
measured. Prints the median, fastest and slowest, and the server's own rebuild times.
"""
import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
RELOAD = "/__crabsnake/reload"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, timeout=30):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--edits", type=int, default=15)
    ap.add_argument("--chapter", default="content/04-profile-first.md",
                    help="the chapter to edit (a code-heavy one by default)")
    ap.add_argument("--crabsnake", default=os.path.join(REPO, "target", "release", "crabsnake"))
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="crabsnake-reload-")
    site = os.path.join(work, "site")
    shutil.copytree(REPO, site, ignore=shutil.ignore_patterns(
        "target", ".git", "node_modules", "public", ".venv", "__pycache__"))
    port = free_port()
    server = subprocess.Popen(
        [args.crabsnake, "--root", site, "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log = []
    threading.Thread(target=lambda: log.extend(server.stdout), daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                version = json.loads(get(base + RELOAD + "?v=0"))["version"]
                break
            except OSError:
                time.sleep(0.05)
        else:
            sys.exit("serve did not start:\n" + "".join(log))
        chapter = os.path.join(site, args.chapter)
        latencies = []
        for i in range(args.edits):
            answered = {}

            def poll(v=version):
                answered["body"] = get(f"{base}{RELOAD}?v={v}")
                answered["at"] = time.perf_counter()

            waiting = threading.Thread(target=poll)
            waiting.start()
            time.sleep(0.3)  # the poll is open, as an open page's is
            with open(chapter, "a") as f:
                f.write(f"\nOne more sentence for edit {i}.\n")
            saved = time.perf_counter()
            waiting.join()
            latencies.append((answered["at"] - saved) * 1000)
            status = json.loads(answered["body"])
            if status.get("errors"):
                sys.exit("the rebuild failed:\n" + status["errors"])
            version = status["version"]
            time.sleep(0.2)
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)
    rebuilds = [line.strip() for line in log if line.startswith("rebuilt")]
    if os.environ.get("CRABSNAKE_TIMINGS"):
        print("".join(log[-14:]))
    print(f"{args.edits} edits of {args.chapter}: reload sent {statistics.median(latencies):.1f} ms "
          f"after the save (median; fastest {min(latencies):.1f}, slowest {max(latencies):.1f})")
    print("server: " + "; ".join(rebuilds[:5]) + (" ..." if len(rebuilds) > 5 else ""))


if __name__ == "__main__":
    main()
