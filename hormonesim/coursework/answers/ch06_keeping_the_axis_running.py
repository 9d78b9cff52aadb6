"""Chapter 6: keeping the axis running.

Exercises of ``chapters/intermediate/06_keeping_the_axis_running.ipynb``: ``ch6-ex1`` to ``ch6-ex5``
(ex5 judges a claim: its answer is a verdict, its written part has a rubric).

Helpers only: the chapter's figures and solutions may call them. The exercises' answer
functions are in the sealed answer key, :mod:`hormonesim.coursework.key.ch06_keeping_the_axis_running`.

Helpers for the chapter (also reachable as ``hs.checks.<name>``): :func:`gonadorelin_lh`,
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


def week4_serum_t(hcg_iu: float, te_mg_week: float = 200.0) -> float:
    """Week-4 mean serum total testosterone (ng/dL) on enanthate weekly with hCG every other day
    (chapter 6's hCG explorer, ``MaleHPG(age=30, bmi=25)``)."""
    plan = dose("testosterone_enanthate", te_mg_week, "mg", every="7d")
    if hcg_iu:
        plan = plan + dose("hcg", hcg_iu, "IU", every="2d")
    res = simulate(MaleHPG(age=30, bmi=25), plan, duration="4w", resolution="mean",
                   record_every="3h")
    return float(res["testosterone"][res.t_days >= 21].mean())
