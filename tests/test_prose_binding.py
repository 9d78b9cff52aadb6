"""Model numbers in solutions are computed, not typed (issue 16; DEVELOPERS.md "Text bound to the
model").

Heuristic: in the text of a solution (a ``{solution}`` directive or the markdown between
``solution-start`` and ``solution-end``), a decimal number followed by a clinical unit must come
from a ``{glue}`` role, unless the same sentence cites its source (``{cite:p}``, ``{cite:t}``,
``{cite}`` or an ``{evidence}`` statement): literature numbers stay typed, with their citation.
Glued values are not in the source text, so any decimal-with-unit left in it was typed.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from hormonesim.coursework.markup import chapter_notebooks, directives

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = chapter_notebooks(ROOT)

#: clinical units of model outputs: concentrations, clearance and volume, times, percentages (dose units
#: such as mg or ug/day are left out: a dose is an input of the exercise, typed in its question)
UNITS = (r"ng/dL|ng/mL|pg/mL|pmol/L|nmol/L|mIU/mL|mIU/L|IU/L|ug/L|µg/L|ug/dL|L/h|L|h|hours?|"
         r"min|minutes?|days?|weeks?|%")
#: a decimal number (a point and digits) followed by a unit
TYPED = re.compile(rf"(?<![\w.])\d+\.\d+\s*(?:{UNITS})(?![\w/])")
SOURCED = re.compile(r"\{(?:cite(?::[pt])?|evidence|evidence-label|claim-check)\}`")
#: roles whose content is not prose (glue output, code, math)
SKIP = re.compile(r"\{glue(?::\w+)?\}`[^`]*`|``[^`]*``|`[^`]*`|\$\$.*?\$\$|\$[^$]*\$", re.S)


def solution_texts(nb) -> list[str]:
    """The markdown of every solution in a notebook (directive bodies and gated ranges)."""
    out, gated = [], False
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        found = directives(cell.source)
        names = [d.name for d in found]
        if "solution-start" in names:
            gated = True
            after = cell.source[max(d.end for d in found if d.name == "solution-start"):]
            out.append(after)
            continue
        if "solution-end" in names:
            gated = False
            before = cell.source[:min(d.start for d in found if d.name == "solution-end")]
            out.append(before)
            continue
        if gated:
            out.append(cell.source)
        out += [d.body for d in found if d.name == "solution"]
    return [t for t in out if t.strip()]


def sentences(text: str) -> list[str]:
    """Sentences, paragraphs and list items of ``text`` (list markers removed)."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z*({])|\n\s*\n|\n(?=\s*[-*] )", text)
    return [re.sub(r"^\s*[-*] ", "", s) for s in parts if s.strip()]


def typed_model_numbers(text: str) -> list[str]:
    """Sentences of ``text`` with a typed decimal-with-unit and no citation."""
    bad = []
    for sentence in sentences(text):
        if SOURCED.search(sentence):
            continue
        prose = SKIP.sub(" ", sentence)
        if TYPED.search(prose):
            bad.append(" ".join(sentence.split())[:160])
    return bad


def test_heuristic_on_examples():
    assert typed_model_numbers("The trough is 412.3 ng/dL at week 12.") \
        == ["The trough is 412.3 ng/dL at week 12."]
    assert typed_model_numbers("The trough is {glue:text}`ch4-ex1-trough:.1f` ng/dL.") == []
    assert typed_model_numbers("Trials found 3.5 ng/mL {cite:p}`bhasin2018`. The model gives "
                               "{glue:text}`k:.1f` ng/mL.") == []
    assert typed_model_numbers("Code `x = 2.5 mg` and math $k = 0.3 h$ are not prose.") == []
    assert typed_model_numbers("Give 0.5 mg every 3.5 d; the ratio is 0.75.") == []
    assert typed_model_numbers("- 1 pt: names 4.4 ng/mL") == ["1 pt: names 4.4 ng/mL"]


def test_solution_texts_reads_both_forms():
    v4 = nbformat.v4
    nb = v4.new_notebook(cells=[
        v4.new_markdown_cell("```{solution} ch1-ex1\n:class: dropdown\n\nOld style 2.2 ng/mL.\n```"),
        v4.new_markdown_cell("```{solution-start} ch1-ex2\n:class: dropdown\n```"),
        v4.new_markdown_cell("Gated text 4.4 ng/mL."),
        v4.new_markdown_cell("```{solution-end}\n```\nAfter the end 9.9 ng/mL is not a solution."),
    ])
    texts = solution_texts(nb)
    assert any("Old style" in t for t in texts) and any("Gated text" in t for t in texts)
    assert not any("After the end" in t for t in texts)


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem[:2] for p in CHAPTERS])
def test_solution_numbers_are_glued_or_cited(path):
    nb = nbformat.read(path, as_version=4)
    bad = [s for text in solution_texts(nb) for s in typed_model_numbers(text)]
    assert not bad, (f"{path.name}: typed model numbers in solutions (use {{glue:text}} or cite "
                     "the source in the same sentence):\n" + "\n".join(bad))
