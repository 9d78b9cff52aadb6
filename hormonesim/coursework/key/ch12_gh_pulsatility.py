"""Answer key, chapter 12 (``chapters/academic/12_gh_pulsatility.ipynb``)."""
from __future__ import annotations

from ..answers.ch12_gh_pulsatility import (combination_increments, gh_pulses_per_day,
                                          gh_synergy_ratio, same_drug_ratio)
from ..checks import Vary, Written, exercise

#: the ipamorelin dose (exercises 2, 4 and 5)
_GHS = Vary(3.0, 1.0, 5.0, 0.5, "ipamorelin dose", "ug/kg")


@exercise("ch12-ex1", form="a pair of whole numbers (every 5 min, every 20 min): pulses found on "
          "day 2", kind="numbers", parts=("every_5_min", "every_20_min"), unit="pulses",
          rel_tol=0.0, abs_tol=0.0,
          hint="hs.pulse_analysis(res, start_h=24, sample_every_h=5/60) and 20/60 on "
          "hs.simulate(hs.GHAxis(age=30), duration='48h', seed=...); read .count.",
          vary={"seed": Vary(0.0, 0.0, 99.0, 1.0, "the simulation seed `seed`")},
          written=Written(2, "why coarser sampling finds fewer pulses",
                          ("1: peaks and nadirs missed by coarse samples",
                           "1: small or close pulses lost or merged")))
def _ch12_ex1(seed):
    return (gh_pulses_per_day(seeds=(int(seed),), sample_every_h=5 / 60),
            gh_pulses_per_day(seeds=(int(seed),), sample_every_h=20 / 60))


@exercise("ch12-ex2", form="a pair (full, without): the synergy ratio with the full model and "
          "with ghs_pit_gain=0 and ghs_hyp_gain=0", kind="numbers", parts=("full", "without"),
          rel_tol=0.05,
          hint="ratio = extra GH of both / (extra GH of GHRH alone + extra GH of ipamorelin alone), "
          "each over the untreated run of the same seed, GH integrated from 1 h to 3 h.",
          vary={"ghs_ug_per_kg": _GHS},
          note="Use `gh_synergy_ratio(ghs_ug_per_kg=<your dose>)` (and the same with the two gains "
               "set to 0).",
          written=Written(2, "which term of the product was removed",
                          ("1: names $\\Delta B$ (the brake factor) as removed",
                           "1: explains what is left (competition for the store)")))
def _ch12_ex2(ghs_ug_per_kg):
    return (gh_synergy_ratio(ghs_ug_per_kg=ghs_ug_per_kg),
            gh_synergy_ratio(ghs_ug_per_kg=ghs_ug_per_kg, ghs_pit_gain=0.0, ghs_hyp_gain=0.0))


@exercise("ch12-ex3", form="a pair (without, with): pulses per 24 h with ghrh_noise_cv=0 and with "
          "the default variability", kind="numbers", parts=("without_noise", "with_noise"),
          unit="pulses/24 h", rel_tol=0.05,
          hint="average hs.pulse_analysis(..., start_h=24, sample_every_h=20/60).pulses_per_24h "
          "over seeds 0-3 for your hs.GHAxis(age=..., ghrh_noise_cv=...) simulated for 48 h.",
          vary={"age": Vary(30.0, 20.0, 60.0, 1.0, "the man's age", "years")},
          written=Written(3, "what generates the pulses; how to tell excitable from oscillating",
                          ("1: the surges generate the pulses",
                           "1: regular versus irregular intervals with a refractory minimum",
                           "1: a concrete test on data (interval histogram, dependence on the "
                           "last pulse)")))
def _ch12_ex3(age):
    return (gh_pulses_per_day(age=age, seeds=(0, 1, 2, 3), ghrh_noise_cv=0.0),
            gh_pulses_per_day(age=age, seeds=(0, 1, 2, 3)))


#: the GHRH(1-29) dose of exercises 4 and 5 (ug/kg)
_GHRH = Vary(1.0, 0.5, 2.0, 0.25, "GHRH(1-29) dose", "ug/kg")


@exercise("ch12-ex4", form="a pair (first 2 h, next 6 h): extra GH in ng*h/mL after the "
          "combination, over the untreated runs", kind="numbers", parts=("first_2h", "next_6h"),
          rel_tol=0.05, abs_tol=0.3,
          hint="IV GHRH(1-29) plus ipamorelin at 1 h in hs.GHAxis(age=30), seeds 0-2, 9-hour runs "
               "with and without the drugs; integrate the difference over 1-3 h and 3-9 h.",
          vary={"ghrh_ug_per_kg": _GHRH, "ghs_ug_per_kg": _GHS},
          note="Give GHRH(1-29) {ghrh_ug_per_kg:g} ug/kg and ipamorelin {ghs_ug_per_kg:g} ug/kg "
               "(your ipamorelin dose of exercise 2).",
          written=Written(4, "judge 'robust', 'sustained' and 'supports healthy ageing'",
                          ("1: computed pair and the contrast",
                           "1: \"robust\" supported for one episode (registry)",
                           "1: \"sustained\" not supported, with the mechanism",
                           "1: \"healthy ageing\" untested (registry)")))
def _ch12_ex4(ghrh_ug_per_kg, ghs_ug_per_kg):
    return combination_increments(ghrh_ug_per_kg=ghrh_ug_per_kg, ghs_ug_per_kg=ghs_ug_per_kg)


@exercise("ch12-ex5", form="a pair (ghrh_with_ipamorelin, ghrh_with_itself): synergy ratios from "
          "your own function", kind="numbers", parts=("ghrh_with_ipamorelin", "ghrh_with_itself"),
          rel_tol=0.05,
          hint="your function runs four arms (none, A, B, A+B) per seed, integrates GH from 1 h to "
               "3 h, averages over seeds 0-2 and returns (both - none)/((A - none) + (B - none)).",
          vary={"ghrh_ug_per_kg": _GHRH, "ghs_ug_per_kg": _GHS},
          note="Use (a) GHRH(1-29) {ghrh_ug_per_kg:g} ug/kg with ipamorelin {ghs_ug_per_kg:g} "
               "ug/kg, and (b) half your GHRH dose combined with another half of itself.",
          written=Written(3, "why the control is needed, and why its ratio is below 1",
                          ("1: a function whose results pass the self-check",
                           "1: explains the null control",
                           "1: explains the sub-additive ratio by saturation")))
def _ch12_ex5(ghrh_ug_per_kg, ghs_ug_per_kg):
    return (gh_synergy_ratio(ghrh_ug_per_kg=ghrh_ug_per_kg, ghs_ug_per_kg=ghs_ug_per_kg),
            same_drug_ratio(half_ug_per_kg=ghrh_ug_per_kg / 2))
