"""The chapters as a textbook, read from their source (issue 16): terms, exercises, solutions,
explorers closed by "What you should see", diagrams and numbered figures, an opening line with
prerequisites and time, cross-references as links.

Fast (no execution).
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from hormonesim.coursework.markup import SOLUTION_TAG, chapter_notebooks, directives

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "chapters" / "appendix" / "glossary.md"
CHAPTERS = chapter_notebooks(ROOT)
IDS = [p.stem[:2] for p in CHAPTERS]
ACADEMIC = [p for p in CHAPTERS if p.parent.name == "academic"]

#: {term}`Target` or {term}`shown text <Target>`
TERM_ROLE = re.compile(r"(?<!`)\{term\}`([^`]*)`")  # not the literal `{term}` in inline code
#: a cross-reference role or a markdown link: its text is a link, not plain text
LINKS = re.compile(r"\{(?:doc|ref|numref|term|eq)\}`[^`]*`|\[[^\]]*\]\([^)]*\)")
PLAIN_CHAPTER = re.compile(r"\b[Cc]hapters? \d+")


def _nb(path: Path):
    return nbformat.read(path, as_version=4)


def _markdown(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def glossary_terms() -> list[str]:
    """Terms of the glossary's one ``{glossary}`` directive (unindented lines of its body)."""
    text = GLOSSARY.read_text(encoding="utf-8")
    blocks = [d for d in directives(text) if d.name == "glossary"]
    assert len(blocks) == 1, "the glossary page has exactly one {glossary} directive"
    return [line.strip() for line in blocks[0].body.splitlines()
            if line.strip() and not line[0].isspace() and not line.startswith(":")]


def term_targets(text: str) -> list[str]:
    """The glossary targets of every {term} role in ``text``."""
    out = []
    for content in TERM_ROLE.findall(text):
        m = re.match(r"^(.*?)\s*<([^<>]+)>\s*$", content, flags=re.S)
        out.append(" ".join((m.group(2) if m else content).split()))
    return out


def _all_sources() -> dict[str, str]:
    """Every page source that may use {term}: chapter notebooks, other notebooks, markdown."""
    sources = {}
    for path in sorted((ROOT / "chapters").rglob("*.ipynb")):
        sources[str(path.relative_to(ROOT))] = "\n".join(_markdown(_nb(path)))
    for path in [ROOT / "intro.md", *sorted((ROOT / "chapters").rglob("*.md"))]:
        sources[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    return sources


# ---------------------------------------------------------------------------------- glossary
def test_term_parser_reads_both_forms():
    text = "The `{term}` role: a {term}`Half-life` and {term}`the surge <LH surge>` and {term}`IU <International unit (IU)>`."
    assert term_targets(text) == ["Half-life", "LH surge", "International unit (IU)"]


def test_glossary_has_at_least_60_terms_and_no_duplicates():
    terms = glossary_terms()
    assert len(terms) >= 60, f"the glossary has {len(terms)} terms, at least 60 wanted"
    lowered = [t.lower() for t in terms]
    assert len(set(lowered)) == len(lowered), "a glossary term is defined twice"
    assert ":sorted:" in GLOSSARY.read_text(encoding="utf-8"), "the glossary sorts itself"


def test_every_term_target_is_in_the_glossary():
    known = {t.lower() for t in glossary_terms()}  # Sphinx matches terms case-insensitively
    missing = [f"{page}: {target!r}" for page, text in _all_sources().items()
               for target in term_targets(text) if target.lower() not in known]
    assert not missing, "a {term} points to no glossary entry:\n" + "\n".join(missing)


def test_at_least_60_glossary_terms_are_linked_from_the_chapters():
    linked = {t.lower() for p in CHAPTERS for t in term_targets("\n".join(_markdown(_nb(p))))}
    terms = {t.lower() for t in glossary_terms()}
    assert len(linked & terms) >= 60, f"only {len(linked & terms)} glossary terms are linked"


# ---------------------------------------------------------------------------------- solutions
def solutions_outside_gates(nb) -> list[str]:
    """Code cells tagged ``solution`` that are not between a solution-start and its solution-end."""
    bad, gated = [], False
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            names = [d.name for d in directives(cell.source)]
            for name in names:
                if name == "solution-start":
                    gated = True
                elif name == "solution-end":
                    gated = False
        elif SOLUTION_TAG in cell.metadata.get("tags", []) and not gated:
            bad.append(f"cell {i}: {cell.source.splitlines()[0][:60] if cell.source else ''!r}")
    return bad


def test_gate_detection_on_a_small_notebook():
    v4 = nbformat.v4
    nb = v4.new_notebook(cells=[
        v4.new_markdown_cell("```{solution-start} ch1-ex1\n:class: dropdown\n```"),
        v4.new_code_cell("x = 1", metadata={"tags": ["solution"]}),
        v4.new_markdown_cell("```{solution-end}\n```"),
        v4.new_code_cell("y = 2", metadata={"tags": ["solution", "hide-input"]}),
    ])
    assert solutions_outside_gates(nb) == ["cell 3: 'y = 2'"]


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_solution_code_sits_inside_a_gated_solution(path):
    """A solution's code and its output render inside the solution dropdown (not hide-input)."""
    bad = solutions_outside_gates(_nb(path))
    assert not bad, f"{path.name}: solution cells outside solution-start/end: {bad}"


# ---------------------------------------------------------------------------------- exercises
def exercises(nb) -> list[tuple[str, set[str]]]:
    """(label, classes) of every exercise directive of a notebook."""
    out = []
    for text in _markdown(nb):
        for d in directives(text):
            if d.name in ("exercise", "exercise-start"):
                m = re.search(r"^[ \t]*:class:[ \t]*(.+)$", d.body, flags=re.M)
                out.append((d.label, set(m.group(1).split()) if m else set()))
    return out


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_five_exercises_one_judges_a_claim(path):
    found = exercises(_nb(path))
    assert len(found) >= 5, f"{path.name}: {len(found)} exercises, at least 5 wanted"
    assert any("claim" in classes for _, classes in found), f"{path.name}: no `:class: claim`"


@pytest.mark.parametrize("path", ACADEMIC, ids=[p.stem[:2] for p in ACADEMIC])
def test_academic_chapter_has_a_code_writing_exercise(path):
    found = exercises(_nb(path))
    assert any("code" in classes for _, classes in found), f"{path.name}: no `:class: code`"


# ---------------------------------------------------------------------------------- explorers
def _explorer_names() -> set[str]:
    from hormonesim.book import EXPLORERS
    return set(EXPLORERS)


def explorer_cells(nb, names: set[str]) -> list[int]:
    """Indices of code cells that call an explorer factory (not just import it)."""
    calls = re.compile(r"\b(" + "|".join(map(re.escape, sorted(names))) + r")\s*\(")
    out = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        lines = [ln for ln in cell.source.splitlines()
                 if not ln.lstrip().startswith(("from ", "import ", "def ", "#"))]
        if calls.search("\n".join(lines)):
            out.append(i)
    return out


def unanswered_explorers(nb, names: set[str]) -> list[int]:
    """Explorer cells not followed by a "What you should see" paragraph before the next explorer
    or the next section heading."""
    cells = explorer_cells(nb, names)
    bad = []
    for k, i in enumerate(cells):
        stop = cells[k + 1] if k + 1 < len(cells) else len(nb.cells)
        answered = False
        for cell in nb.cells[i + 1:stop]:
            if cell.cell_type != "markdown":
                continue
            before_heading = re.split(r"^#{1,6} ", cell.source, maxsplit=1, flags=re.M)[0]
            if re.search(r"What you should see", before_heading):
                answered = True
                break
            if before_heading != cell.source:  # a new section starts: the explorer was left open
                break
        if not answered:
            bad.append(i)
    return bad


def test_explorer_closure_detection():
    v4 = nbformat.v4
    nb = v4.new_notebook(cells=[
        v4.new_code_cell("from x import demo_explorer\nexplorer = demo_explorer()"),
        v4.new_code_cell("glue('a', 1)"),
        v4.new_markdown_cell("**What you should see.** The level halves."),
        v4.new_code_cell("demo_explorer()"),
        v4.new_markdown_cell("## Next section\n\n**What you should see.** too late"),
    ])
    assert explorer_cells(nb, {"demo_explorer"}) == [0, 3]
    assert unanswered_explorers(nb, {"demo_explorer"}) == [3]


def test_every_registered_explorer_is_found_in_a_chapter():
    names = _explorer_names()
    used = set()
    for path in CHAPTERS:
        nb = _nb(path)
        for i in explorer_cells(nb, names):
            used |= set(re.findall(r"\b\w+_explorer\b", nb.cells[i].source)) & names
    assert used == names, f"explorers never called in a chapter: {sorted(names - used)}"


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_every_explorer_is_followed_by_what_you_should_see(path):
    nb = _nb(path)
    bad = unanswered_explorers(nb, _explorer_names())
    assert not bad, f"{path.name}: explorer cells {bad} have no 'What you should see' after them"


# ---------------------------------------------------------------------------------- figures
DIAGRAM = re.compile(r"_static/diagrams/[\w-]+\.svg")


def diagram_figures(nb) -> list[str]:
    """Names of {figure} directives that show one of the book's SVG diagrams with alt text."""
    out = []
    for text in _markdown(nb):
        for d in directives(text):
            if d.name == "figure" and DIAGRAM.search(text[d.start:d.end]):
                name = re.search(r"^[ \t]*:name:[ \t]*(\S+)", d.body, flags=re.M)
                alt = re.search(r"^[ \t]*:alt:[ \t]*(.{40,})", d.body, flags=re.M)
                if name and alt:
                    out.append(name.group(1))
    return out


def figure_cells(nb) -> tuple[list[int], list[int]]:
    """(cells with a numbered-figure caption, cells that show a figure without one)."""
    captioned, bare = [], []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        fig = cell.metadata.get("mystnb", {}).get("figure", {})
        if fig.get("name") and fig.get("caption"):
            captioned.append(i)
        elif cell.source.strip() and re.match(r"\s*(\w+\.)?show\(", cell.source.strip().splitlines()[-1]):
            bare.append(i)
    return captioned, bare


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_chapter_has_a_diagram_and_numbered_figure_captions(path):
    nb = _nb(path)
    assert diagram_figures(nb), f"{path.name}: no named {{figure}} of _static/diagrams/*.svg with alt text"
    captioned, bare = figure_cells(nb)
    assert captioned, f"{path.name}: no code cell with mystnb.figure name and caption"
    assert not bare, f"{path.name}: figure cells {bare} have no numbered caption (mystnb.figure)"


# ---------------------------------------------------------------------------------- opening, links
@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_chapter_opens_with_prerequisites_and_time(path):
    opening = "\n".join(_markdown(_nb(path))[:3])
    assert re.search(r"\*\*Prerequisites:?\*\*", opening), f"{path.name}: no **Prerequisites:** line"
    assert re.search(r"\*\*Time:?\*\*:?\s*about \d+ minutes", opening), \
        f"{path.name}: no '**Time:** about N minutes'"


def plain_chapter_mentions(markdown: str) -> list[str]:
    """'chapter N' written as plain text, outside links and cross-reference roles."""
    text = LINKS.sub(" ", markdown)
    return [text[max(0, m.start() - 30):m.end() + 10].replace("\n", " ")
            for m in PLAIN_CHAPTER.finditer(text)]


def test_plain_chapter_detection():
    assert plain_chapter_mentions("see {doc}`chapter 4 <../intermediate/04_x>` and [chapter 2](x)") == []
    found = plain_chapter_mentions("as chapter 9 shows")
    assert len(found) == 1 and "chapter 9" in found[0]


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_no_plain_text_chapter_references(path):
    found = [m for text in _markdown(_nb(path)) for m in plain_chapter_mentions(text)]
    assert not found, f"{path.name}: plain-text chapter references (make them links): {found}"


# ---------------------------------------------------------------------------------- diagrams
DIAGRAMS = ("hormone_signal", "pk_compartments", "feedback_loop", "hpa_hpt_axes", "hpg_axis_male",
            "hpo_axis_female", "gh_axis", "receptor_desensitisation", "virtual_trial")
#: colours a diagram may use: the Okabe-Ito palette of hormonesim.book.plots, its light tints
#: for box fills, greys, black and white
TINTS = {"#e6f1f8", "#fbe5d6", "#fdf0d5", "#f2f2f2"}


@pytest.mark.parametrize("name", DIAGRAMS)
def test_diagram_is_small_described_text_svg_in_the_palette(name):
    import xml.etree.ElementTree as ET

    from hormonesim.book.plots import PALETTE

    path = ROOT / "_static" / "diagrams" / f"{name}.svg"
    assert path.stat().st_size < 15_000, f"{name}.svg is larger than 15 KB"
    svg = "{http://www.w3.org/2000/svg}"
    root = ET.parse(path).getroot()
    title, desc = root.find(f"{svg}title"), root.find(f"{svg}desc")
    assert title is not None and len(title.text.strip()) >= 20, f"{name}: no <title>"
    assert desc is not None and len(desc.text.split()) >= 40, f"{name}: <desc> is not a description"
    assert root.get("role") == "img" and root.get("viewBox"), f"{name}: role=img and a viewBox"
    labels = [t for t in root.iter(f"{svg}text") if "".join(t.itertext()).strip()]
    assert len(labels) >= 8, f"{name}: labels must be real <text>"
    allowed = {c.lower() for c in PALETTE.values()} | TINTS | {"#fff", "#ffffff", "#000", "#000000"}
    colours = {c.lower() for c in re.findall(r"#[0-9A-Fa-f]{6}\b|#[0-9A-Fa-f]{3}\b", path.read_text())}
    greys = {c for c in colours if len(set(c[1:])) == 1 or (len(c) == 7 and c[1:3] == c[3:5] == c[5:7])}
    assert colours - allowed - greys == set(), f"{name}: colours outside the palette: {colours - allowed - greys}"


def test_feedback_diagrams_mark_their_signs():
    """Every feedback diagram marks stimulation with + and inhibition with − (U+2212) in text."""
    for name in ("feedback_loop", "hpa_hpt_axes", "hpg_axis_male", "hpo_axis_female", "gh_axis"):
        text = (ROOT / "_static" / "diagrams" / f"{name}.svg").read_text(encoding="utf-8")
        assert re.search(r">\+</text>", text) and re.search(r">−</text>", text), name


NEW_TERMS = ("GnRH", "LH", "FSH", "International unit (IU)", "CRH", "ACTH", "Cortisol", "TRH", "TSH",
             "Thyroxine", "Hypothalamus", "Pituitary gland", "Leydig cell", "Testosterone",
             "Free testosterone", "Estradiol", "Estrone", "Estrogen", "Progesterone", "hCG",
             "Gonadotropin", "Agonist", "Aromatase inhibitor", "Bioavailability",
             "First-pass metabolism", "Volume of distribution", "Compartment", "Trough",
             "Peak concentration", "Pharmacokinetics", "Pharmacodynamics", "Menopause",
             "Perimenopause", "Hopf bifurcation", "Randomised controlled trial")


def test_the_terms_the_chapters_were_promised_are_defined():
    """The issue-16 conventions list these spellings as glossary targets for the chapters."""
    terms = set(glossary_terms())
    assert not [t for t in NEW_TERMS if t not in terms]
