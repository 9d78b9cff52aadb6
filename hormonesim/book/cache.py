"""Simulations that explorers of more than one chapter reuse, cached so a control change is quick.

* :func:`gh_untreated` - the untreated day(s) of a GHAxis subject (chapters 8 and 12), and
  :func:`gh_untreated_pulses`, the GH pulses found in that day;
* :func:`male_cohort` - a virtual cohort of men (chapters 3 and 10).
"""
from __future__ import annotations

from functools import lru_cache

from .. import GHAxis, MaleHPG, PulseAnalysis, population, pulse_analysis, simulate


def gh_untreated(age: float, seed: int, duration: str = "24h"):
    """The untreated day of a GHAxis subject (cached: explorers compare against it often)."""
    return _gh_untreated_cached(float(age), int(seed), duration)


@lru_cache(maxsize=64)
def _gh_untreated_cached(age, seed, duration):
    return simulate(GHAxis(age=age), None, duration=duration, seed=seed)


def gh_untreated_pulses(age: float, seed: int, duration: str = "24h") -> PulseAnalysis:
    """GH pulses of :func:`gh_untreated`'s day (cached with it: an explorer shows them at every
    setting, while only the treated day changes)."""
    return _gh_untreated_pulses_cached(float(age), int(seed), duration)


@lru_cache(maxsize=64)
def _gh_untreated_pulses_cached(age, seed, duration):
    return pulse_analysis(_gh_untreated_cached(age, seed, duration))


@lru_cache(maxsize=16)
def male_cohort(n: int, age: float, bmi_mean: float, seed: int = 3):
    """A virtual cohort of men (cached: explorers reuse it). 4-hour steps keep updates quick."""
    return population(MaleHPG(age=age, bmi=min(max(bmi_mean, 17.0), 50.0), mean_step_h=4.0),
                      n=n, seed=seed, bmi=(bmi_mean, 4.0), age=(age, 8.0))
