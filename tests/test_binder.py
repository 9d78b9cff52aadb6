"""Binder-equivalent check: a fresh virtual environment made from `requirements.txt` alone (what
repo2docker does for this repository: `pip install -r requirements.txt` at the repository root,
which also installs hormonesim from the checkout) runs every chapter notebook with that
environment's own kernel. uv's pip interface does the install (5 CPU-s where pip took 25); pip is
then asked what it would install from the same file (`--dry-run --report`): nothing but the
editable checkout, or the test fails, and `pip check` must pass.

The environment is made once per test session (conftest._make_binder_env; only the installers'
download caches are shared with the machine, nothing of `.venv` is visible) and the chapters are
run once: the grader runs every chapter's instructor version with that venv's kernel
(conftest.book_grading) and the pages without exercises run with it too
(conftest.pages_without_exercises). This test reads what those runs found, and records the
timings in `_build/binder-check.json`.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import BINDER_RECORD, ROOT

pytestmark = pytest.mark.slow


def test_fresh_environment_from_requirements_runs_every_chapter(binder_env, book_grading,
                                                                 pages_without_exercises):
    assert binder_env["install_returncode"] == 0, \
        f"uv pip install -r requirements.txt failed in a fresh venv:\n{binder_env['install_output']}"
    # uv made the venv; pip, which Binder runs, would add nothing but the editable checkout
    import hormonesim
    assert binder_env["pip_dry_run_returncode"] == 0, binder_env["pip_dry_run_output"]
    assert binder_env["pip_would_install"] == [f"hormonesim=={hormonesim.__version__} (editable)"], \
        f"pip would install more than uv did: {binder_env['pip_would_install']}"
    assert binder_env["pip_check_returncode"] == 0, \
        f"pip check in the Binder environment:\n{binder_env['pip_check']}"
    assert binder_env["import_returncode"] == 0, \
        f"the Binder environment cannot import what a kernel needs:\n{binder_env['import_errors']}"
    where = Path(binder_env["hormonesim_file"])
    assert where.is_relative_to(ROOT), \
        f"requirements.txt does not install hormonesim from this checkout: {where}"
    # the chapters ran with the Binder venv's kernel, not this environment's
    assert book_grading.python == binder_env["python"] != sys.executable

    import hormonesim.coursework as cw

    per_chapter: dict[str, list[dict]] = {}
    for row in book_grading:
        per_chapter.setdefault(row["notebook"], []).append(row)
    graded = {p.name for p in cw.chapter_notebooks(ROOT)
              if cw.gradable_exercises(nbformat.read(p, as_version=4))}
    assert set(per_chapter) == graded
    failed = [f"{name}: {r['exercise']}: {r['status']}: {r['message']}"
              for name, rows in per_chapter.items() for r in rows if r["status"] != "correct"]
    failed += [f"{Path(r['notebook']).relative_to(ROOT)} ({r['seconds']} s): {r['error']}"
               for r in pages_without_exercises.values() if r["error"]]
    BINDER_RECORD.parent.mkdir(parents=True, exist_ok=True)
    BINDER_RECORD.write_text(json.dumps({
        "install_seconds": round(binder_env["install_seconds"], 1),
        "grading_seconds": round(book_grading.seconds, 1),
        "python": sys.version.split()[0],
        "chapters": {name: float(rows[0]["seconds"]) for name, rows in sorted(per_chapter.items())},
        "pages": {str(Path(r["notebook"]).relative_to(ROOT)): r["seconds"]
                  for r in pages_without_exercises.values()}}, indent=1))
    assert not failed, "chapters failing in the Binder environment:\n" + "\n\n".join(failed)
    assert pages_without_exercises, "no page without exercises was run"
