"""Answer key, chapter 7 (``chapters/intermediate/07_menopause_therapy.ipynb``)."""
from __future__ import annotations

from ... import FemaleHPO, dose, simulate
from ...reference import reference_range
from ..answers.ch07_menopause_therapy import female_cream_week3_mean
from ..checks import Vary, Written, exercise

_AGE = Vary(55.0, 50.0, 68.0, 1.0, "the woman's age", "years")
_PATCH = Vary(50.0, label="estradiol patch strength", unit="ug/day",
              choices=(25.0, 37.5, 50.0, 75.0, 100.0))


@exercise("ch7-ex1", form="the mean serum estradiol over days 4 to 7, a number in pg/mL",
          unit="pg/mL", rel_tol=0.03,
          hint="simulate hs.FemaleHPO(age=..., stage='postmenopause') for 7 days with your patch "
          "and average res['estradiol'] where res.t_days >= 4; remember her own extra-ovarian "
          "estradiol.", vary={"age": _AGE, "patch": _PATCH},
          written=Written(1, "how much of it is her own",
                          ("1: compares with the untreated run (her extra-ovarian estradiol) and "
                           "converts to pmol/L correctly", "0.5: one of the two", "0: neither")))
def _ch7_ex1(age, patch):
    res = simulate(FemaleHPO(age=age, stage="postmenopause"),
                   dose("estradiol_patch", patch, "ug/day"), duration="7d")
    return float(res["estradiol"][res.t_days >= 4].mean())


@exercise("ch7-ex2", form="a pair (patch alone, patch with progesterone): the endometrial "
          "stimulation indicator at the end of week 8", kind="numbers",
          parts=("patch_alone", "with_progesterone"), rel_tol=0.05,
          hint="two 8-week simulations of your woman: the patch alone, and the patch plus daily "
          "oral progesterone; take the last value of res['endometrial_stimulation'].",
          vary={"age": _AGE, "patch": _PATCH,
                "progesterone_mg": Vary(100.0, label="daily oral progesterone", unit="mg",
                                        choices=(100.0, 200.0))},
          written=Written(1, "which guideline statement the difference illustrates",
                          ("1: a woman with a uterus on systemic estrogen needs a progestogen "
                           "(endometrial protection), cited", "0: missing")))
def _ch7_ex2(age, patch, progesterone_mg):
    model = FemaleHPO(age=age, stage="postmenopause")
    e2 = dose("estradiol_patch", patch, "ug/day")
    alone = simulate(model, e2, duration="8w")["endometrial_stimulation"][-1]
    both = simulate(model, e2 + dose("progesterone_oral", progesterone_mg, "mg", every="1d"),
                    duration="8w")["endometrial_stimulation"][-1]
    return (float(alone), float(both))


@exercise("ch7-ex3", form="the largest whole number of mg per day (an integer)", kind="integer",
          unit="mg/day",
          hint="try 1, 2, 3, ... mg/day for 3 weeks and compare the week-3 mean of "
          "res['testosterone'] with the upper end of hs.reference.reference_range('testosterone', "
          "'women').", vary={"age": _AGE},
          written=Written(1, "why a real woman's answer could differ",
                          ("1: skin absorption varies between people and sites; in the cream study "
                           "doubling 5 to 10 mg raised the level by only about 30%, while the "
                           "model's skin is linear", "0.5: a reason without the study", "0: missing")))
def _ch7_ex3(age):
    upper = reference_range("testosterone", "women").high
    return max(mg for mg in range(1, 11) if female_cream_week3_mean(mg, age=age) <= upper)
