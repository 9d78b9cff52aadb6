"""Chapter 5: aromatisation and anastrozole.

Exercises of ``chapters/intermediate/05_aromatisation_anastrozole.ipynb``: ``ch5-ex1`` to
``ch5-ex5`` (ex5 judges a claim: its answer is a verdict, its written part has a rubric).

Helpers only: the chapter's figures and solutions may call them. The exercises' answer
functions are in the sealed answer key, :mod:`hormonesim.coursework.key.ch05_aromatisation_anastrozole`.
"""
from __future__ import annotations

from ... import MaleHPG, dose
from .common import weekly_mean


def e2_on_trt_with_anastrozole(mg_per_week: float, bmi: float = 30.0, age: float = 50.0) -> float:
    """Last-week mean estradiol (pg/mL) of a man of 50 on cypionate 100 mg weekly with
    anastrozole ``mg_per_week`` split into two doses a week (chapter 5's explorer)."""
    plan = dose("testosterone_cypionate", 100, "mg", every="7d")
    if mg_per_week > 0:
        plan = plan + dose("anastrozole", mg_per_week / 2, "mg", every="3.5d")
    return weekly_mean(MaleHPG(age=age, bmi=bmi), plan, "estradiol")
