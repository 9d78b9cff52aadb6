"""Chapter 9 exercise answers: the HPG axis as a dynamical system.

Exercises of ``chapters/academic/09_hpg_dynamical_system.ipynb``: ``ch9-ex1``, ``ch9-ex2``,
``ch9-ex3``.

Each ``@exercise`` function computes the expected answer from the model when a check first
needs it; the chapter's solution cells show the reader the same computation.

Helpers for the chapter (also reachable as ``hs.checks.<name>``): :func:`lh_for_interval`,
:func:`lh_recovery_day`.
"""
from __future__ import annotations

import numpy as np

from ... import MaleHPG, dose, simulate
from ..checks import exercise
from .common import weekly_mean


def lh_for_interval(interval_min: float, pulse_ug: float = 5.0) -> float:
    """Day-2 mean LH for gonadorelin pulses every ``interval_min`` (GnRH-deficient man, ch 9)."""
    res = simulate(MaleHPG(gnrh_pulse_generator=False),
                   dose("gonadorelin", pulse_ug, "ug", every=f"{interval_min:g}min"),
                   duration="2d", resolution="pulse", record_every="4min")
    return float(res["lh"][res.t_hours >= 24].mean())


@exercise("ch9-ex1", form="the interval in minutes (an integer: 30, 60, 90, 120 or 180)",
          kind="integer", unit="min", hint="day-2 mean LH for 5 ug pulses at each interval; "
          "careful, more pulses do not always mean more LH.")
def _ch9_ex1():
    intervals = (30, 60, 90, 120, 180)
    return intervals[int(np.argmax([lh_for_interval(i) for i in intervals]))]


def lh_recovery_day(te_mg: float = 250.0, within: float = 0.1) -> float:
    """Days after a single TE dose (given on day 2) until LH is back within ``within`` of its set point."""
    res = simulate(MaleHPG(age=35, bmi=25), dose("testosterone_enanthate", te_mg, "mg",
                                                 start="2d", count=1),
                   duration="8w", resolution="mean", record_every="6h")
    lh, d = res["lh"], res.t_days
    lh0 = lh[d < 2].mean()
    low = int(np.argmin(lh))
    back = np.nonzero(lh[low:] >= (1 - within) * lh0)[0]
    return float(d[low + back[0]] - 2.0) if back.size else float("nan")


@exercise("ch9-ex2", form="days from the injection until LH is back within 10% of its set point",
          unit="days", rel_tol=0.1, hint="one 250 mg enanthate dose on day 2 in hs.MaleHPG(age=35, "
          "bmi=25); find LH's lowest point, then the first time after it that LH reaches 90% of "
          "its pre-dose mean.")
def _ch9_ex2():
    return lh_recovery_day()


@exercise("ch9-ex3", form="the ratio of mean total T with the feedback threshold doubled to mean "
          "total T at the default threshold", rel_tol=0.05,
          hint="hs.MaleHPG(age=35, bmi=25) untreated, free_t_feedback_pg_ml 66.3 and 132.6, last "
          "week of 6 in the pulse-averaged resolution.")
def _ch9_ex3():
    return (weekly_mean(MaleHPG(age=35, bmi=25, free_t_feedback_pg_ml=132.6), None, "testosterone")
            / weekly_mean(MaleHPG(age=35, bmi=25), None, "testosterone"))
