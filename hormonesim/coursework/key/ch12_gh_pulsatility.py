"""Answer key, chapter 12 (``chapters/academic/12_gh_pulsatility.ipynb``)."""
from __future__ import annotations

from ..answers.ch12_gh_pulsatility import gh_pulses_per_day, gh_synergy_ratio
from ..checks import Vary, Written, exercise


@exercise("ch12-ex1", form="a pair of whole numbers (every 5 min, every 20 min): pulses found on "
          "day 2", kind="numbers", parts=("every_5_min", "every_20_min"), unit="pulses",
          rel_tol=0.0, abs_tol=0.0,
          hint="hs.pulse_analysis(res, start_h=24, sample_every_h=5/60) and 20/60 on "
          "hs.simulate(hs.GHAxis(age=30), duration='48h', seed=...); read .count.",
          vary={"seed": Vary(0.0, 0.0, 99.0, 1.0, "the simulation seed `seed`")},
          written=Written(1, "why coarser sampling finds fewer pulses",
                          ("1: pulses shorter than the sampling interval or merged between samples "
                           "are missed by the detection rule", "0: missing")))
def _ch12_ex1(seed):
    return (gh_pulses_per_day(seeds=(int(seed),), sample_every_h=5 / 60),
            gh_pulses_per_day(seeds=(int(seed),), sample_every_h=20 / 60))


@exercise("ch12-ex2", form="a pair (full, without): the synergy ratio with the full model and "
          "with ghs_pit_gain=0 and ghs_hyp_gain=0", kind="numbers", parts=("full", "without"),
          rel_tol=0.05,
          hint="ratio = extra GH of both / (extra GH of GHRH alone + extra GH of ipamorelin alone), "
          "each over the untreated run of the same seed, GH integrated from 1 h to 3 h.",
          vary={"ghs_ug_per_kg": Vary(3.0, 1.0, 5.0, 0.5, "ipamorelin dose", "ug/kg")},
          note="Use `gh_synergy_ratio(ghs_ug_per_kg=<your dose>)` (and the same with the two gains "
               "set to 0).",
          written=Written(1, "which term of the product was removed",
                          ("1: the agonist's raising of the brake factor B (no Delta B), so the cross "
                           "term Delta A Delta B vanishes", "0: missing")))
def _ch12_ex2(ghs_ug_per_kg):
    return (gh_synergy_ratio(ghs_ug_per_kg=ghs_ug_per_kg),
            gh_synergy_ratio(ghs_ug_per_kg=ghs_ug_per_kg, ghs_pit_gain=0.0, ghs_hyp_gain=0.0))


@exercise("ch12-ex3", form="a pair (without, with): pulses per 24 h with ghrh_noise_cv=0 and with "
          "the default variability", kind="numbers", parts=("without_noise", "with_noise"),
          unit="pulses/24 h", rel_tol=0.05,
          hint="average hs.pulse_analysis(..., start_h=24, sample_every_h=20/60).pulses_per_24h "
          "over seeds 0-3 for your hs.GHAxis(age=..., ghrh_noise_cv=...) simulated for 48 h.",
          vary={"age": Vary(30.0, 20.0, 60.0, 1.0, "the man's age", "years")},
          written=Written(2, "what generates the pulses; how to tell excitable from oscillating",
                          ("1: without the noise about one pulse a day remains, so random GHRH surges "
                           "trigger the pulses (excitable), the delayed loop shapes them",
                           "1: a test on real data: interpulse-interval histogram (narrow and "
                           "regular for an oscillator; irregular with a refractory minimum and "
                           "a long tail for an excitable system)")))
def _ch12_ex3(age):
    return (gh_pulses_per_day(age=age, seeds=(0, 1, 2, 3), ghrh_noise_cv=0.0),
            gh_pulses_per_day(age=age, seeds=(0, 1, 2, 3)))
