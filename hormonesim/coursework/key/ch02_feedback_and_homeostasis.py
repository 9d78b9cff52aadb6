"""Answer key, chapter 2 (``chapters/fundamentals/02_feedback_and_homeostasis.ipynb``)."""
from __future__ import annotations

import numpy as np

from ... import FeedbackLoop, simulate
from ..answers.ch02_feedback_and_homeostasis import oscillation_range
from ..checks import Vary, Written, exercise


@exercise("ch2-ex1", form="the time from the dose to the trophic hormone's lowest level, in hours",
          unit="h", abs_tol=0.75, hint="find the time of the minimum of res['trophic_hormone'] "
          "after the dose and subtract the time of the dose (hour 12).",
          vary={"delay_h": Vary(2.0, 1.0, 6.0, 0.5, "feedback delay", "h")},
          note="Do not read the book's figure: simulate `hs.FeedbackLoop(gain=2.0, hill=2.0, "
               "delay_h={delay_h:g}, start_level=1.0, pulse_size=3.0, pulse_at_h=12.0)` for 3 days.")
def _ch2_ex1(delay_h):
    res = simulate(FeedbackLoop(gain=2.0, hill=2.0, delay_h=delay_h, start_level=1.0,
                                pulse_size=3.0, pulse_at_h=12.0), duration="3d")
    return float(res.t_hours[int(np.argmin(res["trophic_hormone"]))] - 12.0)


@exercise("ch2-ex2", form="the smallest whole-hour delay d (an integer)", kind="integer", unit="h",
          hint="loop over d = 0, 1, 2, ... and compute the max minus the min of the target hormone "
          "from day 15 on; the first d where it exceeds 0.1 is the answer.",
          vary={"gain": Vary(10.0, 4.0, 16.0, 2.0, "loop gain `gain`"),
                "hill": Vary(4.0, label="Hill coefficient `hill`", choices=(2.0, 3.0, 4.0))})
def _ch2_ex2(gain, hill):
    for delay in range(0, 49):
        if oscillation_range(delay, gain=gain, hill=hill) > 0.1:
            return delay
    raise RuntimeError("no delay up to 48 h makes the loop oscillate; the exercise needs updating")


@exercise("ch2-ex3", form="a derivation (written)", kind="written",
          written=Written(3, "steady state, linearised slope and why a larger slope oscillates",
                          ("1: derivatives set to zero give R = L = T = 1 for every gain",
                           "1: slope of g/(1+g T^n) at T = 1 is -g n/(1+g)",
                           "1: a steeper (larger) loop gain over the delay overshoots, so the "
                           "correction arrives late and too strong")))
def _ch2_ex3():
    return None
