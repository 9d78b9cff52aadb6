"""Chapter 2: feedback and homeostasis.

Exercises of ``chapters/fundamentals/02_feedback_and_homeostasis.ipynb``: ``ch2-ex1``, ``ch2-ex2``,
``ch2-ex4`` and ``ch2-ex6`` (``ch2-ex3`` is a derivation and ``ch2-ex5`` judges a claim, both in
writing, without a self-check).

Helpers only: the chapter's figures and solutions may call them. The exercises' answer
functions are in the sealed answer key, :mod:`hormonesim.coursework.key.ch02_feedback_and_homeostasis`.

Helpers for the chapter (also reachable as ``hs.checks.<name>``): :func:`oscillation_range`.
"""
from __future__ import annotations

from ... import FeedbackLoop, FemaleHPO, simulate


def oscillation_range(delay_h: float, gain: float = 10.0, hill: float = 4.0) -> float:
    """Range (max - min, set-point units) of the target hormone over days 15-20 of a 20-day run."""
    res = simulate(FeedbackLoop(gain=gain, hill=hill, delay_h=delay_h), duration="20d")
    level = res["target_hormone"][res.t_days >= 15]
    return float(level.max() - level.min())


def lh_peak(positive_feedback: float = 1.0, duration: str = "35d", skip_days: float = 3.0,
            **woman) -> float:
    """Highest LH (IU/L) after the first ``skip_days`` of a run of a virtual woman of 30
    (``woman``: further keyword arguments of :class:`hormonesim.FemaleHPO`, e.g.
    ``follicle_reserve``)."""
    res = simulate(FemaleHPO(**{"age": 30, **woman}, positive_feedback=positive_feedback),
                   duration=duration)
    return float(res["lh"][res.t_days >= skip_days].max())
