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


# ----------------------------------------------------------------------------------------------
# A parameter's default quoted in prose must be the model's current default: a recalibration
# changes the default, and a typed "`free_t_feedback_pg_ml` from 66.3" then tells students to
# change something that is no longer there (chapter 9's exercise 3 did, after the feedback was
# recalibrated to 87.8). Scenario settings are written as assignments (`name=0.5`) and pass.
def _parameter_defaults() -> dict[str, set[float]]:
    import dataclasses

    import hormonesim as hs

    defaults: dict[str, set[float]] = {}
    for model in (hs.MaleHPG, hs.FemaleHPO, hs.GHAxis, hs.FeedbackLoop, hs.SecretionClearance):
        instance = model()
        for field in dataclasses.fields(model):
            value = getattr(instance, field.name, None)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                defaults.setdefault(field.name, set()).add(float(value))
    return defaults


def quoted_defaults(text: str, defaults: dict[str, set[float]]) -> list[str]:
    """Places in ``text`` that quote a parameter's default ("`name` from 66.3", "name (default
    66.3)", "name at its default of 66.3", "name 66.3") with a value the model does not have."""
    bad = []
    for name, values in defaults.items():
        # a bare "name 66.3" only for identifiers (an underscore): "gain 0.3" is a setting
        bare = r"|(?<=\s)" if "_" in name else ""
        pattern = re.compile(rf"`?\b{re.escape(name)}\b`?\s*(?:\(default\s+|from\s+|at its "
                             rf"default(?: of)?\s+|defaults? to\s+{bare})(-?\d+(?:\.\d+)?)"
                             rf"\b(?!\.\d)")
        for match in pattern.finditer(text):
            number = float(match.group(1))
            # a quoted default may be rounded (2.3 for 2.27)
            if not any(abs(number - v) <= 0.05 + 0.005 * abs(v) for v in values):
                bad.append(f"{match.group(0)} (the model's default: "
                           f"{', '.join(f'{v:g}' for v in sorted(values))})")
    return bad


def test_quoted_defaults_heuristic():
    defaults = {"free_t_feedback_pg_ml": {87.8}}
    assert quoted_defaults("Double `free_t_feedback_pg_ml` from 66.3 to 132.6 pg/mL", defaults)
    assert quoted_defaults("hint: free_t_feedback_pg_ml 66.3 and 66.3 x your factor", defaults)
    assert quoted_defaults("free_t_feedback_pg_ml (default 87.8 pg/mL)", defaults) == []
    assert quoted_defaults("set `free_t_feedback_pg_ml=66.3` for this man", defaults) == []


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem[:2] for p in CHAPTERS])
def test_quoted_parameter_defaults_are_current(path):
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    bad = quoted_defaults(text, _parameter_defaults())
    assert not bad, f"{path.name}: a parameter default quoted with an old value:\n" + "\n".join(bad)


def test_answer_key_quotes_current_defaults():
    """The answer key's hints and notes are what a student reads beside the exercise."""
    key = ROOT / "hormonesim" / "coursework" / "key"
    text = "\n".join(p.read_text() for p in sorted(key.glob("ch*.py")))
    bad = quoted_defaults(text, _parameter_defaults())
    assert not bad, "answer key: a parameter default quoted with an old value:\n" + "\n".join(bad)
