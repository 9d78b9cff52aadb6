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

Executing every chapter again (the book's build already did) is avoided where a syntax scan finds
no way for the removed solution cells to change what a kept cell shows (:func:`reuse_outputs`):
when the book's site was built from exactly the current inputs (its stamp, `_ext/site_stamp.py`),
a staged notebook whose code cells are all unchanged cells of the book's executed notebook takes
their outputs and is not executed, unless a kept cell reads a name that a solution cell bound,
read (modules aside) or changed in place by assignment (``x.a = ...``, ``x[k] = ...``, modules
included), or a solution cell uses ``global``. The one exception is a self-check ``hs.checks.check("id", answer_var)``
whose answer variable the student version sets to a literal (``...``): its output is computed here
by the same call. Anything else is executed as before. What the scan cannot see: state changed by
a call on a module (a global random seed, ``plt.rc``), which tests/test_student_site.py forbids in
the book's solution cells, and an object changed in place under another name (an alias). That test
also executes a staged chapter for real and compares what every cell shows.

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


def _parse(source: str):
    """The syntax tree of a code cell, IPython's syntax (``%pip``, ``!ls``) turned into the Python
    it runs as; SyntaxError if it is not Python either way."""
    import ast

    from IPython.core.inputtransformer2 import TransformerManager

    return ast.parse(TransformerManager().transform_cell(source))


def _names(source: str) -> tuple[set[str], set[str]]:
    """(names a cell binds, names it reads); every name of an unparsable cell counts as both."""
    import ast

    try:
        tree = _parse(source)
    except SyntaxError:
        return {"<unparsable>"}, {"<unparsable>"}
    bound, read = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            read.add(node.target.id)                     # x += 1 reads x too
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return bound, read


def _mutated(source: str) -> set[str] | None:
    """The names whose objects a cell changes in place by assignment (``x`` of ``x.a = 1``,
    ``x[k] += 1``, ``del x.a``); None if it rebinds names through ``global``/``nonlocal`` or is
    not Python."""
    import ast

    try:
        tree = _parse(source)
    except SyntaxError:
        return None
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            return None
        if isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.ctx, (ast.Store, ast.Del)):
            base = node.value
            while isinstance(base, (ast.Attribute, ast.Subscript, ast.Call)):
                base = base.func if isinstance(base, ast.Call) else base.value
            if not isinstance(base, ast.Name):
                return None
            names.add(base.id)
    return names


def _imported(source: str) -> set[str]:
    import ast

    try:
        tree = _parse(source)
    except SyntaxError:
        return set()
    return {(a.asname or a.name).split(".")[0] for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom)) for a in node.names}


def _self_check(source: str) -> tuple[str, str] | None:
    """``(exercise id, answer variable)`` of a cell that is exactly ``hs.checks.check("id", var)``."""
    import ast

    try:
        body = _parse(source).body
    except SyntaxError:
        return None
    if len(body) != 1 or not isinstance(body[0], ast.Expr) or not isinstance(body[0].value, ast.Call):
        return None
    call = body[0].value
    if ast.unparse(call.func) != "hs.checks.check" or call.keywords or len(call.args) != 2:
        return None
    exercise, var = call.args
    if not (isinstance(exercise, ast.Constant) and isinstance(exercise.value, str)
            and isinstance(var, ast.Name)):
        return None
    return exercise.value, var.id


def _literal_assignments(source: str) -> dict[str, object]:
    """``{name: value}`` for a cell made only of ``name = <literal>`` lines (``...`` included)."""
    import ast

    try:
        body = _parse(source).body
    except SyntaxError:
        return {}
    values = {}
    for node in body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)):
            return {}
        try:
            values[node.targets[0].id] = ast.literal_eval(node.value)
        except ValueError:
            return {}
    return values


def _glue_patterns(source: str) -> list[str]:
    """Regular expressions of the keys a cell's ``glue(...)`` calls can write (``.*`` when a key
    is not a string or an f-string)."""
    import ast
    import re

    try:
        tree = _parse(source)
    except SyntaxError:
        return [".*"]
    patterns = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and (ast.unparse(node.func) == "glue"
                                                or ast.unparse(node.func).endswith(".glue"))):
            continue
        key = node.args[0] if node.args else None
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            patterns.append(re.escape(key.value))
        elif isinstance(key, ast.JoinedStr):
            patterns.append("".join(re.escape(part.value) if isinstance(part, ast.Constant) else ".+"
                                    for part in key.values))
        else:
            patterns.append(".*")
    return patterns


def reuse_outputs(staged: Path, executed: Path) -> str:
    """Give the staged notebook ``staged`` the outputs of the book's executed notebook
    ``executed`` and turn its execution off, when that provably shows what executing it would.

    Returns why not (a non-empty string, the notebook left to be executed) or ``""``.
    """
    import nbformat

    nb = nbformat.read(staged, as_version=4)
    done = nbformat.read(executed, as_version=4)
    by_id = {c.get("id"): c for c in done.cells if c.cell_type == "code"}
    kept = {c.get("id") for c in nb.cells if c.cell_type == "code"}
    if len(kept) != sum(c.cell_type == "code" for c in nb.cells):
        return "two code cells share an id"
    for cell in nb.cells:
        if cell.cell_type == "code" and (cell.get("id") not in by_id
                                         or by_id[cell.get("id")].source != cell.source):
            return f"code cell {cell.get('id')} is not a cell of the executed notebook"
    # names a removed cell binds or reads (an object it read may have been changed), modules aside
    imported = set().union(*(_imported(c.source) for c in done.cells if c.cell_type == "code"))
    tainted: set[str] = set()
    literals: dict[str, object] = {}
    computed: dict[str, tuple[str, object]] = {}
    for cell in done.cells:
        if cell.cell_type != "code":
            continue
        bound, read = _names(cell.source)
        if cell.get("id") not in kept:
            mutated = _mutated(cell.source)
            if mutated is None:
                return f"solution cell {cell.get('id')} uses global/nonlocal or is not Python"
            tainted |= bound | mutated | (read - imported)    # a module it changes included
            continue
        if read & tainted:
            check = _self_check(cell.source)
            if check is None or check[1] not in literals or read - {"hs", check[1]}:
                return f"code cell {cell.get('id')} reads {sorted(read & tainted)}, set by a solution"
            computed[cell.get("id")] = (check[0], literals[check[1]])
            tainted |= bound
        else:
            tainted -= bound
        literals.update(_literal_assignments(cell.source))
        for name in bound - set(_literal_assignments(cell.source)):
            literals.pop(name, None)
    # the book's build took the glued values (glue(..., display=False)) out of the cells into
    # <name>.glue.json: each goes back to the kept cell whose glue call wrote it; values written by
    # a removed cell (a solution's) are left out, as executing the student version leaves them out
    import json
    import re

    glued = executed.with_name(executed.stem + ".glue.json")
    glue_data = json.loads(glued.read_text(encoding="utf-8")) if glued.exists() else {}
    writers = {c.get("id"): _glue_patterns(c.source) for c in done.cells if c.cell_type == "code"}
    attach: dict[str, list] = {}
    for key, output in glue_data.items():
        prefix = output.get("metadata", {}).get("scrapbook", {}).get("mime_prefix", "")
        cells = [i for i, patterns in writers.items() if any(re.fullmatch(p, key) for p in patterns)]
        if not cells or (set(cells) & kept and set(cells) - kept):
            return f"glued value {key!r} cannot be traced to one kind of cell"
        if not prefix or not set(cells) & kept:
            continue        # shown in the cell's outputs already, or written by a removed cell
        output = nbformat.from_dict(json.loads(json.dumps(output)))
        output["data"] = {prefix + mime: value for mime, value in output["data"].items()}
        attach.setdefault(cells[0], []).append(output)
    from IPython.core.formatters import DisplayFormatter

    import hormonesim as hs

    formatter = DisplayFormatter()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        source = by_id[cell.get("id")]
        cell.execution_count = source.get("execution_count")
        if cell.get("id") in computed:
            exercise, value = computed[cell.get("id")]
            data, metadata = formatter.format(hs.checks.check(exercise, value))
            cell.outputs = [nbformat.v4.new_output("execute_result", data=data, metadata=metadata,
                                                   execution_count=cell.execution_count)]
        else:
            cell.outputs = list(source.get("outputs", [])) + attach.get(cell.get("id"), [])
    if "widgets" in done.metadata:
        nb.metadata["widgets"] = done.metadata["widgets"]
    nb.metadata.setdefault("mystnb", {})["execution_mode"] = "off"
    nbformat.write(nb, staged)
    return ""


def reuse_book_outputs(stage_dir: Path, root: Path = ROOT) -> dict[str, str]:
    """:func:`reuse_outputs` for every staged notebook, from the book's executed notebooks in
    ``root/_build/jupyter_execute``, if the book's site is stamped as built from the current
    inputs. ``{notebook: why it is executed}`` for those left to execution (all when the site is
    not current)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import site_stamp

    notebooks = sorted(p for p in stage_dir.rglob("*.ipynb")
                       if not set(p.relative_to(stage_dir).parts) & SKIP)
    executed_dir = root / "_build" / "jupyter_execute"
    if not site_stamp.is_current(root / "_build" / "html", root):
        return {str(p.relative_to(stage_dir)): "the book's site is not built from the current inputs"
                for p in notebooks}
    left = {}
    for path in notebooks:
        rel = path.relative_to(stage_dir)
        executed = executed_dir / rel
        why = reuse_outputs(path, executed) if executed.exists() else "the book did not execute it"
        if why:
            left[str(rel)] = why
    return left


def build(stage_dir: Path = ROOT / "_build" / "student-src",
          out: Path = ROOT / "_build" / "student-html",
          root: Path = ROOT, reuse: bool = True) -> subprocess.CompletedProcess:
    """Stage the student edition and build it with Jupyter Book into ``out``; with ``reuse``,
    notebooks take the book's executed outputs where :func:`reuse_outputs` allows."""
    stage(root, stage_dir)
    if reuse:
        left = reuse_book_outputs(stage_dir, root)
        for rel, why in left.items():
            print(f"student edition: executing {rel}: {why}", flush=True)
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
    parser.add_argument("--execute-all", action="store_true",
                        help="execute every notebook, even where the book's outputs could be reused")
    args = parser.parse_args(argv)
    if args.stage_only:
        written = stage(ROOT, args.stage)
        print(f"staged {len(written)} student chapters in {args.stage}")
        return 0
    proc = build(args.stage, args.out, reuse=not args.execute_all)
    sys.stdout.write(proc.stdout[-4000:])
    sys.stderr.write(proc.stderr[-4000:])
    if proc.returncode == 0:
        print(f"student edition: {args.out}/index.html")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
