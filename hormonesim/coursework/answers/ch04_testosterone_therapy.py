"""Chapter 4: testosterone therapy.

Chapter file ``chapters/intermediate/04_testosterone_therapy.ipynb``; exercises ``ch4-ex1``, ``ch4-ex2``,
``ch4-ex3``.

Helpers only: the chapter's figures and solutions call them. The exercises' answer functions are
in the sealed answer key, :mod:`hormonesim.coursework.key.ch04_testosterone_therapy`.

Helpers the chapter's solutions call (also ``hs.checks.<name>``): :func:`trt_steady_state`,
:func:`trt_choice_in_band`.
"""
from __future__ import annotations

from ... import MaleHPG, dose, periodic_steady_state


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
