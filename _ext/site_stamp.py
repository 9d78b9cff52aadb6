"""Which inputs a built site was made from, so that `make test` reuses the site `make book` just
built instead of executing every chapter again, and rebuilds it whenever anything changed.

The stamp is a SHA-256 over every file of the checkout that git tracks or would track (tracked
files as they are in the working tree, plus untracked files that are not ignored: a new chapter
counts), over the vendored MathJax the site serves, over the Python version and over the
installed version of every package that requirements.txt pins (the test tools that `make test`
adds on top are not inputs of the site). It is written into the built site
(``_build/html/.hil-inputs``) only after a build that passed with ``-W -n``; a site is reused
only if its stamp equals the stamp of the inputs now.

Command line: ``python _ext/site_stamp.py write DIR`` (after a successful build),
``python _ext/site_stamp.py check DIR`` (exit 0 if ``DIR`` was built from the inputs now).
"""
from __future__ import annotations

import hashlib
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAMP_NAME = ".hil-inputs"


def _input_files(root: Path) -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=root, capture_output=True, check=True).stdout
    files = {root / name for name in listed.decode().split("\0") if name}
    mathjax = root / "vendor" / "mathjax"
    if mathjax.is_dir():
        files.update(p for p in mathjax.rglob("*") if p.is_file())
    return sorted(p for p in files if p.is_file())


def inputs_digest(root: Path = ROOT) -> str:
    """SHA-256 of the site's inputs now (files and installed packages)."""
    digest = hashlib.sha256()
    for path in _input_files(root):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    installed = []
    for line in (root / "requirements.txt").read_text().splitlines():
        name = line.split("#")[0].split("==")[0].strip()
        if name and not name.startswith("-"):
            try:
                installed.append(f"{name}=={metadata.version(name)}")
            except metadata.PackageNotFoundError:
                installed.append(f"{name} missing")
    digest.update(sys.version.encode() + "\n".join(installed).encode())
    return digest.hexdigest()


def write(html: Path, root: Path = ROOT, digest: str | None = None) -> None:
    """Stamp ``html`` with ``digest`` (the inputs' digest when the build started; now if None)."""
    (Path(html) / STAMP_NAME).write_text((digest or inputs_digest(root)) + "\n")


def is_current(html: Path, root: Path = ROOT) -> bool:
    """Whether ``html`` holds a site built (and stamped) from exactly the inputs now."""
    stamp = Path(html) / STAMP_NAME
    if not stamp.is_file() or not (Path(html) / "intro.html").is_file():
        return False
    try:
        return stamp.read_text().strip() == inputs_digest(root)
    except (OSError, subprocess.CalledProcessError):    # not a git checkout: never reuse
        return False


def invalidate(html: Path) -> None:
    """Remove the stamp (before a build starts: a half-built site is never reused)."""
    (Path(html) / STAMP_NAME).unlink(missing_ok=True)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("write", "check", "invalidate"):
        sys.exit("usage: python _ext/site_stamp.py {write,check,invalidate} DIR")
    target = Path(sys.argv[2])
    if sys.argv[1] == "write":
        write(target)
    elif sys.argv[1] == "invalidate":
        invalidate(target)
    else:
        sys.exit(0 if is_current(target) else 1)
