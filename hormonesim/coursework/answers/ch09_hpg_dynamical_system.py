"""Chapter 9: the HPG axis as a dynamical system.

Exercises of ``chapters/academic/09_hpg_dynamical_system.ipynb``: ``ch9-ex1`` ... ``ch9-ex6``.

Helpers only: the chapter's figures and solutions may call them. The exercises' answer
functions are in the sealed answer key, :mod:`hormonesim.coursework.key.ch09_hpg_dynamical_system`.

Helpers for the chapter (also reachable as ``hs.checks.<name>``): :func:`lh_for_interval`,
:func:`lh_recovery_day`, :func:`hopf_loop`, :func:`hopf_gains`, :func:`loop_amplitudes`,
:func:`endogenous_fraction_on_therapy`.
"""
from __future__ import annotations

import numpy as np

from ... import MaleHPG, dose, simulate
from .common import weekly_mean


def lh_for_interval(interval_min: float, pulse_ug: float = 5.0) -> float:
    """Day-2 mean LH for gonadorelin pulses every ``interval_min`` (GnRH-deficient man, ch 9)."""
    res = simulate(MaleHPG(gnrh_pulse_generator=False),
                   dose("gonadorelin", pulse_ug, "ug", every=f"{interval_min:g}min"),
                   duration="2d", resolution="pulse", record_every="4min")
    return float(res["lh"][res.t_hours >= 24].mean())


def lh_recovery_day(te_mg: float = 250.0, within: float = 0.1) -> float:
    """Days after a single TE dose (given on day 2) until LH is back within ``within`` of its set point."""
    res = simulate(MaleHPG(age=35, bmi=25), dose("testosterone_enanthate", te_mg, "mg",
                                                 start="2d", count=1),
                   duration="8w", resolution="mean", record_every="6h")
    lh, d = res["lh"], res.t_days
    lh0 = lh[d < 2].mean()
    low = int(np.argmin(lh))
    back = np.nonzero(lh[low:] >= (1 - within) * lh0)[0]
    return float(d[low + back[0]] - 2.0) if back.size else float("nan")


# ---------------------------------------------------------------------------------------------
# the Hopf bifurcation of the Goodwin-type loop (section ch9-hopf)
# ---------------------------------------------------------------------------------------------
#: ratio of the apparent metabolic clearance rate of testosterone, young to older men
#: (1821 and 1390 L/day [coviello2006]); an older man's clearance as a fraction of a young one's
OLDER_CLEARANCE_FRACTION = 1390.0 / 1821.0


def hopf_loop(**changes):
    """The chapter's Goodwin-type loop: ``hs.FeedbackLoop(hill=8, delay_h=6)`` with ``changes``."""
    from ... import FeedbackLoop
    return FeedbackLoop(**{"hill": 8.0, "delay_h": 6.0, **changes})


def hopf_gains(delay_h: float = 6.0) -> tuple[float, float]:
    """Hopf gain of :func:`hopf_loop` (with its delay set to ``delay_h``, h), with the default
    target half-life and with clearance slowed to an older man's (half-life divided by
    :data:`OLDER_CLEARANCE_FRACTION`)."""
    from ...stability import hopf_point
    young = hopf_loop(delay_h=delay_h)
    old = hopf_loop(delay_h=delay_h,
                    half_life_target_h=young.half_life_target_h / OLDER_CLEARANCE_FRACTION)
    return (hopf_point(young, "gain", 0.05, 5.0), hopf_point(old, "gain", 0.05, 5.0))


def loop_amplitudes(gains=(0.3, 2.0), days: float = 15.0, delay_h: float = 6.0) -> tuple[float, ...]:
    """Peak-to-trough of the target hormone over the last 5 of ``days`` days for each gain, in
    :func:`hopf_loop` (delay ``delay_h``, h) started at half its set point (the package's
    integration)."""
    from ... import simulate
    out = []
    for g in gains:
        res = simulate(hopf_loop(gain=float(g), delay_h=delay_h), duration=f"{days:g}d")
        late = res["target_hormone"][res.t_days >= days - 5]
        out.append(float(late.max() - late.min()))
    return tuple(out)


def endogenous_fraction_on_therapy(mg: float = 100.0, age: float = 35.0) -> float:
    """Week-6 Leydig (own) testosterone secretion on cypionate ``mg`` weekly, as a fraction of the
    untreated man's (``hs.MaleHPG(age=age, bmi=25)``, pulse-averaged; age 35 in the book)."""
    man = MaleHPG(age=age, bmi=25)
    on = weekly_mean(man, dose("testosterone_cypionate", mg, "mg", every="7d"), "leydig_secretion")
    return on / weekly_mean(man, None, "leydig_secretion")
