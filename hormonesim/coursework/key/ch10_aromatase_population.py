"""Answer key, chapter 10 (``chapters/academic/10_aromatase_population.ipynb``)."""
from __future__ import annotations

import numpy as np

from ... import MaleHPG, dose, population, simulate, titrated
from ..answers.ch10_aromatase_population import e2_high_by_bmi, halve_when_low, titrated_shares
from ..checks import Vary, Written, exercise

_TC = Vary(100.0, 70.0, 150.0, 10.0, "weekly cypionate dose", "mg")


@exercise("ch10-ex1", form="the ratio of aromatase activity at the high BMI to the low BMI "
          "(a number)", rel_tol=0.02, hint="compare hs.MaleHPG(bmi=...).aromatase_activity at "
          "the two BMIs, both at the default age.",
          vary={"bmi_high": Vary(35.0, 31.0, 40.0, 0.5, "the high BMI", "kg/m2"),
                "bmi_low": Vary(22.0, 19.0, 25.0, 0.5, "the low BMI", "kg/m2")},
          written=Written(2, "why it is smaller than the ratio of fat masses",
                          ("1: names the fixed, non-adipose share",
                           "1: explains why that dilutes the fat-mass ratio")))
def _ch10_ex1(bmi_high, bmi_low):
    return float(MaleHPG(bmi=bmi_high).aromatase_activity / MaleHPG(bmi=bmi_low).aromatase_activity)


def _ch10_cohort(n: int = 200):
    return population(MaleHPG(age=50, bmi=30), n=n, seed=10, bmi=(30, 5), age=(50, 8))


def _week_mean(res, name: str = "estradiol") -> np.ndarray:
    last = res.t_hours >= res.t_hours[-1] - 168
    return np.atleast_2d(res[name])[:, last].mean(axis=1)


@exercise("ch10-ex2", form="a pair (over_suppressed, high): shares of men (fractions) whose mean "
          "estradiol in week 8 is below 10 and above 37 pg/mL on the fixed anastrozole arm",
          kind="numbers", parts=("over_suppressed", "high"), abs_tol=0.03,
          hint="the chapter's cohort (n=200, seed=10) on weekly cypionate plus anastrozole every "
          "3.5 days, 8 weeks; average estradiol over the last 168 hours.",
          vary={"tc_mg": _TC,
                "ai_mg": Vary(0.5, 0.25, 1.0, 0.125, "anastrozole dose every 3.5 days", "mg")},
          written=Written(3, "how the real share would compare, given the held-out test",
                          ("1: the direction from the held-out comparison",
                           "1: names the maximal effect (Imax) as the deciding parameter",
                           "1: says the number is a bound, not an estimate")))
def _ch10_ex2(tc_mg, ai_mg):
    plan = (dose("testosterone_cypionate", tc_mg, "mg", every="7d")
            + dose("anastrozole", ai_mg, "mg", every="3.5d"))
    e2 = _week_mean(simulate(_ch10_cohort(), plan, duration="8w"))
    return (float(np.mean(e2 < 10)), float(np.mean(e2 > 37)))


@exercise("ch10-ex3", form="a pair (over_suppressed, high): the same shares in week 24 on the "
          "titrated anastrozole arm", kind="numbers", parts=("over_suppressed", "high"),
          abs_tol=0.04,
          hint="hs.titrated('anastrozole', start=0, unit='mg', every='3.5d', target=(15, 37), "
          "measure='estradiol', check_every='6w', step=0.25, bounds=(0, 1)) plus weekly "
          "cypionate, 24 weeks, seed=0.", vary={"tc_mg": _TC},
          written=Written(3, "which men remain above 37 pg/mL and why",
                          ("1: assay noise",
                           "1: one draw every 6 weeks at one point of the interval",
                           "1: the size of the first step")))
def _ch10_ex3(tc_mg):
    plan = (dose("testosterone_cypionate", tc_mg, "mg", every="7d")
            + titrated("anastrozole", start=0, unit="mg", every="3.5d", target=(15, 37),
                       measure="estradiol", check_every="6w", step=0.25, bounds=(0, 1)))
    e2 = _week_mean(simulate(_ch10_cohort(), plan, duration="24w", seed=0))
    return (float(np.mean(e2 < 10)), float(np.mean(e2 > 37)))


@exercise("ch10-ex4", form="a pair (share_high_bmi30_plus, share_high_below30): fractions of men "
          "with week-8 mean estradiol above 37 pg/mL, no anastrozole", kind="numbers",
          parts=("bmi_30_or_more", "bmi_below_30"), abs_tol=0.03,
          hint="the chapter's cohort on weekly cypionate alone for 8 weeks; split the men with "
               "cohort.values('bmi') and average estradiol over the last 168 hours.",
          vary={"tc_mg": _TC, "bmi_cut": Vary(30.0, 27.0, 33.0, 1.0, "the BMI that splits the men",
                                               "kg/m2")},
          note="Use your weekly cypionate dose of exercise 2, {tc_mg:g} mg, and split the men at "
               "BMI {bmi_cut:g} instead of 30.",
          written=Written(4, "judge the 'more body fat needs an inhibitor' claim",
                          ("1: computed shares and what they show",
                           "1: says BMI does not sort men",
                           "1: marker versus outcome",
                           "1: cites the registry (guideline, bone harm)")))
def _ch10_ex4(tc_mg, bmi_cut):
    return e2_high_by_bmi(bmi_cut, dose_mg=tc_mg)


@exercise("ch10-ex5", form="a pair (over_suppressed, high): week-24 shares from your own titration "
          "rule", kind="numbers", parts=("over_suppressed", "high"), abs_tol=0.04,
          hint="your rule gets arrays (dose, measured, low, high) and must return an array: use "
               "np.where; a man measured in range keeps his dose; the cohort has n=60, seed=10.",
          note="This exercise uses the book's 60 men for everyone.",
          written=Written(3, "the rule, and what halving changes compared with the step rule",
                          ("1: a vectorised rule that returns one dose per man (self-check "
                           "passes)",
                           "1: compares with the step rule using the numbers",
                           "1: notes that the draw schedule, not the rule, limits how fast any"
                           " rule can respond")))
def _ch10_ex5():
    return titrated_shares(halve_when_low)
