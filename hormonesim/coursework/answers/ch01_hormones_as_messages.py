"""Chapter 1: hormones as messages.

Chapter file ``chapters/fundamentals/01_hormones_as_messages.ipynb``; exercises ``ch1-ex1``, ``ch1-ex2``,
``ch1-ex3``.

Helpers only: the chapter's figures and solutions call them. The exercises' answer functions are
in the sealed answer key, :mod:`hormonesim.coursework.key.ch01_hormones_as_messages`.

Helpers the chapter's solutions call (also ``hs.checks.<name>``): :func:`trough_to_peak`.
"""
from __future__ import annotations

from ... import SecretionClearance, simulate


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
