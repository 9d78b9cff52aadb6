"""The student edition of the site: the book with no solutions at all (`make student-site`).

How it is made, and why this way:

1. The book's source is copied to a staging folder (`_build/student-src`; `.git`, `_build`,
   `.venv`, `node_modules` left out, `vendor/` linked).
2. Its chapter notebooks are replaced by the course's student release
   (:func:`hormonesim.coursework.release`, the code behind `make student`): cells tagged
   ``solution``, ``{solution}`` directives and everything between ``solution-start`` and
   ``solution-end`` are removed, and the release refuses to write a notebook in which a solution
   survives. The release also turns ``{exercise}`` directives into plain markdown (for notebook
   interfaces); on the site the exercises must stay numbered, labelled targets (objectives link
   to them), so the exercise fences are renamed before the release and restored after it.
3. `_config.yml` gets sphinx-exercise's ``hide_solutions: true`` (a second guard: any
   ``{solution}`` directive that reached the build would render as nothing) and an edition title.
4. Jupyter Book builds the staged book exactly as `make book` does (``--all -W -n``), and the
   HTML is copied to `_build/student-html`.

Command line: ``python _ext/student_site.py [--stage DIR] [--out DIR]``.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: never copied into the staged source (build output, environments, VCS, large npm trees)
SKIP = {".git", "_build", ".venv", "node_modules", "vendor", ".ipython", ".pytest_cache",
        ".hypothesis", "__pycache__", ".jupyterlite.doit.db"}
EXERCISE_FENCE = re.compile(r"^([ \t]*(?:`{3,}|:{3,})\{)(exercise(?:-start|-end)?)\}", re.M)
KEPT = "student-site-kept-"


def _protect(source: str) -> str:
    return EXERCISE_FENCE.sub(lambda m: f"{m.group(1)}{KEPT}{m.group(2)}}}", source)


def _restore(source: str) -> str:
    return source.replace("{" + KEPT, "{")


def stage(root: Path = ROOT, dest: Path = ROOT / "_build" / "student-src") -> list[Path]:
    """Copy the book to ``dest`` with every chapter notebook replaced by its student release.

    Returns the staged chapter notebooks.
    """
    import nbformat

    from hormonesim.coursework import release
    from hormonesim.coursework.markup import chapter_notebooks
    from hormonesim.coursework.student_release import solution_leaks

    root, dest = Path(root).resolve(), Path(dest).resolve()
    if dest == root or (root in dest.parents and dest.relative_to(root).parts[0] not in SKIP):
        raise ValueError(f"dest {dest} must be outside the book or inside one of {sorted(SKIP)}")
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(root, dest, symlinks=True,
                    ignore=lambda folder, names: [n for n in names if n in SKIP])
    if (root / "vendor").exists():
        (dest / "vendor").symlink_to(root / "vendor", target_is_directory=True)

    chapters = chapter_notebooks(dest)
    for path in chapters:  # keep exercise directives through the release
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = _protect(cell.source)
        nbformat.write(nb, path)
    written = release(out=dest / "chapters", root=dest)
    for extra in ("README.md", "requirements.txt"):  # written for the notebook folder, not a page
        (dest / "chapters" / extra).unlink(missing_ok=True)
    for path in written:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = _restore(cell.source)
        leaks = solution_leaks(nb)
        if leaks:
            raise ValueError(f"{path}: solutions survived the student release: {leaks}")
        nbformat.write(nb, path)

    config = dest / "_config.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"^title:\s*(.+)$", r"title: \1 (student edition)", text, count=1, flags=re.M)
    text, n = re.subn(r"^(sphinx:\n(?:[ \t].*\n|\n)*?  config:\n)",
                      r"\1    # student edition (_ext/student_site.py): no solution renders\n"
                      r"    hide_solutions: true\n", text, count=1, flags=re.M)
    if n != 1:
        raise ValueError("_config.yml has no sphinx: config: section to add hide_solutions to")
    config.write_text(text, encoding="utf-8")
    return written


def build(stage_dir: Path = ROOT / "_build" / "student-src",
          out: Path = ROOT / "_build" / "student-html",
          root: Path = ROOT) -> subprocess.CompletedProcess:
    """Stage the student edition and build it with Jupyter Book into ``out``."""
    stage(root, stage_dir)
    env = dict(os.environ, MPLBACKEND="Agg")
    jb = Path(sys.executable).with_name("jupyter-book")
    proc = subprocess.run([str(jb), "build", ".", "--all", "-W", "-n", "--keep-going"],
                          cwd=stage_dir, env=env, capture_output=True, text=True, timeout=2400)
    if proc.returncode == 0:
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(stage_dir / "_build" / "html", out, symlinks=False)
    return proc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", type=Path, default=ROOT / "_build" / "student-src")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "student-html")
    parser.add_argument("--stage-only", action="store_true", help="stage the source, do not build")
    args = parser.parse_args(argv)
    if args.stage_only:
        written = stage(ROOT, args.stage)
        print(f"staged {len(written)} student chapters in {args.stage}")
        return 0
    proc = build(args.stage, args.out)
    sys.stdout.write(proc.stdout[-4000:])
    sys.stderr.write(proc.stderr[-4000:])
    if proc.returncode == 0:
        print(f"student edition: {args.out}/index.html")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
