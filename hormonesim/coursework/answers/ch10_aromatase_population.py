"""Chapter 10 exercise answers: aromatase modulation across individuals.

Exercises of ``chapters/academic/10_aromatase_population.ipynb``: ``ch10-ex1``, ``ch10-ex2``,
``ch10-ex3``.

Each ``@exercise`` function computes the expected answer from the model when a check first
needs it; the chapter's solution cells show the reader the same computation.
"""
from __future__ import annotations

import numpy as np

from ... import MaleHPG, dose, population, simulate, titrated
from ..checks import exercise


@exercise("ch10-ex1", form="the ratio of aromatase activity at BMI 35 to BMI 22 (a number)",
          rel_tol=0.02, hint="compare hs.MaleHPG(bmi=35).aromatase_activity with "
          "hs.MaleHPG(bmi=22).aromatase_activity, both at the default age.")
def _ch10_ex1():
    return float(MaleHPG(bmi=35).aromatase_activity / MaleHPG(bmi=22).aromatase_activity)


def _ch10_cohort(n: int = 200):
    return population(MaleHPG(age=50, bmi=30), n=n, seed=10, bmi=(30, 5), age=(50, 8))


def _week_mean(res, name: str = "estradiol") -> np.ndarray:
    last = res.t_hours >= res.t_hours[-1] - 168
    return np.atleast_2d(res[name])[:, last].mean(axis=1)


@exercise("ch10-ex2", form="a pair (over_suppressed, high): shares of men (fractions) whose mean "
          "estradiol in week 8 is below 10 and above 37 pg/mL on the fixed anastrozole arm",
          kind="numbers", parts=("over_suppressed", "high"), abs_tol=0.03,
          hint="the chapter's cohort (n=200, seed=10) on cypionate 100 mg weekly plus anastrozole "
          "0.5 mg every 3.5 days, 8 weeks; average estradiol over the last 168 hours.")
def _ch10_ex2():
    plan = (dose("testosterone_cypionate", 100, "mg", every="7d")
            + dose("anastrozole", 0.5, "mg", every="3.5d"))
    e2 = _week_mean(simulate(_ch10_cohort(), plan, duration="8w"))
    return (float(np.mean(e2 < 10)), float(np.mean(e2 > 37)))


@exercise("ch10-ex3", form="a pair (over_suppressed, high): the same shares in week 24 on the "
          "titrated anastrozole arm", kind="numbers", parts=("over_suppressed", "high"),
          abs_tol=0.04,
          hint="hs.titrated('anastrozole', start=0, unit='mg', every='3.5d', target=(15, 37), "
          "measure='estradiol', check_every='6w', step=0.25, bounds=(0, 1)) plus cypionate 100 mg "
          "weekly, 24 weeks, seed=0.")
def _ch10_ex3():
    plan = (dose("testosterone_cypionate", 100, "mg", every="7d")
            + titrated("anastrozole", start=0, unit="mg", every="3.5d", target=(15, 37),
                       measure="estradiol", check_every="6w", step=0.25, bounds=(0, 1)))
    e2 = _week_mean(simulate(_ch10_cohort(), plan, duration="24w", seed=0))
    return (float(np.mean(e2 < 10)), float(np.mean(e2 > 37)))
