"""Every chapter notebook runs top to bottom in a fresh kernel, well under a minute, and is
committed without outputs."""
from __future__ import annotations

import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for p in (ROOT / "chapters").rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts)
TIME_LIMIT_S = 60


def _execute(path: Path) -> tuple[Path, float, str | None]:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=TIME_LIMIT_S, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}})
    start = time.perf_counter()
    try:
        client.execute()
    except Exception as err:  # report, do not stop the other notebooks
        return path, time.perf_counter() - start, f"{type(err).__name__}: {str(err)[-1500:]}"
    return path, time.perf_counter() - start, None


@pytest.fixture(scope="module")
def executions(book_grading):
    """(seconds, error or None) per notebook. Chapters with exercises come from the grader's run
    of the instructor version (conftest.book_grading: a fresh kernel each, every answer checked);
    the others (appendix pages) are executed here."""
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
    os.environ.setdefault("MPLBACKEND", "Agg")
    with ThreadPoolExecutor(max_workers=2) as pool:
        for path, elapsed, err in pool.map(_execute, [p for p in NOTEBOOKS if p not in out]):
            out[path] = (elapsed, err)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(ROOT)) for p in NOTEBOOKS])
def test_notebook_runs_in_fresh_kernel(path, executions):
    elapsed, err = executions[path]
    assert err is None, f"{path.name} failed after {elapsed:.1f} s: {err}"
    assert elapsed < TIME_LIMIT_S


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(ROOT)) for p in NOTEBOOKS])
def test_notebook_committed_without_outputs(path):
    nb = json.loads(path.read_text())
    with_output = [i for i, c in enumerate(nb["cells"])
                   if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not with_output, f"{path.name}: cells {with_output} carry outputs; strip them"
