"""Answer key, chapter 9 (``chapters/academic/09_hpg_dynamical_system.ipynb``)."""
from __future__ import annotations

import numpy as np

from ... import MaleHPG, dose, simulate
from ..answers.ch09_hpg_dynamical_system import (endogenous_fraction_on_therapy, hopf_gains,
                                                lh_for_interval, loop_amplitudes)
from ..answers.common import weekly_mean
from ..checks import Vary, Written, exercise

_AGE = Vary(35.0, 25.0, 55.0, 1.0, "the man's age", "years")


@exercise("ch9-ex1", form="the interval in minutes (an integer: 30, 60, 90, 120 or 180)",
          kind="integer", unit="min", hint="day-2 mean LH for 5 ug pulses at each interval; "
          "careful, more pulses do not always mean more LH.",
          written=Written(3, "the answer explained with the receptor equation",
                          ("1: names receptor desensitisation during each pulse",
                           "1: names recovery between pulses at rate $k_r$",
                           "1: says larger pulses desensitise more and so need longer "
                           "intervals")))
def _ch9_ex1():
    intervals = (30, 60, 90, 120, 180)
    return intervals[int(np.argmax([lh_for_interval(i) for i in intervals]))]


@exercise("ch9-ex2", form="days from the injection until LH is back within 10% of its set point",
          unit="days", rel_tol=0.0, abs_tol=0.3, hint="one enanthate dose on day 2 in your hs.MaleHPG(age=..., "
          "bmi=25); find LH's lowest point, then the first time after it that LH reaches 90% of "
          "its pre-dose mean.",
          vary={"age": _AGE, "te_mg": Vary(250.0, 100.0, 400.0, 25.0, "enanthate dose", "mg")},
          written=Written(2, "is recovery set by the loop or by the depot",
                          ("1: says the depot's release sets the time",
                           "1: supports it with the loop's own, much faster, time scale")))
def _ch9_ex2(age, te_mg):
    res = simulate(MaleHPG(age=age, bmi=25), dose("testosterone_enanthate", te_mg, "mg",
                                                  start="2d", count=1),
                   duration="8w", resolution="mean", record_every="6h")
    lh, d = res["lh"], res.t_days
    lh0 = lh[d < 2].mean()
    low = int(np.argmin(lh))
    back = np.nonzero(lh[low:] >= 0.9 * lh0)[0]
    return float(d[low + back[0]] - 2.0) if back.size else float("nan")


#: estradiol's brake on the pituitary made as weak as the model allows: the top of the range
#: MaleHPG accepts for e2_feedback_pg_ml (pg/mL)
_WEAK_E2_BRAKE_PG_ML = 500.0


def _ft_threshold() -> float:
    """The model's default free-T feedback threshold (pg/mL), read from the model, never typed."""
    return MaleHPG().free_t_feedback_pg_ml


@exercise("ch9-ex3", form="a pair (ratio_default, ratio_weak_e2): mean total T with the free-T "
          "feedback threshold raised (doubled in the book) over mean total T at the default "
          "threshold, first in the man as he is, then with estradiol's brake weakened "
          "(e2_feedback_pg_ml=500 in both runs of the pair)", kind="numbers",
          parts=("ratio_default", "ratio_weak_e2"), rel_tol=0.02,
          hint="your hs.MaleHPG(age=..., bmi=25) untreated, free_t_feedback_pg_ml at its default "
               "(hs.MaleHPG().free_t_feedback_pg_ml) and at the default times your factor, last "
               "week of 6 in the pulse-averaged resolution; for the second ratio add "
               "e2_feedback_pg_ml=500 to both men.",
          vary={"age": _AGE, "factor": Vary(2.0, label="factor on the feedback threshold",
                                            choices=(1.5, 2.0, 2.5, 3.0))},
          note=lambda p: (f"Multiply the threshold by {p['factor']:g}: free_t_feedback_pg_ml = "
                          f"{_ft_threshold() * p['factor']:g} instead of {_ft_threshold():g}."),
          written=Written(2, "why the first ratio is far below the factor",
                          ("1: names estradiol's feedback on the pituitary as the brake that "
                           "takes over when the free-T brake is loosened",
                           "1: says why, with that brake weak, T still rises less than LH (the "
                           "Leydig cells' response to LH saturates)")))
def _ch9_ex3(age, factor):
    threshold = _ft_threshold()

    def ratio(**brake):
        raised = MaleHPG(age=age, bmi=25, free_t_feedback_pg_ml=threshold * factor, **brake)
        return (weekly_mean(raised, None, "testosterone")
                / weekly_mean(MaleHPG(age=age, bmi=25, **brake), None, "testosterone"))

    return (ratio(), ratio(e2_feedback_pg_ml=_WEAK_E2_BRAKE_PG_ML))


#: the Goodwin-type loop's delay (exercises 4 and 5)
_DELAY = Vary(6.0, 4.0, 9.0, 0.5, "the loop's delay `delay_h`", "h")


@exercise("ch9-ex4", form="a pair (gain_young, gain_older): the Hopf gain of the loop with the "
          "default target half-life and with the older man's slower clearance",
          kind="numbers", parts=("gain_young", "gain_older"), rel_tol=0.02,
          hint="hs.FeedbackLoop(hill=8, delay_h=...); hopf_point from hormonesim.stability over "
               "gain 0.05-5; for the older man divide half_life_target_h by 1390/1821.",
          vary={"delay_h": _DELAY},
          note="Your loop is `hs.FeedbackLoop(hill=8, delay_h={delay_h:g})`; the equations' check "
               "uses your delay too.",
          written=Written(2, "the direction of the change, from the phase condition",
                          ("1: uses the phase condition to say the frequency changes",
                           "1: concludes the direction from the computed numbers rather than "
                           "from intuition alone")))
def _ch9_ex4(delay_h):
    return hopf_gains(delay_h)


@exercise("ch9-ex5", form="a pair (amplitude at gain 0.3, amplitude at gain 2): peak-to-trough of "
          "the target hormone over days 10-15 from your own Goodwin loop", kind="numbers",
          parts=("amplitude_gain_0.3", "amplitude_gain_2"), abs_tol=0.03,
          hint="nine states: releasing, trophic, target, then six transit stages each with rate "
               "6/delay_h; production (1 + gain)/(1 + gain*x**hill) uses the LAST transit stage; "
               "start every state at 0.5.",
          vary={"delay_h": _DELAY},
          note=lambda p: (f"Integrate your loop with `delay_h={p['delay_h']:g}` (your delay of "
                          f"exercise 4){'' if p['delay_h'] == 6 else ', not 6'}."),
          written=Written(3, "the loop written correctly, and which gain lies below the Hopf "
                          "point",
                          ("1: correct chain of stages with the right rates",
                           "1: feedback from the last transit stage",
                           "1: correct statement of which gain lies below the Hopf point")))
def _ch9_ex5(delay_h):
    return loop_amplitudes(delay_h=delay_h)


@exercise("ch9-ex6", form="the man's own (Leydig) testosterone secretion in week 6 on cypionate "
          "100 mg weekly (your dose and man in a course release) as a fraction of his untreated "
          "secretion", rel_tol=0.05, abs_tol=0.01,
          hint="simulate the man with and without the plan for 6 weeks (resolution='mean') and "
               "compare the output 'leydig_secretion' over the last week.",
          vary={"age": _AGE, "cyp_mg": Vary(100.0, 50.0, 150.0, 10.0, "weekly cypionate dose",
                                            "mg")},
          note="Your man is `hs.MaleHPG(age={age:g}, bmi=25)` (the age of exercise 2) on "
               "cypionate {cyp_mg:g} mg weekly.",
          written=Written(3, "judge the 'top-up' claim with the model and the registry",
                          ("1: the computed fraction and what it means",
                           "1: cites the registry's suppression statement",
                           "1: names a consequence the model cannot show (spermatogenesis, "
                           "fertility, testis size)")))
def _ch9_ex6(age, cyp_mg):
    return endogenous_fraction_on_therapy(cyp_mg, age=age)
