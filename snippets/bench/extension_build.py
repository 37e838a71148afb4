"""What the benchmarks share: building the PyO3 extension (snippets/pyo3) as a release
wheel and installing it into a private virtual environment under /tmp."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WORK = Path("/tmp/crabsnake-bench")


def log(*args: object) -> None:
    print(*args, file=sys.stderr, flush=True)


def run(cmd: list[str], env: dict[str, str] | None = None) -> None:
    subprocess.run(cmd, check=True, env=env)


def install_extension(name: str, packages: list[str], no_deps: bool) -> Path:
    """Builds the release wheel into WORK/wheels-NAME and installs it, with maturin and
    `packages`, into the virtual environment WORK/venv-NAME; returns its python."""
    venv = WORK / f"venv-{name}"
    py = venv / "bin" / "python"
    if not py.exists():
        run([sys.executable, "-m", "venv", str(venv)])
    pip = [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    run(pip + ["maturin==1.16.*", *packages])
    log("building the extension wheel (maturin build --release) ...")
    wheels = WORK / f"wheels-{name}"
    env = dict(os.environ, VIRTUAL_ENV=str(venv), PATH=f"{venv / 'bin'}:{os.environ['PATH']}")
    env.pop("CARGO_TARGET_DIR", None)
    run([str(venv / "bin" / "maturin"), "build", "--quiet", "--release",
         "--interpreter", str(py), "--out", str(wheels),
         "--manifest-path", str(REPO / "snippets" / "pyo3" / "Cargo.toml")], env=env)
    wheel = max(wheels.glob("snakebridge-*.whl"), key=lambda p: p.stat().st_mtime)
    run(pip + ["--force-reinstall", *(["--no-deps"] if no_deps else []), str(wheel)])
    return py
