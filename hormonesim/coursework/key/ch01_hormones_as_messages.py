"""Answer key, chapter 1 (``chapters/fundamentals/01_hormones_as_messages.ipynb``)."""
from __future__ import annotations

from ... import SecretionClearance, pharmacology, simulate
from ..answers.ch01_hormones_as_messages import patch_plateau, time_to_fraction, trough_to_peak
from ..checks import Vary, Written, exercise

#: the hormone's half-life (exercises 2 and 4)
_HALF_LIFE = Vary(2.3, 1.5, 4.0, 0.1, "half-life", "h")


@exercise("ch1-ex1", form="the response as a fraction of the maximum (a number between 0 and 1)",
          abs_tol=0.01, hint="use the Hill curve with Hill coefficient 1 at your concentration and "
          "EC50; a fraction, not a percentage.",
          vary={"conc": Vary(4.0, 1.0, 8.0, 0.5, "concentration", "ng/mL"),
                "ec50": Vary(2.0, 1.0, 4.0, 0.25, "EC50", "ng/mL")},
          note="Compute the response with `hs.pharmacology.occupancy(concentration, ec50=EC50, "
               "hill=1)` (the figure shows only the book's EC50).")
def _ch1_ex1(conc, ec50):
    return pharmacology.occupancy(conc, ec50=ec50, hill=1)


@exercise("ch1-ex2", form="a pair of numbers (level, level_doubled): the average steady level in "
          "ng/mL, then with the half-life doubled at the same volume",
          kind="numbers", parts=("level", "level_doubled"), unit="ng/mL", rel_tol=0.02,
          hint="the average level is secretion divided by clearance, and clearance = ln 2 x volume "
          "/ half-life; `steady_level_ng_ml` of `hs.SecretionClearance` computes it.",
          vary={"secretion": Vary(10.0, 5.0, 20.0, 1.0, "secretion rate", "ug/h"),
                "volume": Vary(15.0, 10.0, 20.0, 1.0, "volume", "L"),
                "half_life": _HALF_LIFE},
          written=Written(2, "why the level changes when clearance halves",
                          ("1: states that at steady state removal ($CL \\times \\bar C$) equals"
                           " secretion",
                           "1: concludes that with secretion fixed, halving $CL$ doubles $\\bar"
                           " C$ (not \"because the half-life is longer\" alone)")))
def _ch1_ex2(secretion, volume, half_life):
    base = SecretionClearance(half_life_h=half_life, secretion_ug_per_h=secretion, volume_l=volume)
    doubled = SecretionClearance(half_life_h=2 * half_life, secretion_ug_per_h=secretion,
                                 volume_l=volume)
    return (base.steady_level_ng_ml, doubled.steady_level_ng_ml)


@exercise("ch1-ex3", form="the longest half-life in hours (a number, to 0.1 h)", unit="h",
          abs_tol=0.05, hint="for each half-life take the minimum and the maximum of the level "
          "between hours 12 and 24 and compare their ratio with 0.1; shorter half-lives give deeper "
          "troughs.",
          vary={"interval": Vary(1.5, 1.0, 3.0, 0.25, "time between pulses", "h")},
          note="Use `hs.SecretionClearance(half_life_h=..., pulse_interval_h=<your interval>)`.",
          written=Written(2, "why the answer depends on the pulse interval",
                          ("1: the trough depends on the decay time between pulses, which is "
                           "set by the interval",
                           "1: a longer interval allows a longer half-life (or the reverse, "
                           "correctly argued)")))
def _ch1_ex3(interval):
    low, high = 0.05, 1.5 * interval          # h; trough/peak < 0.1 at low, > 0.1 at high
    for _ in range(16):                       # bisection to about 1e-4 h
        mid = 0.5 * (low + high)
        if trough_to_peak(mid, interval) < 0.1:
            low = mid
        else:
            high = mid
    return low


@exercise("ch1-ex4", form="the time in hours at which the LH-like hormone first reaches 15/16 "
          "(93.75%) of its steady level (half-life 2.3 h in the book; your half-life in a course "
          "release)", unit="h", abs_tol=0.25,
          hint="15/16 of the way is how far four halvings take you; the figure's run is "
          "hs.SecretionClearance(half_life_h=..., pulse_interval_h=0, volume_l=15, "
          "start_fraction=0.0).",
          vary={"half_life": _HALF_LIFE},
          note="Your hormone has your half-life (the one of exercise 2), not the figure's: simulate "
               "`hs.SecretionClearance(half_life_h={half_life:g}, pulse_interval_h=0, volume_l=15, "
               "start_fraction=0.0)` for 36 hours.",
          written=Written(1, "how many half-lives 15/16 of the way is",
                          ("1: four half-lives (each one halves the distance left: 1/2, 3/4, 7/8, "
                           "15/16), and the simulated time is close to four times the half-life",
                           "0: missing or wrong")))
def _ch1_ex4(half_life):
    model = SecretionClearance(half_life_h=half_life, pulse_interval_h=0, volume_l=15,
                               start_fraction=0.0)
    res = simulate(model, duration="36h")
    return time_to_fraction(res, "hormone", 0.9375, start=0.0, end=model.steady_level_ng_ml)


@exercise("ch1-ex5", form="the plateau estradiol in pg/mL of the virtual postmenopausal woman on a "
          "100 ug/day patch (mean of day 3; your patch in a course release)", unit="pg/mL",
          rel_tol=0.03,
          hint="the plateau is what she makes herself plus what the patch adds; the added part "
          "is a delivery rate divided by a clearance, with the units made to agree.",
          vary={"patch_ug": Vary(100.0, 60.0, 200.0, 10.0, "the patch's delivery rate", "ug/day")},
          note="Your woman changes to a {patch_ug:g} ug/day patch: "
               "`hs.dose(\"estradiol_patch\", {patch_ug:g}, \"ug/day\")`.",
          written=Written(2, "how long she takes to settle, and whether doubling the rate "
                          "changes it",
                          ("1: the settling time is four to five half-lives of the slowest "
                           "step (about a day here)",
                           "1: it does not depend on the delivery rate (only the plateau "
                           "doubles)")))
def _ch1_ex5(patch_ug):
    return patch_plateau(patch_ug)


@exercise("ch1-ex6", form="a judgement of the claim in four to six sentences (written)",
          kind="written",
          written=Written(4, "judge the 'optimal upper range' claim",
                          ("1: uses the saturating concentration-response curve (diminishing "
                           "effect of higher levels)",
                           "1: says fatigue is non-specific, with many causes, and a symptom "
                           "is not a level",
                           "1: cites trial evidence (vitality or thyroid tiredness trials) "
                           "that raising a level did not relieve tiredness",
                           "1: names the guideline position (mid-range targets, diagnosis "
                           "needs a confirmed low level), with its evidence label")))
def _ch1_ex6():
    return None
