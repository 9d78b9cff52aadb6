"""Coursework tooling: the student release of the chapters and the grader.

Command line (also ``make student`` and ``make grade``)::

    python -m hormonesim.coursework release --out _build/student
    python -m hormonesim.coursework grade --submissions DIR --grades FILE.csv [--timeout 300]

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

``release`` removes every solution (directive blocks, gated ``solution-start``/``solution-end``
ranges and cells tagged ``solution``), turns exercise directives into plain markdown a notebook
interface can show, clears outputs and refuses to write a notebook in which a solution survives.

How grading works, and why it can be trusted
--------------------------------------------
Each submission is executed by a separate worker process (``python -m hormonesim.coursework
_execute``) that runs the notebook with :mod:`nbclient` in a fresh kernel, with a time budget for
the whole notebook, errors allowed so that one failing cell does not hide the answers after it.
Before execution the grader adds, after every code cell, a small cell that records the value of
each ``answer_<id>`` variable as plain JSON data (numbers, strings, lists only; any other object is
refused) tagged with a random nonce generated for this run, together with an integrity check of
:mod:`hormonesim.checks`. The grader process then reads those records from the executed notebook
and compares them with expected values that *it* computes from the package
(:func:`hormonesim.checks.grade`): nothing the student's kernel says about correctness is used.
A static scan of the submission's code flags attempts to redefine or monkeypatch the checks;
a tampered notebook scores zero on every exercise. A notebook that hangs is stopped at the time
limit, and one that errors or kills its kernel is reported as such; the grader itself never
crashes on a submission. The CSV has one row per exercise and submission: student, notebook,
exercise, points, max_points, status, message, seconds (how long the notebook ran).
"""
from __future__ import annotations

import argparse
import ast
import csv
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import checks

REPO_ROOT = Path(__file__).resolve().parent.parent
CHAPTER_LEVELS = ("fundamentals", "intermediate", "academic")
ANSWER_TAG = "exercise-answer"
SOLUTION_TAG = "solution"
CHECK_TAG = "exercise-check"
GRADER_TAG = "hormonesim-grader"
META = "hormonesim"
CAPTURE_MIME = "text/x-hormonesim-capture"
CSV_FIELDS = ("student", "notebook", "exercise", "points", "max_points", "status", "message",
              "seconds")


# ----------------------------------------------------------------------------------------------
# reading chapters: exercise directives and answer cells
# ----------------------------------------------------------------------------------------------
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
    """Exercises of a (master) notebook that have an answer cell and a registered check."""
    known = set(checks.registered())
    return [e for e in answer_cells(nb) if e in known]


def chapter_notebooks(root: Path = REPO_ROOT) -> list[Path]:
    """Every chapter notebook (fundamentals, intermediate, academic), in book order."""
    return [p for level in CHAPTER_LEVELS
            for p in sorted((Path(root) / "chapters" / level).glob("*.ipynb"))]


# ----------------------------------------------------------------------------------------------
# student release
# ----------------------------------------------------------------------------------------------
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


def release(out: Path | str = REPO_ROOT / "_build" / "student", root: Path | str = REPO_ROOT) -> list[Path]:
    """Write the student release of every chapter notebook to ``out/<level>/<name>.ipynb``.

    Returns
    -------
    list of Path
        The notebooks written.
    """
    out, root = Path(out), Path(root)
    written = []
    for path in chapter_notebooks(root):
        nb = release_notebook(nbformat.read(path, as_version=4))
        if answer_cells(nb):
            note = nbformat.v4.new_markdown_cell(_STUDENT_NOTE)
            first_md = next((i for i, c in enumerate(nb.cells) if c.cell_type == "markdown"), 0)
            nb.cells.insert(first_md + 1, note)
        target = out / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        written.append(target)
    (out / "README.md").write_text(
        "# Hormones in the Loop: student notebooks\n\n"
        "Generated by `make student` from the book's chapters: solutions removed, self-checks kept.\n"
        "Each notebook runs top to bottom as is; fill in the cells marked `# your answer`.\n"
        "`requirements.txt` sets up the environment (Binder reads it when this folder is a repository).\n")
    requirements = _student_requirements(root)
    if requirements:
        (out / "requirements.txt").write_text(requirements)
    return written


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


# ----------------------------------------------------------------------------------------------
# tampering: static scan of the submission's code
# ----------------------------------------------------------------------------------------------
# attribute names that nothing but tampering assigns to, whatever the object
_PROTECTED = {"check", "_REGISTRY", "_ORIGINAL", "__code__", "_lookup", "_within", "_as_number"}


def _dotted(node) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    elif isinstance(node, ast.Subscript):
        parts.append(_dotted(node.value) + "[]")
    elif isinstance(node, ast.Call):
        parts.append(_dotted(node.func) + "()")
    return ".".join(reversed(parts))


def _python_source(cell_source: str) -> str:
    try:
        from IPython.core.inputtransformer2 import TransformerManager
        return TransformerManager().transform_cell(cell_source)
    except Exception:                           # IPython missing or odd magics: scan as is
        return cell_source


def _checks_aliases(trees) -> set[str]:
    """Names a notebook binds to the :mod:`hormonesim.checks` module (``checks`` always counts)."""
    aliases = {"checks"}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.endswith("checks") and alias.asname:
                        aliases.add(alias.asname)
            elif isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    if alias.name == "checks" or (node.module or "").endswith("checks") and alias.name == "*":
                        aliases.add(alias.asname or alias.name)
    return aliases


def _tampering_in(tree, aliases: set[str]) -> list[str]:
    found = []

    def refers_to_checks(dotted: str) -> bool:
        return any(part in aliases for part in dotted.replace("[]", "").replace("()", "").split("."))

    def target_findings(target):
        for node in ast.walk(target):
            if isinstance(node, ast.Attribute):
                name = _dotted(node)
                if node.attr in _PROTECTED or refers_to_checks(_dotted(node.value)):
                    found.append(f"assigns to {name}")
            elif isinstance(node, ast.Subscript):
                name = _dotted(node.value)
                if refers_to_checks(name) or name.endswith("sys.modules") \
                        or name.split(".")[-1] in _PROTECTED:
                    found.append(f"assigns into {name}[...]")
            elif isinstance(node, ast.Name) and node.id == "check":
                found.append("rebinds the name 'check'")

    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
            for t in targets:
                target_findings(t)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == "check":
            found.append("defines its own 'check'")
        elif isinstance(node, ast.Call):
            func = _dotted(node.func)
            last = func.split(".")[-1]
            strings = [a.value for a in ast.walk(node) if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if last in ("setattr", "delattr") and node.args:
                first = _dotted(node.args[0])
                if refers_to_checks(first) or any(s in _PROTECTED for s in strings):
                    found.append(f"calls {last} on {first or 'an object'}")
            elif last in ("patch", "object", "setitem", "setattr") and \
                    ("mock" in func or "patch" in func or "monkeypatch" in func):
                if any("checks" in s or s in _PROTECTED for s in strings) or \
                        any(refers_to_checks(_dotted(a)) for a in node.args):
                    found.append(f"patches the checks with {func}")
            elif last == "exercise" and (refers_to_checks(func) or func == "exercise"):
                found.append("registers its own exercise check")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").endswith("checks"):
            for alias in node.names:
                if alias.asname == "check" and alias.name != "check":
                    found.append(f"imports {alias.name} as 'check'")
    return found


def find_tampering(nb) -> list[str]:
    """Code in a submission that redefines or monkeypatches :mod:`hormonesim.checks`."""
    trees = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or GRADER_TAG in cell.metadata.get("tags", []):
            continue
        try:
            trees.append((i, ast.parse(_python_source(cell.source))))
        except SyntaxError:
            continue                           # a syntax error is an error, not tampering
    aliases = _checks_aliases(tree for _, tree in trees)
    return [f"cell {i}: {f}" for i, tree in trees for f in _tampering_in(tree, aliases)]


# ----------------------------------------------------------------------------------------------
# execution (in a worker process) with answer capture
# ----------------------------------------------------------------------------------------------
_CAPTURE_TEMPLATE = r'''# added by the hormonesim grader: records answers; not part of the submission
def __hil_capture(ids={ids!r}, nonce={nonce!r}):
    import sys, json
    import IPython
    from IPython.display import publish_display_data
    ns = IPython.get_ipython().user_ns
    def plain(x, depth=0):
        t = type(x)
        if depth > 4:
            raise TypeError("nested too deeply")
        if x is None:
            return None
        if x is Ellipsis:
            return {{"__blank__": True}}
        if t is bool or t is str:
            return x if t is bool else x[:2000]
        if t is int or t is float:
            return t(x)
        np = sys.modules.get("numpy")
        if np is not None:
            if t is np.bool_:
                return bool(x)
            if t.__module__ == "numpy" and isinstance(x, (np.integer, np.floating)):
                return x.item()
            if t is np.ndarray:
                if x.size > 10000:
                    return {{"__unsupported__": "numpy array with more than 10000 values"}}
                return [plain(v, depth + 1) for v in x.tolist()] if x.ndim else plain(x.item(), depth + 1)
        if t is list or t is tuple:
            if len(x) > 10000:
                return {{"__unsupported__": "sequence with more than 10000 values"}}
            return [plain(v, depth + 1) for v in x]
        if t is dict:
            return {{str(k): plain(v, depth + 1) for k, v in x.items()}}
        return {{"__unsupported__": t.__module__ + "." + t.__qualname__}}
    answers, problems = {{}}, []
    for exercise_id in ids:
        name = "answer_" + exercise_id.replace("-", "_")
        if name in ns:
            try:
                answers[exercise_id] = plain(ns[name])
            except Exception as e:
                answers[exercise_id] = {{"__unsupported__": type(e).__name__}}
    tamper = []
    c = sys.modules.get("hormonesim.checks")
    if c is not None:
        try:
            for fname, (fn, code) in c._ORIGINAL.items():
                live = c.__dict__.get(fname)
                if live is not fn or getattr(live, "__code__", None) is not code:
                    tamper.append("hormonesim.checks." + fname + " was replaced at run time")
            hs = sys.modules.get("hormonesim")
            if hs is not None and hs.__dict__.get("checks") is not c:
                tamper.append("hormonesim.checks was replaced at run time")
        except Exception as e:
            tamper.append("integrity check failed: " + type(e).__name__)
    publish_display_data({{{mime!r}: json.dumps({{"nonce": nonce, "answers": answers,
                                                  "tamper": tamper}})}})
__hil_capture()
del __hil_capture
'''


def _with_capture_cells(nb, exercise_ids: list[str], nonce: str):
    """A copy of ``nb`` with a capture cell after every code cell and one at the end."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    source = _CAPTURE_TEMPLATE.format(ids=list(exercise_ids), nonce=nonce, mime=CAPTURE_MIME)
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
        if cell.cell_type == "code":
            capture = nbformat.v4.new_code_cell(source)
            capture.metadata["tags"] = [GRADER_TAG]
            cells.append(capture)
    if not cells or GRADER_TAG not in cells[-1].metadata.get("tags", []):
        capture = nbformat.v4.new_code_cell(source)
        capture.metadata["tags"] = [GRADER_TAG]
        cells.append(capture)
    nb.cells = cells
    return nb


def _execute_worker(in_path: str, out_path: str, status_path: str, timeout_s: float, cwd: str) -> int:
    """Execute one notebook (worker process): write the executed notebook and a status file."""
    import nbclient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    nb = nbformat.read(in_path, as_version=4)
    deadline = time.monotonic() + timeout_s
    client = nbclient.NotebookClient(
        nb, kernel_name="python3", allow_errors=True, record_timing=False,
        timeout_func=lambda cell: max(1, int(deadline - time.monotonic())),
        shutdown_kernel="immediate", resources={"metadata": {"path": cwd}})
    status, detail = "ok", ""
    started = time.monotonic()
    try:
        client.execute()
    except CellTimeoutError:
        status, detail = "timeout", f"stopped after the {timeout_s:g} s time limit"
    except DeadKernelError as e:
        status, detail = "kernel died", str(e).splitlines()[0] if str(e) else "the kernel died"
    except Exception as e:                          # anything else: report, never raise
        status, detail = "execution failed", f"{type(e).__name__}: {e}"[:300]
    nbformat.write(client.nb, out_path)
    Path(status_path).write_text(json.dumps({"status": status, "detail": detail,
                                             "seconds": round(time.monotonic() - started, 2)}))
    return 0


@dataclass
class Execution:
    """What running one submission produced."""

    status: str                                 # ok, error, timeout, kernel died, ...
    detail: str = ""
    answers: dict = field(default_factory=dict)
    tampering: list = field(default_factory=list)
    seconds: float = 0.0


def _child_env() -> dict:
    env = dict(os.environ)
    env.setdefault("MPLBACKEND", "Agg")
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    quiet = REPO_ROOT / ".ipython"
    if quiet.is_dir():
        env.setdefault("IPYTHONDIR", str(quiet))
    return env


def execute_submission(nb, exercise_ids: list[str], timeout_s: float = 300) -> Execution:
    """Run a notebook in a fresh kernel (separate process) and read back its answers.

    The answers are read from capture records carrying this run's random nonce; records without
    it are ignored. Never raises for anything the notebook does.
    """
    nonce = secrets.token_hex(16)
    with tempfile.TemporaryDirectory(prefix="hil-grade-") as tmp:
        tmp = Path(tmp)
        work = tmp / "work"
        work.mkdir()
        src, out, status_file = tmp / "submission.ipynb", tmp / "executed.ipynb", tmp / "status.json"
        nbformat.write(_with_capture_cells(nb, exercise_ids, nonce), src)
        cmd = [sys.executable, "-m", "hormonesim.coursework", "_execute", str(src), str(out),
               str(status_file), "--timeout", str(timeout_s), "--cwd", str(work)]
        started = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                env=_child_env(), start_new_session=True, cwd=str(work))
        try:
            _, err = proc.communicate(timeout=timeout_s + 60)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            return Execution("timeout", f"stopped after the {timeout_s:g} s time limit",
                             seconds=time.monotonic() - started)
        if not status_file.exists() or not out.exists():
            tail = (err or b"").decode(errors="replace").strip().splitlines()[-1:] or [""]
            return Execution("execution failed", f"worker exit code {proc.returncode}: {tail[0]}"[:300],
                             seconds=time.monotonic() - started)
        status = json.loads(status_file.read_text())
        try:
            executed = nbformat.read(out, as_version=4)
        except Exception as e:
            return Execution("execution failed", f"unreadable executed notebook: {e}"[:300])
    result = Execution(status["status"], status["detail"], seconds=status.get("seconds", 0.0))
    first_error = None
    student_cell = -1
    for cell in executed.cells:
        is_grader = GRADER_TAG in cell.metadata.get("tags", [])
        if cell.cell_type == "code" and not is_grader:
            student_cell += 1
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" and first_error is None:
                where = "a grader cell (the submission broke the answer capture)" if is_grader \
                    else f"code cell {student_cell + 1}"
                first_error = f"{output.get('ename', 'Error')} in {where}: {output.get('evalue', '')}"[:300]
            if not is_grader:
                continue
            data = output.get("data", {}).get(CAPTURE_MIME)
            if data is None:
                continue
            try:
                record = json.loads(data if isinstance(data, str) else "".join(data))
            except ValueError:
                continue
            if record.get("nonce") != nonce:
                continue
            result.answers.update(record.get("answers", {}))
            for problem in record.get("tamper", []):
                if problem not in result.tampering:
                    result.tampering.append(problem)
    if first_error and result.status == "ok":
        result.status, result.detail = "error", first_error
    if result.status == "timeout":
        result.detail += _where_it_stopped(executed)
    return result


def _where_it_stopped(executed) -> str:
    """' in code cell N (...)' for the cell running when the time limit struck: the last cell the
    kernel started (nbclient records an execution count when a cell starts)."""
    student_cell, last = 0, None
    for cell in executed.cells:
        if cell.cell_type != "code":
            continue
        is_grader = GRADER_TAG in cell.metadata.get("tags", [])
        if not is_grader:
            student_cell += 1
        if cell.get("execution_count") is not None:
            last = ("a grader cell" if is_grader else f"code cell {student_cell}", cell.source)
    if last is None:
        return ""
    first_line = last[1].strip().splitlines()[0][:60] if last[1].strip() else ""
    return f", in {last[0]} ({first_line!r})"


def _kill_group(proc) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def _decode_answer(value):
    """JSON data from the capture -> the Python value :func:`checks.grade` expects."""
    if isinstance(value, dict):
        if value.get("__blank__"):
            return ...
        if "__unsupported__" in value:
            raise TypeError(f"an answer of type {value['__unsupported__']} cannot be graded; "
                            "give numbers, text or a tuple of numbers")
        return {k: _decode_answer(v) for k, v in value.items()}
    if isinstance(value, list):
        return tuple(_decode_answer(v) for v in value)
    return value


# ----------------------------------------------------------------------------------------------
# grading
# ----------------------------------------------------------------------------------------------
def grade_notebook(path: Path | str, master, student: str = "", timeout_s: float = 300,
                   errors: str = "partial") -> list[dict]:
    """Grade one submitted notebook against its master (instructor) chapter.

    Parameters
    ----------
    path : path
        The submitted notebook.
    master : NotebookNode
        The instructor version of the same chapter: it says which exercises are graded.
    student : str
        Student identifier for the rows.
    timeout_s : float
        Time limit for executing the whole notebook (s).
    errors : {"partial", "zero"}
        ``"partial"``: answers set before or after a failing cell still count (the row's status
        says the notebook errored); ``"zero"``: a notebook that does not run cleanly scores zero.

    Returns
    -------
    list of dict
        One row per graded exercise (keys :data:`CSV_FIELDS`).
    """
    if errors not in ("partial", "zero"):
        raise ValueError(f"errors must be 'partial' or 'zero', got {errors!r}")
    path = Path(path)
    exercise_ids = gradable_exercises(master)
    base = {"student": student, "notebook": path.name}

    def rows(status, message, points=None, results=None, seconds=0.0):
        out = []
        for e in exercise_ids:
            spec = checks._REGISTRY[e]
            pts, st, msg = 0.0, status, message
            if results is not None:
                pts, st, msg = results[e]
            out.append({**base, "exercise": e, "points": round(pts, 4), "max_points": spec.points,
                        "status": st, "message": msg, "seconds": round(seconds, 1)})
        return out

    if not exercise_ids:
        return []
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as e:
        return rows("invalid notebook", f"could not read the notebook: {type(e).__name__}: {e}"[:300])
    tampering = find_tampering(nb)
    execution = execute_submission(nb, exercise_ids, timeout_s) if not tampering else None
    if execution is not None:
        tampering += execution.tampering
    if tampering:
        return rows("tampered", "no credit: the notebook changes the checks (" + "; ".join(tampering)[:400] + ")")
    copied = sum(SOLUTION_TAG in c.metadata.get("tags", []) for c in nb.cells)
    results = {}
    for e in exercise_ids:
        spec = checks._REGISTRY[e]
        note = "" if execution.status == "ok" else f" [{execution.status}: {execution.detail}]"
        if copied:
            note += (f" [contains {copied} cell(s) tagged {SOLUTION_TAG!r}: the instructor version "
                     "of the chapter, not the student release]")
        if errors == "zero" and execution.status != "ok":
            results[e] = (0.0, execution.status, "no credit: the notebook did not run cleanly" + note)
            continue
        if e not in execution.answers:
            results[e] = (0.0, "no answer" if execution.status == "ok" else execution.status,
                          f"no value for {answer_variable(e)}" + note)
            continue
        try:
            outcome = checks.grade(e, _decode_answer(execution.answers[e]))
        except (TypeError, ValueError) as err:
            results[e] = (0.0, "invalid answer", f"{err}"[:300] + note)
            continue
        except Exception as err:                    # a bug in a check must not stop the grader
            results[e] = (0.0, "check failed", f"{type(err).__name__}: {err}"[:300] + note)
            continue
        status = outcome.status if execution.status == "ok" else f"{outcome.status} ({execution.status})"
        results[e] = (outcome.score * spec.points, status, outcome.message + note)
    return rows(None, None, results=results, seconds=execution.seconds)


def _match_chapter(path: Path, masters: dict[str, object], submissions: Path) -> tuple[str | None, str]:
    """(chapter file name, student) for a submitted notebook path."""
    name = path.name
    chapter = next((c for c in sorted(masters, key=len, reverse=True) if Path(c).stem in name), None)
    rel = path.relative_to(submissions)
    if len(rel.parts) > 1:
        student = rel.parts[0]
    else:
        student = name.replace(Path(chapter).stem, "") if chapter else path.stem
        student = re.sub(r"\.ipynb$", "", student).strip(" _-.") or "unknown"
    return chapter, student


def grade(submissions: Path | str, grades: Path | str | None = None, timeout_s: float = 300,
          jobs: int | None = None, errors: str = "partial", source: Path | str = REPO_ROOT,
          progress=None) -> list[dict]:
    """Grade every ``*.ipynb`` under ``submissions`` and write one CSV row per exercise.

    Layouts: ``SUBMISSIONS/<student>/<chapter>.ipynb`` (recommended; the folder names the student)
    or ``SUBMISSIONS/<student>_<chapter>.ipynb``. Notebooks are matched to the book's chapters by
    file name (``01_hormones_as_messages``).

    Parameters
    ----------
    submissions : path
        Folder of submitted notebooks.
    grades : path, optional
        CSV file to write.
    timeout_s : float
        Time limit per notebook (s), > 0.
    jobs : int, optional
        Notebooks executed in parallel (default: up to 4).
    errors : {"partial", "zero"}
        See :func:`grade_notebook`.
    source : path
        Book root holding the instructor chapters.
    progress : callable, optional
        Called with a one-line message as each notebook is graded.

    Returns
    -------
    list of dict
        The rows written.
    """
    submissions = Path(submissions)
    if not submissions.is_dir():
        raise ValueError(f"submissions must be a folder of notebooks, got {str(submissions)!r}")
    if not timeout_s > 0:
        raise ValueError(f"timeout_s must be > 0 seconds, got {timeout_s!r}")
    masters = {p.name: nbformat.read(p, as_version=4) for p in chapter_notebooks(Path(source))}
    tasks, rows = [], []
    for path in sorted(submissions.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        chapter, student = _match_chapter(path, masters, submissions)
        if chapter is None:
            rows.append({"student": student, "notebook": path.name, "exercise": "", "points": 0,
                         "max_points": 0, "status": "unknown notebook",
                         "message": "file name matches no chapter of the book", "seconds": 0.0})
            continue
        tasks.append((path, masters[chapter], student))
    jobs = jobs or min(4, os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(_grade_safely, path, master, student, timeout_s, errors)
                   for path, master, student in tasks]
        for (path, _, student), future in zip(tasks, futures):
            result = future.result()
            rows += result
            if progress is not None:
                got = sum(float(r["points"]) for r in result)
                most = sum(float(r["max_points"]) for r in result)
                states = sorted({r["status"] for r in result})
                progress(f"graded {student}/{path.name}: {got:g} / {most:g} ({', '.join(states)})")
    rows.sort(key=lambda r: (r["student"], r["notebook"], _exercise_key(r["exercise"])))
    if grades is not None:
        grades = Path(grades)
        grades.parent.mkdir(parents=True, exist_ok=True)
        with open(grades, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=CSV_FIELDS)
            writer.writeheader()
            writer.writerows(rows)
    return rows


def _exercise_key(exercise_id: str):
    nums = re.findall(r"\d+", exercise_id)
    return tuple(int(n) for n in nums) if nums else (0,)


def _grade_safely(path, master, student, timeout_s, errors) -> list[dict]:
    try:
        return grade_notebook(path, master, student, timeout_s, errors)
    except Exception as e:                       # last line of defence: a row, not a crash
        return [{"student": student, "notebook": path.name, "exercise": e_id, "points": 0,
                 "max_points": checks._REGISTRY[e_id].points, "status": "grader error",
                 "message": f"{type(e).__name__}: {e}"[:300], "seconds": 0.0}
                for e_id in gradable_exercises(master)]


def _summary(rows: list[dict]) -> str:
    totals: dict = {}
    for r in rows:
        key = (r["student"], r["notebook"])
        got, most = totals.get(key, (0.0, 0.0))
        totals[key] = (got + float(r["points"]), most + float(r["max_points"]))
    lines = [f"{'student':<20} {'notebook':<40} points"]
    lines += [f"{s:<20} {n:<40} {g:g} / {m:g}" for (s, n), (g, m) in sorted(totals.items())]
    return "\n".join(lines)


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


if __name__ == "__main__":
    sys.exit(main())
