"""Chapter 5 exercise answers: aromatisation and anastrozole.

Exercises of ``chapters/intermediate/05_aromatisation_anastrozole.ipynb``: ``ch5-ex1`` to
``ch5-ex5`` (ex5 judges a claim: its answer is a verdict, its written part has a rubric).

Each ``@exercise`` function computes the expected answer from the model when a check first
needs it; the chapter's solution cells show the reader the same computation.
"""
from __future__ import annotations

from ... import MaleHPG, dose
from ...validation.male import burnett_bowie
from ..checks import exercise
from .common import weekly_mean


@exercise("ch5-ex1", form="the ratio of mean estradiol at BMI 35 to mean estradiol at BMI 22",
          rel_tol=0.03, hint="untreated hs.MaleHPG(age=50, bmi=...) for 6 weeks; average the last "
          "week of each.")
def _ch5_ex1():
    return (weekly_mean(MaleHPG(age=50, bmi=35), None, "estradiol")
            / weekly_mean(MaleHPG(age=50, bmi=22), None, "estradiol"))


@exercise("ch5-ex2", form="the fall in mean estradiol, in % of its value without anastrozole",
          unit="%", rel_tol=0.05, hint="man of 50 with BMI 30 on cypionate 100 mg weekly, with and "
          "without anastrozole 0.5 mg every 3.5 days; compare the last week of 6.")
def _ch5_ex2():
    man = MaleHPG(age=50, bmi=30)
    trt = dose("testosterone_cypionate", 100, "mg", every="7d")
    without = weekly_mean(man, trt, "estradiol")
    with_ai = weekly_mean(man, trt + dose("anastrozole", 0.5, "mg", every="3.5d"), "estradiol")
    return 100 * (1 - with_ai / without)


@exercise("ch5-ex3", form="a pair (t_ratio, e2_ratio): total T and estradiol after 12 weeks of "
          "anastrozole 1 mg daily, each relative to baseline", kind="numbers",
          parts=("t_ratio", "e2_ratio"), rel_tol=0.05,
          hint="hs.MaleHPG(age=68, bmi=28, leydig_scale=0.75); average days 70-84 against the "
          "untreated man.")
def _ch5_ex3():
    b = burnett_bowie()
    return (b["t_ratio"], b["e2_ratio"])


def e2_on_trt_with_anastrozole(mg_per_week: float, bmi: float = 30.0) -> float:
    """Last-week mean estradiol (pg/mL) of a man of 50 on cypionate 100 mg weekly with
    anastrozole ``mg_per_week`` split into two doses a week (chapter 5's explorer)."""
    plan = dose("testosterone_cypionate", 100, "mg", every="7d")
    if mg_per_week > 0:
        plan = plan + dose("anastrozole", mg_per_week / 2, "mg", every="3.5d")
    return weekly_mean(MaleHPG(age=50, bmi=bmi), plan, "estradiol")


@exercise("ch5-ex4", form="a pair (e2_1mg_week, e2_7mg_week): last-week mean estradiol in pg/mL",
          kind="numbers", parts=("e2_1mg_week", "e2_7mg_week"), unit="pg/mL", rel_tol=0.05,
          hint="the explorer's default man (BMI 30, on testosterone) with the anastrozole slider at "
          "1 and then 7 mg per week; read the last week's estradiol from the alt text or compute it.")
def _ch5_ex4():
    return (e2_on_trt_with_anastrozole(1.0), e2_on_trt_with_anastrozole(7.0))


@exercise("ch5-ex5", form="one verdict: 'supported', 'partly supported' or 'not supported'",
          kind="choice", choices=("supported", "partly supported", "not supported"),
          hint="the claim has three parts (a ratio target, water retention, breast growth); look "
          "each up in the chapter's evidence sections.")
def _ch5_ex5():
    # the book's verdict (evidence.yml, claim ch5-ratio): no-routine-ai, anastrozole-bone,
    # water-retention, e2-testing-breast-symptoms
    return "not supported"
