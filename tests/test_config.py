"""The repository URL lives in `_config.yml` only; every chapter's hidden Colab install cell and the
launch configuration agree with it (fast: reads files, builds nothing)."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
REPO_URL = CONFIG["repository"]["url"].rstrip("/")
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
NOTEBOOKS = [ROOT / f"{c['file']}.ipynb" for part in TOC["parts"] for c in part["chapters"]
             if (ROOT / f"{c['file']}.ipynb").exists()]
GIT_URL = re.compile(r"git\+(https?://[^\s\"'@#]+)")


def test_repository_url_is_a_github_https_url():
    parsed = urlparse(REPO_URL)
    assert parsed.scheme == "https" and parsed.netloc == "github.com"
    assert len(parsed.path.strip("/").split("/")) == 2, REPO_URL
    assert not REPO_URL.endswith(".git")


def test_launch_buttons_are_configured():
    launch = CONFIG["launch_buttons"]
    assert launch["binderhub_url"] == "https://mybinder.org"
    assert launch["colab_url"] == "https://colab.research.google.com"
    # site-relative: _ext/hil_site.py turns it into a page-relative link on every page
    assert launch["jupyterlite_url"] == "lite/lab/index.html"
    assert CONFIG["repository"].get("path_to_book", "") == "", \
        "JupyterLite's ?path= only matches its contents when the book sits at the repository root"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_first_cell_installs_hormonesim_from_the_repository(path):
    nb = json.loads(path.read_text())
    cell = nb["cells"][0]
    source = "".join(cell["source"])
    tags = set(cell.get("metadata", {}).get("tags", []))
    assert cell["cell_type"] == "code", f"{path.name}: the first cell is not the install cell"
    assert {"remove-cell", "colab-install"} <= tags, f"{path.name}: install cell tags are {tags}"
    urls = [u.removesuffix(".git").rstrip("/") for u in GIT_URL.findall(source)]
    assert urls, f"{path.name}: the install cell does not pip-install from a git URL"
    assert set(urls) == {REPO_URL}, f"{path.name}: installs from {urls}, _config.yml says {REPO_URL}"
    assert "%pip install" in source and "hormonesim" in source
    # only where hormonesim is missing (Colab): a local or Binder kernel keeps its own version
    assert "find_spec(\"hormonesim\")" in source or "find_spec('hormonesim')" in source


def test_install_cells_are_identical():
    first_cells = {"".join(json.loads(p.read_text())["cells"][0]["source"]) for p in NOTEBOOKS}
    assert len(first_cells) == 1, "chapters disagree on how Colab installs hormonesim"
