"""Answer key, chapter 3 (``chapters/fundamentals/03_standard_and_personalised.ipynb``)."""
from __future__ import annotations

import numpy as np

from ... import FemaleHPO, MaleHPG, dose, population, simulate, titrated
from ..answers.ch03_standard_and_personalised import standard_dose_median
from ..checks import Vary, Written, exercise

#: the weekly cypionate dose (exercises 2 and 4)
_DOSE = Vary(100.0, 60.0, 160.0, 10.0, "weekly cypionate dose", "mg")


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
          written=Written(2, "one reason the share differs from 95%",
                          ("1: one valid reason (calibration only approximate; different "
                           "population, age or BMI; sampling error; different assay)",
                           "1: says a reference range is a statement about a population, not a"
                           " target for a person")))
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
          vary={"dose_mg": _DOSE},
          written=Written(2, "where the other men are",
                          ("1: accounts for the remaining men (700-916 and below 450)",
                           "1: explains the spread by differences between men (clearance above"
                           " all), not by the dose")))
def _ch3_ex2(dose_mg):
    res = simulate(_ch3_cohort(), dose("testosterone_cypionate", dose_mg, "mg", every="7d"),
                   duration="8w")
    t = _mid_last_interval(res, 8)
    return (float(np.mean((t >= 450) & (t <= 700))), float(np.mean(t > 916)))


@exercise("ch3-ex3", form="a pair (in_target, changes_per_man) for the chapter's titrated arm "
          "(labs every 6 weeks, assay CV 10%) at the last mid-interval of 26 weeks",
          kind="numbers", parts=("in_target", "changes_per_man"), abs_tol=0.05,
          hint="read total testosterone at t = 26 x 168 - 84 hours of the titrated run; each entry "
          "of res.doses.changes says which men had their dose changed at that lab check.",
          vary={"start_mg": Vary(100.0, 60.0, 160.0, 10.0, "titration's starting dose `start`",
                                 "mg")},
          note=lambda p: (f"Start the titration at `start={p['start_mg']:g}` mg"
                          + ("" if p["start_mg"] == 100 else " instead of the chapter's 100 mg") + "."),
          written=Written(3, "why the share does not reach 100%",
                          ("1: step size relative to the width of the target",
                           "1: assay noise misclassifies some men",
                           "1: time to the new steady state after the last change (or too few "
                           "checks)")))
def _ch3_ex3(start_mg):
    cohort = _ch3_cohort()
    plan = titrated("testosterone_cypionate", start=start_mg, unit="mg", every="7d",
                    target=(450, 700), check_every="6w", assay_cv=0.1)
    res = simulate(cohort, plan, duration="26w", seed=0)
    t = _mid_last_interval(res, 26)
    changes = sum(int(c.changed.sum()) for c in res.doses.changes) / len(cohort)
    return (float(np.mean((t >= 450) & (t <= 700))), float(changes))


@exercise("ch3-ex4", form="a pair (median_bmi24, median_bmi36): the explorer's median mid-interval "
          "total testosterone in ng/dL at 100 mg weekly (your dose in a course release), mean BMI "
          "24 and mean BMI 36",
          kind="numbers", parts=("median_bmi24", "median_bmi36"), unit="ng/dL", rel_tol=0.03,
          hint="move only the BMI slider and read the median from the explorer's description, or "
          "call ch03.standard_dose_summary(dose, bmi).",
          vary={"dose_mg": _DOSE},
          note=lambda p: (f"Use your weekly dose of exercise 2, {p['dose_mg']:g} mg"
                          f"{'' if p['dose_mg'] == 100 else ', instead of 100 mg'}: "
                          f"`ch03.standard_dose_summary({p['dose_mg']:g}, bmi)`."),
          written=Written(2, "the prediction and one mechanism",
                          ("1: predicts lower",
                           "1: names a mechanism (lower SHBG, more aromatase in fat, larger "
                           "body)")))
def _ch3_ex4(dose_mg):
    return (standard_dose_median(24.0, dose_mg), standard_dose_median(36.0, dose_mg))


@exercise("ch3-ex5", form="a judgement of the claim in five to seven sentences (written)",
          kind="written",
          written=Written(5, "judge the 'optimal levels' claim",
                          ("1: states the guideline target (middle of the range), with its "
                           "label",
                           "1: notes that \"optimal\" above-range targets go against guidelines",
                           "1: notes the lack of outcome evidence for higher targets (trials "
                           "of vitality or symptoms)",
                           "1: uses the model's spread or peaks correctly (higher mid-interval"
                           " targets mean more supraphysiological peaks)",
                           "1: separates titration to a target (ordinary practice) from the "
                           "choice of target")))
def _ch3_ex5():
    return None


@exercise("ch3-ex6", form="the ratio of the highest to the lowest estradiol of the virtual woman "
          "hs.FemaleHPO(age=30) from day 3 to day 35 (a number)",
          rel_tol=0.05,
          hint="one untreated 35-day run; leave out the first three days, when the model starts up.",
          note="This exercise uses the book's woman, `hs.FemaleHPO(age=30)`, for everyone.",
          written=Written(2, "what a single estradiol result on an unknown day tells you",
                          ("1: one result without the cycle day cannot be compared with a "
                           "range (or with her own pattern)",
                           "1: names what is needed: the day of the cycle, repeated or timed "
                           "samples, or progesterone")))
def _ch3_ex6():
    res = simulate(FemaleHPO(age=30), duration="35d")
    e2 = res["estradiol"][res.t_days >= 3]
    return float(e2.max() / e2.min())
