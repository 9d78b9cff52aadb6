"""Chapter 4 exercise answers: testosterone therapy.

Exercises of ``chapters/intermediate/04_testosterone_therapy.ipynb``: ``ch4-ex1`` to ``ch4-ex6``
(ex6 judges a claim: its answer is a verdict, its written part has a rubric in the chapter).

Each ``@exercise`` function computes the expected answer from the model when a check first
needs it; the chapter's solution cells show the reader the same computation.

Helpers for the chapter (also reachable as ``hs.checks.<name>``): :func:`trt_steady_state`,
:func:`trt_choice_in_band`.
"""
from __future__ import annotations

from ... import MaleHPG, dose, periodic_steady_state, simulate
from ..checks import exercise


_TRT_CHOICES = {"A": ("testosterone_cypionate", 200, "14d"), "B": ("testosterone_cypionate", 100, "7d"),
                "C": ("testosterone_enanthate", 250, "21d")}


def trt_steady_state(drug: str, amount_mg: float, every: str, age: float = 50.0, bmi: float = 27.0):
    """Periodic steady state of total T for one regimen in MaleHPG(age, bmi) (chapter 4)."""
    return periodic_steady_state(MaleHPG(age=age, bmi=bmi), dose(drug, amount_mg, "mg", every=every),
                                 output="testosterone", resolution="mean")


@exercise("ch4-ex1", form="the trough total testosterone at steady state, a number in ng/dL",
          unit="ng/dL", rel_tol=0.05, hint="use hs.periodic_steady_state for cypionate 200 mg every "
          "14 days in hs.MaleHPG(age=50, bmi=27) and read its trough.")
def _ch4_ex1():
    return trt_steady_state("testosterone_cypionate", 200, "14d").trough


@exercise("ch4-ex2", form="a pair (fluctuation_14d, fluctuation_7d): (peak - trough) / average in %, "
          "for 200 mg every 14 days and 100 mg every 7 days", kind="numbers",
          parts=("fluctuation_14d", "fluctuation_7d"), unit="%", rel_tol=0.08,
          hint="the SteadyState object has a fluctuation_pct attribute; same man as in exercise 1.")
def _ch4_ex2():
    return (trt_steady_state("testosterone_cypionate", 200, "14d").fluctuation_pct,
            trt_steady_state("testosterone_cypionate", 100, "7d").fluctuation_pct)


def trt_choice_in_band(low: float = 500.0, high: float = 900.0) -> str:
    """The regimen among A, B, C whose steady-state trough and peak both lie in [low, high]."""
    ok = [k for k, (d, a, e) in _TRT_CHOICES.items()
          if low <= trt_steady_state(d, a, e).trough and trt_steady_state(d, a, e).peak <= high]
    return ok[0] if len(ok) == 1 else ",".join(ok) or "none"


@exercise("ch4-ex3", form="one letter, A, B or C", kind="choice", choices=("A", "B", "C"),
          hint="compute trough and peak at steady state for each regimen and compare both with "
          "500 and 900 ng/dL.")
def _ch4_ex3():
    return trt_choice_in_band()


@exercise("ch4-ex4", form="the steady-state trough of total testosterone, a number in ng/dL",
          unit="ng/dL", rel_tol=0.05, hint="keep the explorer's route and dose and change only the "
          "interval; the trough is the lowest level of the last interval.")
def _ch4_ex4():
    return trt_steady_state("testosterone_cypionate", 100, "14d").trough


def lh_percent_on_trt(start_day: float = 14.0) -> float:
    """Mean LH from ``start_day`` to week 4 of enanthate 200 mg weekly, in % of the untreated level.

    The man and regimen of chapter 4's suppression figure: ``MaleHPG(age=30, bmi=25)``.
    """
    res = simulate(MaleHPG(age=30, bmi=25), dose("testosterone_enanthate", 200, "mg", every="7d"),
                   duration="4w", resolution="mean", record_every="3h")
    return float(res["lh"][res.t_days >= start_day].mean() / res["lh"][0] * 100)


@exercise("ch4-ex5", form="LH in weeks 3-4 as % of its untreated level, a number", unit="%",
          rel_tol=0.1, abs_tol=1.0, hint="read the LH curve of the suppression figure from week 2 "
          "on; the figure already shows each hormone as % of its untreated level.")
def _ch4_ex5():
    return lh_percent_on_trt()


#: verdicts a claim exercise accepts (the evidence registry's claim checks use the same words)
VERDICTS = ("supported", "partly supported", "not supported")


@exercise("ch4-ex6", form="one verdict: 'supported', 'partly supported' or 'not supported'",
          kind="choice", choices=VERDICTS,
          hint="separate the two halves of the claim: what trials found in older men, and what "
          "guidelines say about targets above the range.")
def _ch4_ex6():
    # the verdict of the book's evidence: guidelines advise against targets above the range
    # (t-optimal-above-range) and the trials found no gain in vitality (ttrials-vitality)
    return "not supported"
