"""Chapter 7 exercise answers: therapy for women across the menopause.

Exercises of ``chapters/intermediate/07_menopause_therapy.ipynb``: ``ch7-ex1``, ``ch7-ex2``,
``ch7-ex3``.

Each ``@exercise`` function computes the expected answer from the model when a check first
needs it; the chapter's solution cells show the reader the same computation.

Helpers for the chapter (also reachable as ``hs.checks.<name>``): :func:`female_cream_week3_mean`.
"""
from __future__ import annotations

from ... import FemaleHPO, dose, simulate
from ...reference import reference_range
from ..checks import exercise


@exercise("ch7-ex1", form="the mean serum estradiol over days 4 to 7, a number in pg/mL",
          unit="pg/mL", rel_tol=0.03,
          hint="simulate hs.FemaleHPO(age=55, stage='postmenopause') for 7 days with "
          "hs.dose('estradiol_patch', 50, 'ug/day') and average res['estradiol'] where "
          "res.t_days >= 4; remember her own extra-ovarian estradiol.")
def _ch7_ex1():
    res = simulate(FemaleHPO(age=55, stage="postmenopause"),
                   dose("estradiol_patch", 50, "ug/day"), duration="7d")
    return float(res["estradiol"][res.t_days >= 4].mean())


@exercise("ch7-ex2", form="a pair (patch alone, patch with progesterone): the endometrial "
          "stimulation indicator at the end of week 8", kind="numbers",
          parts=("patch_alone", "with_progesterone"), rel_tol=0.05,
          hint="two 8-week simulations of hs.FemaleHPO(age=55, stage='postmenopause'): the 50 "
          "ug/day patch alone, and the patch plus hs.dose('progesterone_oral', 100, 'mg', "
          "every='1d'); take the last value of res['endometrial_stimulation'].")
def _ch7_ex2():
    model = FemaleHPO(age=55, stage="postmenopause")
    patch = dose("estradiol_patch", 50, "ug/day")
    alone = simulate(model, patch, duration="8w")["endometrial_stimulation"][-1]
    both = simulate(model, patch + dose("progesterone_oral", 100, "mg", every="1d"),
                    duration="8w")["endometrial_stimulation"][-1]
    return (float(alone), float(both))


def female_cream_week3_mean(mg_per_day: float, age: float = 55.0) -> float:
    """Mean total testosterone (ng/dL) in week 3 of daily testosterone cream."""
    res = simulate(FemaleHPO(age=age, stage="postmenopause"),
                   dose("testosterone_female", mg_per_day, "mg", every="1d"), duration="3w")
    return float(res["testosterone"][res.t_days >= 14].mean())


@exercise("ch7-ex3", form="the largest whole number of mg per day (an integer)", kind="integer",
          unit="mg/day",
          hint="try 1, 2, 3, ... mg/day for 3 weeks and compare the week-3 mean of "
          "res['testosterone'] with the upper end of hs.reference.reference_range('testosterone', "
          "'women').")
def _ch7_ex3():
    upper = reference_range("testosterone", "women").high
    return max(mg for mg in range(1, 11) if female_cream_week3_mean(mg) <= upper)
