"""No solution is visible on the public site until the reader opens it (issue 16), checked on the
rendered pages in headless chromium (the fixtures of conftest.py), not on the notebooks' JSON.

On every chapter page, after load:
* every rendered solution (sphinx-exercise's ``.solution`` node) is a closed dropdown: nothing in it
  but its title has a visible box (CSS visibility, opacity and size, checked per element, so a
  descendant that made itself visible would be caught);
* no code cell tagged ``solution`` (myst-nb's ``.tag_solution``) renders outside a solution node,
  so neither its code nor its output can show;
* no line of any solution's text appears in the page's visible text (``innerText``), unless the
  page also shows that line outside every solution (an exercise's starter code, a printed hint);
* clicking a solution's title does reveal it (the dropdown works and the check above can see).

A chapter whose notebook still has solution cells outside ``solution-start``/``solution-end`` (the
old ``hide-input`` pattern, which hides only the code) is expected to fail until its chapter
branch is merged: it is marked xfail, non-strict, automatically from its source.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

from hormonesim.coursework.markup import SOLUTION_TAG, directives

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.browser, pytest.mark.slow]

TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
TOC_FILES = [c["file"] for part in TOC.get("parts", [{"chapters": TOC.get("chapters", [])}])
             for c in part["chapters"]]
CHAPTERS = [f for f in TOC_FILES if re.search(r"/\d\d_", f) and (ROOT / f"{f}.ipynb").exists()]


def _unconverted(page: str) -> bool:
    """The chapter still has a solution cell outside a gated solution (old hide-input pattern)."""
    nb = nbformat.read(ROOT / f"{page}.ipynb", as_version=4)
    gated = False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for d in directives(cell.source):
                gated = {"solution-start": True, "solution-end": False}.get(d.name, gated)
        elif SOLUTION_TAG in cell.metadata.get("tags", []) and not gated:
            return True
    return False


def _pages():
    for page in CHAPTERS:
        marks = [pytest.mark.xfail(strict=False, reason="chapter not converted to gated solutions yet "
                                   "(filled in by the chapter branches)")] if _unconverted(page) else []
        yield pytest.param(page, marks=marks, id=page.rsplit("/", 1)[-1][:2])


@pytest.fixture(scope="module")
def rendered(visit, built_site):
    """rendered(page) -> what SOLUTIONS_PROBE saw on the page as loaded, with "opened" (the
    session's one visit of the page, tests/site_visits.py)."""

    def _rendered(page: str) -> dict:
        assert (built_site / f"{page}.html").exists(), f"{page}.html was not built"
        return visit(page).solutions

    return _rendered


def _lines(text: str) -> list[str]:
    """Distinctive lines of a solution's text (long enough not to occur by chance)."""
    return [ln.strip() for ln in text.splitlines() if len(ln.strip()) >= 30]


@pytest.mark.parametrize("page", list(_pages()))
def test_solutions_are_closed_dropdowns(rendered, page):
    r = rendered(page)
    assert r["solutions"], f"{page}: no solution rendered (every chapter has exercises)"
    for s in r["solutions"]:
        assert "dropdown" in s["classes"].split(), f"{page}: solution {s['id']} is not a dropdown"
        assert not s["shown"], f"{page}: solution {s['id']} shows {s['shown'][:5]} before it is opened"


@pytest.mark.parametrize("page", list(_pages()))
def test_no_solution_cell_outside_a_solution(rendered, page):
    stray = rendered(page)["stray"]
    assert not stray, f"{page}: solution cells render outside a solution dropdown: {stray}"


@pytest.mark.parametrize("page", list(_pages()))
def test_no_solution_text_in_the_visible_page(rendered, page):
    r = rendered(page)
    visible = " ".join(r["visibleText"].split())
    outside = " ".join(r["outsideText"].split())
    leaks = [ln for s in r["solutions"] for ln in _lines(s["text"])
             if " ".join(ln.split()) in visible and " ".join(ln.split()) not in outside]
    assert not leaks, f"{page}: solution text visible without opening a dropdown: {leaks[:3]}"


@pytest.mark.parametrize("page", list(_pages()))
def test_opening_a_solution_reveals_it(rendered, page):
    """The check can see: once its title is clicked, the first solution's content is visible."""
    assert rendered(page)["opened"], f"{page}: opening the first solution shows nothing"
