"""The site stamp (_ext/site_stamp.py): `make test` reuses the site `make book` built only while
no input of the site changed."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
import site_stamp  # noqa: E402


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "book"
    (repo / "chapters").mkdir(parents=True)
    (repo / "chapters" / "ch1.md").write_text("# One\n")
    (repo / "requirements.txt").write_text("numpy==2.3.4\n-e .\n")
    (repo / ".gitignore").write_text("_build/\n")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    html = repo / "_build" / "html"
    html.mkdir(parents=True)
    (html / "intro.html").write_text("<html></html>")
    return repo


def test_a_site_is_current_until_an_input_changes(tmp_path):
    repo = _repo(tmp_path)
    html = repo / "_build" / "html"
    assert not site_stamp.is_current(html, repo)            # never stamped
    site_stamp.write(html, repo)
    assert site_stamp.is_current(html, repo)
    (repo / "_build" / "other.log").write_text("ignored output")  # git-ignored: not an input
    assert site_stamp.is_current(html, repo)
    (repo / "chapters" / "ch1.md").write_text("# One, edited\n")  # a tracked file changes
    assert not site_stamp.is_current(html, repo)
    site_stamp.write(html, repo)
    (repo / "chapters" / "ch2.md").write_text("# Two\n")           # a new, untracked chapter
    assert not site_stamp.is_current(html, repo)
    site_stamp.write(html, repo)
    (repo / "requirements.txt").write_text("numpy==2.3.5\n-e .\n")  # another pin
    assert not site_stamp.is_current(html, repo)


def test_a_build_in_progress_or_failed_is_never_reused(tmp_path):
    repo = _repo(tmp_path)
    html = repo / "_build" / "html"
    site_stamp.write(html, repo)
    site_stamp.invalidate(html)                              # what a build does first
    assert not site_stamp.is_current(html, repo)
    site_stamp.write(html, repo)
    (html / "intro.html").unlink()                           # not a whole site
    assert not site_stamp.is_current(html, repo)


def test_the_stamp_is_of_the_inputs_when_the_build_started(tmp_path):
    repo = _repo(tmp_path)
    html = repo / "_build" / "html"
    before = site_stamp.inputs_digest(repo)
    (repo / "chapters" / "ch1.md").write_text("# changed while the build ran\n")
    site_stamp.write(html, repo, digest=before)
    assert not site_stamp.is_current(html, repo)


def test_make_book_stamps_and_make_test_checks_the_stamp():
    makefile = (ROOT / "Makefile").read_text()
    book = makefile[makefile.index("\nbook:") + 1:].split("\n\n")[0]
    lines = [line.strip() for line in book.splitlines()[1:]]
    assert lines[0].endswith("site_stamp.py invalidate _build/html")
    assert "build . --all -W -n" in lines[1]
    assert lines[2].endswith("site_stamp.py write _build/html")
    conftest = (ROOT / "tests" / "conftest.py").read_text()
    assert "site_stamp.is_current(html)" in conftest and "site_stamp.write(html" in conftest
