"""Chapter 6 exercise answers: keeping the axis running.

Exercises of ``chapters/intermediate/06_keeping_the_axis_running.ipynb``: ``ch6-ex1`` to ``ch6-ex5``
(ex5 judges a claim: its answer is a verdict, its written part has a rubric).

Each ``@exercise`` function computes the expected answer from the model when a check first
needs it; the chapter's solution cells show the reader the same computation.

Helpers for the chapter (also reachable as ``hs.checks.<name>``): :func:`gonadorelin_lh`,
:func:`hcg_leydig_ratio`.
"""
from __future__ import annotations

from ... import MaleHPG, dose, infusion, simulate
from ..checks import exercise


def gonadorelin_lh(plan, own_pulses: bool = False) -> float:
    """Mean LH over days 3-5 under a gonadorelin plan (pulse resolution, chapter 6)."""
    res = simulate(MaleHPG(gnrh_pulse_generator=own_pulses), plan, duration="5d",
                   resolution="pulse", record_every="20min")
    return float(res["lh"][res.t_hours >= 72].mean())


@exercise("ch6-ex1", form="a pair (lh_pulsatile, lh_continuous) in IU/L", kind="numbers",
          parts=("lh_pulsatile", "lh_continuous"), unit="IU/L", rel_tol=0.05,
          hint="a man without his own GnRH pulses, 5 ug every 90 min versus an infusion of "
          "800 ug/day, mean LH over days 3-5 in the pulse resolution.")
def _ch6_ex1():
    return (gonadorelin_lh(dose("gonadorelin", 5, "ug", every="90min")),
            gonadorelin_lh(infusion("gonadorelin", 800, "ug/day")))


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


@exercise("ch6-ex2", form="the smallest of 125, 250, 500, 1000 IU (an integer)", kind="integer",
          unit="IU", hint="compute week-3 Leydig secretion relative to the untreated man for each "
          "hCG dose on top of enanthate 200 mg weekly; find the first at or above 1.")
def _ch6_ex2():
    for iu in (125, 250, 500, 1000):
        if hcg_leydig_ratio(iu) >= 1.0:
            return iu
    return 0


@exercise("ch6-ex3", form="mean LH over days 3-5, a number in IU/L", unit="IU/L", rel_tol=0.05,
          hint="a man without his own GnRH pulses given 100 ug gonadorelin every 3.5 days.")
def _ch6_ex3():
    return gonadorelin_lh(dose("gonadorelin", 100, "ug", every="3.5d"))


def week4_serum_t(hcg_iu: float, te_mg_week: float = 200.0) -> float:
    """Week-4 mean serum total testosterone (ng/dL) on enanthate weekly with hCG every other day
    (chapter 6's hCG explorer, ``MaleHPG(age=30, bmi=25)``)."""
    plan = dose("testosterone_enanthate", te_mg_week, "mg", every="7d")
    if hcg_iu:
        plan = plan + dose("hcg", hcg_iu, "IU", every="2d")
    res = simulate(MaleHPG(age=30, bmi=25), plan, duration="4w", resolution="mean",
                   record_every="3h")
    return float(res["testosterone"][res.t_days >= 21].mean())


@exercise("ch6-ex4", form="a pair (t_without_hcg, t_with_hcg): week-4 mean serum total "
          "testosterone in ng/dL", kind="numbers", parts=("t_without_hcg", "t_with_hcg"),
          unit="ng/dL", rel_tol=0.05, hint="the hCG explorer's man on enanthate 200 mg weekly, "
          "with the hCG slider at 0 and at 500 IU; read week 4.")
def _ch6_ex4():
    return (week4_serum_t(0), week4_serum_t(500))


@exercise("ch6-ex5", form="one verdict: 'supported', 'partly supported' or 'not supported'",
          kind="choice", choices=("supported", "partly supported", "not supported"),
          hint="ask what has been measured in men on testosterone with gonadorelin, and what the "
          "pituitary needs from GnRH.")
def _ch6_ex5():
    # the book's verdict (evidence.yml, claim ch6-gonadorelin): gonadorelin-no-trials,
    # pulsatile-gnrh, t-fertility-avoid
    return "not supported"
