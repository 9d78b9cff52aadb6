"""Chapter 4: testosterone therapy.

Exercises of ``chapters/intermediate/04_testosterone_therapy.ipynb``: ``ch4-ex1`` to ``ch4-ex6``
(ex6 judges a claim: its answer is a verdict, its written part has a rubric in the chapter).

Helpers only: the chapter's figures and solutions may call them. The exercises' answer
functions are in the sealed answer key, :mod:`hormonesim.coursework.key.ch04_testosterone_therapy`.

Helpers for the chapter (also reachable as ``hs.checks.<name>``): :func:`trt_steady_state`,
:func:`trt_choice_in_band`.
"""
from __future__ import annotations

from ... import MaleHPG, dose, periodic_steady_state, simulate


_TRT_CHOICES = {"A": ("testosterone_cypionate", 200, "14d"), "B": ("testosterone_cypionate", 100, "7d"),
                "C": ("testosterone_enanthate", 250, "21d")}


def trt_steady_state(drug: str, amount_mg: float, every: str, age: float = 50.0, bmi: float = 27.0):
    """Periodic steady state of total T for one regimen in MaleHPG(age, bmi) (chapter 4)."""
    return periodic_steady_state(MaleHPG(age=age, bmi=bmi), dose(drug, amount_mg, "mg", every=every),
                                 output="testosterone", resolution="mean")


def trt_choice_in_band(low: float = 500.0, high: float = 900.0) -> str:
    """The regimen among A, B, C whose steady-state trough and peak both lie in [low, high]."""
    ok = [k for k, (d, a, e) in _TRT_CHOICES.items()
          if low <= trt_steady_state(d, a, e).trough and trt_steady_state(d, a, e).peak <= high]
    return ok[0] if len(ok) == 1 else ",".join(ok) or "none"


def lh_percent_on_trt(start_day: float = 14.0, dose_mg: float = 200.0, age: float = 30.0,
                      bmi: float = 25.0) -> float:
    """Mean LH from ``start_day`` to week 4 of enanthate ``dose_mg`` weekly, in % of the untreated
    level.

    The book's values are the man and regimen of chapter 4's suppression figure:
    ``MaleHPG(age=30, bmi=25)`` on 200 mg weekly.
    """
    res = simulate(MaleHPG(age=age, bmi=bmi), dose("testosterone_enanthate", dose_mg, "mg", every="7d"),
                   duration="4w", resolution="mean", record_every="3h")
    return float(res["lh"][res.t_days >= start_day].mean() / res["lh"][0] * 100)


#: verdicts a claim exercise accepts (the evidence registry's claim checks use the same words)
VERDICTS = ("supported", "partly supported", "not supported")
