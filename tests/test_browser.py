"""The site as readers meet it, in a real browser: headless Debian chromium driven by Playwright,
the network limited to a local server of `_build/html`.

Every page: the educational notice is shown, nothing is requested from outside the local server,
no console or page error, axe-core finds no serious or critical accessibility violation.
Every chapter page: a painted figure with descriptive alt text, Binder/Colab/JupyterLite launch
links to the repository of `_config.yml`. Static explorers: moving the range input with the
keyboard changes the visible figure.

JupyterLite: its lab app opens a chapter with no network beyond the local server (its Pyodide
kernel runtime, downloaded from the Pyodide CDN, is the one documented exception).

Each page is loaded once per session (`visit`); the tests read what that visit recorded.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
TOC_FILES = [c["file"] for part in TOC["parts"] for c in part["chapters"]]
#: every page of the site a reader can reach (plus Sphinx's index and search pages)
PAGES = [TOC["root"], *TOC_FILES, "genindex", "search"]
#: chapter pages are the notebook pages: they carry figures and launch buttons
CHAPTERS = [f for f in TOC_FILES if (ROOT / f"{f}.ipynb").exists()]
SCREENSHOTS = ROOT / "_build" / "screenshots"
#: accessibility impacts that fail the build
BLOCKING_IMPACTS = ("serious", "critical")


def _repository() -> tuple[str, str, str]:
    url = CONFIG["repository"]["url"].rstrip("/")
    parsed = urlparse(url)
    assert parsed.netloc == "github.com", f"launch tests expect a GitHub repository, got {url}"
    org, repo = parsed.path.strip("/").split("/")[:2]
    return org, repo, CONFIG["repository"].get("branch", "main")


@dataclass
class Visit:
    """What one page load showed and logged."""

    url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    broken_local: list[str] = field(default_factory=list)
    dom: dict = field(default_factory=dict)
    axe: list[dict] = field(default_factory=list)
    #: each static explorer: its range input reachable by keyboard, the frame shown before and
    #: after one arrow key (chapters only, after axe ran on the page as loaded)
    explorers: list[dict] = field(default_factory=list)
    explorer_errors: list[str] = field(default_factory=list)


DOM_PROBE = """() => {
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
                           && !el.closest('[hidden]');
  const main = document.querySelector('main') || document.body;
  const notice = document.querySelector('.bd-header-announcement');
  return {
    notice: notice && visible(notice) ? notice.innerText : '',
    images: [...main.querySelectorAll('img')].map((img) => ({
      src: (img.currentSrc || img.src).slice(0, 80), alt: img.getAttribute('alt') || '',
      width: img.naturalWidth, height: img.naturalHeight, complete: img.complete,
      visible: visible(img), frame: img.classList.contains('hil-frame')})),
    links: [...document.querySelectorAll('a[href]')].map((a) => a.href),
    mathjax: document.querySelectorAll('mjx-container').length,
    rawMath: document.querySelectorAll('.math:not(:has(mjx-container))').length,
  };
}"""

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' '))}));
}"""


def _new_page(browser, site_url: str, visit: Visit, service_workers: str = "block"):
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  service_workers=service_workers)

    def only_local(route):
        url = route.request.url
        if url.startswith(site_url) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            visit.outside_requests.append(url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.on("console", lambda msg: msg.type == "error" and visit.console_errors.append(
        f"{msg.text} [{msg.location.get('url', '')}:{msg.location.get('lineNumber', '')}]"))
    page.on("pageerror", lambda err: visit.page_errors.append(str(err)))
    page.on("response", lambda resp: resp.status >= 400 and visit.broken_local.append(
        f"{resp.status} {resp.url}"))
    return context, page


def _load(page, url: str) -> None:
    page.goto(url, wait_until="load")
    try:
        page.wait_for_load_state("networkidle", timeout=5000)
    except Exception:  # noqa: BLE001 - a page that keeps polling is reported by other checks
        pass
    if page.locator(".math").count():  # MathJax typesets after load
        try:
            page.wait_for_function("() => !window.MathJax || !MathJax.startup || "
                                   "MathJax.startup.promise", timeout=5000)
            page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        except Exception:  # noqa: BLE001 - reported by test_math_is_typeset
            pass


@pytest.fixture(scope="session")
def visit(chromium_browser, site_url, axe_source):
    """visit(page) -> Visit, loading each page once per session."""
    cache: dict[str, Visit] = {}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def _visit(name: str) -> Visit:
        if name in cache:
            return cache[name]
        record = Visit(url=urljoin(site_url, f"{name}.html"))
        context, page = _new_page(chromium_browser, site_url, record)
        try:
            _load(page, record.url)
            record.dom = page.evaluate(DOM_PROBE)
            if name in CHAPTERS:
                page.screenshot(path=str(SCREENSHOTS / f"{name.replace('/', '__')}.png"))
            page.add_script_tag(content=axe_source)
            record.axe = page.evaluate(AXE_RUN)
            if name in CHAPTERS:       # the same load, then the keyboard on every explorer
                errors_before = len(record.page_errors) + len(record.console_errors)
                record.explorers = _press_each_explorer(page)
                record.explorer_errors = (record.page_errors + record.console_errors)[errors_before:]
        finally:
            context.close()
        cache[name] = record
        return record

    return _visit


def test_every_built_page_is_visited(built_site):
    skip = {"lite", "_static", "_sources", "_images", "mathjax", "screenshots"}
    built = {str(p.relative_to(built_site).with_suffix("")) for p in built_site.rglob("*.html")
             if not skip & set(p.relative_to(built_site).parts)}
    built.discard("index")  # a redirect to the root page
    assert built <= set(PAGES), f"pages the browser test does not visit: {sorted(built - set(PAGES))}"


@pytest.mark.parametrize("name", PAGES)
def test_page_shows_notice_and_loads_nothing_from_outside(visit, name):
    v = visit(name)
    assert "Educational use only" in v.dom["notice"] and "not medical advice" in v.dom["notice"], \
        f"{name}: the educational-use notice is not shown"
    assert not v.outside_requests, f"{name} requested from outside the site: {v.outside_requests}"
    assert not v.broken_local, f"{name}: broken local resources: {v.broken_local}"


@pytest.mark.parametrize("name", PAGES)
def test_page_logs_no_errors(visit, name):
    v = visit(name)
    assert not v.page_errors, f"{name}: uncaught script errors: {v.page_errors}"
    assert not v.console_errors, f"{name}: console errors: {v.console_errors}"


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_violations(visit, name):
    v = visit(name)
    blocking = [f"{x['id']} ({x['impact']}): {x['help']} at {x['nodes']}" for x in v.axe
                if x["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"{name}: axe-core violations:\n" + "\n".join(blocking)


@pytest.mark.parametrize("name", PAGES)
def test_math_is_typeset(visit, name):
    v = visit(name)
    assert v.dom["rawMath"] == 0, f"{name}: {v.dom['rawMath']} formulas left untypeset (MathJax)"


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_paints_a_described_figure(visit, name):
    v = visit(name)
    painted = [img for img in v.dom["images"]
               if img["visible"] and img["complete"] and img["width"] > 0 and img["height"] > 0]
    assert painted, f"{name}: no painted figure (images: {v.dom['images'][:5]})"
    figures = [img for img in painted if img["width"] >= 150]  # not icons or logos
    assert figures, f"{name}: only small images painted: {painted[:5]}"
    for img in figures:
        alt = img["alt"].strip()
        assert len(alt) >= 40 and not re.match(r"(image|figure|png|plot)\b", alt, re.I), \
            f"{name}: figure {img['src']} lacks descriptive alt text: {alt!r}"


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_has_launch_links_to_the_repository(visit, name):
    org, repo, branch = _repository()
    notebook = f"{name}.ipynb"
    links = visit(name).dom["links"]
    binder = f"https://mybinder.org/v2/gh/{org}/{repo}/{branch}?urlpath=lab/tree/{notebook}"
    colab = f"https://colab.research.google.com/github/{org}/{repo}/blob/{branch}/{notebook}"
    assert binder in links, f"{name}: no Binder link {binder}"
    assert colab in links, f"{name}: no Colab link {colab}"
    lite = [url for url in links if "/lite/lab/index.html" in url]
    assert lite, f"{name}: no JupyterLite link"
    parsed = urlparse(lite[0])
    assert parse_qs(parsed.query).get("path") == [notebook], lite[0]
    site_root = urlparse(visit(name).url).path.rsplit(name, 1)[0]
    assert parsed.path == f"{site_root}lite/lab/index.html", f"{name}: {lite[0]}"
    assert (ROOT / "_build" / "html" / "lite" / "files" / notebook).exists(), \
        f"{notebook} is not in the JupyterLite contents"


EXPLORER_SHOWN = """(root) => {
  const img = [...root.querySelectorAll('img.hil-frame')].find((i) => !i.hidden);
  const out = root.querySelector('output');
  return img ? {src: img.src.slice(-200), alt: img.alt, width: img.naturalWidth,
                visible: img.getBoundingClientRect().height > 0,
                label: out ? out.textContent : ''} : null;
}"""


def _press_each_explorer(page) -> list[dict]:
    """Focus each static explorer's range input and press one arrow key (left at the maximum):
    what it showed before and after, and whether the input was keyboard reachable."""
    results = []
    explorers = page.locator(".hil-explorer")
    for i in range(explorers.count()):
        root = explorers.nth(i)
        slider = root.locator("input[type=range]")
        if not slider.count():
            results.append({"range_input": False})
            continue
        before = root.evaluate(EXPLORER_SHOWN)
        reachable = slider.evaluate("(el) => el.tabIndex >= 0 && !el.disabled")
        slider.focus()
        focused = slider.evaluate("(el) => document.activeElement === el")
        at_max = slider.evaluate("(el) => Number(el.value) >= Number(el.max)")
        page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
        results.append({"range_input": True, "before": before, "reachable": reachable,
                        "focused": focused, "after": root.evaluate(EXPLORER_SHOWN)})
    return results


@pytest.mark.parametrize("name", CHAPTERS)
def test_static_explorers_respond_to_the_keyboard(visit, built_site, name):
    if 'class="hil-explorer"' not in (built_site / f"{name}.html").read_text():
        pytest.skip(f"{name} has no static explorer")
    record = visit(name)
    sliders = [x for x in record.explorers if x["range_input"]]
    assert sliders, f"{name}: explorers without a range input"
    for i, x in enumerate(sliders):
        before, after = x["before"], x["after"]
        assert before and before["visible"] and before["width"] > 0, f"{name}: no frame shown"
        assert x["reachable"], f"{name}: the explorer's range input is not keyboard reachable"
        assert x["focused"], f"{name}: explorer {i}'s range input does not take the focus"
        assert after and after["visible"] and after["width"] > 0, f"{name}: frame not painted"
        assert after["src"] != before["src"], f"{name}: explorer {i} did not change its figure"
        assert after["label"] != before["label"], f"{name}: explorer {i} readout unchanged"
        assert after["alt"].strip(), f"{name}: explorer {i} frame has no alt text"
    assert not record.explorer_errors, \
        f"{name}: errors while moving explorers: {record.explorer_errors}"


def test_site_has_static_explorers(built_site):
    pages = [n for n in CHAPTERS if 'class="hil-explorer"' in (built_site / f"{n}.html").read_text()]
    assert pages, "no chapter page carries a static explorer"


#: the one outside request the JupyterLite copy makes (not the static site): the Pyodide runtime,
#: which no registry here can provide (see README, "In the browser, no server")
PYODIDE_CDN = "https://cdn.jsdelivr.net/pyodide/"


def test_jupyterlite_opens_a_chapter_offline(chromium_browser, site_url):
    notebook = f"{CHAPTERS[0]}.ipynb"
    record = Visit(url=urljoin(site_url, f"lite/lab/index.html?path={notebook}"))
    context, page = _new_page(chromium_browser, site_url, record, service_workers="allow")
    try:
        page.goto(record.url, wait_until="load")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        # the cell editors render shortly after the cells appear
        page.wait_for_function("() => (document.querySelector('.jp-Notebook .jp-Cell') || {})"
                               ".innerText?.includes('%pip install -q hormonesim')", timeout=30_000)
    finally:
        context.close()
    outside = [u for u in record.outside_requests if not u.startswith(PYODIDE_CDN)]
    assert not outside, f"JupyterLite requested from outside the site: {outside}"
    # console errors here are JupyterLite's own reports of the blocked kernel download; any
    # uncaught error would mean a broken lite site (service workers must be allowed: with them
    # blocked, JupyterLite's kernel start fails with an uncaught `undefined`)
    errors = [e for e in record.page_errors if PYODIDE_CDN not in e]
    assert not errors, f"JupyterLite errors besides the (blocked) Pyodide download: {errors}"
