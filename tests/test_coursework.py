"""Coursework: self-checks, exercises in every chapter, the student release and the grader.

The heavy tests execute notebooks in fresh kernels in the grader's sandbox (the grader's own
path): every chapter's instructor version (conftest.book_grading, shared with the notebook and
Binder tests), plus small notebooks crafted here that raise, hang, kill their
kernel, reach for the answer key, search the file system or leave a process behind.
"""
from __future__ import annotations

import csv
import json
import os
import re
import time
from pathlib import Path

import nbformat
import pytest

import hormonesim as hs
import hormonesim.coursework as cw
from hormonesim.coursework import checks, sandbox


def expected(exercise_id, params=None):
    """The answer key's value (tests only: no public name gives it)."""
    spec = checks._lookup(exercise_id)
    return checks._target(spec, {**checks.variant(exercise_id), **(params or {})})


AUTO = [e for e in checks.registered() if checks._lookup(e).kind != "written"]

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = cw.chapter_notebooks(ROOT)


def _read(path):
    return nbformat.read(path, as_version=4)


def _is_placeholder(nb) -> bool:
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return "PLACEHOLDER" in text or len(nb.cells) <= 3


WRITTEN = [p for p in CHAPTERS if not _is_placeholder(_read(p))]


# ----------------------------------------------------------------------------------------------
# self-checks
# ----------------------------------------------------------------------------------------------
def test_checks_accept_expected_and_reject_wrong_answers():
    for exercise_id in AUTO:
        spec = checks._REGISTRY[exercise_id]
        value = expected(exercise_id)
        assert checks.check(exercise_id, value).correct, exercise_id
        assert checks.check(exercise_id, ...).status == "blank"
        assert checks.check(exercise_id, None).score == 0
        if spec.kind == "numbers":
            wrong = tuple(v * 3 + 1 for v in value)
        elif spec.kind == "choice":
            wrong = next(c for c in spec.choices if c != str(value).lower())
        else:
            wrong = value * 3 + 1
        result = checks.check(exercise_id, wrong)
        assert not result and result.score == 0, exercise_id


def test_check_messages_never_reveal_the_expected_value():
    for exercise_id in AUTO:
        spec = checks._REGISTRY[exercise_id]
        value = expected(exercise_id)
        targets = value if spec.kind == "numbers" else (value,)
        for target in targets:
            if isinstance(target, str):
                continue
            for wrong in (target * 1.5 + 0.3, target * 0.5 - 0.2, target * 100):
                answer = tuple(wrong for _ in targets) if spec.kind == "numbers" else wrong
                if spec.kind == "integer":
                    answer = round(wrong) if round(wrong) != target else int(target) + 2
                message = checks.check(exercise_id, answer).message
                # the hint is fixed text written by the author; the rest is generated
                message = message.split(" Hint: ")[0].replace(exercise_id, "")
                for digits in (2, 3, 4):
                    shown = f"{target:.{digits}g}"
                    if len(shown.replace(".", "").replace("-", "")) > 1:
                        as_token = rf"(?<![\w.]){re.escape(shown)}(?![\w]|\.\d)"
                        assert not re.search(as_token, message), (exercise_id, message)


def test_check_errors_are_clear():
    with pytest.raises(ValueError, match="unknown exercise id 'ch1-ex99'.*ch1-ex1"):
        checks.check("ch1-ex99", 1.0)
    with pytest.raises(TypeError, match="string such as"):
        checks.check(1, 1.0)
    with pytest.raises(TypeError, match="must be a number.*str"):
        checks.check("ch1-ex1", "0.67")
    with pytest.raises(TypeError, match="must be a number.*bool"):
        checks.check("ch1-ex1", True)
    with pytest.raises(ValueError, match="expected 2 numbers"):
        checks.check("ch1-ex2", (1.0, 2.0, 3.0))
    with pytest.raises(TypeError, match="whole number"):
        checks.check("ch2-ex2", 3.5)
    assert checks.check("ch2-ex2", 3.0).correct or expected("ch2-ex2") != 3


def test_check_hints_point_at_the_problem():
    percent = checks.check("ch1-ex1", expected("ch1-ex1") * 100)
    assert "factor of about 100" in percent.message
    partial = checks.check("ch1-ex2", (expected("ch1-ex2")[0], 0.01))
    assert partial.status == "partial" and partial.score == 0.5 and "right: level; wrong: level_doubled" in partial.message


def test_registry_decorator_validates():
    with pytest.raises(ValueError, match="already registered"):
        checks.exercise("ch1-ex1", form="x")
    with pytest.raises(ValueError, match="look like"):
        checks.exercise("chapter1-1", form="x")
    with pytest.raises(ValueError, match="unknown kind"):
        checks.exercise("ch99-ex1", form="x", kind="vector")
    with pytest.raises(ValueError, match="parts"):
        checks.exercise("ch99-ex1", form="x", kind="numbers")
    with pytest.raises(ValueError, match="written"):
        checks.exercise("ch99-ex1", form="x", kind="written")
    with pytest.raises(ValueError, match="low <= book"):
        checks.Vary(5.0, 6.0, 9.0, 1.0)
    assert "ch99-ex1" not in checks.registered()


def test_expected_values_come_from_the_model():
    # ch1-ex1 is the Hill curve; ch1-ex3 matches the chapter's exponential estimate
    assert expected("ch1-ex1") == pytest.approx(hs.pharmacology.occupancy(4.0, ec50=2.0, hill=1))
    assert expected("ch1-ex3") == pytest.approx(1.4 * 0.6931 / 2.3026, abs=0.03)
    level, doubled = expected("ch1-ex2")
    assert doubled == pytest.approx(2 * level)
    # a variant is computed for its own parameters
    assert expected("ch1-ex1", {"conc": 1.0, "ec50": 3.0}) == pytest.approx(0.25)


def test_no_public_route_to_an_expected_value():
    public = [n for n in dir(checks) if not n.startswith("_")]
    assert "expected" not in public and not hasattr(checks, "expected")
    for name in public:
        obj = getattr(checks, name)
        assert not (callable(obj) and name in ("answer", "solution", "compute")), name
    spec = checks._lookup("ch1-ex1")
    assert not hasattr(spec, "expected") and not hasattr(spec, "compute")
    result = checks.check("ch1-ex1", 0.9)
    assert f"{expected('ch1-ex1'):.3g}" not in repr(result) and "0.667" not in result.message


def test_every_model_exercise_varies_or_says_why():
    from hormonesim.coursework.key import NOT_VARIED
    fixed = {e for e in AUTO if not checks._lookup(e).vary}
    assert fixed == set(NOT_VARIED), "an exercise without variants must be listed (with a reason)"
    for e in AUTO:
        spec = checks._lookup(e)
        for name, v in spec.vary.items():
            assert v.book in v.grid() or v.choices, (e, name)


def test_variants_are_deterministic_per_student_and_shared_within_a_chapter():
    a1 = checks.variant("ch4-ex1", "ana", "s1")
    assert a1 == checks.variant("ch4-ex1", "ana", "s1")
    assert a1 != checks.variant("ch4-ex1", "ana", "s2") or a1 != checks.variant("ch4-ex1", "ben", "s1")
    a2 = checks.variant("ch4-ex2", "ana", "s1")
    assert (a1["age"], a1["bmi"]) == (a2["age"], a2["bmi"])          # the same man in ex1 and ex2
    assert checks.variant("ch4-ex1") == {"age": 50.0, "bmi": 27.0, "dose_mg": 200.0}
    with pytest.raises(ValueError, match="student"):
        checks.variant("ch4-ex1", "  ", "s1")


# ----------------------------------------------------------------------------------------------
# chapters: exercises, solutions, answer cells
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", WRITTEN, ids=lambda p: p.stem)
def test_chapter_has_three_exercises_with_solutions(path):
    labels = cw.exercise_labels(_read(path))
    chapter = int(path.stem.split("_")[0])
    assert all(re.fullmatch(rf"ch{chapter}-ex\d+", label) for label in labels), labels
    with_solution = [label for label, info in labels.items() if info["solution"]]
    assert len(with_solution) >= 3, f"{path.name}: exercises with solutions: {with_solution}"


@pytest.mark.parametrize("path", WRITTEN, ids=lambda p: p.stem)
def test_answer_cells_are_complete(path):
    nb = _read(path)
    cells = nb.cells
    for exercise_id, i in cw.answer_cells(nb).items():
        var = cw.answer_variable(exercise_id)
        assert exercise_id in checks.registered(), f"{exercise_id} has an answer cell but no check"
        assert re.match(rf"^{var}\s*=\s*\.\.\.", cells[i].source), cells[i].source
        solution = [c for c in cells if cw.SOLUTION_TAG in c.metadata.get("tags", [])
                    and re.search(rf"^{var}\s*=", c.source, flags=re.M)]
        assert solution, f"{exercise_id}: no solution cell (tagged 'solution') assigning {var}"
        assert any(f'check("{exercise_id}", {var})' in c.source for c in cells[i:]), \
            f"{exercise_id}: no self-check after the answer cell"
    for c in cells:
        if c.cell_type == "code":
            assert not c.outputs, f"{path.name}: committed with outputs"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_release_removes_every_solution(path):
    nb = _read(path)
    student = cw.release_notebook(nb)
    assert not cw.solution_leaks(student)
    for cell in nb.cells:   # no solution cell's code survives
        if cw.SOLUTION_TAG in cell.metadata.get("tags", []):
            assert all(c.source != cell.source for c in student.cells)
    sources = "\n".join(c.source for c in student.cells)
    assert "{solution" not in sources and ":class: dropdown" not in sources
    for exercise_id in cw.answer_cells(nb):
        assert exercise_id in cw.answer_cells(student)
    assert set(cw.exercise_labels(nb)) >= set(re.findall(r"\*\*Exercise (ch\d+-ex\d+)\.\*\*", sources))


def test_release_handles_gated_solutions_and_refuses_leaks():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("```{exercise}\n:label: ch1-ex1\nDo it.\n```"),
                nbformat.v4.new_markdown_cell("```{solution-start} ch1-ex1\n```"),
                nbformat.v4.new_code_cell("secret = 42"),
                nbformat.v4.new_markdown_cell("```{solution-end}\n```"),
                nbformat.v4.new_markdown_cell("after")]
    out = cw.release_notebook(nb)
    assert [c.source for c in out.cells] == ["**Exercise ch1-ex1.**\nDo it.", "after"]
    nb.cells = nb.cells[:3]
    with pytest.raises(ValueError, match="no \\{solution-end\\}"):
        cw.release_notebook(nb)


def test_make_student_writes_every_chapter(tmp_path):
    written = cw.release(tmp_path / "student", ROOT)
    assert len(written) == len(CHAPTERS)
    for path in written:
        assert not cw.solution_leaks(_read(path))


# ----------------------------------------------------------------------------------------------
# the grader, end to end (notebooks executed in fresh kernels)
# ----------------------------------------------------------------------------------------------
def _notebook(*sources):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    return nb


RIGHT_CH1 = ("import hormonesim as hs",
             "answer_ch1_ex1 = hs.pharmacology.occupancy(4.0, ec50=2.0, hill=1)",
             "level = lambda t: hs.SecretionClearance(half_life_h=t, secretion_ug_per_h=10, "
             "volume_l=15).steady_level_ng_ml\nanswer_ch1_ex2 = (level(2.3), level(4.6))")
CH1 = "01_hormones_as_messages.ipynb"

# a probe that looks for everything a graded notebook must not see, and prints what it found
PROBE = r"""
import json, os
# built at run time, so that the probe's own source never matches
tokens = {"classmate": "CLASSMATE-" + "MARKER-7Q2", "classmate_dir": "classmate" + "_x7",
          "grades": "grades" + "-zq81", "submissions": "subs" + "-k3v9", "own": "PROBE-OWN-" + "MARKER-5T"}
found = {k: [] for k in tokens}
def look(path, text):
    for k, t in tokens.items():
        if t in text and len(found[k]) < 5:
            found[k].append(path)
seen = 0
roots = ["/tmp", *[os.path.dirname(os.getcwd().rstrip("/") + "/" + "../" * i) for i in range(6)], "/"]
for root in roots:
    for folder, dirs, files in os.walk(os.path.abspath(root)):
        if all(found.values()):
            break                   # everything looked for was found: no need to look further
        depth = folder.count("/")
        dirs[:] = [d for d in dirs if depth < 8 and os.path.join(folder, d) not in
                   ("/proc", "/sys", "/dev", "/usr", "/etc") and "site-packages" not in folder]
        for name in dirs + files:
            seen += 1
            look(os.path.join(folder, name), name)
        for name in files:
            if name.endswith((".ipynb", ".csv", ".json")):
                try:
                    if os.path.getsize(os.path.join(folder, name)) < 2_000_000:
                        look(os.path.join(folder, name), open(os.path.join(folder, name), errors="replace").read())
                except OSError:
                    pass
        if seen > 300_000:
            break
for pid in os.listdir("/proc"):
    if pid.isdigit():
        try:
            look(f"/proc/{pid}/cmdline", open(f"/proc/{pid}/cmdline").read().replace("\0", " "))
            look(f"/proc/{pid}/environ", open(f"/proc/{pid}/environ").read().replace("\0", " "))
        except OSError:
            pass
print("PROBE-RESULT " + json.dumps(found))
"""
SLEEPER = ("import subprocess, sys\n"
           "p = subprocess.Popen(['sleep', '1000.4242'], start_new_session=True)\n"
           "import os; print('SLEEPER-STARTED', os.path.exists(f'/proc/{p.pid}'))")


def _rows(grades_csv):
    with open(grades_csv) as f:
        rows = list(csv.DictReader(f))
    assert rows and list(rows[0]) == list(cw.CSV_FIELDS)
    return rows


def _outputs(executed_path) -> str:
    nb = _read(executed_path)
    return "\n".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", [])
                     if o.get("output_type") == "stream")


def _sleepers() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and b"1000.4242" in (entry / "cmdline").read_bytes():
                pids.append(int(entry.name))
        except OSError:
            pass
    return pids


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A set of crafted ch1 submissions graded in the sandbox with a short time limit. (It does
    not wait for the grading of every chapter, conftest.book_grading, so it runs while that
    background work does, not after it.)"""
    base = tmp_path_factory.mktemp("grading")
    bad = base / "subs-k3v9"
    cases = {
        "raises": _notebook(*RIGHT_CH1, "raise RuntimeError('student bug')", "answer_ch1_ex3 = 0.42"),
        # an endless loop that sleeps: the time limit stops it the same way as a spinning one,
        # without 20 CPU-s of spinning in every make test
        "loops": _notebook(*RIGHT_CH1, "while True:\n    __import__('time').sleep(0.05)",
                           "answer_ch1_ex3 = 0.42"),
        "dies": _notebook(*RIGHT_CH1, "import os\nos._exit(1)"),
        "fake_equal": _notebook("class Always:\n    def __eq__(self, other):\n        return True\n"
                                "    def __float__(self):\n        return 0.0",
                                "answer_ch1_ex1 = Always()", "answer_ch1_ex3 = '0.42'"),
        "syntax": _notebook(*RIGHT_CH1, "def broken(:\n    pass"),
        # ordinary names that the old tamper scan punished
        "names": _notebook(*RIGHT_CH1, "check = hs.checks.check('ch1-ex1', answer_ch1_ex1)\nprint(check)",
                           "def check(x):\n    return x\nchecks = {'ch1-ex1': check(1)}",
                           "class Lab:\n    pass\nlab = Lab()\nlab.check = checks"),
        # every route to the answer key the package used to offer, and a few more
        "asks_expected": _notebook("import hormonesim as hs",
                                   "answer_ch1_ex1 = hs.checks.expected('ch1-ex1')",
                                   "answer_ch1_ex2 = hs.checks._lookup('ch1-ex2')._answer(10, 15, 2.3)",
                                   "answer_ch1_ex3 = hs.checks._REGISTRY['ch1-ex3']._answer(1.5)"),
        "imports_key": _notebook("import hormonesim as hs",
                                 "from hormonesim.coursework.key.ch01_hormones_as_messages import _ch1_ex1\n"
                                 "answer_ch1_ex1 = _ch1_ex1(4.0, 2.0)",
                                 "import importlib.util, hormonesim, pathlib\n"
                                 "p = pathlib.Path(hormonesim.__file__).parent / 'coursework/key/ch01_hormones_as_messages.py'\n"
                                 "print('KEY-SOURCE-VISIBLE', p.exists())",
                                 "import glob\nhits = [h for top in ('/opt', '/home', '/tmp', '/root', '/grader', '/work') for h in\n"
                                 "        glob.glob(top + '/**/key/ch01_hormones_as_messages.py', recursive=True)]\n"
                                 "print('KEY-FILES', hits)"),
        "probe": _notebook("print('PROBE-OWN-MARKER-5T')", PROBE),
        "sleeper": _notebook(*RIGHT_CH1, SLEEPER),
    }
    for name, nb in cases.items():
        (bad / name).mkdir(parents=True)
        nbformat.write(nb, bad / name / CH1)
    # chapter 1's real student release, untouched: the blank answers end to end
    (bad / "blank").mkdir()
    cw.release(base / "release", ROOT, chapters=["01"])[0].replace(bad / "blank" / CH1)
    classmate = _notebook(*RIGHT_CH1, "print('CLASSMATE-MARKER-7Q2')")
    (bad / "classmate_x7").mkdir()
    nbformat.write(classmate, bad / "classmate_x7" / CH1)
    (bad / "garbage").mkdir()
    (bad / "garbage" / CH1).write_text("{not a notebook")
    (bad / "garbage" / "my_essay.ipynb").write_text("{}")
    lines = []
    cw.grade(bad, base / "grades-zq81.csv", 20, 4, "partial", ROOT, progress=lines.append,
             sandbox="bwrap" if sandbox.bwrap_status()[0] else "none", feedback=base / "feedback")
    return {"bad": _rows(base / "grades-zq81.csv"), "feedback": base / "feedback",
            "progress": lines, "base": base}


def _by(rows, student):
    return {r["exercise"]: r for r in rows if r["student"] == student}


def _auto(rows, student):
    """A ch1 submission's rows of automatically graded exercises; its other rows must be the
    written-only exercises, left to the instructor whatever happened to the notebook."""
    mine = _by(rows, student)
    for e, r in mine.items():
        if e not in _CH1_GRADED:
            assert r["status"] == "written" and float(r["points"]) == 0, r
    return {e: r for e, r in mine.items() if e in _CH1_GRADED}


def test_book_chapters_get_full_marks(book_grading):
    rows = [r for r in book_grading if r["student"] == "instructor"]
    notebooks = {r["notebook"] for r in rows}
    assert notebooks == {p.name for p in CHAPTERS if cw.gradable_exercises(_read(p))}
    for r in rows:
        assert float(r["points"]) == float(r["max_points"]) > 0, r
        assert r["status"] == "correct", r
        assert "instructor version" in r["message"]       # flagged: solution cells present


def test_written_parts_have_columns_for_the_instructor(book_grading):
    rows = [r for r in _rows(book_grading.csv) if r["student"] == "instructor"]
    written = [r for r in rows if r["manual_max_points"]]
    assert written and all(r["manual_points"] == "" for r in written)
    for r in written:
        assert float(r["manual_max_points"]) == checks.written_parts(r["exercise"]).points
    ex3 = [r for r in rows if r["exercise"] == "ch2-ex3"]
    assert ex3 and ex3[0]["status"] == "written" and float(ex3[0]["manual_max_points"]) == 5  # the chapter's rubric
    assert float(ex3[0]["max_points"]) == 0 and float(ex3[0]["points"]) == 0


def _assigned_values(nb, name: str) -> list:
    """Every value the notebook's code assigns to ``name`` (ast nodes)."""
    import ast

    values = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:                 # IPython magics: no answer is assigned there
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                    values.append(node.value)
    return values


def test_blank_release_gets_zero(tmp_path):
    """Every answer of the student release is the blank ``...`` and nothing else in the notebook
    sets it, and the grader gives a blank zero. (That the release runs cleanly top to bottom is
    shown by the student edition's build, where errors fail the build: it executes a release, or
    takes the book's outputs where its syntax scan shows that removing the solutions cannot change
    them, which test_student_site checks against a real run of chapter 1; the grader's handling of
    a blank notebook end to end is in test_blank_release_of_a_chapter_runs_and_gets_zero.)"""
    import ast

    released = {p.name: p for p in cw.release(tmp_path, ROOT)}
    for master_path in CHAPTERS:
        ids = cw.gradable_exercises(_read(master_path))
        if not ids:
            continue
        nb = _read(released[master_path.name])
        assert set(ids) <= set(cw.answer_cells(nb)), master_path.name
        for e in ids:
            values = _assigned_values(nb, cw.answer_variable(e))
            assert values and all(isinstance(v, ast.Constant) and v.value is Ellipsis
                                  for v in values), (master_path.name, e, [ast.unparse(v) for v in values])
            outcome = checks.grade(e, ..., checks.variant(e))
            assert outcome.score == 0 and outcome.status == "blank", (e, outcome)


#: chapter 1's automatically graded exercises, read from the chapter itself
_CH1_GRADED = set(cw.gradable_exercises(_read(next(p for p in CHAPTERS if p.name.startswith("01_")))))


def test_grader_says_which_sandbox_it_uses_first(graded):
    first = graded["progress"][0]
    assert first.startswith("sandbox: bubblewrap") or first.startswith("WARNING: no sandbox")
    assert all(line.startswith("graded ") for line in graded["progress"][1:])


def test_raising_notebook_is_graded_as_such(graded):
    rows = _auto(graded["bad"], "raises")
    assert set(rows) == _CH1_GRADED            # every graded exercise of chapter 1 has a row
    assert all("error" in r["status"] and "RuntimeError" in r["message"] for r in rows.values())
    # answers before and after the failing cell still count under the default policy (the
    # notebook answers the first three exercises; the later ones are unanswered)
    assert all(float(rows[e]["points"]) == 1 for e in ("ch1-ex1", "ch1-ex2", "ch1-ex3"))
    assert all(float(rows[e]["points"]) == 0 for e in _CH1_GRADED - {"ch1-ex1", "ch1-ex2", "ch1-ex3"})


def test_hanging_notebook_is_stopped(graded):
    rows = _auto(graded["bad"], "loops")
    assert all("timeout" in r["status"] for r in rows.values())
    assert "in code cell 4 ('while True:')" in rows["ch1-ex1"]["message"]
    assert float(rows["ch1-ex1"]["points"]) == 1          # recorded before the hang
    assert float(rows["ch1-ex3"]["points"]) == 0          # never reached


def test_dead_kernel_is_graded_as_such(graded):
    rows = _auto(graded["bad"], "dies")
    assert rows and all(float(r["points"]) == 0 or "died" in r["status"] for r in rows.values())
    assert all("died" in r["status"] or "failed" in r["status"] for r in rows.values())


def test_blank_release_of_a_chapter_runs_and_gets_zero(graded):
    rows = _auto(graded["bad"], "blank")
    assert set(rows) == _CH1_GRADED
    for r in rows.values():
        assert float(r["points"]) == 0 and r["status"] == "blank", r   # "blank (error)": a crash


def test_ordinary_names_grade_normally(graded):
    rows = _by(graded["bad"], "names")
    assert float(rows["ch1-ex1"]["points"]) == 1 and float(rows["ch1-ex2"]["points"]) == 1
    assert rows["ch1-ex1"]["status"] == "correct", rows["ch1-ex1"]


def test_asking_the_package_for_answers_gets_no_credit(graded):
    for student in ("asks_expected", "imports_key"):
        rows = _auto(graded["bad"], student)
        assert set(rows) == _CH1_GRADED
        assert all(float(r["points"]) == 0 for r in rows.values()), rows
    assert "expected" in _by(graded["bad"], "asks_expected")["ch1-ex1"]["message"]
    assert "No module named 'hormonesim.coursework.key'" in \
        _by(graded["bad"], "imports_key")["ch1-ex1"]["message"]
    if sandbox.bwrap_status()[0]:
        out = _outputs(graded["feedback"] / "imports_key" / CH1)
        assert "KEY-SOURCE-VISIBLE False" in out and "KEY-FILES []" in out, out


@pytest.mark.skipif(not sandbox.bwrap_status()[0], reason="bubblewrap does not work here")
def test_a_graded_notebook_sees_no_other_submission_grades_or_arguments(graded):
    out = _outputs(graded["feedback"] / "probe" / CH1)
    found = json.loads(out.split("PROBE-RESULT ", 1)[1].splitlines()[0])
    assert found["own"], "the probe must find its own notebook (else it proves nothing)"
    for key in ("classmate", "classmate_dir", "grades", "submissions"):
        assert not found[key], (key, found[key])
    # the classmate was graded in the same run, in its own sandbox
    assert float(_by(graded["bad"], "classmate_x7")["ch1-ex1"]["points"]) == 1


def test_the_probe_does_find_a_classmate_without_the_sandbox(tmp_path):
    """Control for the test above: unsandboxed, the same probe finds the planted classmate, the
    grades file and the submissions folder, so its silence in the sandbox means something."""
    subs = tmp_path / "subs-k3v9"
    for student, nb in (("probe", _notebook("print('PROBE-OWN-MARKER-5T')", PROBE)),
                        ("classmate_x7", _notebook("print('CLASSMATE-MARKER-7Q2')"))):
        (subs / student).mkdir(parents=True)
        nbformat.write(nb, subs / student / CH1)
    (tmp_path / "grades-zq81.csv").write_text("old grades\n")
    cw.grade(subs, tmp_path / "grades-zq81.csv", 60, 2, source=ROOT, sandbox="none",
             feedback=tmp_path / "fb")
    found = json.loads(_outputs(tmp_path / "fb" / "probe" / CH1).split("PROBE-RESULT ", 1)[1].splitlines()[0])
    assert found["own"] and found["classmate"] and found["grades"], found


def test_no_process_started_by_a_notebook_survives_the_grader(graded):
    out = _outputs(graded["feedback"] / "sleeper" / CH1)
    assert "SLEEPER-STARTED True" in out, out
    assert _sleepers() == []
    assert float(_by(graded["bad"], "sleeper")["ch1-ex1"]["points"]) == 1


def test_no_process_survives_without_the_sandbox_either(tmp_path):
    (tmp_path / "subs" / "sleeper").mkdir(parents=True)
    nbformat.write(_notebook(SLEEPER), tmp_path / "subs" / "sleeper" / CH1)
    cw.grade(tmp_path / "subs", tmp_path / "g.csv", 60, 1, source=ROOT, sandbox="none",
             feedback=tmp_path / "fb")
    assert "SLEEPER-STARTED True" in _outputs(tmp_path / "fb" / "sleeper" / CH1)
    time.sleep(0.5)
    assert _sleepers() == []


def test_objects_and_text_are_not_trusted(graded):
    rows = _by(graded["bad"], "fake_equal")
    assert rows["ch1-ex1"]["status"] == "invalid answer" and float(rows["ch1-ex1"]["points"]) == 0
    assert rows["ch1-ex3"]["status"] == "invalid answer"
    assert rows["ch1-ex2"]["status"] == "no answer"


def test_unreadable_and_unknown_notebooks_do_not_crash(graded):
    rows = [r for r in graded["bad"] if r["student"] == "garbage"]
    assert {r["status"] for r in rows} == {"invalid notebook", "unknown notebook"}
    syntax = _auto(graded["bad"], "syntax")
    assert all("SyntaxError" in r["message"] for r in syntax.values())
    assert float(syntax["ch1-ex1"]["points"]) == 1


def test_answer_functions_live_only_in_the_sealed_key():
    """Every @exercise (an answer function) is in hormonesim/coursework/key/, the folder the
    grading sandbox leaves out; anywhere else a graded notebook could call it."""
    package = ROOT / "hormonesim"
    stray = [str(p.relative_to(package)) for p in package.rglob("*.py")
             if "key" not in p.relative_to(package).parts and sandbox.defines_exercises(p)]
    assert sandbox.defines_exercises(package / "coursework" / "key" / "ch01_hormones_as_messages.py")
    assert not stray, f"move these exercises to hormonesim/coursework/key/ (same file name): {stray}"


def test_the_sandbox_package_has_no_answer_key(tmp_path):
    lib = sandbox.stage_package(tmp_path)
    assert (lib / "coursework" / "checks.py").is_file() and (lib / "coursework" / "answers").is_dir()
    assert not (lib / "coursework" / "key").exists()
    assert not [p for p in lib.rglob("*.pyc") if "key" in p.name or "key" in p.parent.parent.name]


# ----------------------------------------------------------------------------------------------
# per-student variants: release with a roster, solved notebooks, grading each against their own
# ----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def roster_release(tmp_path_factory):
    base = tmp_path_factory.mktemp("course")
    (base / "roster.csv").write_text("student,name\nana,Ana A\nben,Ben B\n")
    cw.release(base / "release", ROOT, roster=base / "roster.csv", with_solutions=True,
               salt="test-salt", chapters=["01"])
    return base


def test_roster_release_gives_each_student_their_own_patient(roster_release):
    course = cw.Course.load(roster_release / "release" / "_instructor" / "course.json")
    assert course.students == ("ana", "ben") and course.salt == "test-salt"
    notebooks = {s: _read(roster_release / "release" / s / "fundamentals" / CH1) for s in ("ana", "ben")}
    for exercise_id in sorted(_CH1_GRADED):
        ana, ben = course.params(exercise_id, "ana"), course.params(exercise_id, "ben")
        assert ana != ben, exercise_id
        assert not checks.grade(exercise_id, expected(exercise_id, ana), ben).correct, exercise_id
        for student, params in (("ana", ana), ("ben", ben)):
            text = "\n".join(c.source for c in notebooks[student].cells)
            assert f"Your version of {exercise_id}" in text
            assert all(f"**{v:g}" in text for v in params.values())
    assert not (roster_release / "release" / "ana" / "_instructor").exists()
    for nb in notebooks.values():
        assert not cw.solution_leaks(nb)
        assert "answer key" not in "\n".join(c.source for c in nb.cells)


@pytest.mark.parametrize("chapter", ["01", "02", "04", "05", "06", "07", "08", "09", "11", "12"])
def test_another_students_answers_score_at_most_half(chapter):
    """ana's expected answers graded as ben's and the other way round (the answer key, not whole
    notebooks: the end-to-end version of this runs on chapter 1 above). Chapters whose answers
    take long to compute (3, 10) are left out here."""
    path = next(p for p in CHAPTERS if p.stem.startswith(chapter))
    ids = cw.gradable_exercises(_read(path))
    for owner, other in (("ana", "ben"), ("ben", "ana")):
        got = sum(checks.grade(e, expected(e, checks.variant(e, owner, "test-salt")),
                               checks.variant(e, other, "test-salt")).score for e in ids)
        assert got <= len(ids) / 2, (chapter, owner, other, got)


@pytest.mark.parametrize("exercise_id, one, other", [
    ("ch5-ex3", {"trial_age": 60.0, "trial_bmi": 25.0, "leydig_scale": 0.8, "aromatase_scale": 0.7},
     {"trial_age": 80.0, "trial_bmi": 34.0, "leydig_scale": 0.6, "aromatase_scale": 1.4}),
    ("ch6-ex2", {"age": 25.0, "bmi": 25.0}, {"age": 55.0, "bmi": 25.0}),
    ("ch6-ex3", {"injections_per_week": 1.0}, {"injections_per_week": 5.0}),
])
def test_formerly_fixed_exercises_depend_on_the_variant(exercise_id, one, other):
    """The held-out trial, the hCG dose and the gonadorelin schedule were the same for everyone;
    now one man's (or schedule's) answer earns nothing for another's."""
    assert checks.grade(exercise_id, expected(exercise_id, one), other).score == 0
    assert checks.grade(exercise_id, expected(exercise_id, other), one).score == 0


def test_gonadorelin_schedules_stay_below_the_pump():
    # ch6-ex3's teaching point holds for every variant: more injections a week give more LH,
    # and even the most frequent schedule stays below the pump of ch6-ex1's book variant
    lh = [expected("ch6-ex3", {"injections_per_week": float(n)}) for n in (1, 2, 3, 4, 5)]
    assert lh == sorted(lh) and lh[0] > 0
    assert lh[-1] < 0.8 * expected("ch6-ex1")[0]


def test_release_without_roster_is_the_book_variant(tmp_path):
    written = cw.release(tmp_path, ROOT, chapters=["01"])
    text = "\n".join(c.source for c in _read(written[0]).cells)
    assert "use_variant" not in text and "Your version" not in text


def _solved_answers(path):
    """The solved notebook's variant and answer cells only (a small notebook to grade)."""
    solved = _read(path)
    keep = [c.source for c in solved.cells if c.cell_type == "code" and
            ({"exercise-variant", cw.ANSWER_TAG} & set(c.metadata.get("tags", [])))]
    assert any("answer key" in s for s in keep) and any("use_variant" in s for s in keep)
    return _notebook("import hormonesim as hs", *keep,
                     *[f"print(hs.checks.check({e!r}, {cw.answer_variable(e)}))" for e in sorted(_CH1_GRADED)])


@pytest.mark.parametrize("owner", ["ana", "ben"])
def test_solved_notebooks_get_full_marks_only_for_their_student(roster_release, owner, tmp_path):
    other = {"ana": "ben", "ben": "ana"}[owner]
    solved = roster_release / "release" / "_instructor" / "solutions" / owner / "fundamentals" / CH1
    text = "\n".join(c.source for c in _read(solved).cells)
    assert "Rubric, ch1-ex2" in text
    small = _solved_answers(solved)
    for student in (owner, other):
        (tmp_path / "subs" / student).mkdir(parents=True)
        nbformat.write(small, tmp_path / "subs" / student / CH1)
    rows = cw.grade(tmp_path / "subs", tmp_path / "g.csv", 120, 2, source=ROOT,
                    course=roster_release / "release" / "_instructor" / "course.json",
                    feedback=tmp_path / "fb")
    mine = sum(float(r["points"]) for r in rows if r["student"] == owner)
    theirs = sum(float(r["points"]) for r in rows if r["student"] == other)
    most = sum(float(r["max_points"]) for r in rows if r["student"] == owner)
    assert most == len(_CH1_GRADED) and mine == most, rows
    assert theirs <= most / 2, rows
    # every automatically graded exercise of chapter 1 varies; the written-only one has no values
    assert all(bool(r["variant"]) == (r["exercise"] in _CH1_GRADED) for r in rows), rows


def test_a_folder_not_on_the_roster_gets_no_grade(roster_release, tmp_path):
    (tmp_path / "subs" / "mallory").mkdir(parents=True)
    nbformat.write(_notebook(*RIGHT_CH1), tmp_path / "subs" / "mallory" / CH1)
    rows = cw.grade(tmp_path / "subs", None, 60, 1, source=ROOT,
                    course=roster_release / "release" / "_instructor" / "course.json")
    assert {r["status"] for r in rows} == {"not on the roster"}


def test_roster_errors_are_clear(tmp_path):
    cases = {"name\nana\n": "'student' column", "student\n../x\n": "letters, digits",
             "student\nana\nana\n": "twice", "student\n": "no students"}
    for text, message in cases.items():
        (tmp_path / "r.csv").write_text(text)
        with pytest.raises(ValueError, match=message):
            cw.read_roster(tmp_path / "r.csv")


# ----------------------------------------------------------------------------------------------
# command line and gradebook
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("argv, message", [
    (["--timeout", "inf"], "finite number of seconds"),
    (["--timeout", "-5"], "finite number of seconds"),
    (["--timeout", "nan"], "finite number of seconds"),
    (["--grades", "{folder}"], "is a folder"),
    (["--jobs", "0"], ">= 1"),
    (["--python", "/no/such/env/bin/python"], "executable Python interpreter"),
])
def test_grade_arguments_are_checked_before_grading(tmp_path, capsys, argv, message):
    (tmp_path / "subs" / "ana").mkdir(parents=True)
    nbformat.write(_notebook("while True:\n    pass"), tmp_path / "subs" / "ana" / CH1)
    args = {"--grades": str(tmp_path / "g.csv")}
    argv = [a.replace("{folder}", str(tmp_path)) for a in argv]
    full = ["grade", "--submissions", str(tmp_path / "subs")]
    if "--grades" not in argv:
        full += ["--grades", args["--grades"]]
    started = time.monotonic()
    with pytest.raises(SystemExit) as exit_info:
        cw.main(full + argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
    assert time.monotonic() - started < 10            # refused at once, nothing ran
    with pytest.raises(ValueError, match="finite"):
        cw.grade(tmp_path / "subs", None, float("inf"), source=ROOT)
    with pytest.raises(ValueError, match=r"python must be .*'/no/such/python'"):
        cw.grade(tmp_path / "subs", None, 10, source=ROOT, python="/no/such/python")
    with pytest.raises(TypeError, match="python must be the path"):
        cw.grade(tmp_path / "subs", None, 10, source=ROOT, python=3.11)


def test_gradebook_has_one_row_per_student_with_written_parts(tmp_path):
    fields = list(cw.CSV_FIELDS)
    rows = [dict(zip(fields, r)) for r in (
        ("ana", CH1, "ch1-ex1", 1, 1, "", "", "correct", "", 1, ""),
        ("ana", CH1, "ch1-ex2", 0.5, 1, "1", 1, "partial", "", 1, ""),
        ("ben", CH1, "ch1-ex1", 0, 1, "", "", "incorrect", "", 1, ""),
        ("ben", CH1, "ch1-ex2", 1, 1, "", 1, "correct", "", 1, ""))]
    with open(tmp_path / "grades.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    assert cw.main(["gradebook", "--grades", str(tmp_path / "grades.csv"),
                    "--out", str(tmp_path / "book.csv")]) == 0
    with open(tmp_path / "book.csv") as f:
        book = {r["student"]: r for r in csv.DictReader(f)}
    assert list(book["ana"]) == ["student", "ch1-ex1", "ch1-ex2", "total", "max_total", "written_ungraded"]
    assert float(book["ana"]["ch1-ex2"]) == 1.5 and float(book["ana"]["total"]) == 2.5
    assert float(book["ana"]["max_total"]) == 3 and book["ana"]["written_ungraded"] == "0"
    assert float(book["ben"]["total"]) == 1 and book["ben"]["written_ungraded"] == "1"


def test_instructor_guide_covers_every_chapter():
    guide = (ROOT / "chapters" / "appendix" / "instructor_guide.md").read_text()
    assert "chapters/appendix/instructor_guide" in (ROOT / "_toc.yml").read_text()
    for path in CHAPTERS:
        number = int(path.stem.split("_")[0])
        assert re.search(rf"^\*\*{number}\. ", guide, flags=re.M), f"no objectives for chapter {number}"
    for command in ("make student", "make grade SUBMISSIONS=", "JupyterHub", "Binder", "Locally",
                    "release --roster", "--with-solutions", "gradebook --grades", "--course"):
        assert command in guide, command


def test_instructor_guide_is_a_course_design():
    guide = (ROOT / "chapters" / "appendix" / "instructor_guide.md").read_text()
    for heading in ("### 6 weeks", "### 12 weeks", "Prerequisites", "Time per chapter",
                    "## Map from objectives to exercises", "## Rubrics for the written answers",
                    "## In class with the explorers", "## What the grader protects"):
        assert heading in guide, heading
    six = guide.split("### 6 weeks")[1].split("###")[0]
    twelve = guide.split("### 12 weeks")[1].split("##")[0]
    assert len(re.findall(r"^\| \d+ \|", six, flags=re.M)) == 6
    assert len(re.findall(r"^\| \d+ \|", twelve, flags=re.M)) == 12
    objective_map = guide.split("## Map from objectives to exercises")[1].split("\n## ")[0]
    rubrics = guide.split("## Rubrics for the written answers")[1].split("\n## ")[0]
    for e in checks.registered():
        assert re.search(rf"\b{e}\b", objective_map), f"{e} is in no objective"
        written = checks.written_parts(e)
        if written is not None:
            row = re.search(rf"^\| {e} \| ([\d.]+) \|", rubrics, flags=re.M)
            assert row, f"{e} has a written part but no rubric row"
            assert float(row.group(1)) == written.points, e
        else:
            assert not re.search(rf"^\| {e} \|", rubrics, flags=re.M), e
    from hormonesim.coursework.key import NOT_VARIED
    for e in NOT_VARIED:
        assert e in guide.split("are the same for everyone")[1].split("\n\n")[0], e
    threat = guide.split("## What the grader protects")[1].split("\n## ")[0]
    assert threat.count("\n\n") <= 1, "the threat model is one paragraph"
    assert len(threat) < 0.15 * len(guide)
    assert "fixed assertions" not in guide


def test_exercise_table_lists_graded_exercises():
    table = cw.exercise_table(ROOT)
    assert re.search(r"01_hormones_as_messages\s+ch1-ex1\s+yes\s+yes\s+1", table)


def test_student_release_carries_standalone_requirements(tmp_path):
    cw.release(tmp_path, ROOT)
    requirements = (tmp_path / "requirements.txt").read_text().splitlines()
    assert "-e ." not in requirements
    assert any(line.startswith("hormonesim @ git+https://") for line in requirements)


def test_checks_stay_out_of_the_presentation_stack():
    """hs.checks (bound on first use) must not pull in matplotlib/ipywidgets, nor nbformat or
    nbclient: a reader's self-check runs in JupyterLite too."""
    import subprocess
    import sys
    code = ("import sys, hormonesim; assert hormonesim.checks.check; "
            "assert hormonesim.checks.hcg_leydig_ratio; "
            "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'nbformat', 'nbclient') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_sandbox_mounts_its_private_tmp_before_the_python_it_runs(tmp_path):
    """A checkout (and its .venv) under /tmp must stay visible inside the sandbox: bwrap applies
    mounts in order, so the private /tmp goes first and Python's prefixes are bound on top.
    (With the order reversed every graded notebook failed with 'bwrap: execvp
    /tmp/.../.venv/bin/python: No such file or directory' in a clone under /tmp.)"""
    import sys

    argv, _, _ = sandbox.command("bwrap", tmp_path / "lib", tmp_path / "home", tmp_path / "grader",
                                 ["_execute"])
    tmpfs = argv.index("--tmpfs")
    binds = [i for i, a in enumerate(argv) if a == "--ro-bind" and argv[i + 1] == sys.prefix]
    assert binds and all(i > tmpfs for i in binds), argv[:tmpfs + 2]


def test_variant_notes_never_contrast_a_value_with_itself():
    """A student whose drawn value equals the book's is not told to use it 'instead of' itself."""
    cases = {"ch9-ex5": ("delay_h", 6.0, "not 6"), "ch3-ex3": ("start_mg", 100.0, "instead of"),
             "ch3-ex4": ("dose_mg", 100.0, "instead of")}
    for exercise_id, (name, book_value, contrast) in cases.items():
        assert contrast not in checks.variant_note(exercise_id, {name: book_value}), exercise_id
        other = book_value + checks._lookup(exercise_id).vary[name].step
        assert contrast in checks.variant_note(exercise_id, {name: other}), exercise_id


def test_the_coursework_program_skips_the_iri_parsers_nbformat_never_uses(tmp_path):
    """`python -m hormonesim.coursework` (the command line, and the worker the grader starts for
    every submitted notebook) never builds rfc3987_syntax's parsers, which jsonschema imports for
    a string format no notebook schema has (2-4 CPU-s a process), and still reads, validates and
    writes a notebook."""
    import subprocess
    import sys

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    nbformat.write(nb, tmp_path / "in.ipynb")
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "hormonesim.coursework", "_execute",
                          str(tmp_path / "in.ipynb"), str(tmp_path / "out.ipynb"),
                          str(tmp_path / "status.json"), "--timeout", "60", "--cwd", str(tmp_path)],
                         capture_output=True, text=True, timeout=120, cwd=tmp_path,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    imported = {line.split("|")[-1].strip() for line in out.stderr.splitlines() if "|" in line}
    assert {"nbformat", "jsonschema", "lark"} - imported == {"lark"}, out.stderr[-500:]
    assert not {m for m in imported if m.startswith("rfc3987_syntax.")}, out.stderr[-500:]
    assert json.loads((tmp_path / "status.json").read_text())["status"] == "ok"
    executed = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    nbformat.validate(executed)
    assert executed.cells[0].outputs[0]["data"]["text/plain"] == "2"
