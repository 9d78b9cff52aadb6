"""Answer key, chapter 5 (``chapters/intermediate/05_aromatisation_anastrozole.ipynb``)."""
from __future__ import annotations

from ... import MaleHPG, dose
from ...validation.male import burnett_bowie
from ..answers.common import weekly_mean
from ..checks import Vary, Written, exercise

_AGE = Vary(50.0, 35.0, 70.0, 1.0, "the man's age", "years")


@exercise("ch5-ex1", form="the ratio of mean estradiol at the high BMI to mean estradiol at the "
          "low BMI", rel_tol=0.01, hint="untreated hs.MaleHPG(age=..., bmi=...) for 6 weeks; average "
          "the last week of each.",
          vary={"age": _AGE, "bmi_high": Vary(35.0, 31.0, 40.0, 0.5, "the high BMI", "kg/m2"),
                "bmi_low": Vary(22.0, 19.0, 25.0, 0.5, "the low BMI", "kg/m2")})
def _ch5_ex1(age, bmi_high, bmi_low):
    return (weekly_mean(MaleHPG(age=age, bmi=bmi_high), None, "estradiol")
            / weekly_mean(MaleHPG(age=age, bmi=bmi_low), None, "estradiol"))


@exercise("ch5-ex2", form="the fall in mean estradiol, in % of its value without anastrozole",
          unit="%", rel_tol=0.02, hint="your man on cypionate 100 mg weekly, with and without "
          "anastrozole every 3.5 days; compare the last week of 6.",
          vary={"age": _AGE, "bmi": Vary(30.0, 24.0, 38.0, 0.5, "the man's BMI", "kg/m2"),
                "ai_mg": Vary(0.5, label="anastrozole dose every 3.5 days", unit="mg",
                             choices=(0.125, 0.25, 0.375, 0.5, 0.625))})
def _ch5_ex2(age, bmi, ai_mg):
    man = MaleHPG(age=age, bmi=bmi)
    trt = dose("testosterone_cypionate", 100, "mg", every="7d")
    without = weekly_mean(man, trt, "estradiol")
    with_ai = weekly_mean(man, trt + dose("anastrozole", ai_mg, "mg", every="3.5d"), "estradiol")
    return 100 * (1 - with_ai / without)


@exercise("ch5-ex3", form="a pair (t_ratio, e2_ratio): total T and estradiol after 12 weeks of "
          "anastrozole 1 mg daily, each relative to baseline", kind="numbers",
          parts=("t_ratio", "e2_ratio"), rel_tol=0.05,
          hint="hs.MaleHPG(age=68, bmi=28, leydig_scale=0.75); average days 70-84 against the "
          "untreated man.",
          note="This exercise is the same for everyone: it tests the model on a published trial.",
          written=Written(1, "which feedback arm would have to be stronger",
                          ("1: the estradiol arm of the feedback must be stronger (and the "
                           "testosterone arm weaker), argued from the two ratios against 1.64 "
                           "and 0.80", "0: missing or not argued")))
def _ch5_ex3():
    b = burnett_bowie()
    return (b["t_ratio"], b["e2_ratio"])
