"""Answer key, chapter 11 (``chapters/academic/11_female_cycle_dynamics.ipynb``)."""
from __future__ import annotations

import numpy as np

from ... import FemaleHPO, simulate
from ...models.female_hpo import cycle_lengths, lh_surges
from ..checks import Vary, Written, exercise

_SEED = Vary(0.0, 0.0, 99.0, 1.0, "the simulation seed `seed`")


@exercise("ch11-ex1", form="the median cycle length in days (a number)", unit="d", rel_tol=0.03,
          hint="simulate hs.FemaleHPO(age=30, follicle_reserve=...) for 24 weeks with your seed and take the median of "
          "cycle_lengths(res) from hormonesim.models.female_hpo.",
          vary={"follicle_reserve": Vary(1.0, 0.5, 1.0, 0.05, "her follicle reserve "
                                         "`follicle_reserve`"), "seed": _SEED},
          written=Written(1, "inside 24-38 days? was the model fitted to it?",
                          ("1: answers both, the second from the validation table", "0: missing")))
def _ch11_ex1(follicle_reserve, seed):
    return float(np.median(cycle_lengths(simulate(FemaleHPO(age=30, follicle_reserve=follicle_reserve),
                                                  duration="24w", seed=int(seed)))))


@exercise("ch11-ex2", form="a pair of whole numbers (reserve 1.0, your low reserve): LH surges in "
          "40 weeks", kind="numbers", parts=("reserve_1", "reserve_low"), unit="surges",
          rel_tol=0.0, abs_tol=0.0,
          hint="count len(lh_surges(res)) for hs.FemaleHPO(age=45, follicle_reserve=...) simulated "
          "for 40 weeks with your seed.",
          vary={"reserve": Vary(0.25, 0.15, 0.5, 0.05, "the low follicle reserve"), "seed": _SEED},
          written=Written(1, "STRAW+10 early transition?",
                          ("1: applies the criterion (persistent >= 7-day difference in "
                           "consecutive cycle lengths) to the run's cycle lengths", "0: missing")))
def _ch11_ex2(reserve, seed):
    return tuple(float(len(lh_surges(simulate(FemaleHPO(age=45, follicle_reserve=r),
                                                duration="40w", seed=int(seed)))))
                 for r in (1.0, reserve))


@exercise("ch11-ex3", form="the smallest positive_feedback on the 0.1 grid (a number)",
          abs_tol=0.05,
          hint="scan positive_feedback = 0.0, 0.1, ..., 1.0 in hs.FemaleHPO(age=30, ...) over 26 "
          "weeks with seed=0 and count the LH surges; the criterion is at least 5.",
          note="This exercise uses the book's settings (age 30, seed 0), not your own.",
          written=Written(1, "why the surge fails with weak positive feedback",
                          ("1: from the LH equation: the estradiol-driven term must outgrow the "
                           "negative feedback for LH to take off", "0: missing")))
def _ch11_ex3():
    for pf in np.round(np.arange(0.0, 1.01, 0.1), 1):
        res = simulate(FemaleHPO(age=30, positive_feedback=float(pf)), duration="26w", seed=0)
        if len(lh_surges(res)) >= 5:
            return float(pf)
    return float("nan")
