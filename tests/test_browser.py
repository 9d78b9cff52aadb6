"""The site as readers meet it, in a real browser: headless Debian chromium driven by Playwright,
the network limited to a local server of `_build/html`.

Every page: the educational notice is shown, nothing is requested from outside the local server,
no console or page error, axe-core finds no serious or critical accessibility violation.
Every chapter page: a painted figure with descriptive alt text, Binder/Colab/JupyterLite launch
links to the repository of `_config.yml`. Static explorers: moving the range input with the
keyboard changes the visible figure.

JupyterLite: its lab app opens a chapter with no network beyond the local server (its Pyodide
kernel runtime, downloaded from the Pyodide CDN, is the one documented exception).

Each page is loaded once per session (conftest's `visit`, tests/site_visits.py); the tests
read what that visit recorded, as tests/test_solutions_hidden.py does.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
import yaml

from site_visits import CHAPTERS, TOC, TOC_FILES, Visit, _new_page

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
#: every page of the site a reader can reach (plus Sphinx's index and search pages)
PAGES = [TOC["root"], *TOC_FILES, "genindex", "search"]
#: accessibility impacts that fail the build
BLOCKING_IMPACTS = ("serious", "critical")


def _repository() -> tuple[str, str, str]:
    url = CONFIG["repository"]["url"].rstrip("/")
    parsed = urlparse(url)
    assert parsed.netloc == "github.com", f"launch tests expect a GitHub repository, got {url}"
    org, repo = parsed.path.strip("/").split("/")[:2]
    return org, repo, CONFIG["repository"].get("branch", "main")


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
