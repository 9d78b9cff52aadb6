"""Reading the book's chapters: where exercises, answer cells and solutions are (coursework floor).

How exercises are marked up in a chapter (the instructor version is the book's notebook)
---------------------------------------------------------------------------------------
* a markdown cell with a sphinx-exercise ``{exercise}`` directive (``:label: ch4-ex1``) and,
  normally in the same or the next markdown cell, its ``{solution} ch4-ex1`` (``:class: dropdown``);
* for a checkable exercise, after the exercise directive:

  1. the answer cell, tagged ``exercise-answer`` with ``metadata["hormonesim"]["exercise"]``
     naming the exercise: ``answer_ch4_ex1 = ...  # your answer: ...``;
  2. the instructor's solution cell, tagged ``solution`` (and ``hide-input`` for the site), which
     assigns ``answer_ch4_ex1``;
  3. the self-check: ``hs.checks.check("ch4-ex1", answer_ch4_ex1)``.

The expected answer of each checkable exercise is computed by its chapter's module of the
sealed answer key, :mod:`hormonesim.coursework.key`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import checks

REPO_ROOT = Path(__file__).resolve().parents[2]
CHAPTER_LEVELS = ("fundamentals", "intermediate", "academic")
ANSWER_TAG = "exercise-answer"
SOLUTION_TAG = "solution"
CHECK_TAG = "exercise-check"
GRADER_TAG = "hormonesim-grader"
META = "hormonesim"
CAPTURE_MIME = "text/x-hormonesim-capture"
CSV_FIELDS = ("student", "notebook", "exercise", "points", "max_points", "manual_points",
              "manual_max_points", "status", "message", "seconds", "variant")

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|:{3,})\{(?P<name>[a-z-]+)\}[ \t]*"
                         r"(?P<arg>.*?)[ \t]*$")


@dataclass(frozen=True)
class Directive:
    """A fenced MyST directive found in a markdown cell (character offsets into its source)."""

    name: str         # "exercise", "solution", "solution-start", "solution-end", ...
    label: str        # the exercise label (from :label: or the solution's argument)
    start: int
    end: int          # one past the closing fence's line end
    body: str         # the content between the fences, options included


def directives(markdown: str) -> list[Directive]:
    """Fenced directives (``` or ::: fences) in ``markdown``, outermost only, in order.

    Directives without a closing fence (``solution-start``/``solution-end`` markers) end at their
    own line, or at their first blank line if they carry options.
    """
    lines = markdown.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    found, i = [], 0
    while i < len(lines):
        m = _FENCE_OPEN.match(lines[i].rstrip("\n"))
        if not m:
            i += 1
            continue
        fence, name, arg = m.group("fence"), m.group("name"), m.group("arg")
        j = i + 1
        close = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        while j < len(lines) and not close.match(lines[j].rstrip("\n")):
            j += 1
        if j == len(lines):            # unclosed: a marker, or a malformed block; stop at its line
            j = i
        body = "".join(lines[i + 1:j])
        label = arg.strip()
        label_opt = re.search(r"^[ \t]*:label:[ \t]*(\S+)", body, flags=re.M)
        if label_opt and name.startswith("exercise"):
            label = label_opt.group(1)
        found.append(Directive(name, label, offsets[i], offsets[j + 1], body))
        i = j + 1
    return found


def exercise_labels(nb) -> dict[str, dict]:
    """Every exercise of a notebook: ``{label: {"solution": bool, "answer_cell": bool}}``."""
    out: dict[str, dict] = {}
    solutions = set()
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for d in directives(cell.source):
                if d.name in ("exercise", "exercise-start") and d.label:
                    out.setdefault(d.label, {"solution": False, "answer_cell": False})
                elif d.name in ("solution", "solution-start") and d.label:
                    solutions.add(d.label)
    for label in out:
        out[label]["solution"] = label in solutions
    for exercise_id in answer_cells(nb):
        out.setdefault(exercise_id, {"solution": exercise_id in solutions, "answer_cell": False})
        out[exercise_id]["answer_cell"] = True
    return out


_ANSWER_ASSIGNMENT = re.compile(r"^answer_(ch\d+)_(ex\d+)\s*=", flags=re.M)


def answer_cells(nb) -> dict[str, int]:
    """``{exercise_id: cell index}`` of the answer cells (tag ``exercise-answer``).

    The exercise id comes from ``metadata["hormonesim"]["exercise"]`` or, failing that, from the
    ``answer_ch<n>_ex<m> = ...`` assignment in the cell.
    """
    out = {}
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and ANSWER_TAG in cell.metadata.get("tags", []):
            exercise_id = cell.metadata.get(META, {}).get("exercise")
            if not exercise_id:
                m = _ANSWER_ASSIGNMENT.search(cell.source)
                exercise_id = f"{m.group(1)}-{m.group(2)}" if m else None
            if exercise_id:
                out[exercise_id] = i
    return out


def answer_variable(exercise_id: str) -> str:
    """Name of the variable holding an exercise's answer: ``ch1-ex1`` -> ``answer_ch1_ex1``."""
    return "answer_" + exercise_id.replace("-", "_")


def gradable_exercises(nb) -> list[str]:
    """Exercises of a (master) notebook with an automatically graded answer: an answer cell and
    a registered exercise with an answer function."""
    known = {e for e in checks.registered() if checks._lookup(e).kind != "written"}
    return [e for e in answer_cells(nb) if e in known]


def graded_exercises(nb) -> list[str]:
    """Every graded exercise of a (master) notebook: automatically graded ones, then those with
    a written part only (registered with ``kind="written"``), in exercise order."""
    auto = gradable_exercises(nb)
    written = [e for e in exercise_labels(nb) if e in set(checks.registered()) and e not in auto
               and checks._lookup(e).written is not None]
    return auto + sorted(written, key=_exercise_key)


def chapter_notebooks(root: Path = REPO_ROOT) -> list[Path]:
    """Every chapter notebook (fundamentals, intermediate, academic), in book order."""
    return [p for level in CHAPTER_LEVELS
            for p in sorted((Path(root) / "chapters" / level).glob("*.ipynb"))]


def _exercise_key(exercise_id: str):
    nums = re.findall(r"\d+", exercise_id)
    return tuple(int(n) for n in nums) if nums else (0,)
