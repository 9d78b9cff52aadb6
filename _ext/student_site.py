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
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: never copied into the staged source (build output, environments, VCS, large npm trees)
SKIP = {".git", "_build", ".venv", "node_modules", "vendor", ".ipython", ".pytest_cache",
        ".hypothesis", "__pycache__", ".jupyterlite.doit.db"}
EXERCISE_FENCE = re.compile(r"^([ \t]*(?:`{3,}|:{3,})\{)(exercise(?:-start|-end)?)\}", re.M)
KEPT = "student-site-kept-"
#: written into every folder this script makes (the staged source, the copied site): only such a
#: folder, an empty one or a missing one is ever emptied and rewritten
MARKER = ".written-by-student-site"


def _writable_folder(path: Path, what: str, looks_ours) -> None:
    """Refuse to empty ``path`` unless this script made it.

    A folder is emptied and rewritten only if it does not exist, is empty, holds :data:`MARKER`,
    or ``looks_ours(path)`` (what an earlier version of this script left without the marker).
    Anything else (a mistyped ``--stage``/``--out``, a checkout, a home folder) raises a
    ``ValueError`` naming it, and nothing is deleted.
    """
    if not path.exists():
        return
    if not path.is_dir():
        raise ValueError(f"{what} {path} is a file, not a folder; choose a folder")
    if not any(path.iterdir()) or (path / MARKER).exists() or looks_ours(path):
        return
    raise ValueError(f"{what} {path} exists and was not made by _ext/student_site.py (it has no "
                     f"{MARKER}); it would be deleted and rewritten: choose a new or empty folder "
                     f"or remove it yourself")


def _staged_earlier(path: Path) -> bool:
    config = path / "_config.yml"
    return config.is_file() and "hide_solutions: true" in config.read_text(encoding="utf-8")


def _site_built_earlier(path: Path) -> bool:
    return (path / ".buildinfo").is_file() and (path / "index.html").is_file()


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
    if not ((root / "_config.yml").is_file() and (root / "_toc.yml").is_file()):
        raise ValueError(f"root {root} is not a Jupyter Book (no _config.yml and _toc.yml there)")
    if dest == root or dest in root.parents:
        raise ValueError(f"dest {dest} must not be the book {root} or a folder that holds it")
    if root in dest.parents and dest.relative_to(root).parts[0] not in SKIP:
        raise ValueError(f"dest {dest} must be outside the book or inside one of {sorted(SKIP)}")
    _writable_folder(dest, "dest", _staged_earlier)
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(root, dest, symlinks=True,
                    ignore=lambda folder, names: [n for n in names if n in SKIP])
    (dest / MARKER).write_text("the student edition's staged source: deleted and rewritten by "
                               "_ext/student_site.py\n", encoding="utf-8")
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


@dataclass
class _Cell:
    """What one syntax scan of a code cell finds (IPython syntax such as ``%pip`` turned into the
    Python it runs as)."""

    bound: set[str] = field(default_factory=set)      # names it binds
    read: set[str] = field(default_factory=set)       # names it reads (x of x += 1 too)
    imported: set[str] = field(default_factory=set)   # names its imports bind
    #: names whose objects it changes in place by assignment (x of x.a = 1, x[k] += 1, del x.a);
    #: None if it uses global/nonlocal, or changes something not reached from a name
    mutated: set[str] | None = field(default_factory=set)
    #: (exercise id, answer variable) if it is exactly ``hs.checks.check("id", var)``
    self_check: tuple[str, str] | None = None
    #: {name: value} if it is only ``name = <literal>`` lines (``...`` included)
    literals: dict[str, object] = field(default_factory=dict)
    #: regular expressions of the keys its glue(...) calls can write (.* if not a string/f-string)
    glue_keys: list[str] = field(default_factory=list)
    python: bool = True


def _enclosing_loops(tree) -> dict[int, list]:
    """{id(node): the ``for`` loops around it, outermost first} for every node of ``tree``."""
    import ast

    around: dict[int, list] = {}

    def visit(node, loops):
        for child in ast.iter_child_nodes(node):
            inner = loops + [node] if isinstance(node, ast.For) and child in node.body else loops
            around[id(child)] = inner
            visit(child, inner)
    visit(tree, [])
    return around


def _loop_values(part, loops) -> str:
    """A regular expression of what the f-string field ``part`` can format to: the values of a
    loop variable when ``part`` is ``{name}``, ``name`` is the target (or a top-level name of a
    tuple target) of an enclosing ``for`` over a written-out tuple or list whose items give it
    string or integer literals, and nothing in the loop's body binds ``name``; ``.+`` otherwise."""
    import ast
    import re

    value = part.value
    if part.conversion != -1 or part.format_spec is not None or not isinstance(value, ast.Name):
        return ".+"
    for loop in reversed(loops):
        if any(isinstance(n, ast.Name) and n.id == value.id and isinstance(n.ctx, ast.Store)
               for stmt in loop.body for n in ast.walk(stmt)):
            return ".+"                      # rebound inside the loop: could be anything
        targets = [loop.target] if isinstance(loop.target, ast.Name) else (
            loop.target.elts if isinstance(loop.target, ast.Tuple) else [])
        at = [i for i, t in enumerate(targets) if isinstance(t, ast.Name) and t.id == value.id]
        if not at:
            if any(isinstance(n, ast.Name) and n.id == value.id
                   for n in ast.walk(loop.target)):
                return ".+"                  # bound by a nested part of this loop's target
            continue
        if not isinstance(loop.iter, (ast.Tuple, ast.List)) or not loop.iter.elts:
            return ".+"
        values = []
        for item in loop.iter.elts:
            if isinstance(loop.target, ast.Tuple):
                if not isinstance(item, ast.Tuple) or len(item.elts) != len(targets):
                    return ".+"
                item = item.elts[at[0]]
            if not (isinstance(item, ast.Constant) and type(item.value) in (str, int)):
                return ".+"
            values.append(re.escape(str(item.value)))
        return "(?:" + "|".join(values) + ")"
    return ".+"


def _scan(source: str) -> _Cell:
    import ast
    import re

    from IPython.core.inputtransformer2 import TransformerManager

    try:
        tree = ast.parse(TransformerManager().transform_cell(source))
    except SyntaxError:
        return _Cell(bound={"<unparsable>"}, read={"<unparsable>"}, mutated=None,
                     glue_keys=[".*"], python=False)
    cell = _Cell()
    loops = _enclosing_loops(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (cell.read if isinstance(node.ctx, ast.Load) else cell.bound).add(node.id)
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            cell.read.add(node.target.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            cell.bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = {(a.asname or a.name).split(".")[0] for a in node.names}
            cell.bound |= names
            cell.imported |= names
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            cell.mutated = None
        if (isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.ctx, (ast.Store, ast.Del))
                and cell.mutated is not None):
            base = node.value
            while isinstance(base, (ast.Attribute, ast.Subscript, ast.Call)):
                base = base.func if isinstance(base, ast.Call) else base.value
            if isinstance(base, ast.Name):
                cell.mutated.add(base.id)
            else:
                cell.mutated = None
        if isinstance(node, ast.Call) and (ast.unparse(node.func) == "glue"
                                           or ast.unparse(node.func).endswith(".glue")):
            key = node.args[0] if node.args else None
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                cell.glue_keys.append(re.escape(key.value))
            elif isinstance(key, ast.JoinedStr):
                cell.glue_keys.append("".join(
                    re.escape(part.value) if isinstance(part, ast.Constant)
                    else _loop_values(part, loops.get(id(node), ())) for part in key.values))
            else:
                cell.glue_keys.append(".*")
    body = tree.body
    if len(body) == 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Call):
        call = body[0].value
        if (ast.unparse(call.func) == "hs.checks.check" and not call.keywords and len(call.args) == 2
                and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)
                and isinstance(call.args[1], ast.Name)):
            cell.self_check = (call.args[0].value, call.args[1].id)
    if body and all(isinstance(n, ast.Assign) and len(n.targets) == 1
                    and isinstance(n.targets[0], ast.Name) for n in body):
        try:
            cell.literals = {n.targets[0].id: ast.literal_eval(n.value) for n in body}
        except ValueError:
            pass
    return cell


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
    # names a removed cell binds, reads or changes in place (a module it changes included; a
    # module it only reads is not counted: every later cell reads hs)
    scans = {c.get("id"): _scan(c.source) for c in done.cells if c.cell_type == "code"}
    imported = set().union(*(scan.imported for scan in scans.values()))
    tainted: set[str] = set()
    literals: dict[str, object] = {}
    computed: dict[str, tuple[str, object]] = {}
    for cell_id, scan in scans.items():
        if cell_id not in kept:
            if scan.mutated is None:
                return f"solution cell {cell_id} uses global/nonlocal or is not Python"
            tainted |= scan.bound | scan.mutated | (scan.read - imported)
            continue
        if scan.read & tainted:
            check = scan.self_check
            if check is None or check[1] not in literals or scan.read - {"hs", check[1]}:
                return f"code cell {cell_id} reads {sorted(scan.read & tainted)}, set by a solution"
            computed[cell_id] = (check[0], literals[check[1]])
            tainted |= scan.bound
        else:
            tainted -= scan.bound
        for name in scan.bound:
            literals.pop(name, None)
        literals.update(scan.literals)
    # the book's build took the glued values (glue(..., display=False)) out of the cells into
    # <name>.glue.json: each goes back to the kept cell whose glue call wrote it; values written by
    # a removed cell (a solution's) are left out, as executing the student version leaves them out
    import json
    import re

    glued = executed.with_name(executed.stem + ".glue.json")
    glue_data = json.loads(glued.read_text(encoding="utf-8")) if glued.exists() else {}
    attach: dict[str, list] = {}
    for key, output in glue_data.items():
        prefix = output.get("metadata", {}).get("scrapbook", {}).get("mime_prefix", "")
        cells = [i for i, scan in scans.items() if any(re.fullmatch(p, key) for p in scan.glue_keys)]
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
    out = Path(out).resolve()
    if out == Path(root).resolve() or out in Path(root).resolve().parents:
        raise ValueError(f"out {out} must not be the book {root} or a folder that holds it")
    _writable_folder(out, "out", _site_built_earlier)
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
        _writable_folder(out, "out", _site_built_earlier)
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(stage_dir / "_build" / "html", out, symlinks=False)
        (out / MARKER).write_text("the student edition's site: deleted and rewritten by "
                                  "_ext/student_site.py\n", encoding="utf-8")
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
