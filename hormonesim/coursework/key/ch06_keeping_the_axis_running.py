"""Answer key, chapter 6 (``chapters/intermediate/06_keeping_the_axis_running.ipynb``)."""
from __future__ import annotations

from ... import dose, infusion
from ..answers.ch06_keeping_the_axis_running import gonadorelin_lh, hcg_leydig_ratio
from ..checks import Vary, Written, exercise


@exercise("ch6-ex1", form="a pair (lh_pulsatile, lh_continuous) in IU/L", kind="numbers",
          parts=("lh_pulsatile", "lh_continuous"), unit="IU/L", rel_tol=0.05,
          hint="a man without his own GnRH pulses, pulses every 90 min versus a continuous "
          "infusion, mean LH over days 3-5 in the pulse resolution.",
          vary={"pulse_ug": Vary(5.0, 3.0, 10.0, 1.0, "gonadorelin per pulse", "ug"),
                "infusion_ug_day": Vary(800.0, 400.0, 1200.0, 100.0, "infusion rate", "ug/day")})
def _ch6_ex1(pulse_ug, infusion_ug_day):
    return (gonadorelin_lh(dose("gonadorelin", pulse_ug, "ug", every="90min")),
            gonadorelin_lh(infusion("gonadorelin", infusion_ug_day, "ug/day")))


@exercise("ch6-ex2", form="the smallest of 125, 250, 500, 1000 IU (an integer)", kind="integer",
          unit="IU", hint="compute week-3 Leydig secretion relative to the untreated man for each "
          "hCG dose on top of enanthate 200 mg weekly; find the first at or above 1.")
def _ch6_ex2():
    for iu in (125, 250, 500, 1000):
        if hcg_leydig_ratio(iu) >= 1.0:
            return iu
    return 0


@exercise("ch6-ex3", form="mean LH over days 3-5, a number in IU/L", unit="IU/L", rel_tol=0.05,
          hint="a man without his own GnRH pulses given 100 ug gonadorelin every 3.5 days.",
          note="Not varied: the model's mean LH hardly changes with the bolus size (every "
               "student gets the book's question).",
          written=Written(1, "why twice-weekly gonadorelin differs from the pump",
                          ("1: a few hours of stimulation twice a week; LH (half-life about 2 h) is "
                           "gone long before the next injection, unlike a pulse every 90 min",
                           "0: missing")))
def _ch6_ex3():
    return gonadorelin_lh(dose("gonadorelin", 100, "ug", every="3.5d"))
