"""Answer key, chapter 1 (``chapters/fundamentals/01_hormones_as_messages.ipynb``)."""
from __future__ import annotations

from ... import SecretionClearance, pharmacology
from ..answers.ch01_hormones_as_messages import trough_to_peak
from ..checks import Vary, Written, exercise


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
                "half_life": Vary(2.3, 1.5, 4.0, 0.1, "half-life", "h")},
          written=Written(1, "why the level changes when clearance halves",
                          ("1: steady level = secretion / clearance, so halving clearance doubles "
                           "the level at the same secretion",
                           "0.5: says the level rises but not why (or why without the factor)",
                           "0: no or wrong reason")))
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
          written=Written(1, "why the answer depends on the pulse interval",
                          ("1: the level decays by e^(-ln2 dt / t1/2) between pulses, so a "
                           "longer interval allows a longer half-life; estimate t1/2 = ln2 dt / ln10",
                           "0.5: qualitative only", "0: missing")))
def _ch1_ex3(interval):
    low, high = 0.05, 1.5 * interval          # h; trough/peak < 0.1 at low, > 0.1 at high
    for _ in range(16):                       # bisection to about 1e-4 h
        mid = 0.5 * (low + high)
        if trough_to_peak(mid, interval) < 0.1:
            low = mid
        else:
            high = mid
    return low
