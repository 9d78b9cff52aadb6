"""Keyboard to new figure in a real JupyterLab: what a reader with a live kernel waits for.

Starts JupyterLab (this environment's, on 127.0.0.1 with a random token, private config
directories) with the shared driver ``tests/lab_driver.py`` (the JupyterLab browser test uses
the same code), opens chapters in Debian's headless chromium under Playwright, runs all
cells from the Run menu, then, for every live explorer of the chapter, focuses its first
slider, presses an arrow key and times until the explorer's ``<img>`` src changes; PRESSES
presses per explorer. Skips, with the reason, when JupyterLab, Playwright or chromium is
missing.

    python benchmarks/lab.py            # prints the JSON record
"""
from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("HIL_CHROMIUM", "/usr/bin/chromium")
#: a representative subset of the chapters with live explorers (fundamentals to academic)
CHAPTERS = ("chapters/fundamentals/01_hormones_as_messages.ipynb",
            "chapters/intermediate/04_testosterone_therapy.ipynb",
            "chapters/intermediate/06_keeping_the_axis_running.ipynb",
            "chapters/academic/09_hpg_dynamical_system.ipynb")
PRESSES = 3


def missing() -> str | None:
    """Why the measurement cannot run here, or None."""
    if importlib.util.find_spec("jupyterlab") is None:
        return "jupyterlab is not installed"
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed"
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"no chromium at {CHROMIUM}"
    return None


def _press_and_wait(page, driver, explorer_index: int, timeout_s: float = 120.0) -> float:
    """Arrow key on the first slider of live explorer ``explorer_index``; seconds until its
    figure's <img> src changed."""
    explorer = page.locator(driver.EXPLORER_SELECTOR).nth(explorer_index)
    explorer.scroll_into_view_if_needed()
    handle = explorer.locator(driver.HANDLE_SELECTOR).first
    handle.wait_for(state="visible", timeout=timeout_s * 1000)
    before = explorer.evaluate(driver.IMG_SRC)
    now, top = handle.evaluate("(h) => [h.getAttribute('aria-valuenow'), "
                               "h.getAttribute('aria-valuemax')]")
    key = "ArrowLeft" if now is not None and now == top else "ArrowRight"
    handle.focus()
    start = time.perf_counter()
    handle.press(key)
    page.wait_for_function(
        "([sel, i, before]) => { const el = document.querySelectorAll(sel)[i];"
        " const img = el && el.querySelector('img'); return !!img && img.src !== before"
        " && img.src.startsWith('data:image/png'); }",
        arg=[driver.EXPLORER_SELECTOR, explorer_index, before], timeout=timeout_s * 1000,
        polling=10)
    return time.perf_counter() - start


def measure(chapters=CHAPTERS, presses: int = PRESSES) -> dict:
    """Time key-to-figure across the live explorers of ``chapters``; a dict for results.json."""
    reason = missing()
    if reason:
        return {"lab_slider_to_figure_skipped": reason}
    sys.path.insert(0, str(ROOT / "tests"))
    import lab_driver as driver
    import numpy as np

    env = {"PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
           "MPLBACKEND": "Agg"}
    times_ms, per_chapter = [], {}
    # JupyterLab autosaves what it runs: serve a copy of the chapters, never the repository
    served = Path(tempfile.mkdtemp(prefix="hil-bench-lab-"))
    shutil.copytree(ROOT / "chapters", served / "chapters")
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, served, True)
        lab = stack.enter_context(driver.JupyterLab(served, env=env))
        chromium = stack.enter_context(driver.browser(CHROMIUM))
        for relpath in chapters:
            context = chromium.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            try:
                driver.open_notebook(page, lab, relpath)
                driver.run_all_cells(page)
                driver.wait_for_explorer(page, 600)
                driver.wait_until_idle(page, 600)
                n = page.locator(driver.EXPLORER_SELECTOR).count()
                chapter_ms = []
                for i in range(n):
                    for _ in range(presses):
                        chapter_ms.append(_press_and_wait(page, driver, i) * 1e3)
                        driver.wait_until_idle(page, 120)
                per_chapter[Path(relpath).stem] = {"explorers": n,
                                                   "median_ms": float(np.median(chapter_ms))}
                times_ms += chapter_ms
            finally:
                context.close()
    return {"lab_slider_to_figure_ms_median": float(np.median(times_ms)),
            "lab_slider_to_figure_ms_p95": float(np.percentile(times_ms, 95)),
            "lab_slider_presses_measured": len(times_ms),
            "lab_slider_to_figure_by_chapter": per_chapter}


if __name__ == "__main__":
    print(json.dumps(measure(), indent=2))
