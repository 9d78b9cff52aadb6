"""The coursework command line: ``python -m hormonesim.coursework {release,grade,list}``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

from . import checks
from .grading import _execute_worker, _summary, grade
from .markup import REPO_ROOT, _exercise_key, chapter_notebooks, exercise_labels, gradable_exercises
from .student_release import release


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hormonesim.coursework",
                                     description="Student release and grading of the book's exercises.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_rel = sub.add_parser("release", help="write the student release of every chapter notebook")
    p_rel.add_argument("--out", default=str(REPO_ROOT / "_build" / "student"))
    p_rel.add_argument("--source", default=str(REPO_ROOT), help="book root (default: this repository)")
    p_grade = sub.add_parser("grade", help="grade submitted notebooks into a CSV")
    p_grade.add_argument("--submissions", required=True)
    p_grade.add_argument("--grades", required=True)
    p_grade.add_argument("--timeout", type=float, default=300, help="seconds per notebook (300)")
    p_grade.add_argument("--jobs", type=int, default=None, help="notebooks run in parallel")
    p_grade.add_argument("--errors", choices=("partial", "zero"), default="partial")
    p_grade.add_argument("--source", default=str(REPO_ROOT))
    p_list = sub.add_parser("list", help="list each chapter's exercises and which are graded")
    p_list.add_argument("--source", default=str(REPO_ROOT))
    p_exec = sub.add_parser("_execute", help=argparse.SUPPRESS)
    p_exec.add_argument("notebook")
    p_exec.add_argument("out")
    p_exec.add_argument("status")
    p_exec.add_argument("--timeout", type=float, required=True)
    p_exec.add_argument("--cwd", required=True)
    args = parser.parse_args(argv)
    if args.command == "release":
        written = release(args.out, args.source)
        print(f"wrote {len(written)} student notebooks to {args.out}")
        return 0
    if args.command == "grade":
        rows = grade(args.submissions, args.grades, args.timeout, args.jobs, args.errors, args.source,
                     progress=lambda line: print(line, file=sys.stderr, flush=True))
        print(_summary(rows))
        print(f"wrote {len(rows)} rows to {args.grades}")
        return 0
    if args.command == "list":
        print(exercise_table(Path(args.source)))
        return 0
    return _execute_worker(args.notebook, args.out, args.status, args.timeout, args.cwd)


def exercise_table(root: Path = REPO_ROOT) -> str:
    """Plain-text table of every chapter's exercises: solution present, graded, points."""
    lines = [f"{'chapter':<38} {'exercise':<10} {'solution':<9} {'graded':<7} points"]
    for path in chapter_notebooks(root):
        nb = nbformat.read(path, as_version=4)
        graded = set(gradable_exercises(nb))
        for label, info in sorted(exercise_labels(nb).items(), key=lambda kv: _exercise_key(kv[0])):
            points = checks._REGISTRY[label].points if label in graded else 0
            lines.append(f"{path.stem:<38} {label:<10} {'yes' if info['solution'] else 'NO':<9} "
                         f"{'yes' if label in graded else 'no':<7} {points:g}")
    return "\n".join(lines)
