"""Chapter 11: hormonal interplay in female health.

Exercises of ``chapters/academic/11_female_cycle_dynamics.ipynb``: ``ch11-ex1`` ... ``ch11-ex5``.

Helpers only: the chapter's figures and solutions may call them. The exercises' answer
functions are in the sealed answer key, :mod:`hormonesim.coursework.key.ch11_female_cycle_dynamics`.
"""
from __future__ import annotations

import numpy as np

from ... import FemaleHPO, simulate


def transition_ratios(low_reserve: float = 0.2, weeks: int = 32) -> tuple[float, float]:
    """Mean FSH and mean progesterone of ``hs.FemaleHPO(age=45, follicle_reserve=low_reserve)``
    over ``weeks`` weeks (seed 0), each divided by the same mean at full reserve (1.0)."""
    def means(r):
        res = simulate(FemaleHPO(age=45, follicle_reserve=r), duration=f"{weeks}w", seed=0)
        return float(np.mean(res["fsh"])), float(np.mean(res["progesterone"]))
    (f_low, p_low), (f_full, p_full) = means(low_reserve), means(1.0)
    return (f_low / f_full, p_low / p_full)


def surge_summary(days) -> tuple[float, float, float]:
    """(number of surges, shortest and longest interval in days) from surge days."""
    days = np.asarray(days, dtype=float)
    gaps = np.diff(days)
    if gaps.size == 0:
        return (float(days.size), float("nan"), float("nan"))
    return (float(days.size), float(gaps.min()), float(gaps.max()))
