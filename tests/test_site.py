"""The built site as files: every chapter page has a rendered, described figure and the notice."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = []
    for part in toc.get("parts", []):
        files += [c["file"] for c in part.get("chapters", [])]
    return files


CHAPTER_PAGES = [f for f in _toc_files() if re.search(r"/\d\d_", f)]
ALL_PAGES = ["intro"] + _toc_files()


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


@pytest.mark.slow
@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_chapter_has_rendered_described_figure(built_site, page):
    text = (built_site / f"{page}.html").read_text()
    parser = _Images()
    parser.feed(text)
    figures = [img for img in parser.images if img.get("src", "").startswith("data:image/png")
               or "_images/" in img.get("src", "")]
    assert figures, f"{page}: no rendered figure"
    for img in figures:
        alt = (img.get("alt") or "").strip()
        assert len(alt) >= 40 and not alt.lower().startswith(("image", "figure", "png")), \
            f"{page}: a figure lacks descriptive alt text: {alt!r}"
    assert "PLACEHOLDER" not in text, f"{page} is still a placeholder"


@pytest.mark.slow
@pytest.mark.parametrize("page", ALL_PAGES)
def test_every_page_shows_the_educational_notice(built_site, page):
    text = (built_site / f"{page}.html").read_text()
    assert "Educational use only" in text and "not medical advice" in text


@pytest.mark.slow
def test_no_widget_javascript_from_a_cdn(built_site):
    for page in ALL_PAGES:
        text = (built_site / f"{page}.html").read_text()
        assert "cdn.jsdelivr.net/npm/@jupyter-widgets" not in text
        assert "unpkg.com/@jupyter-widgets" not in text
