"""Shared fixtures: the built site (built once per test session, exactly as `make book` does)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"


def build_book() -> subprocess.CompletedProcess:
    """Build the book with warnings as errors, executing every notebook (as `make book`)."""
    env = dict(os.environ, MPLBACKEND="Agg", IPYTHONDIR=str(ROOT / ".ipython"))
    jb = Path(sys.executable).with_name("jupyter-book")
    return subprocess.run([str(jb), "build", ".", "--all", "-W", "-n", "--keep-going"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=1800)


@pytest.fixture(scope="session")
def built_site() -> Path:
    """Path of `_build/html`, freshly built in this session (set HIL_REUSE_SITE=1 to reuse)."""
    if not (os.environ.get("HIL_REUSE_SITE") == "1" and (SITE / "intro.html").exists()):
        proc = build_book()
        if proc.returncode != 0:
            tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-60:])
            pytest.fail(f"the book does not build with -W -n:\n{tail}")
    return SITE
