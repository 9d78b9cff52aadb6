"""Validation observations for the GH axis (:class:`hormonesim.GHAxis`) and its peptides.

Each observation is simulated the way the study was done (intravenous bolus or 15-min
infusion in the morning, 20-min sampling for pulse counts, the study's age) and averaged over
several seeds, because the model's pulses are random like a person's. ``calibrated=True`` marks
the observations a parameter was tuned to; the others are checks the model was not fitted on.
Notes starting with "Known gap" mark observations the model does not reproduce; they stay on
the page so readers see where the model stops.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

_SEEDS = tuple(range(8))
_MW_IPAMORELIN = 711.9  # g/mol [gobburu1999]


def _model(**kw):
    from ..models.gh_axis import GHAxis
    return GHAxis(**kw)


def _iv(drug_id: str):
    from ..drugs import DRUGS
    from ..drugs.peptides import intravenous
    return intravenous(DRUGS[drug_id])


def _window_response(model, plan, start_h: float, window_h: float) -> tuple[float, float, float]:
    """Mean over seeds of peak GH (ng/mL), GH AUC (ng/mL x h) and time of peak (h after
    ``start_h``) in ``[start_h, start_h + window_h]``."""
    from ..engine import simulate
    out = []
    for seed in _SEEDS:
        res = simulate(model, plan, duration=f"{start_h + window_h}h", seed=seed)
        t, gh = res.t_hours, res["gh"]
        w = t >= start_h
        out.append((gh[w].max(), float(np.trapezoid(gh[w], t[w])), t[w][np.argmax(gh[w])] - start_h))
    return tuple(np.mean(out, axis=0))


@lru_cache(maxsize=None)
def pulse_frequency_per_24h(age: float = 33.0) -> float:
    """Mean GH pulses per 24 h (second simulated day, 20-min sampling, Cluster-like method)."""
    from ..engine import simulate
    from ..pulses import pulse_analysis
    counts = [pulse_analysis(simulate(_model(age=age), duration="48h", seed=s), start_h=24.0,
                             sample_every_h=20 / 60).pulses_per_24h for s in _SEEDS]
    return float(np.mean(counts))


@lru_cache(maxsize=None)
def daily_secretion_ug(age: float) -> float:
    """Mean GH secretion (ug per 24 h) over the second simulated day."""
    from ..engine import simulate
    m = _model(age=age)
    values = []
    for s in _SEEDS:
        res = simulate(m, duration="48h", seed=s)
        t, sec = res.t_hours, res["gh_secretion"]
        w = t >= 24.0
        values.append(float(np.trapezoid(sec[w], t[w])))
    return float(np.mean(values))


def secretion_decline_per_decade() -> float:
    """Fractional fall of daily GH secretion per decade between 25 and 70 years."""
    ratio = daily_secretion_ug(70.0) / daily_secretion_ug(25.0)
    return 1.0 - ratio ** (1 / 4.5)


@lru_cache(maxsize=None)
def ghrh_iv_response(dose_ug_per_kg: float, age: float = 31.0) -> tuple[float, float, float]:
    """Peak GH, AUC over 3 h and peak time after an IV bolus of GHRH(1-29) at 09:00."""
    from ..regimen import dose
    m = _model(age=age)
    plan = dose(_iv("sermorelin"), dose_ug_per_kg * m.weight_kg, "ug", start="1h")
    return _window_response(m, plan, 1.0, 3.0)


@lru_cache(maxsize=None)
def ipamorelin_infusion_response(nmol_per_kg: float) -> tuple[float, float, float]:
    """Peak GH, AUC over 6 h and peak time (from the start) of a 15-min IV infusion."""
    from ..regimen import infusion
    m = _model(age=30.0)
    mg = nmol_per_kg * m.weight_kg * _MW_IPAMORELIN * 1e-6
    plan = infusion(_iv("ipamorelin"), mg * 4.0, "mg/h", start="1h", stop="1.25h")
    return _window_response(m, plan, 1.0, 6.0)


_GOBBURU_DOSES = (4.21, 14.02, 42.13, 84.27, 140.45)  # nmol/kg over 15 min [gobburu1999]


def ipamorelin_peak_time_h() -> float:
    """Mean time of the GH peak over Gobburu's five doses (h from the start of infusion)."""
    return float(np.mean([ipamorelin_infusion_response(d)[2] for d in _GOBBURU_DOSES]))


@lru_cache(maxsize=None)
def synergy_ratio(age: float = 25.0) -> float:
    """GH AUC increment (2 h) of GHRH + ipamorelin (1 ug/kg each, IV) over the sum of the
    increments of each alone (> 1 means more than additive)."""
    from ..regimen import dose
    m = _model(age=age)
    amount = 1.0 * m.weight_kg
    ghrh = dose(_iv("sermorelin"), amount, "ug", start="1h")
    ghs = dose(_iv("ipamorelin"), amount, "ug", start="1h")
    base = _window_response(m, None, 1.0, 2.0)[1]
    a = _window_response(m, ghrh, 1.0, 2.0)[1] - base
    b = _window_response(m, ghs, 1.0, 2.0)[1] - base
    both = _window_response(m, ghrh + ghs, 1.0, 2.0)[1] - base
    return both / (a + b)


@lru_cache(maxsize=None)
def apparent_decline_half_life_min() -> float:
    """Half-life (min) of the fall of GH after the peak of a GHRH(1-29) 1 ug/kg IV bolus.

    A log-linear fit from 30 to 90 min after the peak (20-min steps as in the study design), mean
    over seeds: what a study measuring endogenous GH after GHRH sees, which mixes clearance with
    the tail of secretion, so it is not the model's clearance parameter read back.
    """
    from ..engine import simulate
    from ..regimen import dose
    m = _model(age=25.0)
    plan = dose(_iv("sermorelin"), 1.0 * m.weight_kg, "ug", start="1h")
    values = []
    for seed in _SEEDS:
        res = simulate(m, plan, duration="4h", seed=seed)
        t, gh = res.t_hours, res["gh"]
        w = t >= 1.0
        tp = t[w][np.argmax(gh[w])]
        sel = (t >= tp + 0.5) & (t <= tp + 1.5)
        slope = np.polyfit(t[sel], np.log(gh[sel]), 1)[0]
        values.append(math.log(2) / -slope * 60.0)
    return float(np.mean(values))


#: observation id -> function computing the model's value (same unit as the table)
COMPUTE = {
    "gh_decline_half_life": apparent_decline_half_life_min,
    "gh_pulse_frequency": pulse_frequency_per_24h,
    "ghrh_iv_peak": lambda: ghrh_iv_response(1.0)[0],
    "ghrh_iv_plateau": lambda: ghrh_iv_response(1.0)[1] / ghrh_iv_response(7.5)[1],
    "ipamorelin_peak_time": ipamorelin_peak_time_h,
    "gh_age_decline": secretion_decline_per_decade,
    "gh_synergy": synergy_ratio,
    "gh_daily_secretion_young": lambda: daily_secretion_ug(18.0),
}
