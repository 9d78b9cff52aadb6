"""The built site carries a JupyterLite deployment: every chapter as its contents and a wheel of
the current hormonesim in its piplite index, so `%pip install hormonesim` works in the browser.

(The Pyodide runtime itself, with numpy, scipy and matplotlib, is fetched from the Pyodide CDN when
a reader starts a kernel; it cannot be bundled from the registries this project builds from.)
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
import yaml

import hormonesim

ROOT = Path(__file__).resolve().parents[1]
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
NOTEBOOKS = [f"{c['file']}.ipynb" for part in TOC["parts"] for c in part["chapters"]
             if (ROOT / f"{c['file']}.ipynb").exists()]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def lite(built_site) -> Path:
    path = built_site / "lite"
    assert (path / "lab" / "index.html").exists(), "no JupyterLite lab app in _build/html/lite"
    return path


def test_jupyterlite_lists_every_chapter(lite):
    for notebook in NOTEBOOKS:
        assert (lite / "files" / notebook).exists(), f"{notebook} is not in JupyterLite's contents"
        listing = json.loads((lite / "api" / "contents" / Path(notebook).parent / "all.json")
                             .read_text())
        names = {item["name"] for item in listing["content"]}
        assert Path(notebook).name in names, f"{notebook} missing from the contents API"


def test_lite_chapters_install_the_shipped_wheel(lite):
    for notebook in NOTEBOOKS:
        source = json.loads((ROOT / notebook).read_text())["cells"]
        copy = json.loads((lite / "files" / notebook).read_text())["cells"]
        first = "".join(copy[0]["source"])
        assert "%pip install" in first and "hormonesim" in first and "git+" not in first, \
            f"{notebook}: the JupyterLite copy does not install the shipped wheel: {first!r}"
        assert [c["source"] for c in copy[1:]] == [c["source"] for c in source[1:]], \
            f"{notebook}: the JupyterLite copy differs from the chapter beyond its install cell"


def test_piplite_index_carries_the_current_hormonesim_wheel(lite):
    index = json.loads((lite / "pypi" / "all.json").read_text())
    assert "hormonesim" in index, f"hormonesim not in lite/pypi/all.json: {sorted(index)}"
    releases = index["hormonesim"]["releases"]
    assert hormonesim.__version__ in releases, f"versions in the index: {sorted(releases)}"
    files = releases[hormonesim.__version__]
    wheel = lite / "pypi" / files[0]["filename"]
    assert wheel.suffix == ".whl" and wheel.exists()
    with zipfile.ZipFile(wheel) as zf:
        packaged = {n for n in zf.namelist() if n.startswith("hormonesim/") and n.endswith(".py")}
    source = {p.relative_to(ROOT).as_posix() for p in (ROOT / "hormonesim").rglob("*.py")}
    assert source <= packaged, f"wheel lacks modules: {sorted(source - packaged)[:10]}"


def test_jupyterlite_settings_point_at_the_local_index(lite):
    settings = json.loads((lite / "jupyter-lite.json").read_text())
    kernel = settings["jupyter-config-data"]["litePluginSettings"][
        "@jupyterlite/pyodide-kernel-extension:kernel"]
    assert any(url.split("?")[0] == "./pypi/all.json" for url in kernel["pipliteUrls"]), kernel


def test_no_page_links_a_web_font(built_site):
    for page in built_site.rglob("*.html"):
        if "lite" in page.relative_to(built_site).parts:
            continue
        assert "fonts.googleapis.com" not in page.read_text(), page
