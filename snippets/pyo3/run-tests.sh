#!/usr/bin/env bash
# Build the snakebridge extension into a private virtual environment and run
# its Python tests, then build and run the embedding example.
#
# Usage, from anywhere in the repository:  bash snippets/pyo3/run-tests.sh
# Needs: cargo, Python 3.11 or later (PYTHON=... to choose one), pip, and
# access to PyPI for maturin. Safe to run again: it reuses what it built.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

# The crate has its own target/ (git-ignored); ignore a shared target dir.
unset CARGO_TARGET_DIR

python="${PYTHON:-python3}"
"$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or later is needed")'

venv="$here/target/venv"
if ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
    rm -rf "$venv"
    mkdir -p "$here/target"
    "$python" -m venv "$venv"
fi
export VIRTUAL_ENV="$venv"
export PATH="$venv/bin:$PATH"

if ! python -m maturin --version 2>/dev/null | grep -q '^maturin 1\.16\.'; then
    python -m pip install --quiet --disable-pip-version-check 'maturin==1.16.*'
fi

# NumPy for the data path chapter's array functions (rust-numpy 0.30 supports NumPy 2).
if ! python -c 'import numpy, sys; sys.exit(int(numpy.__version__.split(".")[0]) != 2)' 2>/dev/null; then
    python -m pip install --quiet --disable-pip-version-check 'numpy>=2,<3'
fi

echo "== maturin develop"
maturin develop --quiet

echo "== Python tests"
python -m unittest discover -s "$here/tests" -t "$here/tests" -v

echo "== embedding example"
shared="$(python -c 'import sysconfig; print(sysconfig.get_config_var("Py_ENABLE_SHARED") or 0)')"
if [ "$shared" = "1" ]; then
    # The example links libpython; point the loader at this interpreter's copy
    # (pyenv and uv keep it outside the system library path). It has its own
    # target dir: maturin builds PyO3 with different settings, and sharing one
    # would rebuild PyO3 on every run.
    libdir="$(python -c 'import sysconfig; print(sysconfig.get_config_var("LIBDIR"))')"
    export PYO3_PYTHON="$venv/bin/python"
    output="$(LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
        cargo run --quiet --example embed --features embed --target-dir "$here/target/embed")"
    echo "$output"
    grep -qx 'median 2' <<<"$output"
else
    echo "skipped: this Python has no shared libpython to embed (Py_ENABLE_SHARED=0)"
fi

echo "== all snakebridge checks passed"
