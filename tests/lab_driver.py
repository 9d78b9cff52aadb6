"""Drive a real JupyterLab from a headless browser: the README's local route, end to end.

Used by ``tests/test_jupyterlab.py`` and importable by the benchmarks (``sys.path`` holding
``tests/``); it needs no pytest. The pieces:

* :class:`JupyterLab` - a JupyterLab server of *this* Python environment (``.venv/bin/jupyter
  lab``, as the README says, or ``python -m jupyterlab``) on 127.0.0.1, a port the OS picks and
  a random token, in private Jupyter config, data, runtime and IPython directories (a reader's
  own settings, workspaces or kernels never leak in). Use it as a context manager: on exit it
  asks the server to shut down (which stops its kernels), then ends whatever is left of its
  process group and of its descendants (kernels run in sessions of their own, so the group
  alone would miss them), by process id.
* :func:`browser` - Debian's chromium under Playwright's sync API (never a downloaded browser).
* :func:`run_notebook_and_nudge` - open a notebook, run all cells from the Run menu, wait for a
  live explorer (an ipywidgets slider above the explorer's ``<img>``), focus the slider, press
  an arrow key and wait until the image changes. Returns a :class:`LabTimings`.

Every wait is an explicit wait on a selector or a condition with a generous limit: a 2-core CI
machine with other jobs is slow, and a slow pass is still a pass.
"""
from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

#: flags for a headless chromium in containers and CI (no sandbox, no GPU, no background traffic)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-default-apps", "--mute-audio"]

#: the output of a live explorer: an ipywidgets box with a slider and the figure's <img>
EXPLORER_SELECTOR = ".jp-OutputArea-output .widget-vbox:has(.widget-slider):has(img)"
#: a slider's handle (noUiSlider in ipywidgets 8): focusable, moved by the arrow keys
HANDLE_SELECTOR = ".widget-slider .noUi-handle"

IMG_SRC = "(el) => { const img = el.querySelector('img'); return img ? img.src : ''; }"


class LabError(RuntimeError):
    """JupyterLab did not start, or the page did not do what a reader would see it do."""


@dataclass
class LabTimings:
    """Seconds spent in each step of :func:`run_notebook_and_nudge` (wall clock)."""

    open_s: float = 0.0        #: page load until the notebook's kernel is idle
    run_all_s: float = 0.0     #: Run > Run All Cells until the explorer's figure is shown
    key_to_figure_s: float = 0.0  #: arrow key on the slider until the <img> src changed
    slider: dict = field(default_factory=dict)  #: the slider's label and value before/after
    src_before: str = ""
    src_after: str = ""


def _descendants(pid: int) -> list[int]:
    """Process ids of every descendant of ``pid`` (kernels included), deepest first."""
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil is pinned (ipykernel needs it)
        return []
    try:
        children = psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []
    return [c.pid for c in reversed(children)]


def _kill(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, sig)


class JupyterLab:
    """A JupyterLab server on 127.0.0.1 serving ``root_dir``.

    Parameters
    ----------
    root_dir : path
        Folder the server serves (notebooks are opened relative to it).
    python : str
        Interpreter whose ``jupyterlab`` runs (default: this one, i.e. the project's ``.venv``).
    env : dict, optional
        Extra environment for the server and its kernels (e.g. ``PYTHONPATH``).
    startup_timeout : float
        Seconds to wait for the server to answer.
    """

    def __init__(self, root_dir, python: str = sys.executable, env: dict | None = None,
                 startup_timeout: float = 180.0):
        self.root_dir = Path(root_dir)
        self.python = python
        self.extra_env = dict(env or {})
        self.startup_timeout = startup_timeout
        self.token = secrets.token_hex(24)
        self.port: int | None = None
        self.proc: subprocess.Popen | None = None
        self.startup_s = 0.0
        self._home: str | None = None
        self._log = None

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> "JupyterLab":
        self._home = tempfile.mkdtemp(prefix="hil-lab-")
        home = Path(self._home)
        dirs = {"JUPYTER_CONFIG_DIR": home / "config", "JUPYTER_DATA_DIR": home / "data",
                "JUPYTER_RUNTIME_DIR": home / "runtime", "IPYTHONDIR": home / "ipython"}
        for d in dirs.values():
            d.mkdir()
        env = dict(os.environ, **{k: str(v) for k, v in dirs.items()},
                   JUPYTER_PLATFORM_DIRS="1", PYDEVD_DISABLE_FILE_VALIDATION="1")
        env.pop("JUPYTER_PATH", None)
        env.pop("JUPYTER_TOKEN", None)
        env.update(self.extra_env)
        # the README's command, `.venv/bin/jupyter lab`, when the environment has that script
        jupyter = Path(self.python).with_name("jupyter")
        launcher = [str(jupyter), "lab"] if jupyter.exists() else [self.python, "-m", "jupyterlab"]
        cmd = [*launcher, "--no-browser",
               "--ServerApp.ip=127.0.0.1", "--ServerApp.port=0", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={self.token}",
               f"--ServerApp.root_dir={self.root_dir}",
               "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--LabApp.extension_manager=readonly", "--ServerApp.terminals_enabled=False"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI runners are root
            cmd.append("--allow-root")
        self._log = open(home / "server.log", "w+b")  # noqa: SIM115 - closed in stop()
        start = time.perf_counter()
        # its own session and process group, so stop() can end the whole group
        self.proc = subprocess.Popen(cmd, cwd=self.root_dir, env=env, stdout=self._log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        try:
            self._wait_ready(dirs["JUPYTER_RUNTIME_DIR"])
        except BaseException:
            self.stop()
            raise
        self.startup_s = time.perf_counter() - start
        return self

    def _wait_ready(self, runtime: Path) -> None:
        deadline = time.monotonic() + self.startup_timeout
        info_file = runtime / f"jpserver-{self.proc.pid}.json"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise LabError(f"JupyterLab exited with code {self.proc.returncode}:\n"
                               f"{self.log_tail()}")
            if self.port is None and info_file.exists():
                with contextlib.suppress(ValueError, OSError):
                    self.port = int(json.loads(info_file.read_text())["port"])
            if self.port is not None:
                try:
                    with urllib.request.urlopen(self.api_url("api/status"), timeout=5) as resp:
                        if resp.status == 200:
                            return
                except (urllib.error.URLError, OSError):
                    pass
            time.sleep(0.2)
        raise LabError(f"JupyterLab did not answer within {self.startup_timeout:.0f} s:\n"
                       f"{self.log_tail()}")

    def stop(self) -> None:
        """Shut the server down: its API first (kernels stop cleanly), then by process id."""
        if self.proc is None:
            return
        pid = self.proc.pid
        family = _descendants(pid)
        if self.proc.poll() is None and self.port is not None:
            req = urllib.request.Request(self.api_url("api/shutdown"), method="POST", data=b"")
            with contextlib.suppress(urllib.error.URLError, OSError):
                urllib.request.urlopen(req, timeout=10).close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=20)
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if self.proc.poll() is None:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(pid, sig)  # the server's own process group (pgid == its pid)
            for child in family:
                _kill(child, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)  # anything left in the group after the server exited
        self.proc = None
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._home is not None:
            shutil.rmtree(self._home, ignore_errors=True)
            self._home = None

    def __enter__(self) -> "JupyterLab":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ------------------------------------------------------------------ helpers
    def api_url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}?token={self.token}"

    def notebook_url(self, relpath: str) -> str:
        """URL that opens ``relpath`` (relative to ``root_dir``) in the lab interface, alone: the
        workspace is reset (``reset``), so tabs of notebooks opened earlier on the same server are
        not restored beside it."""
        return self.api_url(f"lab/tree/{Path(relpath).as_posix()}") + "&reset"

    def log_tail(self, lines: int = 40) -> str:
        if self._log is None:
            return ""
        self._log.flush()
        self._log.seek(0)
        text = self._log.read().decode("utf-8", "replace")
        self._log.seek(0, os.SEEK_END)
        return "\n".join(text.splitlines()[-lines:])


@contextlib.contextmanager
def browser(executable: str, args: list[str] | None = None):
    """A headless chromium at ``executable`` (Debian's ``/usr/bin/chromium``) under Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable,
                                              args=CHROMIUM_ARGS if args is None else args)
        try:
            yield chromium
        finally:
            chromium.close()


def open_notebook(page, lab: JupyterLab, relpath: str, timeout_s: float = 180.0) -> float:
    """Load ``relpath`` in the lab and wait until its kernel is idle; returns the seconds taken."""
    start = time.perf_counter()
    page.goto(lab.notebook_url(relpath), wait_until="domcontentloaded",
              timeout=timeout_s * 1000)
    name = Path(relpath).name
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell",
                           timeout=timeout_s * 1000)
    # the tab of this notebook is the current one, and its kernel has started and is idle
    page.wait_for_selector(f".lm-TabBar-tab.lm-mod-current:has-text('{name}')",
                           timeout=timeout_s * 1000)
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) "
                           ".jp-Notebook-ExecutionIndicator[data-status='idle']",
                           timeout=timeout_s * 1000)
    settled_kernel(lab, relpath, timeout_s)
    return time.perf_counter() - start


def settled_kernel(lab: JupyterLab, relpath: str, timeout_s: float = 180.0) -> str:
    """Wait until the notebook ``relpath`` has one session whose kernel is idle, every kernel the
    server runs belongs to a session, and this stays so for a second; return the kernel's id.

    Under load, JupyterLab has been seen to start a second kernel while opening a notebook and to
    shut the first one down after the page had connected to it (server log: two "Kernel started",
    one "Kernel shutdown", then "Connecting to kernel" to the one shut down); cells run at that
    moment went to the kernel that was going away, and no explorer ever appeared. A kernel that
    no session uses is such a transient one. Kernels of notebooks opened earlier on the same
    server (the benchmark opens several) belong to their own sessions and are left alone."""
    want = Path(relpath).as_posix()
    deadline = time.monotonic() + timeout_s
    seen, used, same, state = None, None, 0, {}
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(lab.api_url("api/kernels"), timeout=10) as resp:
                kernels = json.load(resp)
            with urllib.request.urlopen(lab.api_url("api/sessions"), timeout=10) as resp:
                sessions = json.load(resp)
        except (urllib.error.URLError, OSError, ValueError):
            kernels, sessions = [], []
        state = {k["id"]: k.get("execution_state") for k in kernels}
        used = sorted(s["kernel"]["id"] for s in sessions if s.get("kernel"))
        mine = [s["kernel"]["id"] for s in sessions
                if s.get("kernel") and Path(s.get("path", "")).as_posix() == want]
        if (len(mine) == 1 and sorted(state) == sorted(set(used))
                and state.get(mine[0]) == "idle"):
            same = same + 1 if mine == seen else 0
            if same >= 2:
                return mine[0]
        else:
            same = 0
        seen = mine
        time.sleep(0.5)
    raise LabError(f"the kernel of {relpath} did not settle within {timeout_s:.0f} s "
                   f"(its sessions' kernels {seen}; kernels {sorted(state)}, sessions' kernels "
                   f"{used})")


#: true once any cell of the visible notebook is queued, running or has run ([*] or [n])
_EXECUTION_STARTED = """() => [...document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputPrompt')].some(
    p => /\\[(\\*|\\d+)\\]/.test(p.textContent))"""


def run_all_cells(page, timeout_s: float = 60.0, start_timeout_s: float = 30.0) -> None:
    """Run > Run All Cells, from the menu bar, as a reader would; the menu is used again if no
    cell has started after ``start_timeout_s`` (a click that lands while JupyterLab is still
    settling, e.g. under a notification, is otherwise lost and the run never starts)."""
    for attempt in range(2):
        page.keyboard.press("Escape")                   # close a menu or a toast left open
        page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").first.click(
            position={"x": 5, "y": 5}, timeout=timeout_s * 1000)  # the notebook has the focus
        page.locator(".lm-MenuBar-item", has_text="Run").first.click(timeout=timeout_s * 1000)
        item = page.locator(".lm-Menu-item[data-command='runmenu:run-all']")
        item.wait_for(state="visible", timeout=timeout_s * 1000)
        item.click(timeout=timeout_s * 1000)
        try:
            page.wait_for_function(_EXECUTION_STARTED, timeout=start_timeout_s * 1000)
            return
        except Exception:
            if attempt:
                raise LabError(f"Run > Run All Cells started no cell within {start_timeout_s:.0f} s, "
                               "twice") from None


#: true while a cell of the visible notebook is queued or running, or its kernel is not idle
_BUSY = """() => { const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return true;
  const ind = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  return [...panel.querySelectorAll('.jp-InputPrompt')].some((p) => p.innerText.includes('*'))
    || (ind !== null && ind.dataset.status !== 'idle'); }"""


def wait_for_explorer(page, timeout_s: float = 300.0, rerun=None, quiet_s: float = 15.0):
    """The first live explorer once its figure is an image; raises LabError on a cell error.

    ``rerun``, if given, is called once when the notebook has sat idle for ``quiet_s`` with no
    explorer and no error (the run ended, or was lost, without drawing it): Run All again, as a
    reader would. A run that ends without an explorer twice still fails."""
    deadline = time.monotonic() + timeout_s
    explorer = page.locator(EXPLORER_SELECTOR).first
    quiet_since = None
    while time.monotonic() < deadline:
        if explorer.count() and explorer.evaluate(IMG_SRC).startswith("data:image/png"):
            return explorer
        if rerun is not None:
            if page.evaluate(_BUSY):
                quiet_since = None
            elif quiet_since is None:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since > quiet_s:
                rerun()
                rerun, quiet_since = None, None
        errors = page.locator(".jp-OutputArea-output"
                              "[data-mime-type='application/vnd.jupyter.stderr']"
                              ":has-text('Traceback')")
        if errors.count():
            raise LabError("a cell raised while running all cells:\n"
                           + errors.first.inner_text()[:3000])
        page.wait_for_timeout(250)
    raise LabError(f"no live explorer (slider and figure) appeared within {timeout_s:.0f} s")


def wait_until_idle(page, timeout_s: float = 300.0) -> None:
    """Wait until no cell is queued or running (no ``[*]`` prompt) and the kernel is idle."""
    page.wait_for_function(
        "() => { const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');"
        " if (!panel) return false;"
        " const busy = [...panel.querySelectorAll('.jp-InputPrompt')]"
        "   .some((p) => p.innerText.includes('*'));"
        " const ind = panel.querySelector('.jp-Notebook-ExecutionIndicator');"
        " return !busy && (!ind || ind.dataset.status === 'idle'); }",
        timeout=timeout_s * 1000, polling=200)


def nudge_slider(page, explorer, timeout_s: float = 120.0, key: str = "ArrowRight") -> dict:
    """Focus the explorer's first slider, press ``key`` (ArrowLeft at the top of its range) and
    wait until the figure's ``<img>`` changes. Returns the slider before/after and the timing."""
    handle = explorer.locator(HANDLE_SELECTOR).first
    handle.wait_for(state="visible", timeout=timeout_s * 1000)
    before = explorer.evaluate(IMG_SRC)
    state = handle.evaluate("(h) => ({now: h.getAttribute('aria-valuenow'), "
                            "max: h.getAttribute('aria-valuemax'), "
                            "label: h.closest('.widget-slider').querySelector('label')"
                            "?.innerText || ''})")
    if key == "ArrowRight" and state["now"] is not None and state["now"] == state["max"]:
        key = "ArrowLeft"
    handle.focus()
    if not handle.evaluate("(h) => document.activeElement === h"):
        raise LabError("the slider's handle did not take the keyboard focus")
    start = time.perf_counter()
    handle.press(key)
    try:
        page.wait_for_function(
            "([sel, before]) => { const el = document.querySelector(sel);"
            " const img = el && el.querySelector('img'); return !!img && img.src !== before"
            " && img.src.startsWith('data:image/png'); }",
            arg=[EXPLORER_SELECTOR, before], timeout=timeout_s * 1000, polling=50)
    except Exception as err:  # noqa: BLE001 - re-raised with what the page showed
        raise LabError(f"the figure did not change within {timeout_s:.0f} s of pressing {key} "
                       f"on slider {state['label']!r} (value {state['now']}): {err}") from err
    elapsed = time.perf_counter() - start
    after = explorer.evaluate(IMG_SRC)
    now = handle.get_attribute("aria-valuenow")
    return {"key": key, "label": state["label"], "value_before": state["now"],
            "value_after": now, "seconds": elapsed, "src_before": before, "src_after": after}


def run_notebook_and_nudge(browser_, lab: JupyterLab, relpath: str,
                           run_timeout_s: float = 300.0, key_timeout_s: float = 120.0,
                           page_errors: list | None = None,
                           screenshot: Path | None = None) -> LabTimings:
    """Open ``relpath`` in a fresh browser context, run all cells, move a live slider with the
    keyboard and wait for the figure to change (on failure the page is saved to ``screenshot``)."""
    context = browser_.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    if page_errors is not None:
        page.on("pageerror", lambda err: page_errors.append(str(err)))
    timings = LabTimings()
    try:
        timings.open_s = open_notebook(page, lab, relpath)
        start = time.perf_counter()
        run_all_cells(page)
        explorer = wait_for_explorer(page, run_timeout_s, rerun=lambda: run_all_cells(page))
        wait_until_idle(page, run_timeout_s)
        timings.run_all_s = time.perf_counter() - start
        explorer.scroll_into_view_if_needed()
        moved = nudge_slider(page, explorer, key_timeout_s)
        timings.key_to_figure_s = moved.pop("seconds")
        timings.src_before = moved.pop("src_before")
        timings.src_after = moved.pop("src_after")
        timings.slider = moved
    except Exception:
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=False)
        raise
    finally:
        context.close()
    return timings
