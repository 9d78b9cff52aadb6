"""Answer key, chapter 9 (``chapters/academic/09_hpg_dynamical_system.ipynb``)."""
from __future__ import annotations

import numpy as np

from ... import MaleHPG, dose, simulate
from ..answers.ch09_hpg_dynamical_system import lh_for_interval
from ..answers.common import weekly_mean
from ..checks import Vary, Written, exercise

_AGE = Vary(35.0, 25.0, 55.0, 1.0, "the man's age", "years")


@exercise("ch9-ex1", form="the interval in minutes (an integer: 30, 60, 90, 120 or 180)",
          kind="integer", unit="min", hint="day-2 mean LH for 5 ug pulses at each interval; "
          "careful, more pulses do not always mean more LH.")
def _ch9_ex1():
    intervals = (30, 60, 90, 120, 180)
    return intervals[int(np.argmax([lh_for_interval(i) for i in intervals]))]


@exercise("ch9-ex2", form="days from the injection until LH is back within 10% of its set point",
          unit="days", rel_tol=0.0, abs_tol=0.3, hint="one enanthate dose on day 2 in your hs.MaleHPG(age=..., "
          "bmi=25); find LH's lowest point, then the first time after it that LH reaches 90% of "
          "its pre-dose mean.",
          vary={"age": _AGE, "te_mg": Vary(250.0, 100.0, 400.0, 25.0, "enanthate dose", "mg")})
def _ch9_ex2(age, te_mg):
    res = simulate(MaleHPG(age=age, bmi=25), dose("testosterone_enanthate", te_mg, "mg",
                                                  start="2d", count=1),
                   duration="8w", resolution="mean", record_every="6h")
    lh, d = res["lh"], res.t_days
    lh0 = lh[d < 2].mean()
    low = int(np.argmin(lh))
    back = np.nonzero(lh[low:] >= 0.9 * lh0)[0]
    return float(d[low + back[0]] - 2.0) if back.size else float("nan")


@exercise("ch9-ex3", form="the ratio of mean total T with the feedback threshold raised (doubled in the book) to mean "
          "total T at the default threshold", rel_tol=0.02,
          hint="your hs.MaleHPG(age=..., bmi=25) untreated, free_t_feedback_pg_ml 66.3 and 66.3 x your factor, "
          "last week of 6 in the pulse-averaged resolution.",
          vary={"age": _AGE, "factor": Vary(2.0, label="factor on the feedback threshold",
                                            choices=(1.5, 2.0, 2.5, 3.0))},
          note=lambda p: (f"Multiply the threshold by {p['factor']:g}: free_t_feedback_pg_ml = "
                          f"{66.3 * p['factor']:g} instead of 66.3."),
          written=Written(1, "why the ratio is less than the factor",
                          ("1: the rise is capped: the Leydig cells saturate, and estradiol's "
                           "feedback on the pituitary rises with testosterone",
                           "0.5: one of the two", "0: missing")))
def _ch9_ex3(age, factor):
    return (weekly_mean(MaleHPG(age=age, bmi=25, free_t_feedback_pg_ml=66.3 * factor), None,
                        "testosterone")
            / weekly_mean(MaleHPG(age=age, bmi=25), None, "testosterone"))
