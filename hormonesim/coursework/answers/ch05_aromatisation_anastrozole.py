"""Chapter 5 exercise answers: aromatisation and anastrozole.

Exercises of ``chapters/intermediate/05_aromatisation_anastrozole.ipynb``: ``ch5-ex1``,
``ch5-ex2``, ``ch5-ex3``.

Each ``@exercise`` function computes the expected answer from the model when a check first
needs it; the chapter's solution cells show the reader the same computation.
"""
from __future__ import annotations

from ... import MaleHPG, dose
from ...validation.male import burnett_bowie
from ..checks import exercise
from .common import weekly_mean


@exercise("ch5-ex1", form="the ratio of mean estradiol at BMI 35 to mean estradiol at BMI 22",
          rel_tol=0.03, hint="untreated hs.MaleHPG(age=50, bmi=...) for 6 weeks; average the last "
          "week of each.")
def _ch5_ex1():
    return (weekly_mean(MaleHPG(age=50, bmi=35), None, "estradiol")
            / weekly_mean(MaleHPG(age=50, bmi=22), None, "estradiol"))


@exercise("ch5-ex2", form="the fall in mean estradiol, in % of its value without anastrozole",
          unit="%", rel_tol=0.05, hint="man of 50 with BMI 30 on cypionate 100 mg weekly, with and "
          "without anastrozole 0.5 mg every 3.5 days; compare the last week of 6.")
def _ch5_ex2():
    man = MaleHPG(age=50, bmi=30)
    trt = dose("testosterone_cypionate", 100, "mg", every="7d")
    without = weekly_mean(man, trt, "estradiol")
    with_ai = weekly_mean(man, trt + dose("anastrozole", 0.5, "mg", every="3.5d"), "estradiol")
    return 100 * (1 - with_ai / without)


@exercise("ch5-ex3", form="a pair (t_ratio, e2_ratio): total T and estradiol after 12 weeks of "
          "anastrozole 1 mg daily, each relative to baseline", kind="numbers",
          parts=("t_ratio", "e2_ratio"), rel_tol=0.05,
          hint="hs.MaleHPG(age=68, bmi=28, leydig_scale=0.75); average days 70-84 against the "
          "untreated man.")
def _ch5_ex3():
    b = burnett_bowie()
    return (b["t_ratio"], b["e2_ratio"])
