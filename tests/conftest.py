"""Shared fixtures: the built site (built once per test session, exactly as `make book` does)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"


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
# The two site builds (the book, and the student edition of test_student_site.py) each execute every
# chapter in one kernel at a time, so each keeps about one core busy. Started as soon as collection
# ends, they run while the unit and property tests use the other core; the fixtures that need a
# site wait for their build. Nothing is started when no selected test needs a site (make
# test-fast, -m "not slow") or when HIL_REUSE_SITE=1 reuses existing sites.
_BACKGROUND: dict[str, tuple[subprocess.Popen, Path]] = {}


def _reuse(html: Path) -> bool:
    return os.environ.get("HIL_REUSE_SITE") == "1" and (html / "intro.html").exists()


def _start(name: str, command: list[str], env: dict) -> None:
    log = ROOT / "_build" / f"{name}-build.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:  # the child keeps its own handle
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    _BACKGROUND[name] = (proc, log)


def pytest_collection_finish(session):
    if session.config.option.collectonly:
        return
    needed = set()
    for item in session.items:
        needed.update(getattr(item, "fixturenames", ()))
    if "built_site" in needed and not _reuse(SITE):
        _ensure_assets()
        _start("book", _book_command(), _book_env())
    if "student_html" in needed and not _reuse(ROOT / "_build" / "student-html"):
        _ensure_assets()
        _start("student-site", [sys.executable, str(ROOT / "_ext" / "student_site.py")],
               _book_env())


def background_build(name: str, timeout_s: float = 2400) -> tuple[int, str] | None:
    """Wait for the background build ``name``: (return code, tail of its log), or None if this run
    did not start one."""
    if name not in _BACKGROUND:
        return None
    proc, log = _BACKGROUND[name]
    try:
        code = proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        code = proc.wait()
    tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-60:])
    return code, tail


def pytest_sessionfinish(session, exitstatus):
    for proc, _ in _BACKGROUND.values():  # an interrupted run leaves no build behind
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def site(name: str, html: Path, build_here, what: str) -> Path:
    """``html`` of the site build ``name``: reused (HIL_REUSE_SITE=1), else the background build
    started after collection, else ``build_here()`` (a CompletedProcess); fails with the tail of
    the build's output when it does not build with -W -n."""
    if _reuse(html):
        return html
    started = background_build(name)
    if started is None:
        proc = build_here()
        started = (proc.returncode, "\n".join((proc.stdout + proc.stderr).splitlines()[-60:]))
    code, tail = started
    if code != 0:
        pytest.fail(f"{what} does not build with -W -n:\n{tail}")
    return html


@pytest.fixture(scope="session")
def built_site() -> Path:
    """Path of `_build/html`, freshly built in this session (set HIL_REUSE_SITE=1 to reuse)."""
    return site("book", SITE, build_book, "the book")
    started = background_build("book")
    if started is None:
        proc = build_book()
        started = (proc.returncode, "\n".join((proc.stdout + proc.stderr).splitlines()[-60:]))
    code, tail = started
    if code != 0:
        pytest.fail(f"the book does not build with -W -n:\n{tail}")
    return SITE


@pytest.fixture(scope="session")
def book_grading(tmp_path_factory) -> list[dict]:
    """Every chapter graded by the course grader, each run in a fresh kernel in a temporary
    folder: the instructor version (the book as written, student ``instructor``) and the blank
    student release (student ``blank``), in the grader's sandbox. Shared by the notebook tests
    (every chapter runs, in time) and the coursework tests (full marks and zero), so each chapter
    runs once per role."""
    import shutil

    import hormonesim.coursework as cw

    base = tmp_path_factory.mktemp("book-grading")
    submissions = base / "submissions"
    for role, paths in (("instructor", cw.chapter_notebooks(ROOT)),
                        ("blank", cw.release(base / "student", ROOT))):
        (submissions / role).mkdir(parents=True)
        for path in paths:
            shutil.copy(path, submissions / role / path.name)
    rows = cw.grade(submissions, base / "grades.csv", timeout_s=300, jobs=2, source=ROOT)
    # rows of exercises with a written part only (status "written", graded by hand) stay in the
    # CSV, .csv below; the rows returned are those the grader checked against the model
    graded = GradedRows(r for r in rows if r["status"] != "written")
    graded.csv = base / "grades.csv"
    return graded


class GradedRows(list):
    """The grader's rows, with ``.csv``: the full grades file (written parts included)."""

    csv: Path


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
