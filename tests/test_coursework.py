"""Coursework: self-checks, exercises in every chapter, the student release and the grader.

The heavy tests execute notebooks in fresh kernels (the grader's own path): every chapter, its
instructor version and its blank student release (conftest.book_grading, shared with the
notebook tests), plus small notebooks that raise, hang, kill their kernel or tamper with the
checks.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

import nbformat
import pytest

import hormonesim as hs
import hormonesim.coursework as cw
from hormonesim.coursework import checks

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
    for exercise_id in checks.registered():
        spec = checks._REGISTRY[exercise_id]
        value = checks.expected(exercise_id)
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
    for exercise_id in checks.registered():
        spec = checks._REGISTRY[exercise_id]
        value = checks.expected(exercise_id)
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
    assert checks.check("ch2-ex2", 3.0).correct or checks.expected("ch2-ex2") != 3


def test_check_hints_point_at_the_problem():
    percent = checks.check("ch1-ex1", checks.expected("ch1-ex1") * 100)
    assert "factor of about 100" in percent.message
    partial = checks.check("ch1-ex2", (checks.expected("ch1-ex2")[0], 0.01))
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
    assert "ch99-ex1" not in checks.registered()


def test_expected_values_come_from_the_model():
    # ch1-ex1 is the Hill curve; ch1-ex3 matches the chapter's exponential estimate
    assert checks.expected("ch1-ex1") == pytest.approx(hs.pharmacology.occupancy(4.0, ec50=2.0, hill=1))
    assert checks.expected("ch1-ex3") == pytest.approx(1.4 * 0.6931 / 2.3026, abs=0.03)
    level, doubled = checks.expected("ch1-ex2")
    assert doubled == pytest.approx(2 * level)


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


def test_static_tamper_scan():
    def scan(code):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(code)]
        return cw.find_tampering(nb)
    for bad in ("hs.checks.check = lambda *a: 'correct'",
                "import hormonesim.checks as c\nc.grade = print",
                "import hormonesim.coursework.checks as c\nc.grade = print",
                "from hormonesim.coursework import checks\nchecks.grade = print",
                "setattr(hs.checks, 'check', print)",
                "hs.checks._REGISTRY['ch1-ex1'] = None",
                "def check(*a):\n    return True",
                "hs.checks.check.__code__ = (lambda *a: 1).__code__",
                "from unittest import mock\nmock.patch('hormonesim.checks.grade').start()",
                "@hs.checks.exercise('ch1-ex1', form='x')\ndef f():\n    return 1",
                "import sys\nsys.modules['hormonesim.checks'] = None",
                "from unittest import mock\nmock.patch('hormonesim.coursework.checks.grade').start()"):
        assert scan(bad), bad
    for fine in ("hs.checks.check('ch1-ex1', answer_ch1_ex1)", "x = hs.checks.expected",
                 "%matplotlib inline\nres = hs.simulate(hs.FeedbackLoop())", "checked = 3",
                 "ax.set_title('check')", "def helper(check_value):\n    return check_value"):
        assert not scan(fine), fine


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
             "answer_ch1_ex2 = hs.checks.expected('ch1-ex2')")


def _rows(grades_csv):
    with open(grades_csv) as f:
        rows = list(csv.DictReader(f))
    assert rows and list(rows[0]) == list(cw.CSV_FIELDS)
    return rows


@pytest.fixture(scope="module")
def graded(tmp_path_factory, book_grading):
    """Every chapter, instructor version and blank release (conftest.book_grading), and a set of
    misbehaving ch1 submissions graded with a short time limit."""
    base = tmp_path_factory.mktemp("grading")
    bad = base / "bad"
    ch1 = "01_hormones_as_messages.ipynb"
    cases = {
        "raises": _notebook(*RIGHT_CH1, "raise RuntimeError('student bug')", "answer_ch1_ex3 = 0.42"),
        "loops": _notebook(*RIGHT_CH1, "while True:\n    pass", "answer_ch1_ex3 = 0.42"),
        "dies": _notebook(*RIGHT_CH1, "import os\nos._exit(1)"),
        "redefines": _notebook("import hormonesim as hs",
                               "hs.checks.check = lambda *args: 'ch1-ex1: correct.'",
                               "answer_ch1_ex1 = 0.1", "hs.checks.check('ch1-ex1', answer_ch1_ex1)"),
        "hidden_patch": _notebook(*RIGHT_CH1, "exec(''.join(['hs.checks.gr', 'ade = print']))"),
        "fake_equal": _notebook("class Always:\n    def __eq__(self, other):\n        return True\n"
                                "    def __float__(self):\n        return 0.0",
                                "answer_ch1_ex1 = Always()", "answer_ch1_ex3 = '0.42'"),
        "syntax": _notebook(*RIGHT_CH1, "def broken(:\n    pass"),
    }
    for name, nb in cases.items():
        (bad / name).mkdir(parents=True)
        nbformat.write(nb, bad / name / ch1)
    (bad / "garbage").mkdir()
    (bad / "garbage" / ch1).write_text("{not a notebook")
    (bad / "garbage" / "my_essay.ipynb").write_text("{}")
    cw.grade(bad, base / "bad.csv", 20, 4, "partial", ROOT)
    return {"book": book_grading, "bad": _rows(base / "bad.csv")}


def _by(rows, student):
    return {r["exercise"]: r for r in rows if r["student"] == student}


def test_book_chapters_get_full_marks(graded):
    rows = [r for r in graded["book"] if r["student"] == "instructor"]
    notebooks = {r["notebook"] for r in rows}
    assert notebooks == {p.name for p in CHAPTERS if cw.gradable_exercises(_read(p))}
    for r in rows:
        assert float(r["points"]) == float(r["max_points"]) > 0, r
        assert r["status"] == "correct", r
        assert "instructor version" in r["message"]       # flagged: solution cells present


def test_blank_release_gets_zero_and_runs_cleanly(graded):
    rows = [r for r in graded["book"] if r["student"] == "blank"]
    assert rows and len(rows) == len([r for r in graded["book"] if r["student"] == "instructor"])
    for r in rows:
        assert float(r["points"]) == 0, r
        assert r["status"] == "blank", r          # "blank (error)" would mean a crash
        assert "instructor version" not in r["message"]


#: chapter 1's automatically graded exercises, read from the chapter itself
_CH1_GRADED = set(cw.gradable_exercises(_read(next(p for p in CHAPTERS if p.name.startswith("01_")))))


def test_raising_notebook_is_graded_as_such(graded):
    rows = _by(graded["bad"], "raises")
    assert set(rows) == _CH1_GRADED            # every graded exercise of chapter 1 has a row
    assert all("error" in r["status"] and "RuntimeError" in r["message"] for r in rows.values())
    # answers before and after the failing cell still count under the default policy (the
    # notebook answers the first three exercises; the later ones are unanswered)
    assert all(float(rows[e]["points"]) == 1 for e in ("ch1-ex1", "ch1-ex2", "ch1-ex3"))
    assert all(float(rows[e]["points"]) == 0 for e in _CH1_GRADED - {"ch1-ex1", "ch1-ex2", "ch1-ex3"})


def test_hanging_notebook_is_stopped(graded):
    rows = _by(graded["bad"], "loops")
    assert all("timeout" in r["status"] for r in rows.values())
    assert "in code cell 4 ('while True:')" in rows["ch1-ex1"]["message"]
    assert float(rows["ch1-ex1"]["points"]) == 1          # recorded before the hang
    assert float(rows["ch1-ex3"]["points"]) == 0          # never reached


def test_dead_kernel_is_graded_as_such(graded):
    rows = _by(graded["bad"], "dies")
    assert rows and all(float(r["points"]) == 0 or "died" in r["status"] for r in rows.values())
    assert all("died" in r["status"] or "failed" in r["status"] for r in rows.values())


def test_tampering_gets_no_credit(graded):
    for student in ("redefines", "hidden_patch"):
        rows = _by(graded["bad"], student)
        assert set(rows) == _CH1_GRADED
        for r in rows.values():
            assert r["status"] == "tampered" and float(r["points"]) == 0, r
    assert "run time" in _by(graded["bad"], "hidden_patch")["ch1-ex1"]["message"]


def test_objects_and_text_are_not_trusted(graded):
    rows = _by(graded["bad"], "fake_equal")
    assert rows["ch1-ex1"]["status"] == "invalid answer" and float(rows["ch1-ex1"]["points"]) == 0
    assert rows["ch1-ex3"]["status"] == "invalid answer"
    assert rows["ch1-ex2"]["status"] == "no answer"


def test_unreadable_and_unknown_notebooks_do_not_crash(graded):
    rows = [r for r in graded["bad"] if r["student"] == "garbage"]
    assert {r["status"] for r in rows} == {"invalid notebook", "unknown notebook"}
    syntax = _by(graded["bad"], "syntax")
    assert all("SyntaxError" in r["message"] for r in syntax.values())
    assert float(syntax["ch1-ex1"]["points"]) == 1


def test_instructor_guide_covers_every_chapter():
    guide = (ROOT / "chapters" / "appendix" / "instructor_guide.md").read_text()
    assert "chapters/appendix/instructor_guide" in (ROOT / "_toc.yml").read_text()
    for path in CHAPTERS:
        number = int(path.stem.split("_")[0])
        assert re.search(rf"^\*\*{number}\. ", guide, flags=re.M), f"no objectives for chapter {number}"
    for command in ("make student", "make grade SUBMISSIONS=", "JupyterHub", "Binder", "Locally"):
        assert command in guide


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
