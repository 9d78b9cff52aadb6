"""Chapter 3 exercise answers: standard and personalised protocols.

Exercises of ``chapters/fundamentals/03_standard_and_personalised.ipynb``: ``ch3-ex1`` ...
``ch3-ex4`` and ``ch3-ex6`` (``ch3-ex5`` judges a claim in writing, without a self-check).

Each ``@exercise`` function computes the expected answer from the model when a check first
needs it; the chapter's solution cells show the reader the same computation.
"""
from __future__ import annotations

import numpy as np

from ... import FemaleHPO, MaleHPG, dose, population, simulate, titrated
from ..checks import exercise


def _ch3_cohort(n: int = 200):
    return population(MaleHPG(age=50, bmi=28), n=n, seed=3, bmi=(28, 4), age=(50, 8))


def _mid_last_interval(res, weeks: int, name: str = "testosterone") -> np.ndarray:
    k = int(np.argmin(np.abs(res.t_hours - (weeks * 168 - 84))))
    return np.atleast_2d(res[name])[:, k]


@exercise("ch3-ex1", form="the share of untreated virtual men (a fraction between 0 and 1) whose "
          "08:00 total testosterone on day 4 lies inside 264-916 ng/dL", abs_tol=0.02,
          hint="simulate hs.population(hs.MaleHPG(age=30, bmi=23), n=500, seed=1) with no plan "
          "for 4 days, record_every='1h', and read the sample at t = 3 x 24 + 8 hours.")
def _ch3_ex1():
    cohort = population(MaleHPG(age=30, bmi=23), n=500, seed=1)
    res = simulate(cohort, None, duration="4d", record_every="1h")
    t = res["testosterone"][:, int(np.argmin(np.abs(res.t_hours - 80)))]
    return float(np.mean((t >= 264) & (t <= 916)))


@exercise("ch3-ex2", form="a pair (in_target, above_916): shares of the cohort (fractions) at the "
          "last mid-interval of 8 weeks on 100 mg cypionate weekly", kind="numbers",
          parts=("in_target", "above_916"), abs_tol=0.03,
          hint="use the chapter's cohort (n=200, seed=3), simulate 8 weeks and read total "
          "testosterone at t = 8 x 168 - 84 hours; target 450-700 ng/dL.")
def _ch3_ex2():
    res = simulate(_ch3_cohort(), dose("testosterone_cypionate", 100, "mg", every="7d"),
                   duration="8w")
    t = _mid_last_interval(res, 8)
    return (float(np.mean((t >= 450) & (t <= 700))), float(np.mean(t > 916)))


@exercise("ch3-ex3", form="a pair (in_target, changes_per_man) for the chapter's titrated arm "
          "(labs every 6 weeks, assay CV 10%) at the last mid-interval of 26 weeks",
          kind="numbers", parts=("in_target", "changes_per_man"), abs_tol=0.05,
          hint="read total testosterone at t = 26 x 168 - 84 hours of the titrated run; each entry "
          "of res.doses.changes says which men had their dose changed at that lab check.")
def _ch3_ex3():
    cohort = _ch3_cohort()
    plan = titrated("testosterone_cypionate", start=100, unit="mg", every="7d",
                    target=(450, 700), check_every="6w", assay_cv=0.1)
    res = simulate(cohort, plan, duration="26w", seed=0)
    t = _mid_last_interval(res, 26)
    changes = sum(int(c.changed.sum()) for c in res.doses.changes) / len(cohort)
    return (float(np.mean((t >= 450) & (t <= 700))), float(changes))


def standard_dose_median(bmi_mean: float, dose_mg: float = 100.0, weeks: int = 4) -> float:
    """Median mid-interval total testosterone (ng/dL) in the last week, the standard-dose
    explorer's cohort (150 men around age 50, BMI spread 4) on a weekly cypionate dose."""
    cohort = population(MaleHPG(age=50.0, bmi=min(max(bmi_mean, 17.0), 50.0), mean_step_h=4.0),
                        n=150, seed=3, bmi=(bmi_mean, 4.0), age=(50.0, 8.0))
    res = simulate(cohort, dose("testosterone_cypionate", dose_mg, "mg", every="7d"),
                   duration=f"{weeks}w", record_every="12h")
    k = int(np.argmin(np.abs(res.t_hours - (res.t_hours[-1] - 84.0))))
    return float(np.median(res["testosterone"][:, k]))


@exercise("ch3-ex4", form="a pair (median_bmi24, median_bmi36): the explorer's median mid-interval "
          "total testosterone in ng/dL at 100 mg weekly, mean BMI 24 and mean BMI 36",
          kind="numbers", parts=("median_bmi24", "median_bmi36"), unit="ng/dL", rel_tol=0.03,
          hint="move only the BMI slider and read the median from the explorer's description, or "
          "call ch03.standard_dose_summary(100, bmi).")
def _ch3_ex4():
    return (standard_dose_median(24.0), standard_dose_median(36.0))


@exercise("ch3-ex6", form="the ratio of the highest to the lowest estradiol of the virtual woman "
          "hs.FemaleHPO(age=30) from day 3 to day 35 (a number)", rel_tol=0.05,
          hint="one untreated 35-day run; leave out the first three days, when the model starts up.")
def _ch3_ex6():
    res = simulate(FemaleHPO(age=30), duration="35d")
    e2 = res["estradiol"][res.t_days >= 3]
    return float(e2.max() / e2.min())
