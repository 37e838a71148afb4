#!/usr/bin/env python3
"""Build one mdBook book with mdBook and with crabsnake, side by side, and compare them.

Usage: python3 bench/mdbook_compare.py BOOK_DIR [--runs 7] [--mdbook PATH] [--crabsnake PATH]

Prints: every page mdBook writes that crabsnake does not (same path), every heading id mdBook
writes that the crabsnake page lacks, and each tool's median build time over --runs runs:
crabsnake's twice, without its build cache (`--no-cache`: every block highlighted, as on a
first build) and with it (a repeat build, which is how an author builds; the cache lives in
a temporary folder of this run, primed by one build first).
Exits 1 when a page or an id is missing. Needs `mdbook` on PATH (or --mdbook) and a release
build of crabsnake (cargo build --release).
"""
import argparse
import html.parser
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

# Pages mdBook makes for its own features: the table of contents for its JavaScript-free
# sidebar frame. crabsnake's sidebar is in each page (or nav.js), so it has no such page.
MDBOOK_ONLY = {"toc.html"}


class Ids(html.parser.HTMLParser):
    """The ids of headings (h1-h6) and definition terms (dt) in a page."""

    def __init__(self):
        super().__init__()
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6", "dt"}:
            for k, v in attrs:
                if k == "id" and v:
                    self.ids.add(v)


def heading_ids(path):
    p = Ids()
    p.feed(path.read_text(encoding="utf-8", errors="replace"))
    return p.ids


def timed(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("book")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--mdbook", default=shutil.which("mdbook") or "mdbook")
    ap.add_argument("--crabsnake", default=str(pathlib.Path(__file__).resolve().parent.parent / "target/release/crabsnake"))
    args = ap.parse_args()
    book = pathlib.Path(args.book).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        a, b = pathlib.Path(tmp, "mdbook"), pathlib.Path(tmp, "crabsnake")
        md_cmd = [args.mdbook, "build", str(book), "-d", str(a)]
        cs_cmd = [args.crabsnake, "build", "--root", str(book), "--out", str(b)]
        cold_cmd = cs_cmd + ["--no-cache"]
        os.environ["CRABSNAKE_CACHE_DIR"] = str(pathlib.Path(tmp, "cache"))
        timed(cs_cmd)
        md_times, cold_times, cs_times = [], [], []
        for _ in range(args.runs):
            md_times.append(timed(md_cmd))
            cold_times.append(timed(cold_cmd))
            cs_times.append(timed(cs_cmd))
        missing_pages, missing_ids, pages = [], [], 0
        for page in sorted(a.rglob("*.html")):
            rel = page.relative_to(a)
            if str(rel) in MDBOOK_ONLY or str(rel) == "print.html":
                continue
            if str(rel) == "404.html":  # each tool's own not-found page
                pages += 1
                if not (b / rel).exists():
                    missing_pages.append(str(rel))
                continue
            pages += 1
            other = b / rel
            if not other.exists():
                missing_pages.append(str(rel))
                continue
            for i in sorted(heading_ids(page) - heading_ids(other)):
                missing_ids.append(f"{rel}#{i}")
        md, cs = statistics.median(md_times), statistics.median(cs_times)
        cold = statistics.median(cold_times)
        print(f"book: {book}")
        print(f"pages mdBook writes: {pages}; missing in crabsnake: {len(missing_pages)}")
        for p in missing_pages:
            print(f"  missing page: {p}")
        print(f"heading ids missing in crabsnake: {len(missing_ids)}")
        for i in missing_ids[:50]:
            print(f"  missing id: {i}")
        print(
            f"median of {args.runs}: mdbook build {md * 1000:.0f} ms, crabsnake build "
            f"{cold * 1000:.0f} ms without its cache ({md / cold:.1f}x), "
            f"{cs * 1000:.0f} ms with it ({md / cs:.1f}x)"
        )
        return 1 if missing_pages or missing_ids else 0


if __name__ == "__main__":
    sys.exit(main())
