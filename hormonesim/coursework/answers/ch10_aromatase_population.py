"""Chapter 10: aromatase modulation across individuals.

Exercises of ``chapters/academic/10_aromatase_population.ipynb``: ``ch10-ex1`` ... ``ch10-ex5``.

Helpers only: the chapter's figures and solutions may call them. The exercises' answer
functions are in the sealed answer key, :mod:`hormonesim.coursework.key.ch10_aromatase_population`.
"""
from __future__ import annotations

import numpy as np

from ... import MaleHPG, dose, population, simulate, titrated


def _ch10_cohort(n: int = 200):
    return population(MaleHPG(age=50, bmi=30), n=n, seed=10, bmi=(30, 5), age=(50, 8))


def _week_mean(res, name: str = "estradiol") -> np.ndarray:
    last = res.t_hours >= res.t_hours[-1] - 168
    return np.atleast_2d(res[name])[:, last].mean(axis=1)


def e2_high_by_bmi(cut: float = 30.0, dose_mg: float = 100.0) -> tuple[float, float]:
    """Shares of the chapter's cohort with week-8 mean estradiol above 37 pg/mL on cypionate
    ``dose_mg`` weekly (100 mg in the book) and no aromatase inhibitor, among men with BMI >=
    ``cut`` and below it."""
    cohort = _ch10_cohort()
    e2 = _week_mean(simulate(cohort, dose("testosterone_cypionate", dose_mg, "mg", every="7d"),
                             duration="8w"))
    bmi = np.asarray(cohort.values("bmi"), dtype=float)
    return (float(np.mean(e2[bmi >= cut] > 37)), float(np.mean(e2[bmi < cut] > 37)))


def halve_when_low(dose_mg, measured, low, high):
    """The ch10-ex5 titration rule: one 0.25 mg step up when E2 is measured above ``high``,
    half the dose when below ``low``, otherwise no change (arrays, one value per man)."""
    return np.where(measured > high, dose_mg + 0.25, np.where(measured < low, dose_mg / 2, dose_mg))


def titrated_shares(rule, n: int = 60) -> tuple[float, float]:
    """Week-24 shares (E2 < 10, E2 > 37 pg/mL) of a 60-man version of the chapter's cohort on
    cypionate 100 mg weekly plus anastrozole titrated with ``rule`` (seed 0)."""
    cohort = population(MaleHPG(age=50, bmi=30), n=n, seed=10, bmi=(30, 5), age=(50, 8))
    plan = (dose("testosterone_cypionate", 100, "mg", every="7d")
            + titrated("anastrozole", start=0, unit="mg", every="3.5d", target=(15, 37),
                       measure="estradiol", check_every="6w", step=0.25, bounds=(0, 1),
                       rule=rule))
    e2 = _week_mean(simulate(cohort, plan, duration="24w", seed=0))
    return (float(np.mean(e2 < 10)), float(np.mean(e2 > 37)))
