"""Chapter 12: GH pulsatility and peptide synergy.

Chapter file ``chapters/academic/12_gh_pulsatility.ipynb``; exercises ``ch12-ex1``, ``ch12-ex2``,
``ch12-ex3``.

Helpers only: the chapter's figures and solutions call them. The exercises' answer functions are
in the sealed answer key, :mod:`hormonesim.coursework.key.ch12_gh_pulsatility`.

Helpers the chapter's solutions call (also ``hs.checks.<name>``): :func:`gh_pulses_per_day`,
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
