"""Answer key, chapter 7 (``chapters/intermediate/07_menopause_therapy.ipynb``)."""
from __future__ import annotations

from ... import FemaleHPO, dose, simulate
from ...reference import reference_range
from ..answers.ch07_menopause_therapy import female_cream_week3_mean, oral_dose_matching_patch
from ..checks import Vary, Written, exercise

_AGE = Vary(55.0, 50.0, 68.0, 1.0, "the woman's age", "years")
_PATCH = Vary(50.0, label="estradiol patch strength", unit="ug/day",
              choices=(25.0, 37.5, 50.0, 75.0, 100.0))


@exercise("ch7-ex1", form="the mean serum estradiol over days 4 to 7, a number in pg/mL",
          unit="pg/mL", rel_tol=0.03,
          hint="check the time window (days 4 to 7) and the unit (pg/mL); her own extra-ovarian "
          "estradiol is part of the serum level.", vary={"age": _AGE, "patch": _PATCH},
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
          hint="the indicator's value at the end of week 8, not its mean; the patch alone goes "
          "first in the pair.",
          vary={"age": _AGE, "patch": _PATCH,
                "progesterone_mg": Vary(100.0, label="daily oral progesterone", unit="mg",
                                        choices=(100.0, 200.0))},
          written=Written(2, "which guideline statement the difference illustrates",
                          ("1: names the guideline statement (a progestogen with systemic "
                           "estrogen for a woman with a uterus)",
                           "1: says the indicator is a mechanism picture, not a risk estimate")))
def _ch7_ex2(age, patch, progesterone_mg):
    model = FemaleHPO(age=age, stage="postmenopause")
    e2 = dose("estradiol_patch", patch, "ug/day")
    alone = simulate(model, e2, duration="8w")["endometrial_stimulation"][-1]
    both = simulate(model, e2 + dose("progesterone_oral", progesterone_mg, "mg", every="1d"),
                    duration="8w")["endometrial_stimulation"][-1]
    return (float(alone), float(both))


@exercise("ch7-ex3", form="the largest whole number of mg per day (an integer)", kind="integer",
          unit="mg/day",
          hint="compare a week-3 mean (not the peak) with the upper end of the women's range, "
          "and give a whole number of mg.", vary={"age": _AGE},
          written=Written(2, "why a real woman's answer could differ",
                          ("1: absorption through the skin varies between women and is not "
                           "linear in the study",
                           "1: the guideline's use of a measurement (avoid supraphysiological "
                           "levels), not a formula")))
def _ch7_ex3(age):
    upper = reference_range("testosterone", "women").high
    return max(mg for mg in range(1, 11) if female_cream_week3_mean(mg, age=age) <= upper)


@exercise("ch7-ex4", form="the daily oral dose in mg whose average estradiol matches the 50 ug/day "
          "patch (your patch in a course release), a number to one decimal", unit="mg",
          rel_tol=0.08, abs_tol=0.05,
          hint="in the route explorer, compare the day-7 averages of the patch and of the tablet; "
          "the rise above the woman's own level grows in proportion to the dose.",
          vary={"age": _AGE, "patch": _PATCH},
          note="Your woman and patch are those of exercise 1: `hs.FemaleHPO(age={age:g}, "
               "stage=\"postmenopause\")` with the {patch:g} ug/day patch; compare day-7 means of "
               "`hs.simulate` runs instead of the explorer's default woman.",
          written=Written(2, "the prediction with a reason, and whether the two curves then "
                          "match",
                          ("1: a prediction with a reason that involves bioavailability or "
                           "first-pass metabolism",
                           "1: notes that equal averages do not give equal curves (peak and "
                           "trough of the tablet)")))
def _ch7_ex4(age, patch):
    return oral_dose_matching_patch(patch, age=age)


@exercise("ch7-ex5", form="one verdict: 'supported', 'partly supported' or 'not supported'",
          kind="choice", choices=("supported", "partly supported", "not supported"),
          hint="separate 'bioidentical' (a chemical fact) from 'compounded' (how a product is "
          "made and regulated), and look up estriol and saliva tests.",
          written=Written(4, "the justification from the evidence registry",
                          ("1: verdict \"not supported\"",
                           "1: \"bioidentical\" describes the molecule; approved bioidentical "
                           "products exist",
                           "1: cites the compounding and saliva statements (`cbht-restrict`, "
                           "`salivary-testing`)",
                           "1: cites the estriol statements or the need for a progestogen")))
def _ch7_ex5():
    # the book's evidence: cbht-restrict, salivary-testing, estriol-safer-claim, estriol-not-approved
    return "not supported"
