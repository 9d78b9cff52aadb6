"""A course: its roster and salt (per-student variants), and the gradebook export (coursework floor).

``python -m hormonesim.coursework release --roster roster.csv --out DIR`` writes, for each
student of the roster, ``DIR/<student>/<level>/<chapter>.ipynb`` whose exercises use that
student's virtual patient, and ``DIR/_instructor/course.json`` (salt and roster) for the grader
(``grade --course DIR/_instructor/course.json``); ``--with-solutions`` adds each student's solved
notebooks with the rubrics under ``DIR/_instructor/solutions/<student>/``. Hand out the student
folders only. A student's parameter values come from ``sha256(salt | student | chapter |
parameter)`` (:func:`hormonesim.coursework.checks.variant`), so the release, the student's
self-checks and the grader agree without storing any answer.
"""
from __future__ import annotations

import csv
import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from . import checks
from .markup import _exercise_key

_STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$")


@dataclass(frozen=True)
class Course:
    """A course release: the salt its variants are drawn with and its roster of student ids."""

    salt: str
    students: tuple

    def params(self, exercise_id: str, student: str) -> dict:
        """The student's parameter values for an exercise (KeyError if not on the roster)."""
        if student not in self.students:
            raise KeyError(f"{student!r} is not on the course roster")
        return checks.variant(exercise_id, student, self.salt)

    def save(self, path: Path | str) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps({"salt": self.salt, "students": list(self.students)},
                                         indent=1) + "\n")

    @classmethod
    def load(cls, path: Path | str) -> "Course":
        """Read ``course.json`` (written by the release). Raises ValueError if malformed."""
        path = Path(path)
        if not path.is_file():
            raise ValueError(f"course file {str(path)!r} not found: it is written by "
                             "`release --roster ... --out DIR` as DIR/_instructor/course.json")
        try:
            data = json.loads(path.read_text())
            salt, students = data["salt"], tuple(data["students"])
        except (ValueError, KeyError, TypeError) as e:
            raise ValueError(f"course file {str(path)!r} is malformed: {e}") from None
        if not isinstance(salt, str) or not salt or not all(isinstance(s, str) for s in students):
            raise ValueError(f"course file {str(path)!r} is malformed: needs a salt and student ids")
        return cls(salt, students)


def read_roster(path: Path | str) -> tuple:
    """Student ids from a CSV with a ``student`` column (other columns are ignored).

    Raises
    ------
    ValueError
        No such file, no ``student`` column, an empty, duplicate or unsafe id (ids name folders:
        letters, digits and ``._@+-``, starting with a letter or digit).
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"roster {str(path)!r} not found")
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or "student" not in [n.strip() for n in reader.fieldnames]:
            raise ValueError(f"roster {str(path)!r} needs a 'student' column, has "
                             f"{reader.fieldnames}")
        ids = [(row.get("student") or row.get(" student") or "").strip() for row in reader]
    if not ids:
        raise ValueError(f"roster {str(path)!r} lists no students")
    seen = set()
    for i, sid in enumerate(ids, start=2):
        if not _STUDENT_ID.match(sid):
            raise ValueError(f"roster line {i}: student id {sid!r} must be letters, digits or ._@+- "
                             "(it names the student's folder)")
        if sid in seen:
            raise ValueError(f"roster line {i}: student id {sid!r} appears twice")
        seen.add(sid)
    return tuple(ids)


def new_course(roster: Path | str, existing: Path | str | None = None, salt: str | None = None) -> Course:
    """A course for a roster: the salt of ``existing`` (re-releasing keeps every variant), the
    given one, or a fresh random salt."""
    students = read_roster(roster)
    if salt is None and existing is not None and Path(existing).is_file():
        salt = Course.load(existing).salt
    return Course(salt or secrets.token_hex(16), students)


def gradebook(grades: Path | str, out: Path | str, course: Course | Path | str | None = None) -> list[dict]:
    """One row per student, one column per exercise (automatic + manual points), plus totals.

    ``manual_points`` the instructor left empty count as 0 and are counted in the
    ``written_ungraded`` column, so a gradebook with ungraded written parts is visible as such.
    With a course, every roster student gets a row (zeros for nothing handed in).
    """
    grades = Path(grades)
    if not grades.is_file():
        raise ValueError(f"grades file {str(grades)!r} not found")
    if course is not None and not isinstance(course, Course):
        course = Course.load(course)
    with open(grades, newline="") as f:
        rows = [r for r in csv.DictReader(f) if r.get("exercise")]
    exercises = sorted({r["exercise"] for r in rows}, key=_exercise_key)
    students = sorted({r["student"] for r in rows} | set(course.students if course else ()))
    maximum = {}
    for r in rows:
        manual_max = float(r.get("manual_max_points") or 0)
        maximum[r["exercise"]] = float(r["max_points"] or 0) + manual_max
    table = []
    for s in students:
        line = {"student": s}
        ungraded = 0
        for e in exercises:
            mine = [r for r in rows if r["student"] == s and r["exercise"] == e]
            points = 0.0
            for r in mine:
                try:
                    points += float(r["points"] or 0)
                    manual = (r.get("manual_points") or "").strip()
                    if manual:
                        points += float(manual)
                    elif r.get("manual_max_points"):
                        ungraded += 1
                except ValueError as err:
                    raise ValueError(f"grades row {s}/{e}: points must be numbers ({err})") from None
            line[e] = round(points, 4)
        line["total"] = round(sum(line[e] for e in exercises), 4)
        line["max_total"] = round(sum(maximum[e] for e in exercises), 4)
        line["written_ungraded"] = ungraded
        table.append(line)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["student", *exercises, "total", "max_total",
                                               "written_ungraded"])
        writer.writeheader()
        writer.writerows(table)
    return table
