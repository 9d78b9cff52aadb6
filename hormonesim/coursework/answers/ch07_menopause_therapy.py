"""Chapter 7: therapy for women across the menopause.

Chapter file ``chapters/intermediate/07_menopause_therapy.ipynb``; exercises ``ch7-ex1``, ``ch7-ex2``,
``ch7-ex3``.

Helpers only: the chapter's figures and solutions call them. The exercises' answer functions are
in the sealed answer key, :mod:`hormonesim.coursework.key.ch07_menopause_therapy`.

Helpers the chapter's solutions call (also ``hs.checks.<name>``): :func:`female_cream_week3_mean`.
"""
from __future__ import annotations

from ... import FemaleHPO, dose, simulate


def female_cream_week3_mean(mg_per_day: float, age: float = 55.0) -> float:
    """Mean total testosterone (ng/dL) in week 3 of daily testosterone cream."""
    res = simulate(FemaleHPO(age=age, stage="postmenopause"),
                   dose("testosterone_female", mg_per_day, "mg", every="1d"), duration="3w")
    return float(res["testosterone"][res.t_days >= 14].mean())
