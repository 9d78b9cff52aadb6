"""Binder-equivalent check: a fresh virtual environment made from `requirements.txt` alone (what
repo2docker does for this repository: `pip install -r requirements.txt` at the repository root,
which also installs hormonesim from the checkout) executes every chapter notebook with that
environment's own kernel, each in its own folder as JupyterLab on Binder runs it.

Only pip's download cache is shared with the machine; nothing else from `.venv` is visible.
Slow (a minute or two with a warm pip cache). Outside CI it is skipped when its last recorded run
took longer than three minutes (see `_build/binder-check.json`); with CI=true it always runs.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import venv
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
NOTEBOOKS = [f"{c['file']}.ipynb" for part in TOC["parts"] for c in part["chapters"]
             if (ROOT / f"{c['file']}.ipynb").exists()]
TIMINGS = ROOT / "_build" / "binder-check.json"
SKIP_OUTSIDE_CI_ABOVE_S = 180
NOTEBOOK_TIMEOUT_S = 300

pytestmark = pytest.mark.slow

# Runs inside the fresh environment: execute notebooks with nbclient and that environment's kernel.
RUNNER = r"""
import json, sys, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
import nbformat
from nbclient import NotebookClient

def run(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=int(sys.argv[1]), kernel_name="python3",
                            resources={"metadata": {"path": str(Path(path).parent)}})
    start = time.perf_counter()
    try:
        client.execute()
        error = None
    except Exception as err:
        error = f"{type(err).__name__}: {str(err)[-1500:]}"
    return {"notebook": path, "seconds": round(time.perf_counter() - start, 1), "error": error}

with ThreadPoolExecutor(max_workers=2) as pool:
    print(json.dumps(list(pool.map(run, sys.argv[2:]))))
"""


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def _clean_env(bin_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "JUPYTER_PATH", "JUPYTER_DATA_DIR",
                        "PIP_REQUIRE_VIRTUALENV", "PYTHONSTARTUP")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(bin_dir.parent)
    env["MPLBACKEND"] = "Agg"
    env["IPYTHONDIR"] = str(bin_dir.parent / "ipython")  # fresh IPython profile too
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    # a kernel on Binder belongs to a Jupyter server, which shows the live widgets and skips the
    # static site's precomputed frames (hormonesim.book.explorer.static_frames_wanted): run the
    # chapters that way here too
    env["HIL_STATIC_FRAMES"] = "0"
    return env


def test_fresh_environment_from_requirements_runs_every_chapter(tmp_path):
    if not _in_ci() and TIMINGS.exists():
        last = json.loads(TIMINGS.read_text()).get("total_seconds", 0)
        if last > SKIP_OUTSIDE_CI_ABOVE_S:
            pytest.skip(f"last Binder-equivalent run took {last:.0f} s (> {SKIP_OUTSIDE_CI_ABOVE_S} s); "
                        f"it always runs with CI=true (delete {TIMINGS.name} to run it here)")
    start = time.perf_counter()
    env_dir = tmp_path / "binder-env"
    venv.create(env_dir, with_pip=True, clear=True)
    bin_dir = env_dir / "bin"
    env = _clean_env(bin_dir)
    install = subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "-r", "requirements.txt"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1500)
    assert install.returncode == 0, \
        f"pip install -r requirements.txt failed in a fresh venv:\n{install.stderr[-3000:]}"
    installed_s = time.perf_counter() - start
    check = subprocess.run([str(bin_dir / "python"), "-m", "pip", "check"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, f"pip check in the Binder environment:\n{check.stdout}"
    where = subprocess.run([str(bin_dir / "python"), "-c", "import hormonesim; print(hormonesim.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert where.returncode == 0 and Path(where.stdout.strip()).is_relative_to(ROOT), \
        f"requirements.txt does not install hormonesim from this checkout: {where.stdout}{where.stderr}"

    run = subprocess.run([str(bin_dir / "python"), "-c", RUNNER, str(NOTEBOOK_TIMEOUT_S),
                          *[str(ROOT / nb) for nb in NOTEBOOKS]],
                         cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=NOTEBOOK_TIMEOUT_S * len(NOTEBOOKS))
    assert run.returncode == 0, f"notebook runner failed:\n{run.stderr[-3000:]}"
    results = json.loads(run.stdout.strip().splitlines()[-1])
    total = time.perf_counter() - start
    TIMINGS.parent.mkdir(parents=True, exist_ok=True)
    TIMINGS.write_text(json.dumps({"total_seconds": round(total, 1),
                                   "install_seconds": round(installed_s, 1),
                                   "python": sys.version.split()[0], "notebooks": results}, indent=1))
    failed = [f"{Path(r['notebook']).relative_to(ROOT)} ({r['seconds']} s): {r['error']}"
              for r in results if r["error"]]
    assert not failed, "chapters failing in the Binder environment:\n" + "\n\n".join(failed)
    assert len(results) == len(NOTEBOOKS)
