"""Chapter 11 exercise answers: hormonal interplay in female health.

Exercises of ``chapters/academic/11_female_cycle_dynamics.ipynb``: ``ch11-ex1`` ... ``ch11-ex5``.

Each ``@exercise`` function computes the expected answer from the model when a check first
needs it; the chapter's solution cells show the reader the same computation.
"""
from __future__ import annotations

import numpy as np

from ... import FemaleHPO, simulate
from ...models.female_hpo import cycle_lengths, lh_surges
from ..checks import exercise


@exercise("ch11-ex1", form="the median cycle length in days (a number)", unit="d", rel_tol=0.03,
          hint="simulate hs.FemaleHPO(age=30) for 24 weeks with seed=0 and take the median of "
          "cycle_lengths(res) from hormonesim.models.female_hpo.")
def _ch11_ex1():
    return float(np.median(cycle_lengths(simulate(FemaleHPO(age=30), duration="24w", seed=0))))


@exercise("ch11-ex2", form="a pair of whole numbers (reserve 1.0, reserve 0.25): LH surges in 40 "
          "weeks", kind="numbers", parts=("reserve_1", "reserve_0_25"), unit="surges",
          rel_tol=0.0, abs_tol=0.0,
          hint="count len(lh_surges(res)) for hs.FemaleHPO(age=45, follicle_reserve=...) simulated "
          "for 40 weeks with seed=0.")
def _ch11_ex2():
    return tuple(float(len(lh_surges(simulate(FemaleHPO(age=45, follicle_reserve=r),
                                                duration="40w", seed=0))))
                 for r in (1.0, 0.25))


@exercise("ch11-ex3", form="the smallest positive_feedback on the 0.1 grid (a number)",
          abs_tol=0.05,
          hint="scan positive_feedback = 0.0, 0.1, ..., 1.0 in hs.FemaleHPO(age=30, ...) over 26 "
          "weeks with seed=0 and count the LH surges; the criterion is at least 5.")
def _ch11_ex3():
    for pf in np.round(np.arange(0.0, 1.01, 0.1), 1):
        res = simulate(FemaleHPO(age=30, positive_feedback=float(pf)), duration="26w", seed=0)
        if len(lh_surges(res)) >= 5:
            return float(pf)
    return float("nan")


def transition_ratios(low_reserve: float = 0.2, weeks: int = 32) -> tuple[float, float]:
    """Mean FSH and mean progesterone of ``hs.FemaleHPO(age=45, follicle_reserve=low_reserve)``
    over ``weeks`` weeks (seed 0), each divided by the same mean at full reserve (1.0)."""
    def means(r):
        res = simulate(FemaleHPO(age=45, follicle_reserve=r), duration=f"{weeks}w", seed=0)
        return float(np.mean(res["fsh"])), float(np.mean(res["progesterone"]))
    (f_low, p_low), (f_full, p_full) = means(low_reserve), means(1.0)
    return (f_low / f_full, p_low / p_full)


@exercise("ch11-ex4", form="a pair (fsh_ratio, progesterone_ratio): mean FSH and mean "
          "progesterone at reserve 0.2 divided by those at reserve 1.0", kind="numbers",
          parts=("fsh_ratio", "progesterone_ratio"), rel_tol=0.05, abs_tol=0.02,
          hint="hs.FemaleHPO(age=45, follicle_reserve=...) for 32 weeks, seed=0; average 'fsh' and "
               "'progesterone' over the whole run.")
def _ch11_ex4():
    return transition_ratios()


def surge_summary(days) -> tuple[float, float, float]:
    """(number of surges, shortest and longest interval in days) from surge days."""
    days = np.asarray(days, dtype=float)
    gaps = np.diff(days)
    if gaps.size == 0:
        return (float(days.size), float("nan"), float("nan"))
    return (float(days.size), float(gaps.min()), float(gaps.max()))


@exercise("ch11-ex5", form="a triple (surges, shortest interval, longest interval) from your own "
          "surge detector", kind="numbers", parts=("surges", "shortest_days", "longest_days"),
          rel_tol=0.0, abs_tol=0.6,
          hint="level = max(threshold, 2.5 * median LH); find runs of samples above it, skip a run "
               "that starts at the first sample, and take the time of each run's highest sample.")
def _ch11_ex5():
    res = simulate(FemaleHPO(age=45, follicle_reserve=0.4), duration="30w", seed=0)
    return surge_summary(lh_surges(res))
