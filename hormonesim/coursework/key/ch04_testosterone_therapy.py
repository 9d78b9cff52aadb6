"""Answer key, chapter 4 (``chapters/intermediate/04_testosterone_therapy.ipynb``)."""
from __future__ import annotations

from ..answers.ch04_testosterone_therapy import (VERDICTS, lh_percent_on_trt, trt_choice_in_band,
                                                trt_steady_state)
from ..checks import Vary, Written, exercise

#: the chapter's man: the same virtual man in exercises 1 and 2
_MAN = {"age": Vary(50.0, 35.0, 70.0, 1.0, "the man's age", "years"),
        "bmi": Vary(27.0, 21.0, 35.0, 0.5, "the man's BMI", "kg/m2")}


@exercise("ch4-ex1", form="the trough total testosterone at steady state, a number in ng/dL",
          unit="ng/dL", rel_tol=0.01, hint="use hs.periodic_steady_state for cypionate every "
          "14 days in your hs.MaleHPG(age=..., bmi=...) and read its trough.",
          vary={**_MAN, "dose_mg": Vary(200.0, 150.0, 250.0, 25.0, "cypionate dose every 14 days",
                                        "mg")})
def _ch4_ex1(age, bmi, dose_mg):
    return trt_steady_state("testosterone_cypionate", dose_mg, "14d", age=age, bmi=bmi).trough


@exercise("ch4-ex2", form="a pair (fluctuation_14d, fluctuation_7d): (peak - trough) / average in %, "
          "for 200 mg every 14 days and 100 mg every 7 days (your intervals in a course release)", kind="numbers",
          parts=("fluctuation_14d", "fluctuation_7d"), unit="%", rel_tol=0.02,
          hint="the SteadyState object has a fluctuation_pct attribute; same man as in exercise 1.",
          vary={**_MAN, "interval_d": Vary(14.0, label="the long dosing interval", unit="days",
                                          choices=(10.0, 14.0, 18.0, 21.0))},
          note=lambda p: (f"Compare 200 mg every {p['interval_d']:g} days with 100 mg every "
                          f"{p['interval_d'] / 2:g} days."),
          written=Written(3, "why halving the interval shrinks the swing more than the average",
                          ("1: the average is set by the dose rate (mg per day) and clearance,"
                           " which are unchanged",
                           "1: the swing is set by how far the depot's release falls within "
                           "one interval",
                           "1: relates the interval to the depot's release half-life (not the "
                           "hormone's own minutes-long half-life)")))
def _ch4_ex2(age, bmi, interval_d):
    return (trt_steady_state("testosterone_cypionate", 200, f"{interval_d:g}d", age=age,
                             bmi=bmi).fluctuation_pct,
            trt_steady_state("testosterone_cypionate", 100, f"{interval_d / 2:g}d", age=age,
                             bmi=bmi).fluctuation_pct)


@exercise("ch4-ex3", form="one letter, A, B or C", kind="choice", choices=("A", "B", "C"),
          hint="compute trough and peak at steady state for each regimen and compare both with "
          "500 and 900 ng/dL.",
          note="This exercise uses the book's man, `hs.MaleHPG(age=50, bmi=27)`, not your own.")
def _ch4_ex3():
    return trt_choice_in_band()


@exercise("ch4-ex4", form="the steady-state trough of total testosterone at 100 mg every 14 days "
          "(your dose and man in a course release), a number in ng/dL",
          unit="ng/dL", rel_tol=0.05, hint="keep the explorer's route and dose and change only the "
          "interval; the trough is the lowest level of the last interval.",
          vary={**_MAN, "dose4_mg": Vary(100.0, 60.0, 160.0, 20.0, "the dose of exercise 4", "mg")},
          note="Your man is the one of exercise 1, `hs.MaleHPG(age={age:g}, bmi={bmi:g})` (not the "
               "explorer's default), on cypionate {dose4_mg:g} mg: compare every 7 with every 14 "
               "days with `hs.periodic_steady_state` and give the trough at every 14 days.",
          written=Written(2, "the prediction with a reason, compared with the computed drop",
                          ("1: a prediction with a reason that names at least two of the "
                           "effects (lower dose rate, longer decay, the man's own production "
                           "answering through feedback)",
                           "1: compares the prediction honestly with the computed drop and "
                           "says which effect it missed, if any")))
def _ch4_ex4(age, bmi, dose4_mg):
    return trt_steady_state("testosterone_cypionate", dose4_mg, "14d", age=age, bmi=bmi).trough


@exercise("ch4-ex5", form="LH in weeks 3-4 (mean from day 14) as % of its untreated level, a number",
          unit="%", rel_tol=0.1, abs_tol=1.0,
          hint="read the LH curve of the suppression figure from week 2 on; the figure already "
          "shows each hormone as % of its untreated level.",
          vary={"te_mg": Vary(200.0, 50.0, 200.0, 25.0, "enanthate dose every 7 days", "mg")},
          note="The figure shows the book's 200 mg only: simulate `hs.MaleHPG(age=30, bmi=25)` on "
               "`hs.dose(\"testosterone_enanthate\", {te_mg:g}, \"mg\", every=\"7d\")` for 4 weeks "
               "(`resolution=\"mean\"`) and divide the mean LH from day 14 by the untreated LH at "
               "the start.",
          written=Written(2, "why the testes' own testosterone follows LH, not the blood level",
                          ("1: Leydig-cell secretion is driven by LH",
                           "1: the blood testosterone is now exogenous, and it suppresses LH "
                           "by negative feedback")))
def _ch4_ex5(te_mg):
    return lh_percent_on_trt(dose_mg=te_mg)


@exercise("ch4-ex6", form="one verdict: 'supported', 'partly supported' or 'not supported'",
          kind="choice", choices=VERDICTS,
          hint="separate the two halves of the claim: what trials found in older men, and what "
          "guidelines say about targets above the range.",
          written=Written(4, "the justification from the evidence registry",
                          ("1: verdict \"not supported\", or \"partly supported\" with a clear "
                           "statement that only the sexual-function part has trial support",
                           "1: cites the guideline target (mid-normal, `t-target-mid-normal` "
                           "or `t-optimal-above-range`)",
                           "1: cites the trial results on vitality or cognition "
                           "(`ttrials-vitality`, `ttrials-cognition`) and not only mechanism",
                           "1: separates what the model can show (levels) from what it cannot "
                           "(benefit)")))
def _ch4_ex6():
    # the verdict of the book's evidence: guidelines advise against targets above the range
    # (t-optimal-above-range) and the trials found no gain in vitality (ttrials-vitality)
    return "not supported"
