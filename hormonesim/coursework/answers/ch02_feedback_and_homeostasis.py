"""Chapter 2 exercise answers: feedback and homeostasis.

Exercises of ``chapters/fundamentals/02_feedback_and_homeostasis.ipynb``: ``ch2-ex1``, ``ch2-ex2``,
``ch2-ex4`` and ``ch2-ex6`` (``ch2-ex3`` is a derivation and ``ch2-ex5`` judges a claim, both in
writing, without a self-check).

Each ``@exercise`` function computes the expected answer from the model when a check first
needs it; the chapter's solution cells show the reader the same computation.

Helpers for the chapter (also reachable as ``hs.checks.<name>``): :func:`oscillation_range`.
"""
from __future__ import annotations

import numpy as np

from ... import FeedbackLoop, FemaleHPO, simulate
from ..checks import exercise


@exercise("ch2-ex1", form="the time from the dose to the trophic hormone's lowest level, in hours",
          unit="h", abs_tol=0.75, hint="find the time of the minimum of res['trophic_hormone'] "
          "after the dose and subtract the time of the dose (hour 12).")
def _ch2_ex1():
    res = simulate(FeedbackLoop(gain=2.0, hill=2.0, delay_h=2.0, start_level=1.0, pulse_size=3.0,
                                pulse_at_h=12.0), duration="3d")
    return float(res.t_hours[int(np.argmin(res["trophic_hormone"]))] - 12.0)


def oscillation_range(delay_h: float, gain: float = 10.0, hill: float = 4.0) -> float:
    """Range (max - min, set-point units) of the target hormone over days 15-20 of a 20-day run."""
    res = simulate(FeedbackLoop(gain=gain, hill=hill, delay_h=delay_h), duration="20d")
    level = res["target_hormone"][res.t_days >= 15]
    return float(level.max() - level.min())


@exercise("ch2-ex2", form="the smallest whole-hour delay d (an integer)", kind="integer", unit="h",
          hint="loop over d = 0, 1, 2, ... and compute the max minus the min of the target hormone "
          "from day 15 on; the first d where it exceeds 0.1 is the answer.")
def _ch2_ex2():
    for delay in range(0, 49):
        if oscillation_range(delay) > 0.1:
            return delay
    raise RuntimeError("no delay up to 48 h makes the loop oscillate; the check needs updating")


def lh_peak(positive_feedback: float = 1.0, duration: str = "35d", skip_days: float = 3.0) -> float:
    """Highest LH (IU/L) of a virtual woman of 30 after the first ``skip_days`` of a run."""
    res = simulate(FemaleHPO(age=30, positive_feedback=positive_feedback), duration=duration)
    return float(res["lh"][res.t_days >= skip_days].max())


@exercise("ch2-ex4", form="a pair (peak_with, peak_without): the highest LH in IU/L after day 3 of "
          "35 days, with estradiol's positive feedback (positive_feedback=1) and without it (0)",
          kind="numbers", parts=("peak_with", "peak_without"), unit="IU/L", rel_tol=0.05,
          hint="two runs of hs.FemaleHPO(age=30, ...) that differ only in positive_feedback; "
          "leave out the first three days, when the model starts up.")
def _ch2_ex4():
    return (lh_peak(1.0), lh_peak(0.0))


@exercise("ch2-ex6", form="the ratio of mean FSH after the menopause (age 55, stage "
          "'postmenopause') to mean FSH over a 35-day cycle at age 30 (a number)", rel_tol=0.05,
          hint="two untreated runs of hs.FemaleHPO over 35 days; average res['fsh'] over each.")
def _ch2_ex6():
    pre = simulate(FemaleHPO(age=30), duration="35d")
    post = simulate(FemaleHPO(age=55, stage="postmenopause"), duration="35d")
    return float(post["fsh"].mean() / pre["fsh"].mean())
