"""Answer key, chapter 6 (``chapters/intermediate/06_keeping_the_axis_running.ipynb``)."""
from __future__ import annotations

from scipy.optimize import brentq

from ... import dose, infusion
from ..answers.ch04_testosterone_therapy import VERDICTS
from ..answers.ch06_keeping_the_axis_running import gonadorelin_lh, hcg_leydig_ratio, week4_serum_t
from ..checks import Vary, Written, exercise


@exercise("ch6-ex1", form="a pair (lh_pulsatile, lh_continuous) in IU/L", kind="numbers",
          parts=("lh_pulsatile", "lh_continuous"), unit="IU/L", rel_tol=0.05,
          hint="a man without his own GnRH pulses, pulses every 90 min versus a continuous "
          "infusion, mean LH over days 3-5 in the pulse resolution.",
          vary={"pulse_ug": Vary(5.0, 3.0, 10.0, 1.0, "gonadorelin per pulse", "ug"),
                "infusion_ug_day": Vary(800.0, 400.0, 1200.0, 100.0, "infusion rate", "ug/day")},
          written=Written(2, "how ten times more GnRH can give less LH",
                          ("1: occupancy without gaps keeps receptors desensitised",
                           "1: recovery needs free receptors, which only gaps between pulses "
                           "provide")))
def _ch6_ex1(pulse_ug, infusion_ug_day):
    return (gonadorelin_lh(dose("gonadorelin", pulse_ug, "ug", every="90min")),
            gonadorelin_lh(infusion("gonadorelin", infusion_ug_day, "ug/day")))


@exercise("ch6-ex2", form="the hCG dose every other day, in IU, at which the testes' week-3 "
          "secretion equals their untreated level (a number)", unit="IU", rel_tol=0.05,
          hint="hcg_leydig_ratio(iu, age=..., bmi=...) gives week-3 Leydig secretion relative to "
          "the untreated man on enanthate 200 mg weekly; find the dose where it crosses 1 with a "
          "root finder (scipy.optimize.brentq) or a fine grid: the curve bends, so a straight "
          "line between two of the study's doses is not precise enough.",
          vary={"age": Vary(30.0, 25.0, 55.0, 1.0, "the man's age", "years"),
                "bmi": Vary(25.0, 20.0, 35.0, 0.5, "the man's BMI", "kg/m2")},
          note="Your man is `hs.MaleHPG(age={age:g}, bmi={bmi:g})` on enanthate 200 mg weekly "
               "(`hcg_leydig_ratio(iu, age={age:g}, bmi={bmi:g})`); the book's man is 30 years "
               "old with BMI 25.")
def _ch6_ex2(age, bmi):
    return _hcg_break_even(age, bmi)


def _hcg_break_even(age: float, bmi: float, low_iu: float = 50.0, high_iu: float = 2000.0) -> float:
    """The hCG dose (IU every other day, on enanthate 200 mg weekly) at which week-3 Leydig
    secretion equals the untreated man's: the root of ``hcg_leydig_ratio - 1`` (the ratio rises
    with the dose)."""
    def excess(iu):
        return hcg_leydig_ratio(iu, age=age, bmi=bmi) - 1.0
    if not excess(low_iu) < 0 < excess(high_iu):
        raise ValueError(f"ch6-ex2: no break-even hCG dose between {low_iu:g} and {high_iu:g} IU "
                         f"for age {age!r}, BMI {bmi!r}; the exercise's men all have one")
    return float(brentq(excess, low_iu, high_iu, xtol=0.05))


@exercise("ch6-ex3", form="mean LH over the second week (days 7-14), a number in IU/L",
          unit="IU/L", rel_tol=0.05,
          hint="a man without his own GnRH pulses given 100 ug gonadorelin at evenly spaced "
          "injections (every 84 h for twice a week), pulse resolution for 14 days; average LH "
          "from day 7.",
          vary={"injections_per_week": Vary(2.0, 1.0, 5.0, 1.0,
                                            "gonadorelin injections a week (100 ug each)", "")},
          note=lambda p: (f"Give 100 ug every {168 / p['injections_per_week']:g} hours "
                          f"(`every=\"{168 / p['injections_per_week']:g}h\"`, "
                          f"{p['injections_per_week']:g} injection"
                          f"{'s' if p['injections_per_week'] != 1 else ''} a week)."),
          written=Written(1, "why a few injections a week differ from the pump",
                          ("1: LH after an injection lasts hours, the gap between injections "
                           "is days",)))
def _ch6_ex3(injections_per_week):
    return gonadorelin_lh(dose("gonadorelin", 100, "ug", every=f"{168 / injections_per_week:g}h"),
                          days=(7, 14))


@exercise("ch6-ex4", form="a pair (t_without_hcg, t_with_hcg): week-4 mean serum total "
          "testosterone in ng/dL", kind="numbers", parts=("t_without_hcg", "t_with_hcg"),
          unit="ng/dL", rel_tol=0.05, hint="the hCG explorer's man on weekly enanthate, with no "
          "hCG and with hCG every other day; read week 4.",
          vary={"te_mg": Vary(200.0, 100.0, 250.0, 25.0, "enanthate dose every week", "mg"),
                "hcg_iu": Vary(500.0, label="hCG every other day", unit="IU",
                               choices=(250.0, 500.0, 750.0, 1000.0, 1500.0))},
          note="Your man takes enanthate {te_mg:g} mg weekly and adds hCG {hcg_iu:g} IU every "
               "other day (the explorer's man, `hs.MaleHPG(age=30, bmi=25)`).",
          written=Written(2, "the prediction, and what it means for a man with a high level",
                          ("1: a prediction with a reason (hCG acts like LH on the Leydig "
                           "cells)",
                           "1: the testes' output adds to the injected dose, raising a level "
                           "that may already be high")))
def _ch6_ex4(te_mg, hcg_iu):
    return (week4_serum_t(0, te_mg_week=te_mg), week4_serum_t(hcg_iu, te_mg_week=te_mg))


@exercise("ch6-ex5", form="one verdict: 'supported', 'partly supported' or 'not supported'",
          kind="choice", choices=VERDICTS,
          hint="ask what has been measured in men on testosterone with gonadorelin, and what the "
          "pituitary needs from GnRH.",
          written=Written(4, "the justification from the evidence registry and the model",
                          ("1: verdict \"not supported\"",
                           "1: no controlled human study (`gonadorelin-no-trials`)",
                           "1: the pituitary needs pulses every 1.5-2 hours "
                           "(`pulsatile-gnrh`), with the model's injection result",
                           "1: the guideline for men who want children (`t-fertility-avoid`), "
                           "or the model's limit (no sperm)")))
def _ch6_ex5():
    # the book's verdict (evidence.yml, claim ch6-gonadorelin): gonadorelin-no-trials,
    # pulsatile-gnrh, t-fertility-avoid
    return "not supported"
