"""Chapter 12 exercise answers: GH pulsatility and peptide synergy.

Exercises of ``chapters/academic/12_gh_pulsatility.ipynb``: ``ch12-ex1`` ... ``ch12-ex5``.

Each ``@exercise`` function computes the expected answer from the model when a check first
needs it; the chapter's solution cells show the reader the same computation.

Helpers for the chapter (also reachable as ``hs.checks.<name>``): :func:`gh_pulses_per_day`,
:func:`gh_synergy_ratio`.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ... import DRUGS, GHAxis, dose, pulse_analysis, simulate
from ...drugs.peptides import intravenous
from ..checks import exercise


def gh_pulses_per_day(age: float = 30.0, seeds: Sequence[int] = (0,), sample_every_h: float = 1 / 3,
                      **model_kw) -> float:
    """Mean pulses per 24 h on the second simulated day of GHAxis(age, **model_kw)."""
    model = GHAxis(age=age, **model_kw)
    return float(np.mean([pulse_analysis(simulate(model, duration="48h", seed=s), start_h=24.0,
                                         sample_every_h=sample_every_h).pulses_per_24h
                          for s in seeds]))


@exercise("ch12-ex1", form="a pair of whole numbers (every 5 min, every 20 min): pulses found on "
          "day 2", kind="numbers", parts=("every_5_min", "every_20_min"), unit="pulses",
          rel_tol=0.0, abs_tol=0.0,
          hint="hs.pulse_analysis(res, start_h=24, sample_every_h=5/60) and 20/60 on "
          "hs.simulate(hs.GHAxis(age=30), duration='48h', seed=0); read .count.")
def _ch12_ex1():
    return (gh_pulses_per_day(sample_every_h=5 / 60), gh_pulses_per_day(sample_every_h=20 / 60))


def gh_synergy_ratio(seeds: Sequence[int] = (0, 1, 2), ghrh_ug_per_kg: float = 1.0,
                     ghs_ug_per_kg: float = 3.0, **model_kw) -> float:
    """Extra GH (2 h) of IV GHRH(1-29) + ipamorelin over the sum of each alone, mean of seeds."""
    model = GHAxis(age=30.0, **model_kw)
    ghrh = dose(intravenous(DRUGS["sermorelin"]), ghrh_ug_per_kg * model.weight_kg, "ug",
                start="1h")
    ghs = dose(intravenous(DRUGS["ipamorelin"]), ghs_ug_per_kg * model.weight_kg, "ug",
               start="1h")
    auc = {}
    for name, plan in (("none", None), ("ghrh", ghrh), ("ghs", ghs), ("both", ghrh + ghs)):
        values = []
        for seed in seeds:
            res = simulate(model, plan, duration="3h", seed=seed)
            w = res.t_hours >= 1.0
            values.append(np.trapezoid(res["gh"][w], res.t_hours[w]))
        auc[name] = float(np.mean(values))
    return (auc["both"] - auc["none"]) / ((auc["ghrh"] - auc["none"]) + (auc["ghs"] - auc["none"]))


@exercise("ch12-ex2", form="a pair (full, without): the synergy ratio with the full model and "
          "with ghs_pit_gain=0 and ghs_hyp_gain=0", kind="numbers", parts=("full", "without"),
          rel_tol=0.05,
          hint="ratio = extra GH of both / (extra GH of GHRH alone + extra GH of ipamorelin alone), "
          "each over the untreated run of the same seed, GH integrated from 1 h to 3 h.")
def _ch12_ex2():
    return (gh_synergy_ratio(), gh_synergy_ratio(ghs_pit_gain=0.0, ghs_hyp_gain=0.0))


@exercise("ch12-ex3", form="a pair (without, with): pulses per 24 h with ghrh_noise_cv=0 and with "
          "the default variability", kind="numbers", parts=("without_noise", "with_noise"),
          unit="pulses/24 h", rel_tol=0.05,
          hint="average hs.pulse_analysis(..., start_h=24, sample_every_h=20/60).pulses_per_24h "
          "over seeds 0-3 for hs.GHAxis(age=30, ghrh_noise_cv=...) simulated for 48 h.")
def _ch12_ex3():
    return (gh_pulses_per_day(seeds=(0, 1, 2, 3), ghrh_noise_cv=0.0),
            gh_pulses_per_day(seeds=(0, 1, 2, 3)))


def combination_increments(seeds: Sequence[int] = (0, 1, 2), ghrh_ug_per_kg: float = 1.0,
                           ghs_ug_per_kg: float = 3.0) -> tuple[float, float]:
    """Extra GH (ng*h/mL, mean of seeds) after IV GHRH(1-29) plus ipamorelin at 1 h, over the
    untreated run of the same seed: in the first 2 h after the dose, and from 2 h to 8 h after."""
    model = GHAxis(age=30.0)
    plan = (dose(intravenous(DRUGS["sermorelin"]), ghrh_ug_per_kg * model.weight_kg, "ug",
                 start="1h")
            + dose(intravenous(DRUGS["ipamorelin"]), ghs_ug_per_kg * model.weight_kg, "ug",
                   start="1h"))
    early, late = [], []
    for seed in seeds:
        both = simulate(model, plan, duration="9h", seed=seed)
        none = simulate(model, None, duration="9h", seed=seed)
        t = both.t_hours
        for window, out in (((1.0, 3.0), early), ((3.0, 9.0), late)):
            w = (t >= window[0]) & (t <= window[1])
            out.append(np.trapezoid(both["gh"][w] - none["gh"][w], t[w]))
    return (float(np.mean(early)), float(np.mean(late)))


@exercise("ch12-ex4", form="a pair (first 2 h, next 6 h): extra GH in ng*h/mL after the "
          "combination, over the untreated runs", kind="numbers", parts=("first_2h", "next_6h"),
          rel_tol=0.05, abs_tol=0.3,
          hint="IV GHRH(1-29) 1 ug/kg plus ipamorelin 3 ug/kg at 1 h in hs.GHAxis(age=30), seeds "
               "0-2, 9-hour runs with and without the drugs; integrate the difference over 1-3 h "
               "and 3-9 h.")
def _ch12_ex4():
    return combination_increments()


def same_drug_ratio(seeds: Sequence[int] = (0, 1, 2)) -> float:
    """The synergy ratio of GHRH(1-29) 0.5 ug/kg combined with another 0.5 ug/kg of itself."""
    model = GHAxis(age=30.0)
    half = dose(intravenous(DRUGS["sermorelin"]), 0.5 * model.weight_kg, "ug", start="1h")
    auc = {}
    for name, plan in (("none", None), ("a", half), ("both", half + half)):
        values = []
        for seed in seeds:
            res = simulate(model, plan, duration="3h", seed=seed)
            w = res.t_hours >= 1.0
            values.append(np.trapezoid(res["gh"][w], res.t_hours[w]))
        auc[name] = float(np.mean(values))
    return (auc["both"] - auc["none"]) / (2 * (auc["a"] - auc["none"]))


@exercise("ch12-ex5", form="a pair (ghrh_with_ipamorelin, ghrh_with_itself): synergy ratios from "
          "your own function", kind="numbers", parts=("ghrh_with_ipamorelin", "ghrh_with_itself"),
          rel_tol=0.05,
          hint="your function runs four arms (none, A, B, A+B) per seed, integrates GH from 1 h to "
               "3 h, averages over seeds 0-2 and returns (both - none)/((A - none) + (B - none)).")
def _ch12_ex5():
    return (gh_synergy_ratio(), same_drug_ratio())
