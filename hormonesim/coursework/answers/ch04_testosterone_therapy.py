"""Chapter 4 exercise answers: testosterone therapy.

Exercises of ``chapters/intermediate/04_testosterone_therapy.ipynb``: ``ch4-ex1``, ``ch4-ex2``,
``ch4-ex3``.

Each ``@exercise`` function computes the expected answer from the model when a check first
needs it; the chapter's solution cells show the reader the same computation.

Helpers for the chapter (also reachable as ``hs.checks.<name>``): :func:`trt_steady_state`,
:func:`trt_choice_in_band`.
"""
from __future__ import annotations

from ... import MaleHPG, dose, periodic_steady_state
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
