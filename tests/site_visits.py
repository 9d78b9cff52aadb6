"""One visit per page of the built site in headless chromium, shared by the browser tests.

Each page is loaded once per session (conftest's ``visit`` fixture): what the page showed and
logged (``Visit``), axe-core's findings, each static explorer before and after one key press, and
on chapter pages what the solution dropdowns show before and after the first one is opened.
tests/test_browser.py and tests/test_solutions_hidden.py read these records; they used to load
the chapter pages once each, which cost chromium about 20 CPU-s of every make test.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import yaml

ROOT = Path(__file__).resolve().parents[1]
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
TOC_FILES = [c["file"] for part in TOC["parts"] for c in part["chapters"]]
#: chapter pages are the notebook pages: they carry figures and launch buttons
CHAPTERS = [f for f in TOC_FILES if (ROOT / f"{f}.ipynb").exists()]
SCREENSHOTS = ROOT / "_build" / "screenshots"


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
    #: chapter pages: SOLUTIONS_PROBE's findings as loaded, and under "opened" what of the first
    #: solution is visible once its title is clicked (the last thing the visit does)
    solutions: dict = field(default_factory=dict)


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


SOLUTIONS_PROBE = """() => {
  const shown = (el) => el.checkVisibility({opacityProperty: true, visibilityProperty: true})
                        && el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().height > 0;
  const main = document.querySelector('main') || document.body;
  const parts = (s) => [...s.querySelectorAll('*')].filter((e) => !e.closest('.admonition-title'));
  return {
    solutions: [...main.querySelectorAll('.solution')].map((s) => ({
      id: s.id, classes: s.className,
      shown: parts(s).filter(shown).map((e) => `${e.tagName.toLowerCase()}.${e.className}`.slice(0, 80)),
      text: [...s.children].filter((c) => !c.classList.contains('admonition-title'))
              .map((c) => c.textContent).join('\\n'),
      code: s.querySelectorAll('.tag_solution').length,
      outputs: s.querySelectorAll('.cell_output').length})),
    stray: [...main.querySelectorAll('.tag_solution')].filter((c) => !c.closest('.solution'))
             .map((c) => c.textContent.trim().slice(0, 80)),
    visibleText: main.innerText,
    // the page's own text without any solution (a solution line that the chapter also shows
    // elsewhere, e.g. an exercise's starter code or a printed hint, is not a leak)
    outsideText: (() => { const copy = main.cloneNode(true);
                          copy.querySelectorAll('.solution, .tag_solution').forEach((e) => e.remove());
                          return copy.textContent; })(),
  };
}"""


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


def _open_first(tab) -> list[str]:
    """Click the first solution's title; return what of that solution is then visible."""
    title = tab.locator("main .solution .admonition-title").first
    if not title.count():
        return []
    title.click()
    tab.wait_for_timeout(600)  # the dropdown's opening transition
    return tab.evaluate("""() => {
      const s = document.querySelector('main .solution');
      return [...s.querySelectorAll('*')].filter((e) => !e.closest('.admonition-title')
        && e.checkVisibility({opacityProperty: true, visibilityProperty: true})
        && e.getBoundingClientRect().height > 0).map((e) => e.tagName.toLowerCase());
    }""")


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


def visitor(chromium_browser, site_url: str, axe_source: str):
    """visit(page) -> Visit, loading each page once (conftest.visit holds one per session)."""
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
            if name in CHAPTERS:       # the solutions as the page loaded, before anything is clicked
                record.solutions = page.evaluate(SOLUTIONS_PROBE)
            if name in CHAPTERS:
                page.screenshot(path=str(SCREENSHOTS / f"{name.replace('/', '__')}.png"))
            page.add_script_tag(content=axe_source)
            record.axe = page.evaluate(AXE_RUN)
            if name in CHAPTERS:       # the same load, then the keyboard on every explorer
                errors_before = len(record.page_errors) + len(record.console_errors)
                record.explorers = _press_each_explorer(page)
                record.explorer_errors = (record.page_errors + record.console_errors)[errors_before:]
                record.solutions["opened"] = _open_first(page)     # last: it opens a dropdown
        finally:
            context.close()
        cache[name] = record
        return record

    return _visit


