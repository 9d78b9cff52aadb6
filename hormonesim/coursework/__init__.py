"""The coursework floor: self-checks, the sealed answer key, release with per-student variants, grader.

The package has three floors; each may use the floors below it, never the ones above
(``ARCHITECTURE.md`` at the repository root is the map)::

    hormonesim.book, hormonesim.coursework     (side by side; book never imports coursework)
    hormonesim (the core)

Rule of this floor: it calls the core through its public API to compute expected answers and
never defines a model; it may import nbformat, nbclient and IPython (release and grading), but
what a reader's kernel loads (:mod:`~.checks`, :mod:`~.answers`, :mod:`~.key`) needs numpy and
the core only, so self-checks run in JupyterLite. The core never imports this floor: ``hs.checks``
is bound on first use.

What lives here
---------------
* :mod:`~.checks` - the self-check framework (``hs.checks.check``), variants (:class:`~.checks.Vary`)
  and written parts (:class:`~.checks.Written`). No public name returns an expected value.
* :mod:`~.key` - the answer key: one module per chapter with each exercise's definition and
  answer function. *Sealed*: left out of the package copy a graded notebook runs with.
* :mod:`~.answers` - helpers the chapters' figures and solutions call (public analysis).
* :mod:`~.markup` - reading a chapter: exercise directives, answer cells.
* :mod:`~.student_release` and :mod:`~.course` - the release (``make student``; with a roster,
  one folder per student with their own virtual patients, solved copies with rubrics), the
  course file and the LMS gradebook export.
* :mod:`~.grading` and :mod:`~.sandbox` - the grader (``make grade``): each notebook in a
  bubblewrap sandbox without the key, answers extracted as plain data and graded here.
* :mod:`~.cli` - ``python -m hormonesim.coursework {release,grade,gradebook,list}``.

Adding an exercise (chapter authors)
------------------------------------
1. **Question.** In the chapter notebook, a markdown cell with the exercise directive
   (``:label: ch4-ex4``) and its ``{solution} ch4-ex4`` dropdown; then three code cells: the
   answer cell ``answer_ch4_ex4 = ...  # your answer: ...`` tagged ``exercise-answer`` (metadata
   ``{"hormonesim": {"exercise": "ch4-ex4"}}``), the worked solution tagged ``solution`` and
   ``hide-input`` (it assigns ``answer_ch4_ex4`` with the book's values), and the self-check
   ``hs.checks.check("ch4-ex4", answer_ch4_ex4)``. A purely written exercise needs only the
   directive and its solution.
2. **Answer function, variant parameters, tolerance, rubric.** In the chapter's module of the
   answer key, ``hormonesim/coursework/key/ch04_testosterone_therapy.py``::

       @exercise("ch4-ex4", form="the trough total testosterone in ng/dL", unit="ng/dL",
                 rel_tol=0.05, hint="look at the last interval, just before the next injection.",
                 vary={"age": Vary(50, 35, 70, 1, "the man's age", "years"),
                       "dose_mg": Vary(200, 150, 250, 25, "cypionate dose", "mg")},
                 written=Written(1, "why the trough falls with age",
                                 ("1: names the mechanism in the model", "0: missing")))
       def _ch4_ex4(age, dose_mg):
           res = simulate(MaleHPG(age=age), dose("testosterone_cypionate", dose_mg, "mg",
                                                 every="14d"), duration="12w")
           return float(res["testosterone"][res.t_days >= 70].min())

   The function takes the varied parameters as keyword arguments (``Vary(book, low, high, step,
   label, unit)``, or ``choices=(...)``); the book's values are each ``Vary``'s first argument, so
   the website is unchanged. A parameter name shared by exercises of one chapter is the same
   parameter (the same virtual man). If an exercise's answer cannot vary, leave ``vary`` out and
   add it, with the reason, to ``key.NOT_VARIED``. ``note=`` adds instructions for students with
   a variant (e.g. "simulate instead of reading the figure"). Kinds: ``"number"`` (default,
   ``rel_tol``/``abs_tol``), ``"integer"`` (exact unless ``abs_tol``), ``"numbers"`` (a tuple,
   ``parts=(...)``, partial credit per part), ``"choice"`` (``choices=(...)``) and ``"written"``
   (no automatic part; ``written=`` is required).
3. **Rubric in the guide.** Add a row for the written part to the rubric table of
   ``chapters/appendix/instructor_guide.md`` and the exercise to its objective map.
4. ``pytest tests/test_coursework.py`` checks that each answer cell has an exercise, a solution
   and a self-check, that the release leaks no solution, that the book's solutions get full
   marks, that every model exercise varies (or is listed) and that the guide has its rubric.
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
