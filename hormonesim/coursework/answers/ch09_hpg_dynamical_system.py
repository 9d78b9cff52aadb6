"""Chapter 9 exercise answers: the HPG axis as a dynamical system.

Exercises of ``chapters/academic/09_hpg_dynamical_system.ipynb``: ``ch9-ex1`` ... ``ch9-ex6``.

Each ``@exercise`` function computes the expected answer from the model when a check first
needs it; the chapter's solution cells show the reader the same computation.

Helpers for the chapter (also reachable as ``hs.checks.<name>``): :func:`lh_for_interval`,
:func:`lh_recovery_day`, :func:`hopf_loop`, :func:`hopf_gains`, :func:`loop_amplitudes`,
:func:`endogenous_fraction_on_therapy`.
"""
from __future__ import annotations

import numpy as np

from ... import MaleHPG, dose, simulate
from ..checks import exercise
from .common import weekly_mean


def lh_for_interval(interval_min: float, pulse_ug: float = 5.0) -> float:
    """Day-2 mean LH for gonadorelin pulses every ``interval_min`` (GnRH-deficient man, ch 9)."""
    res = simulate(MaleHPG(gnrh_pulse_generator=False),
                   dose("gonadorelin", pulse_ug, "ug", every=f"{interval_min:g}min"),
                   duration="2d", resolution="pulse", record_every="4min")
    return float(res["lh"][res.t_hours >= 24].mean())


@exercise("ch9-ex1", form="the interval in minutes (an integer: 30, 60, 90, 120 or 180)",
          kind="integer", unit="min", hint="day-2 mean LH for 5 ug pulses at each interval; "
          "careful, more pulses do not always mean more LH.")
def _ch9_ex1():
    intervals = (30, 60, 90, 120, 180)
    return intervals[int(np.argmax([lh_for_interval(i) for i in intervals]))]


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


@exercise("ch9-ex2", form="days from the injection until LH is back within 10% of its set point",
          unit="days", rel_tol=0.1, hint="one 250 mg enanthate dose on day 2 in hs.MaleHPG(age=35, "
          "bmi=25); find LH's lowest point, then the first time after it that LH reaches 90% of "
          "its pre-dose mean.")
def _ch9_ex2():
    return lh_recovery_day()


@exercise("ch9-ex3", form="the ratio of mean total T with the feedback threshold doubled to mean "
          "total T at the default threshold", rel_tol=0.05,
          hint="hs.MaleHPG(age=35, bmi=25) untreated, free_t_feedback_pg_ml 66.3 and 132.6, last "
          "week of 6 in the pulse-averaged resolution.")
def _ch9_ex3():
    return (weekly_mean(MaleHPG(age=35, bmi=25, free_t_feedback_pg_ml=132.6), None, "testosterone")
            / weekly_mean(MaleHPG(age=35, bmi=25), None, "testosterone"))


# ---------------------------------------------------------------------------------------------
# the Hopf bifurcation of the Goodwin-type loop (section ch9-hopf)
# ---------------------------------------------------------------------------------------------
#: ratio of the apparent metabolic clearance rate of testosterone, young to older men
#: (1821 and 1390 L/day [coviello2006]); an older man's clearance as a fraction of a young one's
OLDER_CLEARANCE_FRACTION = 1390.0 / 1821.0


def hopf_loop(**changes):
    """The chapter's Goodwin-type loop: ``hs.FeedbackLoop(hill=8, delay_h=6)`` with ``changes``."""
    from ... import FeedbackLoop
    return FeedbackLoop(hill=8.0, delay_h=6.0, **changes)


def hopf_gains() -> tuple[float, float]:
    """Hopf gain of :func:`hopf_loop`, with the default target half-life and with clearance slowed
    to an older man's (half-life divided by :data:`OLDER_CLEARANCE_FRACTION`)."""
    from ...stability import hopf_point
    young = hopf_loop()
    old = hopf_loop(half_life_target_h=young.half_life_target_h / OLDER_CLEARANCE_FRACTION)
    return (hopf_point(young, "gain", 0.05, 5.0), hopf_point(old, "gain", 0.05, 5.0))


@exercise("ch9-ex4", form="a pair (gain_young, gain_older): the Hopf gain of the loop with the "
          "default target half-life and with the older man's slower clearance",
          kind="numbers", parts=("gain_young", "gain_older"), rel_tol=0.02,
          hint="hs.FeedbackLoop(hill=8, delay_h=6); hopf_point from hormonesim.stability over gain "
               "0.05-5; for the older man divide half_life_target_h by 1390/1821.")
def _ch9_ex4():
    return hopf_gains()


def loop_amplitudes(gains=(0.3, 2.0), days: float = 15.0) -> tuple[float, ...]:
    """Peak-to-trough of the target hormone over the last 5 of ``days`` days for each gain, in
    :func:`hopf_loop` started at half its set point (the package's integration)."""
    from ... import simulate
    out = []
    for g in gains:
        res = simulate(hopf_loop(gain=float(g)), duration=f"{days:g}d")
        late = res["target_hormone"][res.t_days >= days - 5]
        out.append(float(late.max() - late.min()))
    return tuple(out)


@exercise("ch9-ex5", form="a pair (amplitude at gain 0.3, amplitude at gain 2): peak-to-trough of "
          "the target hormone over days 10-15 from your own Goodwin loop", kind="numbers",
          parts=("amplitude_gain_0.3", "amplitude_gain_2"), abs_tol=0.03,
          hint="nine states: releasing, trophic, target, then six transit stages each with rate "
               "6/delay_h; production (1 + gain)/(1 + gain*x**hill) uses the LAST transit stage; "
               "start every state at 0.5.")
def _ch9_ex5():
    return loop_amplitudes()


def endogenous_fraction_on_therapy(mg: float = 100.0) -> float:
    """Week-6 Leydig (own) testosterone secretion on cypionate ``mg`` weekly, as a fraction of the
    untreated man's (``hs.MaleHPG(age=35, bmi=25)``, pulse-averaged)."""
    man = MaleHPG(age=35, bmi=25)
    on = weekly_mean(man, dose("testosterone_cypionate", mg, "mg", every="7d"), "leydig_secretion")
    return on / weekly_mean(man, None, "leydig_secretion")


@exercise("ch9-ex6", form="the man's own (Leydig) testosterone secretion in week 6 on cypionate "
          "100 mg weekly as a fraction of his untreated secretion", rel_tol=0.05, abs_tol=0.01,
          hint="simulate hs.MaleHPG(age=35, bmi=25) with and without the plan for 6 weeks "
               "(resolution='mean') and compare the output 'leydig_secretion' over the last week.")
def _ch9_ex6():
    return endogenous_fraction_on_therapy()
