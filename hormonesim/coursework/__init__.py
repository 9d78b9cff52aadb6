"""The coursework floor: self-checks, exercise answers, the student release and the grader.

The package has three floors; each may use the floors below it, never the ones above
(``ARCHITECTURE.md`` at the repository root is the map)::

    hormonesim.book, hormonesim.coursework     (side by side; book never imports coursework)
    hormonesim (the core)

Rule of this floor: it calls the core through its public API to compute expected answers and
never defines a model; it may import nbformat, nbclient and IPython (release and grading), but
the self-checks a reader calls (:mod:`~hormonesim.coursework.checks` and
:mod:`~hormonesim.coursework.answers`) load numpy and the core only, so they run in JupyterLite.
The core never imports this floor: ``hs.checks`` is bound on first use.

What lives here
---------------
* :mod:`~hormonesim.coursework.checks` - the self-check framework (``hs.checks.check``).
* :mod:`~hormonesim.coursework.answers` - the exercise answers, one module per chapter
  (``answers/ch06_keeping_the_axis_running.py`` for chapter 6).
* :mod:`~hormonesim.coursework.markup` - reading a chapter: exercise directives, answer cells.
* :mod:`~hormonesim.coursework.student_release` - the student release (``make student``).
* :mod:`~hormonesim.coursework.grading` and :mod:`~hormonesim.coursework.tamper` - the grader
  (``make grade``) and its scan for tampering with the checks.
* :mod:`~hormonesim.coursework.cli` - ``python -m hormonesim.coursework {release,grade,list}``.

The release and grading functions (``release``, ``grade``, ``chapter_notebooks``, ...) are
attributes of this package too; they are imported on first use so that a self-check does not
load nbformat.
"""
from . import checks
from . import answers  # noqa: F401  (the helpers the chapters call)

#: module that holds each name offered here; imported on first use (they need nbformat)
_LAZY = {
    "markup": ("ANSWER_TAG", "CAPTURE_MIME", "CHAPTER_LEVELS", "CHECK_TAG", "CSV_FIELDS",
               "GRADER_TAG", "META", "REPO_ROOT", "SOLUTION_TAG", "Directive", "answer_cells",
               "answer_variable", "chapter_notebooks", "directives", "exercise_labels",
               "gradable_exercises", "graded_exercises"),
    "student_release": ("release", "release_notebook", "solution_leaks", "solved_notebook",
                        "variant_notebook"),
    "course": ("Course", "gradebook", "read_roster"),
    "grading": ("Execution", "execute_submission", "grade", "grade_notebook"),
    "cli": ("exercise_table", "main"),
}
_HOME = {name: module for module, names in _LAZY.items() for name in names}

__all__ = ["answers", "checks", *_HOME]


def __getattr__(name: str):
    if name in _HOME:
        import importlib
        value = getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_HOME))
