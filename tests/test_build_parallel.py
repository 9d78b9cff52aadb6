"""_ext/hil_build.py: a small Sphinx project built the way the book is (myst-nb executing every
notebook, the extensions Jupyter Book loads, this one on top), in two processes."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
import hil_build  # noqa: E402

pytestmark = pytest.mark.slow

CONF = f"""
import sys
sys.path.insert(0, {str(ROOT / "_ext")!r})
extensions = ["myst_nb", "sphinx_multitoc_numbering", "sphinx_jupyterbook_latex", "hil_build"]
nb_execution_mode = "force"
nb_merge_streams = True
numfig = True
exclude_patterns = ["_build"]
"""

FIGURES = """# Page {name}

```{{figure}} dot.svg
:name: {name}-first

The first figure of {name}.
```

```{{figure}} dot.svg
:name: {name}-second

The second figure of {name}.
```

See {{numref}}`{other}-second` and {{numref}}`{name}-first`.
"""

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><circle cx="2" cy="2" r="2"/></svg>'


def _notebook(path: Path, title: str, code: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {title}"), nbformat.v4.new_code_cell(code)]
    nbformat.write(nb, path)


def _project(tmp_path: Path, failing: bool = False) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF)
    (src / "dot.svg").write_text(SVG)
    notebooks = ["nb_small", "nb_large"]
    pages = ["page_a", "page_b", "page_c"]
    (src / "index.md").write_text("# Index\n\n```{toctree}\n" + "\n".join(notebooks + pages)
                                  + "\n```\n")
    # each line printed as one string: print('a', 1) writes 'a', ' ' and '1' separately, and a
    # kernel flushing between them under load splits the line (myst-nb's stream merge then
    # puts a line break at the split)
    _notebook(src / "nb_small.ipynb", "Small", "print(f'small {6 * 7}')\nprint('second line')")
    big = "import time\nfor i in range(3):\n    print(f'large {i}', flush=True)\n    time.sleep(0.2)"
    _notebook(src / "nb_large.ipynb", "Large", big + "\n" + "# padding\n" * 200
              + ("raise RuntimeError('this chapter fails')" if failing else ""))
    for name, other in zip(pages, pages[1:] + pages[:1]):
        (src / f"{name}.md").write_text(FIGURES.format(name=name, other=other))
    return src


def _build(src: Path, jobs: int) -> subprocess.CompletedProcess:
    env = dict(os.environ, HIL_BUILD_JOBS=str(jobs), MPLBACKEND="Agg",
               IPYTHONDIR=str(ROOT / ".ipython"))
    return subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going",
                           "-n", str(src), str(src / "_build" / "html")],
                          env=env, capture_output=True, text=True, timeout=600)


def test_notebooks_execute_in_two_processes_and_the_site_is_complete(tmp_path):
    src = _project(tmp_path)
    proc = _build(src, jobs=2)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-3000:]
    assert "reading and executing documents in 2 processes" in log
    assert "serial read" not in log and "WARNING" not in log
    assert log.count("Executed notebook") == 2
    html = src / "_build" / "html"
    small = (html / "nb_small.html").read_text()
    # the two prints of one cell are one output block (nb_merge_streams)
    assert re.search(r"small 42\s*\nsecond line", small)
    large = (html / "nb_large.html").read_text()
    assert all(f"large {i}" in large for i in range(3))
    # numbered references resolve to the right figure of the right page, the references to
    # other pages' figures included (their doctrees kept while pages are written); figures are
    # numbered through the book in toctree order: page_a's are 1 and 2, page_b's 3 and 4, ...
    number = {f"{page}-{which}".replace("_", "-"): f"Fig. {2 * k + i + 1}"
              for k, page in enumerate(("page_a", "page_b", "page_c"))
              for i, which in enumerate(("first", "second"))}
    for name, other in (("page_a", "page_b"), ("page_b", "page_c"), ("page_c", "page_a")):
        page = (html / f"{name}.html").read_text()
        refs = dict(re.findall(
            r'href="[^"]*#([\w-]+)"><span class="std std-numref">([^<]+)</span>', page))
        wanted = [f"{other}-second".replace("_", "-"), f"{name}-first".replace("_", "-")]
        assert refs == {target: number[target] for target in wanted}, refs


def test_a_failing_chapter_fails_the_parallel_build(tmp_path):
    src = _project(tmp_path, failing=True)
    proc = _build(src, jobs=2)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "nb_large" in log and "Executing notebook failed" in log


def test_documents_are_read_largest_notebook_first_other_pages_in_one_task(tmp_path):
    src = _project(tmp_path)

    class Env:
        @staticmethod
        def doc2path(name):
            return src / (f"{name}.ipynb" if name.startswith("nb_") else f"{name}.md")

    class App:
        env = Env()

    names = ["index", "nb_large", "nb_small", "page_a", "page_b", "page_c"]
    chunks = hil_build._largest_first(App())(names, 2)
    assert chunks[:2] == [["index", "page_a", "page_b", "page_c"], ["nb_large"]]
    assert chunks[2:] == [["nb_small"]]
    assert sorted(sum(chunks, [])) == names


def test_build_jobs_come_from_the_environment_or_the_cpus(monkeypatch):
    monkeypatch.setenv("HIL_BUILD_JOBS", "3")
    assert hil_build.build_jobs() == 3
    monkeypatch.delenv("HIL_BUILD_JOBS")
    assert hil_build.build_jobs() >= 1
    for bad in ("0", "two", "-1"):
        monkeypatch.setenv("HIL_BUILD_JOBS", bad)
        with pytest.raises(ValueError, match="HIL_BUILD_JOBS"):
            hil_build.build_jobs()


def test_pybtex_plugin_lookup_is_cached_and_returns_the_same_plugins():
    import pybtex.plugin

    before = {(group, name): pybtex.plugin.find_plugin(group, name)
              for group, name in (("pybtex.style.formatting", "plain"),
                                  ("pybtex.backends", "html"), ("pybtex.backends", "plaintext"))}
    hil_build._cache_pybtex_entry_points()
    assert getattr(pybtex.plugin.entry_points, "_hil_cached", False)
    for (group, name), plugin in before.items():
        assert pybtex.plugin.find_plugin(group, name) is plugin
    with pytest.raises(pybtex.plugin.PluginNotFound):
        pybtex.plugin.find_plugin("pybtex.backends", "no-such-backend")
