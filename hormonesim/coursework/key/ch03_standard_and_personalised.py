"""Answer key, chapter 3 (``chapters/fundamentals/03_standard_and_personalised.ipynb``)."""
from __future__ import annotations

import numpy as np

from ... import MaleHPG, dose, population, simulate, titrated
from ..checks import Vary, Written, exercise


def _ch3_cohort(n: int = 200):
    return population(MaleHPG(age=50, bmi=28), n=n, seed=3, bmi=(28, 4), age=(50, 8))


def _mid_last_interval(res, weeks: int, name: str = "testosterone") -> np.ndarray:
    k = int(np.argmin(np.abs(res.t_hours - (weeks * 168 - 84))))
    return np.atleast_2d(res[name])[:, k]


@exercise("ch3-ex1", form="the share of untreated virtual men (a fraction between 0 and 1) whose "
          "08:00 total testosterone on day 4 lies inside 264-916 ng/dL", abs_tol=0.02,
          hint="simulate hs.population(hs.MaleHPG(age=..., bmi=...), n=500, seed=1) with no plan "
          "for 4 days, record_every='1h', and read the sample at t = 3 x 24 + 8 hours.",
          vary={"age": Vary(30.0, 25.0, 70.0, 1.0, "the cohort's age", "years"),
                "bmi": Vary(23.0, 20.0, 34.0, 0.5, "the cohort's BMI", "kg/m2")},
          written=Written(1, "one reason the share differs from 95%",
                          ("1: a sensible reason (the range comes from a different population, "
                           "age or BMI; a single timed sample; the model's spreads)", "0: none")))
def _ch3_ex1(age, bmi):
    cohort = population(MaleHPG(age=age, bmi=bmi), n=500, seed=1)
    res = simulate(cohort, None, duration="4d", record_every="1h")
    t = res["testosterone"][:, int(np.argmin(np.abs(res.t_hours - 80)))]
    return float(np.mean((t >= 264) & (t <= 916)))


@exercise("ch3-ex2", form="a pair (in_target, above_916): shares of the cohort (fractions) at the "
          "last mid-interval of 8 weeks on cypionate weekly", kind="numbers",
          parts=("in_target", "above_916"), abs_tol=0.03,
          hint="use the chapter's cohort (n=200, seed=3), simulate 8 weeks and read total "
          "testosterone at t = 8 x 168 - 84 hours; target 450-700 ng/dL.",
          vary={"dose_mg": Vary(100.0, 60.0, 160.0, 10.0, "weekly cypionate dose", "mg")})
def _ch3_ex2(dose_mg):
    res = simulate(_ch3_cohort(), dose("testosterone_cypionate", dose_mg, "mg", every="7d"),
                   duration="8w")
    t = _mid_last_interval(res, 8)
    return (float(np.mean((t >= 450) & (t <= 700))), float(np.mean(t > 916)))


@exercise("ch3-ex3", form="a pair (in_target, changes_per_man) after 20 weeks of titration with "
          "labs every 4 weeks", kind="numbers", parts=("in_target", "changes_per_man"),
          abs_tol=0.05,
          hint="hs.titrated('testosterone_cypionate', start=..., unit='mg', every='7d', "
          "target=(450, 700), check_every='4w') on the chapter's cohort for 20 weeks (seed=0); "
          "count dose changes with res.doses.changes and divide by the number of men.",
          vary={"start_mg": Vary(100.0, 60.0, 160.0, 10.0, "titration's starting dose `start`",
                                 "mg")},
          written=Written(1, "why the share does not reach 100%",
                          ("1: names a real limit (dose steps and bounds, labs only every 4 weeks, "
                           "men whose level swings across the band within an interval)",
                           "0: none")))
def _ch3_ex3(start_mg):
    cohort = _ch3_cohort()
    plan = titrated("testosterone_cypionate", start=start_mg, unit="mg", every="7d",
                    target=(450, 700), check_every="4w")
    res = simulate(cohort, plan, duration="20w", seed=0)
    t = _mid_last_interval(res, 20)
    changes = sum(int(c.changed.sum()) for c in res.doses.changes) / len(cohort)
    return (float(np.mean((t >= 450) & (t <= 700))), float(changes))
