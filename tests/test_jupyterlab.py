"""The README's local route in a real JupyterLab: `.venv/bin/jupyter lab chapters/`.

A JupyterLab server of the pinned environment starts on 127.0.0.1 (a port the OS picks, a random
token, private Jupyter directories), headless Debian chromium opens a copy of a Fundamentals
chapter, runs all cells from the Run menu, waits for the chapter's live explorer, moves its
first slider with the keyboard and sees the figure change. The server and its kernel are shut
down at the end, whatever happens. Driving code: ``tests/lab_driver.py`` (shared with the
benchmarks).

CI tier (browser + slow): with CI=true a missing chromium or jupyterlab fails the test; elsewhere
it skips, naming the Debian package ``chromium``.
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import chromium_executable, require
from lab_driver import JupyterLab, run_notebook_and_nudge

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "chapters" / "fundamentals" / "01_hormones_as_messages.ipynb"
SCREENSHOT = ROOT / "_build" / "screenshots" / "jupyterlab-failure.png"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def chromium_path() -> str:
    exe = chromium_executable()
    require(exe is not None, "no chromium found: install the Debian package `chromium` "
                             "(apt-get install chromium) to run the JupyterLab test")
    return exe


@pytest.fixture
def lab(chromium_path, tmp_path):
    """A JupyterLab serving a temporary folder holding a copy of the chapter (the committed
    notebook never gets outputs); its kernels import this checkout's hormonesim."""
    require(importlib.util.find_spec("jupyterlab") is not None,
            "jupyterlab is missing from this environment: it is pinned in requirements.txt "
            "(run `make venv`)")
    shutil.copy(CHAPTER, tmp_path / CHAPTER.name)
    pythonpath = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    with JupyterLab(tmp_path, env={"PYTHONPATH": pythonpath}) as server:
        yield server


def test_chapter_runs_and_its_explorer_answers_the_keyboard(chromium_browser, lab):
    # the session's one Playwright (conftest.chromium_browser): a second sync_playwright() in the
    # same process fails once the site tests have started theirs ("Sync API inside the asyncio
    # loop"), which is how this test failed in CI after the site tests
    page_errors: list[str] = []
    try:
        timings = run_notebook_and_nudge(chromium_browser, lab, CHAPTER.name,
                                         page_errors=page_errors, screenshot=SCREENSHOT)
    except Exception as err:
        pytest.fail(f"{err}\n(the page as it was: {SCREENSHOT})\n--- JupyterLab log ---\n"
                    f"{lab.log_tail()}")
    slider = timings.slider
    assert slider["value_before"] != slider["value_after"], (
        f"the {slider['key']} key did not move slider {slider['label']!r}: {slider}")
    assert timings.src_after != timings.src_before
    assert timings.src_after.startswith("data:image/png;base64,")
    assert not page_errors, f"uncaught errors in the page: {page_errors}"
    # the copy ran (JupyterLab saves nothing unasked); the committed chapter has no outputs
    committed = json.loads(CHAPTER.read_text())
    assert not any(c.get("outputs") for c in committed["cells"] if c["cell_type"] == "code")
    print(f"JupyterLab: server {lab.startup_s:.1f} s, open {timings.open_s:.1f} s, run all "
          f"{timings.run_all_s:.1f} s, key to figure {timings.key_to_figure_s:.2f} s "
          f"({slider['label']}: {slider['value_before']} -> {slider['value_after']})")
