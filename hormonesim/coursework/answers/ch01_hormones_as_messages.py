"""Chapter 1 exercise answers: hormones as messages.

Exercises of ``chapters/fundamentals/01_hormones_as_messages.ipynb``: ``ch1-ex1`` ... ``ch1-ex5``
(``ch1-ex6`` judges a claim in writing and has no self-check).

Each ``@exercise`` function computes the expected answer from the model when a check first
needs it; the chapter's solution cells show the reader the same computation.

Helpers for the chapter: :func:`trough_to_peak` (also reachable as ``hs.checks.trough_to_peak``),
:func:`time_to_fraction`.
"""
from __future__ import annotations

import numpy as np

from ... import FemaleHPO, SecretionClearance, dose, pharmacology, simulate
from ..checks import exercise


@exercise("ch1-ex1", form="the response as a fraction of the maximum (a number between 0 and 1)",
          abs_tol=0.01, hint="use the Hill curve with Hill coefficient 1 and EC50 2 ng/mL, at "
          "4 ng/mL; a fraction, not a percentage.")
def _ch1_ex1():
    return pharmacology.occupancy(4.0, ec50=2.0, hill=1)


@exercise("ch1-ex2", form="a pair of numbers (level, level_doubled): the average steady level in "
          "ng/mL with a half-life of 2.3 h, then with the half-life doubled at the same volume",
          kind="numbers", parts=("level", "level_doubled"), unit="ng/mL", rel_tol=0.02,
          hint="the average level is secretion divided by clearance, and clearance = ln 2 x volume "
          "/ half-life; `steady_level_ng_ml` of `hs.SecretionClearance` computes it.")
def _ch1_ex2():
    base = SecretionClearance(half_life_h=2.3, secretion_ug_per_h=10, volume_l=15)
    doubled = SecretionClearance(half_life_h=4.6, secretion_ug_per_h=10, volume_l=15)
    return (base.steady_level_ng_ml, doubled.steady_level_ng_ml)


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


@exercise("ch1-ex3", form="the longest half-life in hours (a number, to 0.1 h)", unit="h",
          abs_tol=0.05, hint="for each half-life take the minimum and the maximum of the level "
          "between hours 12 and 24 and compare their ratio with 0.1; shorter half-lives give deeper "
          "troughs.")
def _ch1_ex3():
    low, high = 0.05, 2.0          # h; trough/peak < 0.1 at low, > 0.1 at high
    for _ in range(14):            # bisection to about 1e-4 h
        mid = 0.5 * (low + high)
        if trough_to_peak(mid) < 0.1:
            low = mid
        else:
            high = mid
    return low


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


@exercise("ch1-ex4", form="the time in hours at which the LH-like hormone (half-life 2.3 h) first "
          "reaches 15/16 (93.75%) of its steady level", unit="h", abs_tol=0.25,
          hint="15/16 of the way is how far four halvings take you; the figure's run is "
          "hs.SecretionClearance(half_life_h=2.3, pulse_interval_h=0, volume_l=15, "
          "start_fraction=0.0).")
def _ch1_ex4():
    model = SecretionClearance(half_life_h=2.3, pulse_interval_h=0, volume_l=15,
                               start_fraction=0.0)
    res = simulate(model, duration="36h")
    return time_to_fraction(res, "hormone", 0.9375, start=0.0, end=model.steady_level_ng_ml)


def patch_plateau(rate_ug_per_day: float, duration: str = "3d") -> float:
    """Estradiol plateau (pg/mL, mean of the last day) of a virtual postmenopausal woman on a patch."""
    res = simulate(FemaleHPO(age=55, stage="postmenopause"),
                   dose("estradiol_patch", rate_ug_per_day, "ug/day"), duration=duration)
    return float(res["estradiol"][res.t_hours >= res.t_hours[-1] - 24].mean())


@exercise("ch1-ex5", form="the plateau estradiol in pg/mL of the virtual postmenopausal woman on a "
          "100 ug/day patch (mean of day 3)", unit="pg/mL", rel_tol=0.03,
          hint="the plateau is what she makes herself plus what the patch adds; the added part "
          "is a delivery rate divided by a clearance, with the units made to agree.")
def _ch1_ex5():
    return patch_plateau(100.0)
