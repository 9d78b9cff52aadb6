"""Build time for Hormones in the Loop (a local Sphinx extension, loaded from `_config.yml`).

Every build executes every chapter (``execute_notebooks: force``); this extension makes that
build shorter without reusing anything from an earlier build. What it does, and why:

* **Chapters execute side by side.** Sphinx reads documents in ``HIL_BUILD_JOBS`` processes
  (default: the CPUs this process may run on; ``1`` reads in turn), and myst-nb executes a
  notebook while its document is read, so that many chapters execute at once. Jupyter Book's
  command line has no ``-j``; the build's ``app.parallel`` is set here instead (and Sphinx then
  writes pages in as many processes too). One read task per notebook, the largest first, and
  one task for all the other pages: Sphinx's own batches of ten would give one process nine
  chapters and the other five.
* **Two extensions Jupyter Book loads are declared safe for parallel reading.** They declare
  nothing, so Sphinx would read in turn (with a warning, an error under ``-W``).
  sphinx-multitoc-numbering (loaded by sphinx-external-toc) only replaces
  ``TocTreeCollector.assign_section_numbers``, which Sphinx calls in the main process after
  every document has been read. sphinx-jupyterbook-latex's read-time transforms only annotate
  the document being read, and it writes to the environment only for the LaTeX builder.
* **pybtex looks up each plugin's entry point once.** sphinxcontrib-bibtex asks pybtex for its
  style and backend plugins at every citation it resolves, and each lookup scanned the entry
  points of every installed distribution (about 8 s of a build, in a profile). The scan's
  result is cached per (group, name); plugins registered at run time are still looked up first.
* **A numbered reference unpickles its target's page once.** Sphinx's ``{numref}`` resolution
  unpickles the whole doctree of the target page for every reference (149 references, about
  6 s); the last few doctrees it read are kept while pages are written.

The site is the same as a build in one process (compared page by page when this was written;
``nb_merge_streams`` in `_config.yml` makes a cell's printed output one block however the
kernel flushed it). tests/test_build_parallel.py builds a small project with this extension.
"""
from __future__ import annotations

import functools
import os
from collections import OrderedDict

from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)

#: extensions Jupyter Book loads that declare no parallel-read safety, and are safe (see above)
SAFE_UNDECLARED = ("sphinx_multitoc_numbering", "sphinx_jupyterbook_latex")
#: doctrees kept for numbered references while pages are written
NUMREF_DOCTREES_KEPT = 4
#: id(build environment) -> {docname: doctree}, the last NUMREF_DOCTREES_KEPT read, between the
#: end of reading and the end of the build
_NUMREF_DOCTREES: dict = {}


def build_jobs() -> int:
    """Processes that read (and execute) documents: ``HIL_BUILD_JOBS``, else the CPUs this
    process may use."""
    env = os.environ.get("HIL_BUILD_JOBS", "").strip()
    if env:
        if not env.isdigit() or int(env) < 1:
            raise ValueError(f"HIL_BUILD_JOBS = {env!r}; allowed: a whole number >= 1")
        return int(env)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:          # not Linux
        return max(1, os.cpu_count() or 1)


def _largest_first(app: Sphinx):
    """A replacement for Sphinx's ``make_chunks`` for reading: one task per notebook, larger
    notebooks first (a notebook's size stands in for its execution time), and the other pages
    together in one task started first.

    Each task costs a pickled copy of the whole environment (about 20 MB here, most of it
    sphinx-exercise's registry) sent back to the main process, so the pages that execute
    nothing share one task.
    """
    from pathlib import Path

    def make_chunks(arguments, nproc, maxbatch=10):
        paths = {name: Path(app.env.doc2path(name)) for name in arguments}
        notebooks = sorted((name for name in arguments if paths[name].suffix == ".ipynb"),
                           key=lambda name: paths[name].stat().st_size, reverse=True)
        pages = [name for name in arguments if paths[name].suffix != ".ipynb"]
        tasks = ([pages] if pages else []) + [[name] for name in notebooks]
        # Sphinx's ParallelTasks starts the first nproc tasks at once; then, whenever a process
        # ends, the task added last among those waiting (dict.popitem): so the rest go in
        # ascending order, and the largest waiting notebook is the next to start
        return tasks[:nproc] + tasks[nproc:][::-1]

    return make_chunks


def _read_in_parallel(app: Sphinx, config) -> None:
    for name in SAFE_UNDECLARED:
        extension = app.extensions.get(name)
        if extension is not None and extension.parallel_read_safe is None:
            extension.parallel_read_safe = True
    jobs = build_jobs()
    if app.parallel <= 1 < jobs:
        app.parallel = jobs
    if app.parallel > 1:
        import sphinx.builders

        sphinx.builders.make_chunks = _largest_first(app)   # read's and write's chunks
        LOGGER.info("hil_build: reading and executing documents in %d processes", app.parallel)


def _cache_pybtex_entry_points() -> None:
    try:
        import pybtex.plugin as plugin
    except ImportError:
        return
    if getattr(plugin.entry_points, "_hil_cached", False):
        return
    scan = plugin.entry_points

    @functools.lru_cache(maxsize=None)
    def _scan(group, name):
        return tuple(scan(group=group, name=name)) if name is not None else tuple(
            scan(group=group))

    def entry_points(group, name=None):
        return _scan(group, name)

    entry_points._hil_cached = True
    plugin.entry_points = entry_points


def _numref_doctree_cache() -> None:
    from sphinx.domains.std import StandardDomain

    resolve = StandardDomain._resolve_numref_xref
    if getattr(resolve, "_hil_cached", False):
        return

    def _resolve_numref_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        kept = _NUMREF_DOCTREES.get(id(env))
        if kept is None:
            return resolve(self, env, fromdocname, builder, typ, target, node, contnode)
        read = type(env).get_doctree

        def get_doctree(docname):
            if docname in kept:
                kept.move_to_end(docname)
            else:
                kept[docname] = read(env, docname)
                while len(kept) > NUMREF_DOCTREES_KEPT:
                    kept.popitem(last=False)
            return kept[docname]

        env.get_doctree = get_doctree
        try:
            return resolve(self, env, fromdocname, builder, typ, target, node, contnode)
        finally:
            del env.get_doctree

    _resolve_numref_xref._hil_cached = True
    StandardDomain._resolve_numref_xref = _resolve_numref_xref


def _keep_numref_doctrees(app: Sphinx, env) -> None:
    # from the end of reading (the doctrees are final) to the end of the build
    _NUMREF_DOCTREES[id(env)] = OrderedDict()


def _drop_numref_doctrees(app: Sphinx, exception) -> None:
    _NUMREF_DOCTREES.clear()


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _read_in_parallel)
    _cache_pybtex_entry_points()
    _numref_doctree_cache()
    app.connect("env-updated", _keep_numref_doctrees)
    app.connect("build-finished", _drop_numref_doctrees)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
