"""Chapter 7: therapy for women across the menopause.

Exercises of ``chapters/intermediate/07_menopause_therapy.ipynb``: ``ch7-ex1`` to ``ch7-ex5``
(ex5 judges a claim: its answer is a verdict, its written part has a rubric).

Helpers only: the chapter's figures and solutions may call them. The exercises' answer
functions are in the sealed answer key, :mod:`hormonesim.coursework.key.ch07_menopause_therapy`.

Helpers for the chapter (also reachable as ``hs.checks.<name>``): :func:`female_cream_week3_mean`.
"""
from __future__ import annotations

from ... import FemaleHPO, dose, simulate


def female_cream_week3_mean(mg_per_day: float, age: float = 55.0) -> float:
    """Mean total testosterone (ng/dL) in week 3 of daily testosterone cream."""
    res = simulate(FemaleHPO(age=age, stage="postmenopause"),
                   dose("testosterone_female", mg_per_day, "mg", every="1d"), duration="3w")
    return float(res["testosterone"][res.t_days >= 14].mean())


def day7_mean_e2(plan, age: float = 55.0) -> float:
    """Mean serum estradiol (pg/mL) over day 7 in ``FemaleHPO(age=age, stage="postmenopause")``."""
    res = simulate(FemaleHPO(age=age, stage="postmenopause"), plan, duration="7d")
    return float(res["estradiol"][res.t_days >= 6].mean())


def oral_dose_matching_patch(patch_ug_per_day: float = 50.0, age: float = 55.0) -> float:
    """Daily oral estradiol dose (mg) whose day-7 mean matches a patch's, in the model.

    The model's serum estradiol rises in proportion to the dose above the woman's own level, so
    the dose is 1 mg scaled by the ratio of the two rises above her untreated level.
    """
    own = day7_mean_e2(None, age)
    patch = day7_mean_e2(dose("estradiol_patch", patch_ug_per_day, "ug/day"), age)
    oral_1mg = day7_mean_e2(dose("estradiol_oral", 1.0, "mg", every="1d"), age)
    return (patch - own) / (oral_1mg - own)
