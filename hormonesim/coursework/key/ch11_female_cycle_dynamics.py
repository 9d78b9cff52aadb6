"""Answer key, chapter 11 (``chapters/academic/11_female_cycle_dynamics.ipynb``)."""
from __future__ import annotations

import numpy as np

from ... import FemaleHPO, simulate
from ...models.female_hpo import cycle_lengths, lh_surges
from ..answers.ch11_female_cycle_dynamics import surge_summary, transition_ratios
from ..checks import Vary, Written, exercise

_SEED = Vary(0.0, 0.0, 99.0, 1.0, "the simulation seed `seed`")


@exercise("ch11-ex1", form="the median cycle length in days (a number)", unit="d", rel_tol=0.03,
          hint="simulate hs.FemaleHPO(age=30, follicle_reserve=...) for 24 weeks with your seed and take the median of "
          "cycle_lengths(res) from hormonesim.models.female_hpo.",
          vary={"follicle_reserve": Vary(1.0, 0.5, 1.0, 0.05, "her follicle reserve "
                                         "`follicle_reserve`"), "seed": _SEED},
          written=Written(2, "inside 24-38 days? was the model fitted to it?",
                          ("1: the comparison with 24-38 days",
                           "1: recognises the row as calibrated, so no test")))
def _ch11_ex1(follicle_reserve, seed):
    return float(np.median(cycle_lengths(simulate(FemaleHPO(age=30, follicle_reserve=follicle_reserve),
                                                  duration="24w", seed=int(seed)))))


@exercise("ch11-ex2", form="a pair of whole numbers (reserve 1.0, your low reserve): LH surges in "
          "40 weeks", kind="numbers", parts=("reserve_1", "reserve_low"), unit="surges",
          rel_tol=0.0, abs_tol=0.0,
          hint="count len(lh_surges(res)) for hs.FemaleHPO(age=45, follicle_reserve=...) simulated "
          "for 40 weeks with your seed.",
          vary={"reserve": Vary(0.25, 0.15, 0.5, 0.05, "the low follicle reserve"), "seed": _SEED},
          written=Written(2, "STRAW+10 early transition?",
                          ("1: the counts",
                           "1: applies the criterion (7 days, persistent) to the printed "
                           "lengths, not to one pair")))
def _ch11_ex2(reserve, seed):
    return tuple(float(len(lh_surges(simulate(FemaleHPO(age=45, follicle_reserve=r),
                                                duration="40w", seed=int(seed)))))
                 for r in (1.0, reserve))


@exercise("ch11-ex3", form="the smallest positive_feedback on the 0.1 grid (a number)",
          abs_tol=0.05,
          hint="scan positive_feedback = 0.0, 0.1, ..., 1.0 in hs.FemaleHPO(age=30, ...) over 26 "
          "weeks with seed=0 and count the LH surges; the criterion is at least 5.",
          note="This exercise uses the book's settings (age 30, seed 0), not your own.",
          written=Written(3, "why the surge fails with weak positive feedback",
                          ("1: the surge term scales with the feedback strength",
                           "1: LH must exceed $L_{ov}$ to ovulate",
                           "1: no corpus luteum, so no luteal phase")))
def _ch11_ex3():
    for pf in np.round(np.arange(0.0, 1.01, 0.1), 1):
        res = simulate(FemaleHPO(age=30, positive_feedback=float(pf)), duration="26w", seed=0)
        if len(lh_surges(res)) >= 5:
            return float(pf)
    return float("nan")


@exercise("ch11-ex4", form="a pair (fsh_ratio, progesterone_ratio): mean FSH and mean "
          "progesterone at reserve 0.2 (your low reserve in a course release) divided by those at "
          "reserve 1.0", kind="numbers", parts=("fsh_ratio", "progesterone_ratio"), rel_tol=0.05,
          abs_tol=0.02,
          hint="hs.FemaleHPO(age=45, follicle_reserve=...) for 32 weeks, seed=0; average 'fsh' and "
               "'progesterone' over the whole run.",
          vary={"low_reserve": Vary(0.2, 0.1, 0.35, 0.05, "the low follicle reserve of exercise 4")},
          note="Compare `follicle_reserve={low_reserve:g}` with 1.0.",
          written=Written(4, "judge the 'estrogen imbalance' claim with the model and the "
                          "registry",
                          ("1: computed ratios",
                           "1: one change explains the pattern",
                           "1: estriol's role",
                           "1: cites the registry (estriol not approved, saliva tests, "
                           "approved therapy)")))
def _ch11_ex4(low_reserve):
    return transition_ratios(low_reserve)


@exercise("ch11-ex5", form="a triple (surges, shortest interval, longest interval) from your own "
          "surge detector", kind="numbers", parts=("surges", "shortest_days", "longest_days"),
          rel_tol=0.0, abs_tol=0.6,
          hint="level = max(threshold, 2.5 * median LH); find runs of samples above it, skip a run "
               "that starts at the first sample, and take the time of each run's highest sample.",
          vary={"seed": _SEED},
          note="Apply your detector to `hs.simulate(hs.FemaleHPO(age=45, follicle_reserve=0.4), "
               "duration=\"30w\", seed={seed:g})` (your seed).",
          written=Written(3, "the detector, and why the rule uses 2.5 times the median",
                          ("1: a detector that reproduces the package's surges (self-check "
                           "passes)",
                           "1: explains the relative threshold",
                           "1: explains skipping the first run")))
def _ch11_ex5(seed):
    res = simulate(FemaleHPO(age=45, follicle_reserve=0.4), duration="30w", seed=int(seed))
    return surge_summary(lh_surges(res))
