"""Chapter 8: peptide therapies and the GH axis.

Exercises of ``chapters/intermediate/08_peptides_gh_axis.ipynb``: ``ch8-ex1`` to ``ch8-ex5``
(ex5 judges a claim: its answer is a verdict, its written part has a rubric).

Helpers only: the chapter's figures and solutions may call them. The exercises' answer
functions are in the sealed answer key, :mod:`hormonesim.coursework.key.ch08_peptides_gh_axis`.
"""
from __future__ import annotations

from ... import GHAxis, dose, simulate


def mean_gh_24h(clock_h: float, sermorelin_ug: float = 300.0, age: float = 40.0, seed: int = 1) -> float:
    """24-hour mean GH (ng/mL) with one sermorelin injection at ``clock_h`` (the day starts 08:00)."""
    model = GHAxis(age=age)
    start_h = (clock_h - model.start_clock_h) % 24.0
    res = simulate(model, dose("sermorelin", sermorelin_ug, "ug", start=start_h), duration="24h",
                   seed=seed)
    return float(res["gh"].mean())
