"""Chapter 3: standard and personalised protocols.

Exercises of ``chapters/fundamentals/03_standard_and_personalised.ipynb``: ``ch3-ex1`` ...
``ch3-ex4`` and ``ch3-ex6`` (``ch3-ex5`` judges a claim in writing, without a self-check).

Helpers only: the chapter's figures and solutions may call them. The exercises' answer
functions are in the sealed answer key, :mod:`hormonesim.coursework.key.ch03_standard_and_personalised`.
"""
from __future__ import annotations

import numpy as np

from ... import MaleHPG, dose, population, simulate


def standard_dose_median(bmi_mean: float, dose_mg: float = 100.0, weeks: int = 4) -> float:
    """Median mid-interval total testosterone (ng/dL) in the last week, the standard-dose
    explorer's cohort (150 men around age 50, BMI spread 4) on a weekly cypionate dose."""
    cohort = population(MaleHPG(age=50.0, bmi=min(max(bmi_mean, 17.0), 50.0), mean_step_h=4.0),
                        n=150, seed=3, bmi=(bmi_mean, 4.0), age=(50.0, 8.0))
    res = simulate(cohort, dose("testosterone_cypionate", dose_mg, "mg", every="7d"),
                   duration=f"{weeks}w", record_every="12h")
    k = int(np.argmin(np.abs(res.t_hours - (res.t_hours[-1] - 84.0))))
    return float(np.median(res["testosterone"][:, k]))
