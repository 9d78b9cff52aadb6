"""Shared fixtures: the built site (built once per test session, exactly as `make book` does)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
STUDENT_HTML = ROOT / "_build" / "student-html"


def _book_command() -> list[str]:
    return [str(Path(sys.executable).with_name("jupyter-book")), "build", ".", "--all", "-W", "-n",
            "--keep-going"]


def _book_env() -> dict:
    return dict(os.environ, MPLBACKEND="Agg", IPYTHONDIR=str(ROOT / ".ipython"))


def _ensure_assets() -> None:
    if not (ROOT / "vendor" / "mathjax" / "tex-mml-chtml.js").exists():  # npm assets (make assets)
        subprocess.run(["make", "-s", "assets"], cwd=ROOT, check=True, timeout=600)


def build_book() -> subprocess.CompletedProcess:
    """Build the book with warnings as errors, executing every notebook (as `make book`)."""
    _ensure_assets()
    return subprocess.run(_book_command(), cwd=ROOT, env=_book_env(), capture_output=True,
                          text=True, timeout=1800)


# ----------------------------------------------------------------- builds started in the background
# The two site builds (the book, and the student edition of test_student_site.py) each execute
# their chapters in as many kernels at a time as there are CPUs (_ext/hil_build.py). Started as
# soon as collection ends, they share the cores with the unit and property tests; the fixtures
# that need a site wait for their build. Nothing is started when no selected test needs a site (make
# test-fast, -m "not slow") or when HIL_REUSE_SITE=1 reuses existing sites.
_BACKGROUND: dict[str, tuple[Future, Path]] = {}    # build name -> (its return code, its log)
_PROCS: list[subprocess.Popen] = []
_BUILDS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="hil-site-build")
_STAMPS: dict[str, str] = {}   # build name -> inputs digest when its build started


sys.path.insert(0, str(ROOT / "_ext"))
import site_stamp  # noqa: E402  (the book's inputs digest: _ext/site_stamp.py)


def _reuse(html: Path) -> bool:
    """Whether the site in ``html`` is used as it is: HIL_REUSE_SITE=1 (whatever built it), or
    a site stamped by a build that passed from exactly the inputs now (make book, make
    student-site, or an earlier test run)."""
    if os.environ.get("HIL_REUSE_SITE") == "1" and (html / "intro.html").exists():
        return True
    return html in (SITE, STUDENT_HTML) and site_stamp.is_current(html)


def _will_build(name: str, html: Path) -> None:
    """Before a build of ``html`` starts: note its inputs' digest, remove its old stamp."""
    _STAMPS[name] = site_stamp.inputs_digest()
    html.mkdir(parents=True, exist_ok=True)
    site_stamp.invalidate(html)


BUILD_TIMEOUT_S = 2400   # one site build, once started


def _stamp(name: str, html: Path) -> None:
    """Stamp ``html``, which the build ``name`` of this session made and passed, with the digest
    of the inputs it started from (reused from then on while no input changes)."""
    site_stamp.write(html, digest=_STAMPS.get(name))


def _start(name: str, command: list[str], env: dict, after: tuple[str, Path] | None = None) -> None:
    """Run ``command`` in the background as the build ``name``; with ``after=(build, html)``,
    only once that build of this session has finished (stamped if it passed), so that ``name``
    can use what it made (the student edition reuses the book's executed notebooks)."""
    log = ROOT / "_build" / f"{name}-build.log"
    log.parent.mkdir(parents=True, exist_ok=True)

    def run() -> int:
        if after is not None:
            done = background_build(after[0])
            if done is not None and done[0] == 0:
                _stamp(after[0], after[1])
        with open(log, "wb") as out:  # the child keeps its own handle
            proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        _PROCS.append(proc)
        try:
            return proc.wait(timeout=BUILD_TIMEOUT_S)
        except subprocess.TimeoutExpired:        # this build only; the session fails on its code
            proc.kill()
            return proc.wait()

    _BACKGROUND[name] = (_BUILDS.submit(run), log)


#: fixtures whose value comes from work started in the background when collection ends
BACKGROUND_FIXTURES = {"built_site", "student_html", "book_grading", "binder_env",
                       "pages_without_exercises"}


def pytest_collection_modifyitems(session, config, items):
    """Tests that wait for background work run last (in their order), so the others run while
    the sites build and the chapters run, instead of the session waiting at the first of them."""
    # a site reused as it is (make book built it from the inputs now) keeps nobody waiting
    waiting = BACKGROUND_FIXTURES - {fixture for fixture, html in (("built_site", SITE),
                                                                   ("student_html", STUDENT_HTML))
                                     if _reuse(html)}

    def waits(item) -> bool:
        return bool(waiting & set(getattr(item, "fixturenames", ()))) or \
            item.get_closest_marker("background") is not None
    items[:] = [i for i in items if not waits(i)] + [i for i in items if waits(i)]


def pytest_collection_finish(session):
    if session.config.option.collectonly:
        return
    needed = set()
    for item in session.items:
        needed.update(getattr(item, "fixturenames", ()))
    if "built_site" in needed and not _reuse(SITE):
        _ensure_assets()
        _will_build("book", SITE)
        _start("book", _book_command(), _book_env())
    if needed & {"book_grading", "binder_env", "pages_without_exercises"}:
        start_chapter_runs()
    # a test module's START_IN_BACKGROUND(base folder) -> result: slow, mostly waiting work (pip
    # installs into fresh venvs) started now; its tests read the result with background_result
    for module in {item.module for item in session.items if hasattr(item, "module")}:
        if hasattr(module, "START_IN_BACKGROUND"):
            _start_module_job(module)
    if "student_html" in needed and not _reuse(STUDENT_HTML):
        _ensure_assets()
        _will_build("student-site", STUDENT_HTML)
        # the student edition takes the book's executed outputs where they show what executing
        # the student version would (_ext/student_site.py): after the book's build, if one runs
        _start("student-site", [sys.executable, str(ROOT / "_ext" / "student_site.py")],
               _book_env(), after=("book", SITE) if "book" in _BACKGROUND else None)


def background_build(name: str) -> tuple[int, str] | None:
    """Wait for the background build ``name``: (return code, tail of its log), or None if this run
    did not start one."""
    if name not in _BACKGROUND:
        return None
    future, log = _BACKGROUND[name]
    code = future.result()           # the build's own time limit: BUILD_TIMEOUT_S, in _start
    tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-60:])
    return code, tail


def pytest_sessionfinish(session, exitstatus):
    for future, _ in _BACKGROUND.values():  # an interrupted run leaves no build behind
        future.cancel()
    for proc in _PROCS:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    _BUILDS.shutdown(wait=False, cancel_futures=True)
    for future in (_WORK.get("grading"), _WORK.get("binder")):
        if future is not None:
            future.cancel()
    _POOL.shutdown(wait=False, cancel_futures=True)
    import shutil

    for base in [_WORK.get("base"), *_WORK.get("bases", [])]:
        if base is not None:
            shutil.rmtree(base, ignore_errors=True)


def site(name: str, html: Path, build_here, what: str) -> Path:
    """``html`` of the site build ``name``: reused (HIL_REUSE_SITE=1), else the background build
    started after collection, else ``build_here()`` (a CompletedProcess); fails with the tail of
    the build's output when it does not build with -W -n."""
    if _reuse(html):
        return html
    started = background_build(name)
    if started is None:
        _will_build(name, html)
        proc = build_here()
        started = (proc.returncode, "\n".join((proc.stdout + proc.stderr).splitlines()[-60:]))
    code, tail = started
    if code != 0:
        pytest.fail(f"{what} does not build with -W -n:\n{tail}")
    if html.is_dir():       # passed: stamped, reused while no input changes
        _stamp(name, html)
    return html


@pytest.fixture(scope="session")
def built_site() -> Path:
    """Path of `_build/html`: built in this session, or the site `make book` built from exactly
    the inputs now (its stamp, _ext/site_stamp.py); HIL_REUSE_SITE=1 reuses any built site."""
    return site("book", SITE, build_book, "the book")


# ------------------------------------------- the Binder environment, and the one run of every chapter
# Every chapter runs once per test session (besides the two site builds): the grader executes the
# instructor version in its sandbox, with the kernel of a fresh virtual environment made from
# requirements.txt alone, as Binder makes it. That one run shows that every chapter runs in a
# fresh kernel (test_notebooks), that every exercise's solution gets full marks (test_coursework)
# and that the Binder environment runs the book (test_binder). Both start in the background when
# collection ends, while the unit tests run.
BINDER_RECORD = ROOT / "_build" / "binder-check.json"
NOTEBOOK_TIMEOUT_S = 300
_WORK: dict[str, Future] = {}
_POOL = ThreadPoolExecutor(max_workers=6, thread_name_prefix="hil-background")


def binder_clean_env(bin_dir: Path) -> dict:
    """The environment of a process of the Binder venv ``bin_dir``: nothing of .venv visible."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "JUPYTER_PATH", "JUPYTER_DATA_DIR",
                        "PIP_REQUIRE_VIRTUALENV", "PYTHONSTARTUP", "IPYTHONDIR")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(bin_dir.parent)
    env["MPLBACKEND"] = "Agg"
    env["IPYTHONDIR"] = str(bin_dir.parent / "ipython")  # a fresh IPython profile too
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    # a kernel on Binder belongs to a Jupyter server, which shows the live widgets and skips the
    # static site's precomputed frames (hormonesim.book.explorer.static_frames_wanted)
    env["HIL_STATIC_FRAMES"] = "0"
    return env


def _make_binder_env(base: Path) -> dict:
    """``requirements.txt`` installed into a fresh venv (only the installer's download cache
    shared with this machine), then what pip would still install (``--dry-run``), ``pip check``
    and where hormonesim comes from. A dict of what happened; ``python`` is the venv's
    interpreter when the install worked, else None."""
    import venv

    start = time.perf_counter()
    env_dir = base / "binder-env"
    venv.create(env_dir, with_pip=True, clear=True)
    bin_dir = env_dir / "bin"
    env = binder_clean_env(bin_dir)
    python = str(bin_dir / "python")
    # uv's pip interface installs requirements.txt into the venv (its own download cache only):
    # pip took 25 CPU-s of every make test for the same install. Binder runs pip, so pip is asked
    # next, with --dry-run, what it would install into this venv from requirements.txt: only the
    # editable checkout (pip always reinstalls an editable project), or the two tools disagree
    install = subprocess.run([sys.executable, "-m", "uv", "pip", "install", "--quiet", "--python",
                              python, "-r", "requirements.txt"],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=1500)
    info = {"python": None, "bin": str(bin_dir), "install_returncode": install.returncode,
            "install_output": install.stderr[-3000:], "install_seconds": time.perf_counter() - start}
    if install.returncode != 0:
        return info
    report = base / "pip-dry-run.json"
    dry = subprocess.run([python, "-m", "pip", "install", "--dry-run", "--quiet", "--report",
                          str(report), "-r", "requirements.txt"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    would = None
    if dry.returncode == 0 and report.exists():
        would = sorted(f"{item['metadata']['name']}=={item['metadata']['version']}"
                       + (" (editable)" if item.get("download_info", {}).get("dir_info", {})
                          .get("editable") else "")
                       for item in json.loads(report.read_text())["install"])
    info.update(pip_dry_run_returncode=dry.returncode, pip_dry_run_output=dry.stderr[-3000:],
                pip_would_install=would)
    check = subprocess.run([python, "-m", "pip", "check"], cwd=ROOT, env=env, capture_output=True,
                           text=True, timeout=300)
    # the warm-up import: what every graded kernel loads, compiled once here (the sandbox
    # mounts the venv read-only, so a kernel could not write its bytecode)
    where = subprocess.run([python, "-c", "import hormonesim, hormonesim.book, hormonesim.coursework, "
                            "scipy.integrate, scipy.optimize, matplotlib.pyplot, ipykernel.kernelapp, "
                            "nbclient, ipywidgets; print(hormonesim.__file__)"],
                           cwd=base, env=env, capture_output=True, text=True, timeout=300)
    info.update(python=python, pip_check_returncode=check.returncode, pip_check=check.stdout[-3000:],
                hormonesim_file=where.stdout.strip(), import_errors=where.stderr[-3000:],
                import_returncode=where.returncode)
    return info


def _grade_book(base: Path, binder: Future) -> GradedRows:
    import shutil

    import hormonesim.coursework as cw

    info = binder.result()
    submissions = base / "submissions" / "instructor"
    submissions.mkdir(parents=True)
    for path in cw.chapter_notebooks(ROOT):
        shutil.copy(path, submissions / path.name)
    start = time.perf_counter()
    rows = cw.grade(submissions.parent, base / "grades.csv", timeout_s=NOTEBOOK_TIMEOUT_S, jobs=2,
                    source=ROOT, python=info["python"])
    # rows of exercises with a written part only (status "written", graded by hand) stay in the
    # CSV, .csv below; the rows returned are those the grader checked against the model
    graded = GradedRows(r for r in rows if r["status"] != "written")
    graded.csv, graded.python = base / "grades.csv", info["python"] or sys.executable
    graded.seconds = time.perf_counter() - start
    return graded


def start_chapter_runs() -> None:
    """Start (once) the Binder venv, the grader's run of every chapter and the run of the pages
    without exercises, in the background."""
    if "grading" in _WORK:
        return
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="hil-book-run-"))
    _WORK["base"] = base
    _WORK["binder"] = _POOL.submit(_make_binder_env, base)
    _WORK["grading"] = _POOL.submit(_grade_book, base, _WORK["binder"])
    _WORK["pages"] = _POOL.submit(_run_pages_without_exercises, _WORK["binder"])


def _start_module_job(module) -> None:
    """Start (once) ``module.START_IN_BACKGROUND`` on a fresh temporary folder."""
    import tempfile

    if module.__name__ not in _WORK:
        base = Path(tempfile.mkdtemp(prefix="hil-background-"))
        _WORK.setdefault("bases", []).append(base)
        _WORK[module.__name__] = _POOL.submit(module.START_IN_BACKGROUND, base)


def background_result(module_name: str):
    """The result of module ``module_name``'s START_IN_BACKGROUND job (started here if it was
    not started when collection ended)."""
    _start_module_job(sys.modules[module_name])
    return _WORK[module_name].result()


@pytest.fixture(scope="session")
def binder_env() -> dict:
    """What making the Binder-equivalent venv gave (see :func:`_make_binder_env`)."""
    start_chapter_runs()
    return _WORK["binder"].result()


@pytest.fixture(scope="session")
def book_grading() -> "GradedRows":
    """Every chapter's instructor version (the book as written, student ``instructor``) graded
    by the course grader in its sandbox, each in a fresh kernel of the Binder venv (of this
    environment if that venv could not be made; test_binder then fails). Shared by the notebook
    tests (every chapter runs), the coursework tests (full marks) and the Binder test."""
    start_chapter_runs()
    return _WORK["grading"].result()


def run_notebooks(python: str, paths: list[Path], env: dict | None = None) -> list[dict]:
    """Execute ``paths`` with nbclient in ``python``'s environment, each in its own folder and a
    fresh kernel, two at a time: ``[{"notebook", "seconds", "error"}]``."""
    runner = r"""
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
    run = subprocess.run([python, "-c", runner, str(NOTEBOOK_TIMEOUT_S), *map(str, paths)],
                         cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=NOTEBOOK_TIMEOUT_S * max(1, len(paths)))
    if run.returncode != 0:
        return [{"notebook": str(p), "seconds": 0.0, "error": f"runner failed: {run.stderr[-1500:]}"}
                for p in paths]
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def pages_without_exercises() -> dict[Path, dict]:
    """The notebooks the grader does not run (appendix pages without exercises), executed once
    with the Binder venv's kernel (this environment's if the venv could not be made), in the
    background beside the grading (they used to start only when test_binder asked, at the end)."""
    start_chapter_runs()
    return _WORK["pages"].result()


def _run_pages_without_exercises(binder: Future) -> dict[Path, dict]:
    import hormonesim.coursework as cw

    binder_env = binder.result()
    graded = {p.name for p in cw.chapter_notebooks(ROOT)}
    paths = sorted(p for p in (ROOT / "chapters").rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts and p.name not in graded)
    if binder_env["python"]:
        python, env = binder_env["python"], binder_clean_env(Path(binder_env["bin"]))
    else:
        python, env = sys.executable, dict(os.environ, MPLBACKEND="Agg", HIL_STATIC_FRAMES="0")
    return {Path(r["notebook"]): r for r in run_notebooks(python, paths, env)}


class GradedRows(list):
    """The grader's rows, with ``.csv`` (the full grades file, written parts included), the
    ``.python`` that ran the notebooks and the grading's wall ``.seconds``."""

    csv: Path
    python: str
    seconds: float


# ------------------------------------------------------------------ headless browser (Playwright)
# Debian's chromium (apt-get install chromium) driven by Playwright's sync API: never a downloaded
# browser. Outside CI a missing chromium skips the browser tests with the package to install; with
# CI=true it fails them, so CI can never pass without having looked at the site in a browser.
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/lib/chromium/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-default-apps", "--mute-audio"]


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def require(condition: bool, message: str) -> None:
    """Skip (outside CI) or fail (CI=true) when a browser-test prerequisite is missing."""
    if condition:
        return
    if _in_ci():
        pytest.fail(f"{message} (CI=true: the browser tests are required, not optional)")
    pytest.skip(message)


def chromium_executable() -> str | None:
    """Path of the system chromium, or None (HIL_CHROMIUM, when set, is the only candidate)."""
    import shutil

    override = os.environ.get("HIL_CHROMIUM")
    candidates = [override] if override else [*CHROMIUM_CANDIDATES, shutil.which("chromium")]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def site_url(built_site):
    """Base URL of `_build/html` served on 127.0.0.1 (free port, a thread of this process)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args):  # keep pytest output readable
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(QuietHandler, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def chromium_browser():
    """A headless Debian chromium under Playwright (session-wide; pages get fresh contexts)."""
    exe = chromium_executable()
    require(exe is not None, "no chromium found: install the Debian package `chromium` "
                             "(apt-get install chromium) to run the browser tests")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "the Python package playwright is missing: run `make test-deps`")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
    except Exception as err:  # a broken chromium install is a failure, never a silent skip
        playwright.stop()
        pytest.fail(f"chromium at {exe} did not start under Playwright: {err}")
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()


@pytest.fixture(scope="session")
def visit(chromium_browser, site_url, axe_source):
    """visit(page) -> site_visits.Visit: each page of the built site loaded once per session in
    chromium, read by test_browser and test_solutions_hidden (tests/site_visits.py)."""
    from site_visits import visitor

    return visitor(chromium_browser, site_url, axe_source)


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's browser bundle from npm (node_modules/, git-ignored), installed on demand."""
    path = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if not path.exists():
        import shutil

        require(shutil.which("npm") is not None, "npm is missing: axe-core comes from npm "
                                                 "(install Debian's npm or Node.js)")
        proc = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT,
                              capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            pytest.fail(f"npm ci failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return path.read_text(encoding="utf-8")
