"""Chapter 7 exercise answers: therapy for women across the menopause.

Exercises of ``chapters/intermediate/07_menopause_therapy.ipynb``: ``ch7-ex1`` to ``ch7-ex5``
(ex5 judges a claim: its answer is a verdict, its written part has a rubric).

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
          hint="check the time window (days 4 to 7) and the unit (pg/mL); her own extra-ovarian "
          "estradiol is part of the serum level.")
def _ch7_ex1():
    res = simulate(FemaleHPO(age=55, stage="postmenopause"),
                   dose("estradiol_patch", 50, "ug/day"), duration="7d")
    return float(res["estradiol"][res.t_days >= 4].mean())


@exercise("ch7-ex2", form="a pair (patch alone, patch with progesterone): the endometrial "
          "stimulation indicator at the end of week 8", kind="numbers",
          parts=("patch_alone", "with_progesterone"), rel_tol=0.05,
          hint="the indicator's value at the end of week 8, not its mean; the patch alone goes "
          "first in the pair.")
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
          hint="compare a week-3 mean (not the peak) with the upper end of the women's range, "
          "and give a whole number of mg.")
def _ch7_ex3():
    upper = reference_range("testosterone", "women").high
    return max(mg for mg in range(1, 11) if female_cream_week3_mean(mg) <= upper)


def day7_mean_e2(plan) -> float:
    """Mean serum estradiol (pg/mL) over day 7 in ``FemaleHPO(age=55, stage="postmenopause")``."""
    res = simulate(FemaleHPO(age=55, stage="postmenopause"), plan, duration="7d")
    return float(res["estradiol"][res.t_days >= 6].mean())


def oral_dose_matching_patch(patch_ug_per_day: float = 50.0) -> float:
    """Daily oral estradiol dose (mg) whose day-7 mean matches a patch's, in the model.

    The model's serum estradiol rises in proportion to the dose above the woman's own level, so
    the dose is 1 mg scaled by the ratio of the two rises above her untreated level.
    """
    own = day7_mean_e2(None)
    patch = day7_mean_e2(dose("estradiol_patch", patch_ug_per_day, "ug/day"))
    oral_1mg = day7_mean_e2(dose("estradiol_oral", 1.0, "mg", every="1d"))
    return (patch - own) / (oral_1mg - own)


@exercise("ch7-ex4", form="the daily oral dose in mg whose average estradiol matches the 50 ug/day "
          "patch, a number", unit="mg", rel_tol=0.08,
          hint="in the route explorer, compare the day-7 averages of the patch and of the tablet; "
          "the rise above the woman's own level grows in proportion to the dose.")
def _ch7_ex4():
    return oral_dose_matching_patch(50.0)


@exercise("ch7-ex5", form="one verdict: 'supported', 'partly supported' or 'not supported'",
          kind="choice", choices=("supported", "partly supported", "not supported"),
          hint="separate 'bioidentical' (a chemical fact) from 'compounded' (how a product is "
          "made and regulated), and look up estriol and saliva tests.")
def _ch7_ex5():
    # the book's evidence: cbht-restrict, salivary-testing, estriol-safer-claim, estriol-not-approved
    return "not supported"
