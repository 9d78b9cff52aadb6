"""Chapter 10 exercise answers: aromatase modulation across individuals.

Exercises of ``chapters/academic/10_aromatase_population.ipynb``: ``ch10-ex1`` ... ``ch10-ex5``.

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


def e2_high_by_bmi(cut: float = 30.0) -> tuple[float, float]:
    """Shares of the chapter's cohort with week-8 mean estradiol above 37 pg/mL on cypionate
    100 mg weekly and no aromatase inhibitor, among men with BMI >= ``cut`` and below it."""
    cohort = _ch10_cohort()
    e2 = _week_mean(simulate(cohort, dose("testosterone_cypionate", 100, "mg", every="7d"),
                             duration="8w"))
    bmi = np.asarray(cohort.values("bmi"), dtype=float)
    return (float(np.mean(e2[bmi >= cut] > 37)), float(np.mean(e2[bmi < cut] > 37)))


@exercise("ch10-ex4", form="a pair (share_high_bmi30_plus, share_high_below30): fractions of men "
          "with week-8 mean estradiol above 37 pg/mL, no anastrozole", kind="numbers",
          parts=("bmi_30_or_more", "bmi_below_30"), abs_tol=0.03,
          hint="the chapter's cohort on cypionate 100 mg weekly alone for 8 weeks; split the men "
               "with cohort.values('bmi') and average estradiol over the last 168 hours.")
def _ch10_ex4():
    return e2_high_by_bmi()


def halve_when_low(dose_mg, measured, low, high):
    """The ch10-ex5 titration rule: one 0.25 mg step up when E2 is measured above ``high``,
    half the dose when below ``low``, otherwise no change (arrays, one value per man)."""
    return np.where(measured > high, dose_mg + 0.25, np.where(measured < low, dose_mg / 2, dose_mg))


def titrated_shares(rule, n: int = 60) -> tuple[float, float]:
    """Week-24 shares (E2 < 10, E2 > 37 pg/mL) of a 60-man version of the chapter's cohort on
    cypionate 100 mg weekly plus anastrozole titrated with ``rule`` (seed 0)."""
    cohort = population(MaleHPG(age=50, bmi=30), n=n, seed=10, bmi=(30, 5), age=(50, 8))
    plan = (dose("testosterone_cypionate", 100, "mg", every="7d")
            + titrated("anastrozole", start=0, unit="mg", every="3.5d", target=(15, 37),
                       measure="estradiol", check_every="6w", step=0.25, bounds=(0, 1),
                       rule=rule))
    e2 = _week_mean(simulate(cohort, plan, duration="24w", seed=0))
    return (float(np.mean(e2 < 10)), float(np.mean(e2 > 37)))


@exercise("ch10-ex5", form="a pair (over_suppressed, high): week-24 shares from your own titration "
          "rule", kind="numbers", parts=("over_suppressed", "high"), abs_tol=0.04,
          hint="your rule gets arrays (dose, measured, low, high) and must return an array: use "
               "np.where; a man measured in range keeps his dose; the cohort has n=60, seed=10.")
def _ch10_ex5():
    return titrated_shares(halve_when_low)
