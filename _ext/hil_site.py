"""Site plumbing for Hormones in the Loop (a local Sphinx extension, loaded from `_config.yml`).

What it does, and why:

* **Self-hosted MathJax.** MathJax 3 comes from npm (`make assets` runs `npm ci` and copies
  `node_modules/mathjax/es5` to the git-ignored `vendor/mathjax`); `html_extra_path: [vendor]` puts
  it at `<site>/mathjax/`. It must not live in `_static/`: Jupyter Book injects every .js/.css found
  there into every page. This extension fails the build early, with the command to run, when the
  copy is missing.
* **No web-font request.** jupyterlite-sphinx registers a Google Fonts stylesheet on every page;
  the book needs no web font, so that stylesheet is dropped (the browser test blocks and reports
  every non-local request).
* **JupyterLite carries hormonesim.** A wheel of the package is built from the working tree into
  `_build/.jupyterlite/pypi/` at every build; jupyterlite's piplite addon copies it into `lite/pypi/` and
  lists it in `lite/pypi/all.json`, so `%pip install hormonesim` in the browser installs this
  version (its dependencies numpy, scipy and matplotlib come from the Pyodide distribution, which
  the Pyodide kernel fetches from its CDN at run time). The chapters are staged for JupyterLite
  in `_build/.jupyterlite/contents/chapters` with their hidden install cell (pip from GitHub, for Colab)
  swapped for a piplite install of that wheel.
* **A JupyterLite launch link that works at any depth and under any base URL.** sphinx-book-theme
  writes `launch_buttons.jupyterlite_url` verbatim; `_config.yml` gives it relative to the site
  root and this extension rewrites it, per page, into a page-relative link.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)

#: external stylesheets some extension registers although no reader needs them
DROPPED_CSS = ("fonts.googleapis.com",)
MATHJAX_ENTRY = "mathjax/tex-mml-chtml.js"  # inside vendor/, i.e. <site>/mathjax/...


def _check_mathjax(app: Sphinx, config) -> None:
    vendor = Path(app.srcdir, "vendor")
    if "vendor" in config.html_extra_path and not (vendor / MATHJAX_ENTRY).is_file():
        raise ExtensionError(
            f"self-hosted MathJax is missing ({vendor / MATHJAX_ENTRY}); run `make assets` "
            "(npm ci, then copy node_modules/mathjax/es5 to vendor/mathjax)")


def _drop_external_css(app: Sphinx, config) -> None:
    kept = []
    for filename, attrs in app.registry.css_files:
        if any(host in filename for host in DROPPED_CSS):
            LOGGER.info("hil_site: not loading %s on every page", filename)
            continue
        kept.append((filename, attrs))
    app.registry.css_files[:] = kept


def build_wheel(root: Path, dest: Path) -> Path:
    """Build a pure-Python wheel of hormonesim from `root` into `dest` (old wheels removed).

    Uses the already-installed build backend when it can (no network), pip's isolated build
    otherwise.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for old in dest.glob("hormonesim-*.whl"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        # build from a copy of the package sources: setuptools leaves build/ and *.egg-info behind
        src = Path(tmp, "src")
        src.mkdir()
        for name in ("pyproject.toml", "README.md", "LICENSE"):
            if (root / name).exists():
                shutil.copy2(root / name, src / name)
        shutil.copytree(root / "hormonesim", src / "hormonesim",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-cache-dir",
                   "--wheel-dir", str(dest), str(src)]
        # offline and fast with the environment's own setuptools; if that cannot build (too old,
        # no bdist_wheel), let pip fetch the build backend pyproject.toml asks for
        proc = subprocess.run(command[:4] + ["--no-build-isolation"] + command[4:],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            proc = subprocess.run(command, capture_output=True, text=True)
    if proc.returncode != 0:
        raise ExtensionError(f"building the hormonesim wheel for JupyterLite failed:\n"
                             f"{proc.stdout}\n{proc.stderr}")
    wheels = sorted(dest.glob("hormonesim-*.whl"))
    if len(wheels) != 1:
        raise ExtensionError(f"expected one hormonesim wheel in {dest}, found {wheels}")
    return wheels[0]


#: first cell of every chapter in the JupyterLite copy (the site's cell installs from GitHub, which
#: piplite cannot do; here `%pip` is piplite and finds the wheel this build ships in lite/pypi/)
LITE_INSTALL_CELL = (
    "# JupyterLite: install the hormonesim wheel shipped with this site. numpy, scipy and\n"
    "# matplotlib come with Pyodide (downloaded from the Pyodide CDN when the kernel starts).\n"
    "%pip install -q hormonesim ipywidgets\n"
)


def stage_lite_contents(chapters: Path, dest: Path) -> int:
    """Copy the chapters for JupyterLite, swapping each tagged install cell for LITE_INSTALL_CELL.

    Returns the number of notebooks whose install cell was swapped.
    """
    import json

    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(chapters, dest, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    swapped = 0
    for notebook in dest.rglob("*.ipynb"):
        nb = json.loads(notebook.read_text(encoding="utf-8"))
        cells = nb.get("cells", [])
        if cells and "colab-install" in cells[0].get("metadata", {}).get("tags", []):
            cells[0]["source"] = LITE_INSTALL_CELL
            swapped += 1
            notebook.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return swapped


def _lite_stage(app: Sphinx) -> Path:
    """Per-build working folder for JupyterLite inputs, next to the HTML output (`_build/.jupyterlite`).

    Keeping wheel, staged chapters and jupyterlite-sphinx's `_contents` out of the source tree lets
    several builds of one checkout (different --path-output) run at the same time.
    """
    return Path(app.outdir).parent / ".jupyterlite"


def _stage_lite_config(app: Sphinx, config) -> None:
    if "jupyterlite_sphinx" not in app.extensions:
        return
    # runs before jupyterlite-sphinx's own config-inited handler, which empties this folder; its
    # build passes the folder to `jupyter lite build --contents` as a content root, so
    # <stage>/contents/chapters/... appears in JupyterLite as chapters/... (the launch links' ?path=)
    config.jupyterlite_content_dir = os.path.relpath(_lite_stage(app) / "contents", app.srcdir)
    # not jupyterlite_contents: jupyterlite-sphinx 0.23 copies matched folders into <srcdir>/_contents
    config.jupyterlite_contents = None


def _prepare_lite(app: Sphinx) -> None:
    if "jupyterlite_sphinx" not in app.extensions:
        return
    source = Path(app.srcdir, app.config.jupyterlite_dir)  # committed: jupyter_lite_config.json
    stage = _lite_stage(app)
    stage.mkdir(parents=True, exist_ok=True)
    for config_file in source.glob("jupyter_lite_config.json"):
        shutil.copy2(config_file, stage / config_file.name)
    wheel = build_wheel(Path(app.srcdir), stage / "pypi")
    swapped = stage_lite_contents(Path(app.srcdir, "chapters"), stage / "contents" / "chapters")
    app.config.jupyterlite_dir = str(stage)
    LOGGER.info("hil_site: JupyterLite will carry %s and %d chapters", wheel.name, swapped)


def _page_relative_jupyterlite(app: Sphinx, pagename, templatename, context, doctree) -> None:
    lite = app.config.html_theme_options.get("launch_buttons", {}).get("jupyterlite_url", "")
    if not lite or "://" in lite or lite.startswith("/"):
        return
    for group in context.get("header_buttons", []):
        if group.get("label") != "launch-buttons":
            continue
        for button in group.get("buttons", []):
            url = button.get("url", "")
            if button.get("text") == "JupyterLite" and url.startswith(lite.rstrip("/") + "?"):
                query = url.split("?", 1)[1]
                key, _, path = query.partition("=")
                button["url"] = f"{context['pathto'](lite, 1)}?{key}={quote(path, safe='/')}"


def _dedupe_scripts(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Drop repeated identical inline scripts.

    sphinx-thebe's inline `const THEBE_JS_URL = ...` configuration reaches every page twice (once
    registered with filename None, once with "", so Sphinx does not see them as equal): the second
    copy throws "Identifier 'THEBE_JS_URL' has already been declared" on every page.
    """
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        key = (getattr(script, "filename", str(script)) or "",  # None and "" both mean inline
               tuple(sorted((k, str(v)) for k, v in getattr(script, "attributes", {}).items())))
        if key in seen:
            continue
        seen.add(key)
        unique.append(script)
    scripts[:] = unique


#: (old, new, why) rewrites of generated page bodies, for accessibility (axe-core, see test_browser.py)
BODY_FIXES = (
    # myst-nb's hidden-input toggle: its aria-label "Toggle hidden content" does not contain the
    # visible "Show code cell source" (label-content-name-mismatch, serious); without it the
    # accessible name is the visible text.
    ('<summary aria-label="Toggle hidden content">', "<summary>", "hide-input summary"),
    # docutils gives the bibliography role="list" whose children have role="doc-biblioentry",
    # which a list may not contain (aria-required-children, critical; doc-biblioentry is also
    # deprecated): keep the list semantics with list items.
    ('role="doc-biblioentry"', 'role="listitem"', "bibliography entries"),
)


def _accessible_body(app: Sphinx, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if not body:
        return
    for old, new, _why in BODY_FIXES:
        body = body.replace(old, new)
    context["body"] = body


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _check_mathjax)
    app.connect("config-inited", _drop_external_css)
    app.connect("config-inited", _stage_lite_config, priority=400)
    app.connect("builder-inited", _prepare_lite)
    # after sphinx-book-theme's add_launch_buttons (priority 501)
    app.connect("html-page-context", _page_relative_jupyterlite, priority=900)
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    app.connect("html-page-context", _accessible_body, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
