"""Chapter 2: feedback and homeostasis.

Chapter file ``chapters/fundamentals/02_feedback_and_homeostasis.ipynb``; exercises ``ch2-ex1``, ``ch2-ex2``.

Helpers only: the chapter's figures and solutions call them. The exercises' answer functions are
in the sealed answer key, :mod:`hormonesim.coursework.key.ch02_feedback_and_homeostasis`.

Helpers the chapter's solutions call (also ``hs.checks.<name>``): :func:`oscillation_range`.
"""
from __future__ import annotations


from ... import FeedbackLoop, simulate


def oscillation_range(delay_h: float, gain: float = 10.0, hill: float = 4.0) -> float:
    """Range (max - min, set-point units) of the target hormone over days 15-20 of a 20-day run."""
    res = simulate(FeedbackLoop(gain=gain, hill=hill, delay_h=delay_h), duration="20d")
    level = res["target_hormone"][res.t_days >= 15]
    return float(level.max() - level.min())
