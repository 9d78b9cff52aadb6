"""The grader: runs each submission in a sandboxed kernel and grades its answers in its own process.

Command line: ``python -m hormonesim.coursework grade --submissions DIR --grades FILE.csv
[--course RELEASE/course.json] [--feedback DIR]`` (``make grade``).

How grading works, and why it can be trusted
--------------------------------------------
1. Arguments are checked before anything runs (time limit finite and positive, grades path a
   writable file location, the course file readable).
2. Each submission is executed by a worker process (``python -m hormonesim.coursework
   _execute``: nbclient and a fresh kernel) inside a bubblewrap sandbox (:mod:`.sandbox`) that
   sees only a copy of this notebook, a copy of the package *without the answer key*, and the
   Python installation, read-only; it has its own ``/tmp`` and ``/proc`` and no network, so it
   cannot read other submissions, the grades file or the grader's command line. Errors are
   allowed (one failing cell does not hide the answers after it); the whole notebook has one
   time budget; the sandbox's process tree is killed at the time limit and at the end.
3. After every code cell the grader adds a cell that records each ``answer_<id>`` variable as
   plain JSON data (numbers, strings, lists; any other object is refused), so answers set before
   a hang or crash still count.
4. This process reads those records from the executed notebook and compares them with expected
   values that *it* computes from the model with the answer key, for the student's own variant
   (student id = the submission's folder name, never anything in the notebook):
   :func:`hormonesim.coursework.checks.grade`. A submission that asks the package for an
   expected value fails there (no key in the sandbox) and gets no credit for it.

The CSV has one row per exercise and submission (:data:`~.markup.CSV_FIELDS`): automatic
points and their maximum, ``manual_points`` left empty for the instructor with
``manual_max_points`` for the written part, status, message, seconds and the variant's
parameter values. ``python -m hormonesim.coursework gradebook`` turns it into one row per
student for an LMS.
"""
from __future__ import annotations

import csv
import json
import math
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
                     answer_variable, chapter_notebooks, gradable_exercises,
                     graded_exercises)
from . import sandbox as _sandbox
from .course import Course

# ----------------------------------------------------------------------------------------------
# execution (in a worker process, in the sandbox) with answer capture
# ----------------------------------------------------------------------------------------------
_CAPTURE_TEMPLATE = r"""# added by the hormonesim grader: records answers as plain data; not part of the submission
def __hil_capture(ids={ids!r}):
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
        return {{"__unsupported__": t.__module__ + "." + t.__qualname__}}
    answers = {{}}
    for exercise_id in ids:
        name = "answer_" + exercise_id.replace("-", "_")
        if name in ns:
            try:
                answers[exercise_id] = plain(ns[name])
            except Exception as e:
                answers[exercise_id] = {{"__unsupported__": type(e).__name__}}
    publish_display_data({{{mime!r}: json.dumps({{"answers": answers}})}})
__hil_capture()
del __hil_capture
"""


def _with_capture_cells(nb, exercise_ids: list[str]):
    """A copy of ``nb`` with a capture cell after every code cell and one at the end."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    source = _CAPTURE_TEMPLATE.format(ids=list(exercise_ids), mime=CAPTURE_MIME)
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
    seconds: float = 0.0
    executed: object = None                     # the executed notebook, grader cells removed


def execute_submission(nb, exercise_ids: list[str], timeout_s: float = 300,
                       sandbox: str = "auto", lib: Path | None = None,
                       python: str | Path | None = None) -> Execution:
    """Run a notebook in a fresh kernel in a sandbox (:mod:`.sandbox`) and read back its answers.

    The answers come back as plain JSON data (numbers, strings, lists), read from the executed
    notebook by this process; nothing else the kernel says is used. ``lib`` is a staged copy of
    the package without the answer key (:func:`.sandbox.stage_package`; staged here if None).
    The kernel's whole process tree is killed at the time limit and at the end. Never raises
    for anything the notebook does. ``python`` (see :func:`grade`) runs the kernel.
    """
    mode = _sandbox.resolve(sandbox)
    python = check_python(python)
    with tempfile.TemporaryDirectory(prefix="hil-grade-") as tmp:
        tmp = Path(tmp)
        home, grader = tmp / "home", tmp / "grader"
        grader.mkdir()
        if lib is None:
            lib = _sandbox.stage_package(tmp / "lib").parent
        nbformat.write(_with_capture_cells(nb, exercise_ids), grader / "in.ipynb")
        worker = ["_execute", f"{_sandbox.GRADER_DIR}/in.ipynb", f"{_sandbox.GRADER_DIR}/out.ipynb",
                  f"{_sandbox.GRADER_DIR}/status.json", "--timeout", repr(float(timeout_s)),
                  "--cwd", _sandbox.WORK_DIR]
        quiet = REPO_ROOT / ".ipython" / "profile_default" / "ipython_kernel_config.py"
        argv, env, cwd = _sandbox.command(mode, Path(lib), home, grader, worker, quiet, python)
        marker = secrets.token_hex(8)
        env[_sandbox.RUN_MARKER] = marker
        started = time.monotonic()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                                start_new_session=True, cwd=cwd)
        timed_out = False
        try:
            _, err = proc.communicate(timeout=timeout_s + 60)
        except subprocess.TimeoutExpired:
            timed_out, err = True, b""
        finally:
            _kill_group(proc)
            if mode == "none":
                _sandbox.kill_marked(marker)
        if timed_out:
            return Execution("timeout", f"stopped after the {timeout_s:g} s time limit",
                             seconds=time.monotonic() - started)
        status_file, out = grader / "status.json", grader / "out.ipynb"
        if not status_file.exists() or not out.exists():
            tail = (err or b"").decode(errors="replace").strip().splitlines()[-1:] or [""]
            return Execution("execution failed", f"worker exit code {proc.returncode}: {tail[0]}"[:300],
                             seconds=time.monotonic() - started)
        try:
            status = json.loads(status_file.read_text())
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
                result.answers.update(record.get("answers", {}))
            except (ValueError, AttributeError):
                continue
    if first_error and result.status == "ok":
        result.status, result.detail = "error", first_error
    if result.status == "timeout":
        result.detail += _where_it_stopped(executed)
    executed.cells = [c for c in executed.cells if GRADER_TAG not in c.metadata.get("tags", [])]
    result.executed = executed
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
def _variant_text(params: dict) -> str:
    return "; ".join(f"{k}={v:g}" for k, v in params.items())


def grade_notebook(path: Path | str, master, student: str = "", timeout_s: float = 300,
                   errors: str = "partial", course: Course | None = None, sandbox: str = "auto",
                   lib: Path | None = None, feedback: Path | None = None,
                   python: str | Path | None = None) -> list[dict]:
    """Grade one submitted notebook against its master (instructor) chapter.

    Parameters
    ----------
    path : path
        The submitted notebook.
    master : NotebookNode
        The instructor version of the same chapter: it says which exercises are graded.
    student : str
        Student id (the grader takes it from the submission's folder, never from the notebook).
    timeout_s : float
        Time limit for executing the whole notebook (s).
    errors : {"partial", "zero"}
        ``"partial"``: answers set before or after a failing cell still count (the row's status
        says the notebook errored); ``"zero"``: a notebook that does not run cleanly scores zero.
    course : Course, optional
        The course release (salt and roster): each student is graded against their own variant.
        Without it every student has the book's variant.
    sandbox : {"auto", "bwrap", "none"}
        Isolation of the notebook's kernel (:mod:`.sandbox`).
    lib : path, optional
        Staged package without the answer key (staged per notebook if None).
    feedback : path, optional
        Write the executed notebook here (grader cells removed, a feedback cell first).
    python : path, optional
        Interpreter whose environment runs the notebook (see :func:`grade`).

    Returns
    -------
    list of dict
        One row per graded exercise (keys :data:`CSV_FIELDS`).
    """
    if errors not in ("partial", "zero"):
        raise ValueError(f"errors must be 'partial' or 'zero', got {errors!r}")
    path = Path(path)
    auto_ids = gradable_exercises(master)
    written_ids = [e for e in graded_exercises(master) if e not in auto_ids]
    base = {"student": student, "notebook": path.name}
    on_roster = course is None or student in course.students
    params = {e: (course.params(e, student) if course is not None and on_roster
                  else checks.variant(e)) for e in auto_ids + written_ids}

    def row(e, points, status, message, seconds=0.0):
        spec = checks._lookup(e)
        written = spec.written
        return {**base, "exercise": e, "points": round(points, 4), "max_points": spec.points,
                "manual_points": "", "manual_max_points": written.points if written else "",
                "status": status, "message": message, "seconds": round(seconds, 1),
                "variant": _variant_text(params[e])}

    def rows(status, message):
        return [row(e, 0.0, status, message) for e in auto_ids + written_ids]

    if not auto_ids and not written_ids:
        return []
    if not on_roster:
        return rows("not on the roster", f"no variant for {student!r}: the folder name must be a "
                    "student id of the course's roster; rename it and grade again")
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as e:
        return rows("invalid notebook", f"could not read the notebook: {type(e).__name__}: {e}"[:300])
    execution = execute_submission(nb, auto_ids, timeout_s, sandbox, lib, python)
    copied = sum(SOLUTION_TAG in c.metadata.get("tags", []) for c in nb.cells)
    out = []
    for e in auto_ids:
        spec = checks._lookup(e)
        note = "" if execution.status == "ok" else f" [{execution.status}: {execution.detail}]"
        if copied:
            note += (f" [contains {copied} cell(s) tagged {SOLUTION_TAG!r}: the instructor version "
                     "of the chapter, not the student release]")
        if errors == "zero" and execution.status != "ok":
            out.append(row(e, 0.0, execution.status, "no credit: the notebook did not run cleanly" + note,
                           execution.seconds))
            continue
        if e not in execution.answers:
            out.append(row(e, 0.0, "no answer" if execution.status == "ok" else execution.status,
                           f"no value for {answer_variable(e)}" + note, execution.seconds))
            continue
        try:
            outcome = checks.grade(e, _decode_answer(execution.answers[e]), params[e])
        except (TypeError, ValueError) as err:
            out.append(row(e, 0.0, "invalid answer", f"{err}"[:300] + note, execution.seconds))
            continue
        except Exception as err:                    # a bug in a check must not stop the grader
            out.append(row(e, 0.0, "check failed", f"{type(err).__name__}: {err}"[:300] + note,
                           execution.seconds))
            continue
        status = outcome.status if execution.status == "ok" else f"{outcome.status} ({execution.status})"
        out.append(row(e, outcome.score * spec.points, status, outcome.message + note,
                       execution.seconds))
    for e in written_ids:
        out.append(row(e, 0.0, "written", "graded by hand (rubric in the solved copies)",
                       execution.seconds))
    if feedback is not None and execution.executed is not None:
        _write_feedback(execution.executed, out, Path(feedback))
    return out


def _write_feedback(executed, rows: list[dict], target: Path) -> None:
    """The executed notebook with a first cell listing each exercise's points and message."""
    lines = ["**Grader feedback.** Points per exercise (written parts are graded by hand):", ""]
    for r in rows:
        manual = f" + written part (of {r['manual_max_points']:g})" if r["manual_max_points"] != "" else ""
        lines.append(f"- {r['exercise']}: {r['points']:g} / {r['max_points']:g}{manual}: {r['message']}")
    executed.cells.insert(0, nbformat.v4.new_markdown_cell("\n".join(lines)))
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(executed, target)


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


def check_grades_path(grades: Path | str) -> Path:
    """The grades CSV path, checked before any grading: a file location that can be written.

    Raises
    ------
    ValueError
        If it is a folder, or its folder cannot be created or written.
    """
    grades = Path(grades)
    if grades.is_dir():
        raise ValueError(f"grades must be a CSV file path, but {str(grades)!r} is a folder")
    parent = grades.parent
    existing = parent
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise ValueError(f"cannot write the grades file {str(grades)!r}: {str(existing)!r} is not a "
                         "writable folder")
    if grades.exists() and not os.access(grades, os.W_OK):
        raise ValueError(f"cannot write the grades file {str(grades)!r}: it is read-only")
    return grades


def check_python(python) -> str:
    """The interpreter to run graded notebooks with: ``python`` checked (an executable file), or
    this process's interpreter when None."""
    if python is None:
        return sys.executable
    if not isinstance(python, (str, os.PathLike)):
        raise TypeError(f"python must be the path of a Python interpreter, got {type(python).__name__}")
    path = Path(python)
    if not path.is_file() or not os.access(path, os.X_OK):
        raise ValueError(f"python must be the path of an executable Python interpreter "
                         f"(e.g. env/bin/python), got {str(python)!r}")
    return str(path.absolute())


def check_timeout(timeout_s) -> float:
    """The time limit per notebook as a float: finite and > 0 seconds (else ValueError)."""
    try:
        value = float(timeout_s)
    except (TypeError, ValueError):
        raise ValueError(f"timeout must be a number of seconds, got {timeout_s!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"timeout must be a finite number of seconds > 0, got {timeout_s!r}")
    return value


def grade(submissions: Path | str, grades: Path | str | None = None, timeout_s: float = 300,
          jobs: int | None = None, errors: str = "partial", source: Path | str = REPO_ROOT,
          progress=None, course: Course | Path | str | None = None, sandbox: str = "auto",
          feedback: Path | str | None = None, python: str | Path | None = None) -> list[dict]:
    """Grade every ``*.ipynb`` under ``submissions`` and write one CSV row per exercise.

    Layouts: ``SUBMISSIONS/<student>/<chapter>.ipynb`` (recommended; the folder names the student)
    or ``SUBMISSIONS/<student>_<chapter>.ipynb``. Notebooks are matched to the book's chapters by
    file name (``01_hormones_as_messages``).

    Parameters
    ----------
    submissions : path
        Folder of submitted notebooks.
    grades : path, optional
        CSV file to write (checked before grading starts).
    timeout_s : float
        Time limit per notebook (s), finite and > 0.
    jobs : int, optional
        Notebooks executed in parallel (default: up to 4).
    errors : {"partial", "zero"}
        See :func:`grade_notebook`.
    source : path
        Book root holding the instructor chapters.
    progress : callable, optional
        Called with a one-line message: first the sandbox in use, then each notebook graded.
    course : Course or path of ``course.json``, optional
        The course release with its roster: per-student variants. Without it, the book's.
    sandbox : {"auto", "bwrap", "none"}
        Isolation of each notebook (:mod:`.sandbox`); ``"auto"`` uses bwrap when it works.
    feedback : path, optional
        Folder for the executed notebooks with feedback, ``FEEDBACK/<student>/<notebook>``.
    python : path, optional
        The Python interpreter whose environment runs the notebooks, e.g. ``env/bin/python`` of
        the environment the course uses (it needs nbclient and ipykernel, as requirements.txt
        installs); this process's interpreter by default. hormonesim itself always comes from
        the grader's staged copy, without the answer key.

    Returns
    -------
    list of dict
        The rows written.
    """
    submissions = Path(submissions)
    if not submissions.is_dir():
        raise ValueError(f"submissions must be a folder of notebooks, got {str(submissions)!r}")
    timeout_s = check_timeout(timeout_s)
    if grades is not None:
        grades = check_grades_path(grades)
    if jobs is not None and (not isinstance(jobs, int) or jobs < 1):
        raise ValueError(f"jobs must be a whole number >= 1, got {jobs!r}")
    python = check_python(python)
    if course is not None and not isinstance(course, Course):
        course = Course.load(course)
    mode = _sandbox.resolve(sandbox)
    if progress is not None:
        progress(_sandbox.describe(mode))
    masters = {p.name: nbformat.read(p, as_version=4) for p in chapter_notebooks(Path(source))}
    tasks, rows = [], []
    for path in sorted(submissions.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        chapter, student = _match_chapter(path, masters, submissions)
        if chapter is None:
            rows.append({"student": student, "notebook": path.name, "exercise": "", "points": 0,
                         "max_points": 0, "manual_points": "", "manual_max_points": "",
                         "status": "unknown notebook", "variant": "",
                         "message": "file name matches no chapter of the book", "seconds": 0.0})
            continue
        tasks.append((path, masters[chapter], student))
    jobs = jobs or min(4, os.cpu_count() or 1)
    with tempfile.TemporaryDirectory(prefix="hil-lib-") as staging:
        lib = _sandbox.stage_package(Path(staging)).parent
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = [pool.submit(_grade_safely, path, master, student, timeout_s, errors, course,
                                   mode, lib, None if feedback is None
                                   else Path(feedback) / student / path.name, python)
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
        grades.parent.mkdir(parents=True, exist_ok=True)
        with open(grades, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=CSV_FIELDS)
            writer.writeheader()
            writer.writerows(rows)
    return rows


def _grade_safely(path, master, student, timeout_s, errors, course, mode, lib, feedback,
                  python) -> list[dict]:
    try:
        return grade_notebook(path, master, student, timeout_s, errors, course, mode, lib, feedback,
                              python)
    except Exception as e:                       # last line of defence: a row, not a crash
        return [{"student": student, "notebook": path.name, "exercise": e_id, "points": 0,
                 "max_points": checks._lookup(e_id).points, "manual_points": "",
                 "manual_max_points": "", "status": "grader error", "variant": "",
                 "message": f"{type(e).__name__}: {e}"[:300], "seconds": 0.0}
                for e_id in graded_exercises(master)]


def _summary(rows: list[dict]) -> str:
    totals: dict = {}
    for r in rows:
        key = (r["student"], r["notebook"])
        got, most = totals.get(key, (0.0, 0.0))
        totals[key] = (got + float(r["points"]), most + float(r["max_points"]))
    lines = [f"{'student':<20} {'notebook':<40} points (automatic)"]
    lines += [f"{s:<20} {n:<40} {g:g} / {m:g}" for (s, n), (g, m) in sorted(totals.items())]
    return "\n".join(lines)
