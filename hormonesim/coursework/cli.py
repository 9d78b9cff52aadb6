"""The coursework command line: ``python -m hormonesim.coursework {release,grade,gradebook,list}``.

Every argument is checked before any work starts; a bad one ends the command at once with a
message naming it (exit status 2).
"""
from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import nbformat

from . import checks
from .markup import REPO_ROOT, _exercise_key, chapter_notebooks, exercise_labels, graded_exercises


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a finite number of seconds > 0, got {text!r}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {text!r}")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hormonesim.coursework",
                                     description="Student release and grading of the book's exercises.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_rel = sub.add_parser("release", help="write the student release of every chapter notebook")
    p_rel.add_argument("--out", default=str(REPO_ROOT / "_build" / "student"))
    p_rel.add_argument("--source", default=str(REPO_ROOT), help="book root (default: this repository)")
    p_rel.add_argument("--roster", help="CSV with a 'student' column: one variant per student")
    p_rel.add_argument("--with-solutions", action="store_true",
                       help="also write solved notebooks with rubrics to OUT/_instructor/solutions")
    p_rel.add_argument("--salt", help="course salt (default: reuse OUT/_instructor/course.json, else new)")
    p_rel.add_argument("--chapters", nargs="+", help="only these chapters (e.g. 01 04 09)")
    p_grade = sub.add_parser("grade", help="grade submitted notebooks into a CSV")
    p_grade.add_argument("--submissions", required=True)
    p_grade.add_argument("--grades", required=True)
    p_grade.add_argument("--course", help="OUT/_instructor/course.json of a roster release")
    p_grade.add_argument("--feedback", help="folder for the executed notebooks with feedback")
    p_grade.add_argument("--timeout", type=_seconds, default=300.0, help="seconds per notebook (300)")
    p_grade.add_argument("--jobs", type=_positive_int, default=None, help="notebooks run in parallel")
    p_grade.add_argument("--errors", choices=("partial", "zero"), default="partial")
    p_grade.add_argument("--sandbox", choices=("auto", "bwrap", "none"), default="auto",
                         help="isolation of each notebook (auto: bwrap when it works)")
    p_grade.add_argument("--source", default=str(REPO_ROOT))
    p_grade.add_argument("--python", help="interpreter whose environment runs the notebooks "
                         "(e.g. env/bin/python; default: this one)")
    p_book = sub.add_parser("gradebook", help="one row per student for an LMS gradebook")
    p_book.add_argument("--grades", required=True)
    p_book.add_argument("--out", required=True)
    p_book.add_argument("--course", help="include every roster student (zeros if nothing handed in)")
    p_list = sub.add_parser("list", help="list each chapter's exercises and which are graded")
    p_list.add_argument("--source", default=str(REPO_ROOT))
    p_exec = sub.add_parser("_execute", help=argparse.SUPPRESS)
    p_exec.add_argument("notebook")
    p_exec.add_argument("out")
    p_exec.add_argument("status")
    p_exec.add_argument("--timeout", type=float, required=True)
    p_exec.add_argument("--cwd", required=True)
    args = parser.parse_args(argv)
    if args.command == "_execute":
        from .grading import _execute_worker
        return _execute_worker(args.notebook, args.out, args.status, args.timeout, args.cwd)
    try:
        return _run(args)
    except ValueError as e:
        parser.exit(2, f"{parser.prog} {args.command}: error: {e}\n")


def _run(args) -> int:
    if args.command == "release":
        from .student_release import release
        written = release(args.out, args.source, roster=args.roster,
                          with_solutions=args.with_solutions, salt=args.salt,
                          chapters=args.chapters)
        print(f"wrote {len(written)} student notebooks to {args.out}")
        if args.roster:
            print(f"course file for the grader (keep it, do not hand it out): "
                  f"{Path(args.out) / '_instructor' / 'course.json'}")
        return 0
    if args.command == "grade":
        from .grading import _summary, grade
        # grade() checks the submissions folder, the grades path and the interpreter before it
        # loads the course or runs anything
        rows = grade(args.submissions, args.grades, args.timeout, args.jobs, args.errors, args.source,
                     progress=lambda line: print(line, file=sys.stderr, flush=True),
                     course=args.course or None, sandbox=args.sandbox, feedback=args.feedback,
                     python=args.python)
        print(_summary(rows))
        print(f"wrote {len(rows)} rows to {args.grades}")
        return 0
    if args.command == "gradebook":
        from .course import gradebook
        table = gradebook(args.grades, args.out, args.course)
        print(f"wrote {len(table)} students to {args.out}")
        return 0
    print(exercise_table(Path(args.source)))
    return 0


def exercise_table(root: Path = REPO_ROOT) -> str:
    """Plain-text table of every chapter's exercises: solution present, graded, points."""
    lines = [f"{'chapter':<38} {'exercise':<10} {'solution':<9} {'graded':<7} {'points':<7} "
             f"{'written':<8} varies"]
    for path in chapter_notebooks(root):
        nb = nbformat.read(path, as_version=4)
        graded = set(graded_exercises(nb))
        for label, info in sorted(exercise_labels(nb).items(), key=lambda kv: _exercise_key(kv[0])):
            spec = checks._lookup(label) if label in graded else None
            points = spec.points if spec else 0
            written = spec.written.points if spec and spec.written else 0
            varies = ", ".join(spec.vary) if spec and spec.vary else "-"
            lines.append(f"{path.stem:<38} {label:<10} {'yes' if info['solution'] else 'NO':<9} "
                         f"{'yes' if label in graded else 'no':<7} {points:<7g} {written:<8g} {varies}")
    return "\n".join(lines)
