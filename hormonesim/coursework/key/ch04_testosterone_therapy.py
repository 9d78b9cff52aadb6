"""Answer key, chapter 4 (``chapters/intermediate/04_testosterone_therapy.ipynb``)."""
from __future__ import annotations

from ..answers.ch04_testosterone_therapy import trt_choice_in_band, trt_steady_state
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
          written=Written(1, "why halving the interval shrinks the swing more than the average",
                          ("1: the average depends on the dose rate (same mg per week), the swing "
                           "on how far the level decays between doses (shorter interval, less decay)",
                           "0: missing")))
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
