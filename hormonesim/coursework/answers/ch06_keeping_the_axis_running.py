"""Chapter 6: keeping the axis running.

Chapter file ``chapters/intermediate/06_keeping_the_axis_running.ipynb``; exercises ``ch6-ex1``, ``ch6-ex2``,
``ch6-ex3``.

Helpers only: the chapter's figures and solutions call them. The exercises' answer functions are
in the sealed answer key, :mod:`hormonesim.coursework.key.ch06_keeping_the_axis_running`.

Helpers the chapter's solutions call (also ``hs.checks.<name>``): :func:`gonadorelin_lh`,
:func:`hcg_leydig_ratio`.
"""
from __future__ import annotations

from ... import MaleHPG, dose, simulate


def gonadorelin_lh(plan, own_pulses: bool = False) -> float:
    """Mean LH over days 3-5 under a gonadorelin plan (pulse resolution, chapter 6)."""
    res = simulate(MaleHPG(gnrh_pulse_generator=own_pulses), plan, duration="5d",
                   resolution="pulse", record_every="20min")
    return float(res["lh"][res.t_hours >= 72].mean())


def hcg_leydig_ratio(hcg_iu: float, te_mg_week: float = 200.0) -> float:
    """Week-3 Leydig secretion on TE (+ hCG every other day) relative to the untreated man."""
    man = MaleHPG(age=30, bmi=25)
    base = simulate(man, duration="4d", resolution="mean")
    plan = dose("testosterone_enanthate", te_mg_week, "mg", every="7d")
    if hcg_iu:
        plan = plan + dose("hcg", hcg_iu, "IU", every="2d")
    res = simulate(man, plan, duration="21d", resolution="mean")
    return float(res["leydig_secretion"][res.t_days >= 14].mean()
                 / base["leydig_secretion"][base.t_hours >= 24].mean())
