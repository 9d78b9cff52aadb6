"""Chapter 12: GH pulsatility and peptide synergy.

Exercises of ``chapters/academic/12_gh_pulsatility.ipynb``: ``ch12-ex1`` ... ``ch12-ex5``.

Helpers only: the chapter's figures and solutions may call them. The exercises' answer
functions are in the sealed answer key, :mod:`hormonesim.coursework.key.ch12_gh_pulsatility`.

Helpers for the chapter (also reachable as ``hs.checks.<name>``): :func:`gh_pulses_per_day`,
:func:`gh_synergy_ratio`.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ... import DRUGS, GHAxis, dose, pulse_analysis, simulate
from ...drugs.peptides import intravenous


def gh_pulses_per_day(age: float = 30.0, seeds: Sequence[int] = (0,), sample_every_h: float = 1 / 3,
                      **model_kw) -> float:
    """Mean pulses per 24 h on the second simulated day of GHAxis(age, **model_kw)."""
    model = GHAxis(age=age, **model_kw)
    return float(np.mean([pulse_analysis(simulate(model, duration="48h", seed=s), start_h=24.0,
                                         sample_every_h=sample_every_h).pulses_per_24h
                          for s in seeds]))


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


def same_drug_ratio(seeds: Sequence[int] = (0, 1, 2), half_ug_per_kg: float = 0.5) -> float:
    """The synergy ratio of GHRH(1-29) ``half_ug_per_kg`` (0.5 ug/kg in the book) combined with
    another ``half_ug_per_kg`` of itself."""
    model = GHAxis(age=30.0)
    half = dose(intravenous(DRUGS["sermorelin"]), half_ug_per_kg * model.weight_kg, "ug", start="1h")
    auc = {}
    for name, plan in (("none", None), ("a", half), ("both", half + half)):
        values = []
        for seed in seeds:
            res = simulate(model, plan, duration="3h", seed=seed)
            w = res.t_hours >= 1.0
            values.append(np.trapezoid(res["gh"][w], res.t_hours[w]))
        auc[name] = float(np.mean(values))
    return (auc["both"] - auc["none"]) / (2 * (auc["a"] - auc["none"]))
