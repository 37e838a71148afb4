#!/usr/bin/env bash
# serve under load: peak memory while 10 clients download a 100 MB static file at once, and
# threads while 300 pages wait for the next build.
#   bash bench/serve_load.sh [path/to/crabsnake]   (default: target/release/crabsnake)
set -euo pipefail
BIN="${1:-$(cd "$(dirname "$0")/.." && pwd)/target/release/crabsnake}"
SITE="$(mktemp -d)"
trap 'kill $PID 2>/dev/null || true; rm -rf "$SITE"' EXIT
cp -r "$(dirname "$0")/../tests/fixtures/basic/." "$SITE/"
mkdir -p "$SITE/static"
head -c 100000000 /dev/zero > "$SITE/static/big.bin"
PORT=$((20000 + RANDOM % 20000))
"$BIN" --root "$SITE" serve --port "$PORT" >/dev/null 2>&1 &
PID=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.2; done
for _ in $(seq 10); do curl -s -o /dev/null "http://127.0.0.1:$PORT/big.bin" & done
wait $(jobs -p | grep -v "^$PID$") 2>/dev/null || true
echo "peak memory after 10 downloads of 100 MB: $(grep VmHWM /proc/$PID/status | awk '{print $2/1024 " MiB"}')"
for _ in $(seq 300); do curl -s -m 30 -o /dev/null "http://127.0.0.1:$PORT/__crabsnake/reload?v=1" & done
sleep 2
echo "threads with 300 pages waiting: $(ls /proc/$PID/task | wc -l)"
kill $(jobs -p) 2>/dev/null || true
