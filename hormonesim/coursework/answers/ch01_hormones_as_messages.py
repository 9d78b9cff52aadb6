"""Chapter 1 exercise answers: hormones as messages.

Exercises of ``chapters/fundamentals/01_hormones_as_messages.ipynb``: ``ch1-ex1``, ``ch1-ex2``,
``ch1-ex3``.

Each ``@exercise`` function computes the expected answer from the model when a check first
needs it; the chapter's solution cells show the reader the same computation.

Helpers for the chapter (also reachable as ``hs.checks.<name>``): :func:`trough_to_peak`.
"""
from __future__ import annotations

from ... import SecretionClearance, pharmacology, simulate
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
