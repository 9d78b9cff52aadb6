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


def gonadorelin_lh(plan, own_pulses: bool = False, days: tuple = (3, 5)) -> float:
    """Mean LH (IU/L) under a gonadorelin plan (pulse resolution, chapter 6).

    Parameters
    ----------
    plan : Regimen or None
        The gonadorelin plan (``hs.dose`` or ``hs.infusion``).
    own_pulses : bool
        True for a man with his own GnRH pulses; False (default) for a GnRH-deficient man.
    days : (float, float)
        The window averaged, from day ``days[0]`` to the end of day ``days[1]`` (the simulation
        runs to ``days[1]``): days 3-5 by default; a whole week, ``(7, 14)``, for injections
        days apart, so that every schedule is averaged over whole intervals.
    """
    start, end = days
    if not 0 <= start < end:
        raise ValueError(f"days must be (start, end) with 0 <= start < end, got {days!r}")
    res = simulate(MaleHPG(gnrh_pulse_generator=own_pulses), plan, duration=f"{end:g}d",
                   resolution="pulse", record_every="20min")
    return float(res["lh"][res.t_hours >= 24 * start].mean())


def hcg_leydig_ratio(hcg_iu: float, te_mg_week: float = 200.0, age: float = 30.0,
                     bmi: float = 25.0) -> float:
    """Week-3 Leydig secretion on enanthate ``te_mg_week`` mg weekly (+ hCG ``hcg_iu`` IU every
    other day) relative to the same man untreated (``MaleHPG(age=age, bmi=bmi)``; the chapter's
    man is 30 years old with BMI 25)."""
    man = MaleHPG(age=age, bmi=bmi)
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
