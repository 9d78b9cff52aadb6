"""Chapter 1: hormones as messages.

Exercises of ``chapters/fundamentals/01_hormones_as_messages.ipynb``: ``ch1-ex1`` ... ``ch1-ex5``
(``ch1-ex6`` judges a claim in writing and has no self-check).

Helpers only: the chapter's figures and solutions may call them. The exercises' answer
functions are in the sealed answer key, :mod:`hormonesim.coursework.key.ch01_hormones_as_messages`.

Helpers for the chapter: :func:`trough_to_peak` (also reachable as ``hs.checks.trough_to_peak``),
:func:`time_to_fraction`.
"""
from __future__ import annotations

import numpy as np

from ... import FemaleHPO, SecretionClearance, dose, simulate


def trough_to_peak(half_life_h: float, pulse_interval_h: float = 1.5) -> float:
    """Lowest over highest level (dimensionless) between hours 12 and 24 of a pulsatile hormone.

    Parameters
    ----------
    half_life_h : float
        Half-life of :class:`hormonesim.SecretionClearance` (h).
    pulse_interval_h : float
        Time between secretory pulses (h).
    """
    res = simulate(SecretionClearance(half_life_h=half_life_h, pulse_interval_h=pulse_interval_h),
                   duration="24h")
    level = res["hormone"][(res.t_hours >= 12) & (res.t_hours <= 24)]
    return float(level.min() / level.max())


def time_to_fraction(res, output: str, fraction: float, start: float | None = None,
                     end: float | None = None) -> float:
    """First time (h) at which ``output`` has covered ``fraction`` of the way from ``start`` to ``end``.

    ``start`` and ``end`` default to the first and the last recorded value of a single-subject run.
    """
    level = np.asarray(res[output], dtype=float)
    if level.ndim != 1:
        raise ValueError("time_to_fraction reads one subject; pass res.subject(i) for a cohort")
    if not 0 < fraction < 1:
        raise ValueError(f"fraction must lie between 0 and 1, got {fraction!r}")
    start = float(level[0]) if start is None else float(start)
    end = float(level[-1]) if end is None else float(end)
    covered = (level - start) / (end - start)
    reached = np.nonzero(covered >= fraction)[0]
    if reached.size == 0:
        raise ValueError(f"{output} never covers {fraction:.0%} of the way in this run; "
                         f"simulate longer")
    return float(res.t_hours[reached[0]])


def patch_plateau(rate_ug_per_day: float, duration: str = "3d") -> float:
    """Estradiol plateau (pg/mL, mean of the last day) of a virtual postmenopausal woman on a patch."""
    res = simulate(FemaleHPO(age=55, stage="postmenopause"),
                   dose("estradiol_patch", rate_ug_per_day, "ug/day"), duration=duration)
    return float(res["estradiol"][res.t_hours >= res.t_hours[-1] - 24].mean())
