"""The student release: every chapter notebook with its solutions removed (coursework floor).

``release`` removes every solution (directive blocks, gated ``solution-start``/``solution-end``
ranges and cells tagged ``solution``), turns exercise directives into plain markdown a notebook
interface can show, clears outputs and refuses to write a notebook in which a solution survives.
Command line: ``python -m hormonesim.coursework release --out _build/student`` (``make student``).

With a roster (``--roster roster.csv``) it writes one folder per student whose exercises use
that student's virtual patient (:mod:`.course`): a ``use_variant`` cell before the first answer
cell and, at each varied exercise, a note with the student's values. ``--with-solutions`` adds
each student's solved notebooks (the answer key's values for their patient, and the rubrics of
the written parts) under ``_instructor/solutions/``.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Sequence

import nbformat

from . import checks
from .course import new_course
from .markup import (META, REPO_ROOT, SOLUTION_TAG, answer_cells, answer_variable,
                     chapter_notebooks, directives, gradable_exercises, graded_exercises)

VARIANT_TAG = "exercise-variant"
RUBRIC_TAG = "exercise-rubric"
INSTRUCTOR_DIR = "_instructor"

def _strip_solutions(markdown: str) -> str:
    """Remove solution directive blocks; turn exercise directives into plain markdown."""
    out, pos = [], 0
    for d in directives(markdown):
        out.append(markdown[pos:d.start])
        if d.name == "exercise":
            text = "\n".join(line for line in d.body.splitlines()
                             if not re.match(r"^[ \t]*:[a-z-]+:", line)).strip("\n")
            out.append(f"**Exercise {d.label}.**\n{text}\n")
        elif not d.name.startswith("solution"):
            out.append(markdown[d.start:d.end])
        pos = d.end
    out.append(markdown[pos:])
    return re.sub(r"\n{3,}", "\n\n", "".join(out)).strip("\n")


def release_notebook(nb):
    """The student version of an instructor notebook (a new notebook; ``nb`` is unchanged).

    Removes cells tagged ``solution``, solution directives and everything between a
    ``solution-start`` and its ``solution-end``; clears outputs.

    Raises
    ------
    ValueError
        If a solution would survive in the release (an unclosed gated solution, for example).
    """
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    cells, in_gated = [], False
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "markdown":
            names = [d.name for d in directives(cell.source)]
            if "solution-end" in names:
                in_gated = False
                cell.source = _strip_solutions(cell.source)
            elif "solution-start" in names:
                in_gated = True
                cell.source = _strip_solutions(cell.source)
            elif in_gated:
                continue
            else:
                cell.source = _strip_solutions(cell.source)
            if not cell.source.strip():
                continue
        elif in_gated or SOLUTION_TAG in tags:
            continue
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
    if in_gated:
        raise ValueError("a {solution-start} has no {solution-end}: refusing to release a solution")
    nb.cells = cells
    nb.metadata[META] = {"release": "student"}
    leaks = solution_leaks(nb)
    if leaks:
        raise ValueError("solutions survived the release: " + "; ".join(leaks))
    return nb


def solution_leaks(nb) -> list[str]:
    """Where a notebook still holds a solution (empty for a clean student release)."""
    leaks = []
    for i, cell in enumerate(nb.cells):
        if SOLUTION_TAG in cell.metadata.get("tags", []):
            leaks.append(f"cell {i} is tagged {SOLUTION_TAG!r}")
        if cell.cell_type == "markdown" and re.search(r"\{solution(-start|-end)?\}", cell.source):
            leaks.append(f"cell {i} has a solution directive")
    return leaks


_STUDENT_NOTE = (
    "> **Student version.** Work through the chapter, then answer each exercise in the cell that "
    "says `# your answer` (replace `...`). The cell after it checks your answer and says whether "
    "it is right or what to look at. Save the notebook and hand it in as your course asks.")


def release(out: Path | str = REPO_ROOT / "_build" / "student", root: Path | str = REPO_ROOT,
            roster: Path | str | None = None, with_solutions: bool = False,
            salt: str | None = None, chapters: Sequence[str] | None = None) -> list[Path]:
    """Write the student release of every chapter notebook.

    Parameters
    ----------
    out : path
        Output folder: ``out/<level>/<name>.ipynb`` without a roster, ``out/<student>/<level>/
        <name>.ipynb`` with one (and ``out/_instructor/course.json`` for the grader).
    root : path
        Book root.
    roster : path, optional
        CSV with a ``student`` column: one variant per student.
    with_solutions : bool
        Also write solved notebooks with rubrics to ``out/_instructor/solutions/<student>/``
        (``out/_instructor/solutions/`` for the book's variant without a roster).
    salt : str, optional
        Course salt (default: the one in an existing ``out/_instructor/course.json``, else new).
    chapters : sequence of str, optional
        Only these chapters (file-name prefixes such as ``"01"`` or ``"04_testosterone"``).

    Returns
    -------
    list of Path
        The student notebooks written (solved notebooks not included).
    """
    out, root = Path(out), Path(root)
    paths = chapter_notebooks(root)
    if chapters is not None:
        paths = [p for p in paths if any(p.stem.startswith(str(c)) for c in chapters)]
        if not paths:
            raise ValueError(f"chapters {list(chapters)!r} match no chapter notebook")
    masters = [(path, nbformat.read(path, as_version=4)) for path in paths]
    releases = [(path, release_notebook(nb), nb) for path, nb in masters]
    course = None
    if roster is not None:
        course = new_course(roster, out / INSTRUCTOR_DIR / "course.json", salt)
        course.save(out / INSTRUCTOR_DIR / "course.json")
    written = []
    for student in (course.students if course else (None,)):
        folder = out / student if student else out
        for path, nb, master in releases:
            ids = graded_exercises(master)
            params = {e: course.params(e, student) if course else checks.variant(e) for e in ids}
            mine = variant_notebook(nb, student, params) if course else _copy(nb)
            if answer_cells(mine):
                note = nbformat.v4.new_markdown_cell(_STUDENT_NOTE)
                first_md = next((i for i, c in enumerate(mine.cells) if c.cell_type == "markdown"), 0)
                mine.cells.insert(first_md + 1, note)
            target = folder / path.parent.name / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(mine, target)
            written.append(target)
            if with_solutions:
                solved = solved_notebook(mine, master, params, student)
                target = out / INSTRUCTOR_DIR / "solutions" / (student or "") / path.parent.name / path.name
                target.parent.mkdir(parents=True, exist_ok=True)
                nbformat.write(solved, target)
        _write_readme(folder, root, student)
    return written


def _copy(nb):
    return nbformat.from_dict(json.loads(json.dumps(nb)))


def variant_notebook(nb, student: str, params: dict):
    """A student's copy of a released notebook: a ``use_variant`` cell before the first answer
    cell and, before each answer cell of an exercise with varied parameters or a note, a
    markdown cell with the student's values (``params``: exercise id -> values)."""
    nb = _copy(nb)
    answers = answer_cells(nb)
    if not answers:
        return nb
    cells, placed = [], False
    varied = {e: p for e, p in params.items() if e in answers}
    for i, cell in enumerate(nb.cells):
        exercise_id = next((e for e, j in answers.items() if j == i), None)
        if exercise_id is not None:
            if not placed:
                code = (f"# Your course release (student {student!r}): these are the parameters of "
                        "your own virtual patients.\n# Do not edit: the grader takes your variant "
                        "from your hand-in folder, not from this cell.\n"
                        "from hormonesim.coursework.checks import use_variant\n"
                        f"use_variant({student!r}, {json.dumps(varied)})")
                setup = nbformat.v4.new_code_cell(code)
                setup.metadata["tags"] = [VARIANT_TAG]
                cells.append(setup)
                placed = True
            text = checks.variant_note(exercise_id, params.get(exercise_id, {}))
            if text.strip():
                note = nbformat.v4.new_markdown_cell(
                    f"**Your version of {exercise_id}.** Use these values where the exercise gives "
                    f"the book's:\n\n{text}")
                note.metadata["tags"] = [VARIANT_TAG]
                cells.append(note)
        cells.append(cell)
    nb.cells = cells
    nb.metadata[META] = {"release": "student", "student": student}
    return nb


def _literal(value) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(_literal(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, float):
        return repr(round(value, 10))
    return repr(value)


def solved_notebook(nb, master, params: dict, student: str | None):
    """The instructor's solved copy of a student's notebook: each answer cell holds the answer
    key's value for the student's variant, and each written part its rubric."""
    from .checks import _lookup, _target   # the answer key: instructor side only
    nb = _copy(nb)
    answers = answer_cells(nb)
    auto = set(gradable_exercises(master))
    cells = []
    header = nbformat.v4.new_markdown_cell(
        f"**Instructor copy, solved for {('student ' + repr(student)) if student else 'the book variant'}.** "
        "Answer cells hold the answer key's values for this variant; the book's solution dropdowns "
        "show the method (for the book's values). Rubrics of the written parts follow each "
        "exercise. Do not hand this out.")
    cells.append(header)
    for i, cell in enumerate(nb.cells):
        exercise_id = next((e for e, j in answers.items() if j == i), None)
        if exercise_id in auto:
            value = _target(_lookup(exercise_id), {**checks.variant(exercise_id), **params[exercise_id]})
            cell = _copy(cell)
            cell.source = (f"{answer_variable(exercise_id)} = {_literal(value)}  "
                           "# answer key, this student's variant")
        cells.append(cell)
        if exercise_id is not None:
            cells.extend(_rubric_cells([exercise_id]))
    written_only = [e for e in graded_exercises(master) if e not in auto]
    cells.extend(_rubric_cells(written_only))
    nb.cells = cells
    nb.metadata[META] = {"release": "solved", "student": student}
    return nb


def _rubric_cells(exercise_ids) -> list:
    out = []
    for e in exercise_ids:
        w = checks.written_parts(e)
        if w is None:
            continue
        text = "\n".join(f"- {line}" for line in w.rubric)
        cell = nbformat.v4.new_markdown_cell(
            f"**Rubric, {e}, written part ({w.points:g} points): {w.prompt}.**\n\n{text}")
        cell.metadata["tags"] = [RUBRIC_TAG]
        out.append(cell)
    return out


def _write_readme(folder: Path, root: Path, student: str | None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    who = f" for student `{student}`: your exercises use your own virtual patients" if student else ""
    (folder / "README.md").write_text(
        "# Hormones in the Loop: student notebooks\n\n"
        f"Generated from the book's chapters{who}: solutions removed, self-checks kept.\n"
        "Each notebook runs top to bottom as is; fill in the cells marked `# your answer`.\n"
        "`requirements.txt` sets up the environment (Binder reads it when this folder is a repository).\n")
    requirements = _student_requirements(root)
    if requirements:
        (folder / "requirements.txt").write_text(requirements)


def _student_requirements(root: Path) -> str:
    """The book's pinned requirements, installing hormonesim from the book's repository (so the
    student folder works on its own, e.g. as a Binder repository)."""
    req, config = root / "requirements.txt", root / "_config.yml"
    if not req.exists():
        return ""
    url = ""
    if config.exists():
        m = re.search(r"^repository:\s*\n(?:[ \t]+.*\n)*?[ \t]+url:[ \t]*(\S+)", config.read_text(), flags=re.M)
        url = m.group(1) if m else ""
    lines = []
    for line in req.read_text().splitlines():
        if line.strip() in ("-e .", "."):
            if not url:
                continue
            line = f"hormonesim @ git+{url}"
        lines.append(line)
    return "\n".join(lines) + "\n"


