"""Helpers the exercise answers of more than one chapter use."""
from __future__ import annotations

from ... import simulate


def weekly_mean(model, plan, output: str, duration: str = "6w") -> float:
    """Mean of ``output`` over the last simulated week (pulse-averaged resolution)."""
    res = simulate(model, plan, duration=duration, resolution="mean")
    return float(res[output][res.t_hours >= res.t_hours[-1] - 168].mean())
