#!/usr/bin/env bash
# Real-browser tests: build the guide, then drive headless Chromium over it with
# tests/browser/site.test.mjs (node's test runner, playwright-core). Run from the repo root.
#   bash .ci/browser.sh            (as root on a fresh machine: installs chromium if missing)
# Env: SITE_DIR=DIR to test an already built site instead of building one;
#      CHROMIUM=/path/to/chromium (default /usr/bin/chromium).
set -euo pipefail

cd "$(dirname "$0")/.."

if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "== installing chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
"${CHROMIUM:-/usr/bin/chromium}" --version 2>/dev/null || true

echo "== npm ci (tests/browser)"
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)

if [ -z "${SITE_DIR:-}" ]; then
  SITE_DIR="$(mktemp -d)/site"
  trap 'rm -rf "$(dirname "$SITE_DIR")"' EXIT
  echo "== building the site into $SITE_DIR"
  cargo run --release --quiet -- --out "$SITE_DIR" build
fi
export SITE_DIR
if [ -z "${BOOK_DIR:-}" ]; then
  BOOK_DIR="$(dirname "$SITE_DIR")/book"
  echo "== building the fixture mdBook book into $BOOK_DIR"
  cargo run --release --quiet -- --root tests/fixtures/mdbook-repo/book --out "$BOOK_DIR" build
fi
export BOOK_DIR
if [ -z "${BIGBOOK_DIR:-}" ]; then
  BIGBOOK_DIR="$(dirname "$SITE_DIR")/bigbook"
  echo "== generating and building a 150-chapter book (shared chapter list) into $BIGBOOK_DIR"
  python3 bench/gen_book.py 150 "$BIGBOOK_DIR-src"
  cargo run --release --quiet -- --root "$BIGBOOK_DIR-src" --out "$BIGBOOK_DIR" build
fi
export BIGBOOK_DIR

echo "== browser tests against $SITE_DIR"
cd tests/browser
# TAP reporter: it ends with node's summary (# tests, # pass, # fail, # todo) as the last lines.
# A whole-run limit keeps a hung browser from eating CI's time.
timeout 600 node --test --test-reporter=tap --test-concurrency=1
