"""The grader: runs each submission in a fresh kernel and grades its answers (coursework floor).

Command line: ``python -m hormonesim.coursework grade --submissions DIR --grades FILE.csv``
(``make grade``).

How grading works, and why it can be trusted
--------------------------------------------
Each submission is executed by a separate worker process (``python -m hormonesim.coursework
_execute``) that runs the notebook with :mod:`nbclient` in a fresh kernel, with a time budget for
the whole notebook, errors allowed so that one failing cell does not hide the answers after it.
Before execution the grader adds, after every code cell, a small cell that records the value of
each ``answer_<id>`` variable as plain JSON data (numbers, strings, lists only; any other object is
refused) tagged with a random nonce generated for this run, together with an integrity check of
:mod:`hormonesim.coursework.checks`. The grader process then reads those records from the executed
notebook and compares them with expected values that *it* computes from the package
(:func:`hormonesim.coursework.checks.grade`): nothing the student's kernel says about correctness
is used. A static scan of the submission's code (:mod:`hormonesim.coursework.tamper`) flags
attempts to redefine or monkeypatch the checks; a tampered notebook scores zero on every exercise.
A notebook that hangs is stopped at the time limit, and one that errors or kills its kernel is
reported as such; the grader itself never crashes on a submission. The CSV has one row per
exercise and submission: student, notebook, exercise, points, max_points, status, message,
seconds (how long the notebook ran).
"""
from __future__ import annotations

import csv
import json
import os
import re
import secrets
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
from .markup import (CAPTURE_MIME, CSV_FIELDS, GRADER_TAG, REPO_ROOT, SOLUTION_TAG, _exercise_key,
                     answer_variable, chapter_notebooks, gradable_exercises)
from .tamper import find_tampering

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
    c = sys.modules.get("hormonesim.coursework.checks")
    if c is not None:
        try:
            for fname, (fn, code) in c._ORIGINAL.items():
                live = c.__dict__.get(fname)
                if live is not fn or getattr(live, "__code__", None) is not code:
                    tamper.append("hs.checks." + fname + " was replaced at run time")
            hs = sys.modules.get("hormonesim")
            alias = hs.__dict__.get("checks") if hs is not None else None
            if alias is not None and alias is not c:   # hs.checks is bound on first use
                tamper.append("hs.checks was replaced at run time")
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


