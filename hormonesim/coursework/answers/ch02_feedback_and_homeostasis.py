"""Chapter 2 exercise answers: feedback and homeostasis.

Exercises of ``chapters/fundamentals/02_feedback_and_homeostasis.ipynb``: ``ch2-ex1``, ``ch2-ex2``.

Each ``@exercise`` function computes the expected answer from the model when a check first
needs it; the chapter's solution cells show the reader the same computation.

Helpers for the chapter (also reachable as ``hs.checks.<name>``): :func:`oscillation_range`.
"""
from __future__ import annotations

import numpy as np

from ... import FeedbackLoop, simulate
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
