"""Every chapter notebook runs top to bottom in a fresh kernel (within the grader's time limit,
conftest.NOTEBOOK_TIMEOUT_S) and is committed without outputs. How long each takes is recorded in
`_build/binder-check.json` (test_binder) and timed by `make bench`, not asserted here: a loaded
machine must not fail a test."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for p in (ROOT / "chapters").rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts)


@pytest.fixture(scope="module")
def executions(book_grading, pages_without_exercises):
    """(seconds, error or None) per notebook, from the one run of each per test session: chapters
    with exercises from the grader's run of the instructor version (conftest.book_grading: a
    fresh kernel each, every answer checked), the other pages from
    conftest.pages_without_exercises. Both use the Binder venv's kernel."""
    graded: dict[str, list[dict]] = {}
    for row in book_grading:
        if row["student"] == "instructor":
            graded.setdefault(row["notebook"], []).append(row)
    out = {}
    for path in NOTEBOOKS:
        rows = graded.get(path.name)
        if rows:
            bad = [f"{r['exercise']}: {r['status']}: {r['message']}" for r in rows
                   if r["status"] != "correct"]
            out[path] = (float(rows[0]["seconds"]), "; ".join(bad) or None)
        elif path in pages_without_exercises:
            run = pages_without_exercises[path]
            out[path] = (float(run["seconds"]), run["error"])
    return out


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(ROOT)) for p in NOTEBOOKS])
def test_notebook_runs_in_fresh_kernel(path, executions):
    assert path in executions, f"{path.name} was not run (neither graded nor a page without exercises)"
    elapsed, err = executions[path]
    assert err is None, f"{path.name} failed after {elapsed:.1f} s: {err}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(ROOT)) for p in NOTEBOOKS])
def test_notebook_committed_without_outputs(path):
    nb = json.loads(path.read_text())
    with_output = [i for i, c in enumerate(nb["cells"])
                   if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not with_output, f"{path.name}: cells {with_output} carry outputs; strip them"


def test_the_build_and_test_kernels_skip_the_iri_parsers(tmp_path, monkeypatch):
    """The kernels `make book` and `make test` start read the profile the Makefile copies from
    _ext/ipython_kernel_config.py: importing myst_nb's glue (every chapter does) must not build
    rfc3987_syntax's parsers (3-4 CPU-s a kernel), and glue must still record its value."""
    import nbformat
    from nbclient import NotebookClient

    profile = ROOT / ".ipython" / "profile_default" / "ipython_kernel_config.py"
    source = ROOT / "_ext" / "ipython_kernel_config.py"
    assert profile.is_file() and profile.read_text() == source.read_text(), \
        f"{profile} is missing or stale: make copies it from {source}"
    monkeypatch.setenv("IPYTHONDIR", str(ROOT / ".ipython"))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import sys\nfrom myst_nb import glue\nglue('answer', 42, display=False)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('rfc3987_syntax.', 'lark'))),"
        " 'jsonschema' in sys.modules)")])
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = nb.cells[0].outputs
    glued = [o for o in outputs if o.get("metadata", {}).get("scrapbook", {}).get("name") == "answer"]
    assert glued and glued[0]["data"]["application/papermill.record/text/plain"] == "42", outputs
    printed = "".join(o.get("text", "") for o in outputs if o["output_type"] == "stream")
    assert printed.strip() == "[] True", printed
