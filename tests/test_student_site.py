"""The student edition of the site (`make student-site`, `_build/student-html`) has no solutions.

Fast: staging the student source (`_ext/student_site.py`) keeps every exercise as a labelled
directive and leaves no solution cell or solution directive in any chapter.
Slow: the student edition is built (or reused with HIL_REUSE_SITE=1) and no page contains a
solution node, a cell tagged ``solution``, or any distinctive line of a solution's text or code
taken from the instructor notebooks; the exercises themselves are there.
"""
from __future__ import annotations

import html
from html.parser import HTMLParser
import re
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import site

from hormonesim.coursework.markup import SOLUTION_TAG, chapter_notebooks, directives

ROOT = Path(__file__).resolve().parents[1]
STUDENT_HTML = ROOT / "_build" / "student-html"
CHAPTERS = chapter_notebooks(ROOT)
IDS = [p.stem[:2] for p in CHAPTERS]

sys.path.insert(0, str(ROOT / "_ext"))
import student_site  # noqa: E402  (a helper script of the book, next to its Sphinx extensions)

#: a sphinx-exercise solution node or a myst-nb cell tagged "solution" (not "tag_solution-x")
SOLUTION_NODE = re.compile(r'class="[^"]*(?<![\w-])solution(?![\w-])[^"]*"')
SOLUTION_CELL = re.compile(r'class="[^"]*\btag_solution(?![\w-])')
MARKUP = re.compile(r"[`*$_{}<>\[\]|#\\]|\(|\)|:[a-z-]+:")


def _exercise_labels(nb) -> list[str]:
    return [d.label for c in nb.cells if c.cell_type == "markdown"
            for d in directives(c.source) if d.name in ("exercise", "exercise-start")]


def solution_parts(nb) -> tuple[list[str], list[str]]:
    """(code cells, markdown texts) of a notebook's solutions (tagged cells, directive bodies and
    gated ranges), and nothing else."""
    code, text, gated = [], [], False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found = directives(cell.source)
            names = [d.name for d in found]
            text += [d.body for d in found if d.name == "solution"]
            if "solution-start" in names:
                gated = True
            elif "solution-end" in names:
                gated = False
            elif gated:
                text.append(cell.source)
        elif gated or SOLUTION_TAG in cell.metadata.get("tags", []):
            code.append(cell.source)
    return code, text


def _normal(s: str) -> str:
    return " ".join(s.split())


def fingerprints(nb) -> list[str]:
    """Distinctive pieces of the solutions of ``nb`` that occur nowhere else in the notebook:
    whole code lines (>= 25 characters) and runs of plain prose (>= 6 words, >= 35 characters)."""
    code, text = solution_parts(nb)
    solution_sources = set(code) | set(text)
    elsewhere = _normal(" ".join(c.source for c in nb.cells if c.source not in solution_sources))
    pieces = [_normal(line) for cell in code for line in cell.splitlines()
              if len(line.strip()) >= 25 and not line.strip().startswith("#")]
    for t in text:
        t = re.sub(r"\{[a-z:-]+\}`[^`]*`|`[^`]*`|\$[^$]*\$", "|", t)   # roles, code, math
        for fragment in MARKUP.split(t):
            fragment = _normal(fragment).strip(" ,;:.")
            if len(fragment) >= 35 and len(fragment.split()) >= 6:
                pieces.append(fragment)
    return sorted({p for p in pieces if p not in elsewhere})


class _TextOutsideSolutions(HTMLParser):
    """The text of a page with every solution subtree (sphinx-exercise's ``solution`` node, a cell
    tagged ``solution``) left out."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.skip_at, self.parts = 0, None, []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        self.depth += 1
        classes = (dict(attrs).get("class") or "").split()
        if self.skip_at is None and ("solution" in classes or "tag_solution" in classes):
            self.skip_at = self.depth

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if self.skip_at is not None and self.depth == self.skip_at:
            self.skip_at = None
        self.depth -= 1

    def handle_data(self, data):
        if self.skip_at is None and self.lasttag not in ("script", "style"):
            self.parts.append(data)


def text_outside_solutions(path: Path) -> str:
    """The text of a built page of the instructor site without its solutions."""
    parser = _TextOutsideSolutions()
    parser.feed(path.read_text(encoding="utf-8"))
    return _normal("".join(parser.parts))


def _blank_check_messages(nb) -> list[str]:
    """What the self-check of each exercise of ``nb`` says to a student who has not answered."""
    import hormonesim as hs

    out = []
    for label in _exercise_labels(nb):
        try:
            out.append(str(hs.checks.check(label, ...)))
        except (KeyError, ValueError):  # an exercise without a self-check (written answers)
            pass
    return out


def page_text(path: Path) -> str:
    """The text of a built page (tags removed without spaces, so highlighted code reads as code)."""
    body = path.read_text(encoding="utf-8")
    body = re.sub(r"<(script|style)\b.*?</\1>", "", body, flags=re.S)
    return _normal(html.unescape(re.sub(r"<[^>]+>", "", body)))


# ------------------------------------------------------------------------------------ fast
@pytest.fixture(scope="module")
def staged(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("student") / "src"
    student_site.stage(ROOT, dest)
    return dest


def test_staging_removes_every_solution_and_keeps_every_exercise(staged):
    for path in CHAPTERS:
        master = nbformat.read(path, as_version=4)
        student = nbformat.read(staged / path.relative_to(ROOT), as_version=4)
        code, text = solution_parts(student)
        assert not code and not text, f"{path.name}: a solution survived staging"
        assert not any(SOLUTION_TAG in c.metadata.get("tags", []) for c in student.cells)
        assert _exercise_labels(student) == _exercise_labels(master), \
            f"{path.name}: exercises lost or changed in the student edition"
        assert not any("student-site-kept" in c.source for c in student.cells)
    config = (staged / "_config.yml").read_text()
    assert re.search(r"^    hide_solutions: true$", config, flags=re.M)
    assert "(student edition)" in config


def test_staging_refuses_to_write_into_the_book(tmp_path):
    with pytest.raises(ValueError, match="must be outside"):
        student_site.stage(ROOT, ROOT / "chapters" / "student")


def _tiny_book(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "_config.yml").write_text("title: t\n")
    (folder / "_toc.yml").write_text("format: jb-book\nroot: intro\n")
    return folder


def test_staging_never_deletes_a_folder_it_did_not_make(tmp_path):
    """stage() empties its destination first: a wrong root or dest must delete nothing."""
    book = _tiny_book(tmp_path / "work" / "book")
    precious = tmp_path / "work" / "mine"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    # the root given is not a book (a typo, a folder not made yet): nothing happens to dest
    with pytest.raises(ValueError, match=r"root .*missing.* is not a Jupyter Book"):
        student_site.stage(tmp_path / "missing", precious)
    # dest is a folder this script did not make
    with pytest.raises(ValueError, match=r"dest .*mine exists and was not made by"):
        student_site.stage(book, precious)
    # dest holds the book (its parent), or is the book itself
    for dest in (tmp_path / "work", tmp_path, book):
        with pytest.raises(ValueError, match="must not be the book"):
            student_site.stage(book, dest)
    # the site's output folder is guarded the same way, before anything is staged
    with pytest.raises(ValueError, match=r"out .*mine exists and was not made by"):
        student_site.build(tmp_path / "stage", precious, root=book)
    assert (precious / "notes.txt").read_text() == "keep me" and (book / "_toc.yml").is_file()
    assert not (tmp_path / "stage").exists()
    # a folder made by an earlier staging (marker, or the edition's config) may be rewritten
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    (earlier / "_config.yml").write_text("sphinx:\n  config:\n    hide_solutions: true\n")
    student_site._writable_folder(earlier, "dest", student_site._staged_earlier)
    (precious / student_site.MARKER).write_text("")
    student_site._writable_folder(precious, "dest", student_site._staged_earlier)


def test_fingerprints_find_solution_text_only():
    v4 = nbformat.v4
    nb = v4.new_notebook(cells=[
        v4.new_markdown_cell("The chapter explains that clearance removes the hormone from plasma."),
        v4.new_markdown_cell("```{solution-start} ch1-ex1\n:class: dropdown\n```"),
        v4.new_code_cell("answer_ch1_ex1 = hs.pharmacology.occupancy(4.0, ec50=2.0)",
                         metadata={"tags": ["solution"]}),
        v4.new_markdown_cell("The level doubles because secretion equals clearance at steady state, "
                             "with {glue:text}`x:.1f` ng/mL."),
        v4.new_markdown_cell("```{solution-end}\n```"),
    ])
    found = fingerprints(nb)
    assert "answer_ch1_ex1 = hs.pharmacology.occupancy(4.0, ec50=2.0)" in found
    assert any(f.startswith("The level doubles because secretion equals clearance") for f in found)
    assert not any("chapter explains" in f for f in found)


# ------------------------------------------------------------------------------------ slow
@pytest.fixture(scope="session")
def student_html() -> Path:
    """`_build/student-html`, built in this session (HIL_REUSE_SITE=1 reuses an existing one)."""
    return site("student-site", STUDENT_HTML,
                lambda: student_site.build(ROOT / "_build" / "student-src", STUDENT_HTML, ROOT),
                "the student edition")


@pytest.mark.slow
def test_no_page_has_a_solution_node(student_html):
    pages = sorted(student_html.rglob("*.html"))
    assert pages
    bad = [str(p.relative_to(student_html)) for p in pages
           if "/lite/" not in str(p) and (SOLUTION_NODE.search(p.read_text(encoding="utf-8"))
                                          or SOLUTION_CELL.search(p.read_text(encoding="utf-8")))]
    assert not bad, f"student pages with a solution node or solution cell: {bad}"


@pytest.mark.slow
@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_chapter_page_has_exercises_and_no_solution_text_or_code(student_html, built_site, path):
    page = student_html / path.relative_to(ROOT).with_suffix(".html")
    assert page.exists(), f"{page} was not built"
    raw = page.read_text(encoding="utf-8")
    assert re.search(r'class="[^"]*\bexercise\b', raw), f"{page.name}: the exercises are missing"
    text = page_text(page)
    master = nbformat.read(path, as_version=4)
    prints = fingerprints(master)
    assert prints or not solution_parts(master)[0], f"{path.name}: no solution fingerprint found"
    # a solution's phrase that the instructor page also shows outside its solutions (the
    # exercise's starter code) or that a blank self-check prints (its prompt) is the chapter's
    # own text, not a leak
    public = text_outside_solutions(built_site / path.relative_to(ROOT).with_suffix(".html"))
    public += " " + _normal(" ".join(_blank_check_messages(master)))
    leaks = [p for p in prints if p in text and p not in public]
    assert not leaks, f"{page.name}: solution text or code in the student edition: {leaks[:5]}"


# ------------------------------------------- outputs reused from the book instead of executing
def _shown(nb) -> list[list[tuple]]:
    """Per code cell, what a reader of the page is shown: each output's kind and its text (plain
    text, printed streams, error names) or, for the rest, which formats it carries; glued values
    by key and text."""
    cells = []
    for cell in (c for c in nb.cells if c.cell_type == "code"):
        shown = []
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            glue = out.get("metadata", {}).get("scrapbook", {}).get("name")
            text = "".join(data.get("text/plain", "")) if "text/plain" in data else None
            if glue:
                shown.append(("glue", glue, "".join(next((v for k, v in data.items()
                                                          if k.endswith("text/plain")), ""))))
            elif out["output_type"] == "stream":
                shown.append(("stream", out["name"], "".join(out["text"])))
            elif out["output_type"] == "error":
                shown.append(("error", out["ename"], out["evalue"]))
            elif any(k in data for k in ("image/png", "text/html",
                                         "application/vnd.jupyter.widget-view+json")):
                shown.append((out["output_type"], tuple(sorted(data))))   # figures, explorers
            else:
                shown.append((out["output_type"], text))
        cells.append(shown)
    return cells


@pytest.mark.slow
def test_reused_outputs_equal_a_real_run_of_the_student_version(built_site, staged, tmp_path,
                                                                monkeypatch):
    """The student edition takes the book's executed outputs instead of executing a chapter
    again (_ext/student_site.py, reuse_outputs); executing the staged student version for real
    must show the same: the self-checks say "no answer yet", no solution's glued value is kept,
    every other output is the book's."""
    from nbclient import NotebookClient

    rel = CHAPTERS[0].relative_to(ROOT)
    source = staged / rel
    reused = tmp_path / "reused.ipynb"
    reused.write_bytes(source.read_bytes())
    why = student_site.reuse_outputs(reused, ROOT / "_build" / "jupyter_execute" / rel)
    assert why == "", why
    nb = nbformat.read(source, as_version=4)
    monkeypatch.setenv("HIL_STATIC_FRAMES", "1")     # as in the book's build (nbclient kernels)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(source.parent)}}).execute()
    got, want = _shown(nbformat.read(reused, as_version=4)), _shown(nb)
    assert len(got) == len(want)
    for i, (g, w) in enumerate(zip(got, want)):
        # the executed run's glued values sit in the cells' outputs; reused ones are re-attached
        # after the cell's other outputs: compare them as sets, the rest in order
        assert [x for x in g if x[0] != "glue"] == [x for x in w if x[0] != "glue"], f"code cell {i}"
        assert {x for x in g if x[0] == "glue"} == {x for x in w if x[0] == "glue"}, f"code cell {i}"
    checks = [o for cell in got for o in cell if o[0] == "execute_result" and "no answer yet" in str(o)]
    assert checks, "no self-check shows the student version's 'no answer yet'"


def test_glue_keys_written_in_a_loop_over_literals_are_known():
    """A kept cell's glue(f"ch10-{name}", ...) inside ``for name in ("a", "b")`` can write only
    ch10-a and ch10-b: a solution's key such as ch10-ex1-ratio is then told apart from it (chapters
    10 and 11 were executed again for want of this). Anything the scan cannot enumerate stays .+."""
    scan = student_site._scan(
        'for key, (hi, lo) in (("x0", a), ("x1", b)):\n'
        '    glue(f"ch10-{key}-high", hi)\n'
        '    glue(f"ch10-{hi}-low", lo)\n'
        'for name in ("diagnosis", "t-mover"):\n'
        '    glue(f"ch10-{name}", 1)\n'
        'for name in ("a", "b"):\n'
        '    name = name.upper()\n'
        '    glue(f"k-{name}", 1)\n'
        'for n in range(3):\n'
        '    glue(f"r-{n}", 1)\n'
        'for n in (1, 2):\n'
        '    glue(f"s-{n:02d}", 1)\n')
    keys = scan.glue_keys

    def writes(key):
        return [p for p in keys if re.fullmatch(p, key)]
    assert writes("ch10-x1-high") and not writes("ch10-ex1-high")
    assert writes("ch10-t-mover") and not writes("ch10-ex1-ratio")
    assert writes("ch10-anything-low")                  # {hi}: not a literal, so anything
    assert writes("k-A") and writes("k-zzz")            # rebound in the loop: anything
    assert writes("r-7") and writes("s-01")             # range(), a format spec: anything


def test_reuse_refuses_a_cell_that_reads_what_a_solution_set(tmp_path):
    """A kept cell that reads a name a removed (solution) cell set would show something else in
    the student version: that notebook is executed, not given the book's outputs."""
    v4 = nbformat.v4
    book = v4.new_notebook(cells=[
        v4.new_code_cell("import hormonesim as hs\nx = 1", id="a"),
        v4.new_code_cell("x = 2", id="b", metadata={"tags": ["solution"]}),
        v4.new_code_cell("print(x)", id="c")])
    for cell, text in zip(book.cells, ("", "", "2\n")):
        cell.outputs = [v4.new_output("stream", name="stdout", text=text)] if text else []
    student = v4.new_notebook(cells=[c for c in book.cells if c.id != "b"])
    nbformat.write(book, tmp_path / "book.ipynb")
    nbformat.write(student, tmp_path / "student.ipynb")
    why = student_site.reuse_outputs(tmp_path / "student.ipynb", tmp_path / "book.ipynb")
    assert "reads ['x']" in why
    # without the solution cell's reach the same notebook is reused
    book.cells[1].source = "y = 2"
    nbformat.write(book, tmp_path / "book.ipynb")
    assert student_site.reuse_outputs(tmp_path / "student.ipynb", tmp_path / "book.ipynb") == ""
    reused = nbformat.read(tmp_path / "student.ipynb", as_version=4)
    assert reused.cells[1].outputs[0]["text"] == "2\n"
    assert reused.metadata["mystnb"]["execution_mode"] == "off"
    # a solution that changes a module in place, a kept x += 1 on a solution's x, a global: executed
    for solution, kept, why in (("hs.note = 3", "print(hs.note)", "reads ['hs']"),
                                ("x = 5", "x += 1\nprint(x)", "reads ['x']"),
                                ("global x\nx = 5", "print(x)", "global")):
        book.cells[1].source, book.cells[2].source = solution, kept
        nbformat.write(book, tmp_path / "book.ipynb")
        student = v4.new_notebook(cells=[c for c in book.cells if c.id != "b"])
        nbformat.write(student, tmp_path / "student.ipynb")
        assert why in student_site.reuse_outputs(tmp_path / "student.ipynb", tmp_path / "book.ipynb")


#: calls that change state the syntax scan of reuse_outputs cannot follow (module-level state)
STATEFUL_CALL = re.compile(r"\b(?:np\.random\.seed|random\.seed|plt\.rc|rcParams|style\.use|"
                           r"matplotlib\.use|os\.environ|os\.chdir|setattr|importlib\.reload|"
                           r"plt\.switch_backend)\b")


def test_solution_cells_change_no_state_the_reuse_scan_cannot_see():
    """The student edition reuses the book's outputs on the grounds that removing the solution
    cells changes no later output; a solution that seeded a global random generator or changed
    matplotlib's settings would break that unseen, so none may."""
    found = []
    for path in CHAPTERS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and SOLUTION_TAG in cell.metadata.get("tags", []):
                found += [f"{path.stem} {cell.get('id')}: {m.group(0)}"
                          for m in STATEFUL_CALL.finditer(cell.source)]
    assert not found, found
