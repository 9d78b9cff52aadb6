"""Model values for the female HPO model and the drugs for women.

The published numbers live in ``observations.csv``; this module only computes the model's value
of each, one function per observation id (:data:`COMPUTE`).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

@lru_cache(maxsize=None)
def _cycle_run():
    from ..engine import simulate
    from ..models.female_hpo import FemaleHPO
    return simulate(FemaleHPO(age=30, stage="premenopause"), duration="24w", seed=0)


def _phase_values(name: str, lo_day: float, hi_day: float) -> np.ndarray:
    """Values of ``name`` between lo_day and hi_day relative to each LH peak after day 20."""
    from ..models.female_hpo import lh_surges
    res = _cycle_run()
    peaks = [p for p in lh_surges(res) if p > 20 and p + hi_day <= res.t_days[-1]]
    out = [res[name][(res.t_days >= p + lo_day) & (res.t_days < p + hi_day)] for p in peaks]
    return np.concatenate(out)


def _cycle_length() -> float:
    from ..models.female_hpo import cycle_lengths
    return float(np.median(cycle_lengths(_cycle_run())))


def _peak_near_surge(name: str, lo: float, hi: float) -> float:
    from ..models.female_hpo import lh_surges
    res = _cycle_run()
    vals = [res[name][(res.t_days >= p + lo) & (res.t_days <= p + hi)].max()
            for p in lh_surges(res) if p > 20]
    return float(np.median(vals))


@lru_cache(maxsize=None)
def _post_baseline():
    from .. import engine as hs_engine, regimen as hs_regimen
    from ..models import female_hpo as hs_models
    return hs_engine.simulate(hs_models.FemaleHPO(age=55, stage="postmenopause"), duration="2w", seed=0)


def _patch_rise(ug_per_day: float) -> float:
    from .. import engine as hs_engine, regimen as hs_regimen
    from ..models import female_hpo as hs_models
    res = hs_engine.simulate(hs_models.FemaleHPO(age=55, stage="postmenopause"),
                      hs_regimen.dose("estradiol_patch", ug_per_day, "ug/day"), duration="84h")
    return float(res["estradiol"].max() - _post_baseline()["estradiol"][0])


def _oral_e2(what: str) -> float:
    from .. import engine as hs_engine, regimen as hs_regimen
    from ..models import female_hpo as hs_models
    res = hs_engine.simulate(hs_models.FemaleHPO(age=55, stage="postmenopause"),
                      hs_regimen.dose("estradiol_oral", 2, "mg"), duration="24h")
    e2 = res["estradiol"]
    if what == "tmax":
        return float(res.t_hours[int(np.argmax(e2))])
    return float(e2.max() - e2[0])


def _prometrium(mg: float) -> float:
    from .. import engine as hs_engine, regimen as hs_regimen
    from ..models import female_hpo as hs_models
    res = hs_engine.simulate(hs_models.FemaleHPO(age=55, stage="postmenopause"),
                      hs_regimen.dose("progesterone_oral", mg, "mg", every="1d"), duration="5d")
    last = res.t_hours >= 96
    return float(res["progesterone"][last].max() - res["progesterone"][0])


def _t_cream(mg: float) -> float:
    from .. import engine as hs_engine, regimen as hs_regimen
    from ..models import female_hpo as hs_models
    res = hs_engine.simulate(hs_models.FemaleHPO(age=59, stage="postmenopause"),
                      hs_regimen.dose("testosterone_female", mg, "mg", every="1d"), duration="21d")
    base = hs_engine.simulate(hs_models.FemaleHPO(age=59, stage="postmenopause"), duration="1d")
    return float(res["testosterone"][-24:].mean() - base["testosterone"][0])


def _irregularity() -> float:
    from .. import engine as hs_engine, regimen as hs_regimen
    from ..models import female_hpo as hs_models
    from ..models.female_hpo import cycle_lengths
    res = hs_engine.simulate(hs_models.FemaleHPO(age=48, stage="perimenopause"), duration="52w", seed=0)
    cl = cycle_lengths(res)
    if len(cl) < 2:
        return 365.0
    return float(np.max(np.abs(np.diff(cl))))


@lru_cache(maxsize=None)
def _oral_vs_patch_auc() -> float:
    """24-h E2 AUC above baseline: 2 mg oral once vs a 50 ug/day patch, at steady state."""
    from .. import engine as hs_engine, regimen as hs_regimen
    from ..models import female_hpo as hs_models
    woman = hs_models.FemaleHPO(age=55, stage="postmenopause")
    base = float(_post_baseline()["estradiol"][-1])
    out = []
    for plan in (hs_regimen.dose("estradiol_oral", 2, "mg", every="1d"),
                 hs_regimen.dose("estradiol_patch", 50, "ug/day")):
        res = hs_engine.simulate(woman, plan, duration="10d")
        w = res.t_hours >= 9 * 24
        out.append(float(np.mean(res["estradiol"][w]) - base))
    return out[0] / out[1]


#: observation id -> function computing the model's value (same unit as the table)
COMPUTE = {
    "cycle_length": _cycle_length,
    "e2_ovulatory_peak": lambda: _peak_near_surge("estradiol", -3, 1),
    "lh_surge_peak": lambda: _peak_near_surge("lh", -1, 1),
    "luteal_p4": lambda: _peak_near_surge("progesterone", 2, 12),
    "follicular_e2": lambda: float(np.median(_phase_values("estradiol", -12, -2))),
    "luteal_e2": lambda: float(np.median(_phase_values("estradiol", 3, 11))),
    "follicular_lh": lambda: float(np.median(_phase_values("lh", -12, -2))),
    "luteal_lh": lambda: float(np.median(_phase_values("lh", 3, 11))),
    "women_testosterone": lambda: float(np.mean(_cycle_run()["testosterone"])),
    "postmenopausal_e2": lambda: float(_post_baseline()["estradiol"][-1]),
    "postmenopausal_fsh": lambda: float(_post_baseline()["fsh"][-1]),
    "perimenopause_irregularity": _irregularity,
    "patch_50": lambda: _patch_rise(50),
    "oral_e2_rise": lambda: _oral_e2("rise"),
    "oral_e2_tmax": lambda: _oral_e2("tmax"),
    "oral_vs_patch_auc": _oral_vs_patch_auc,
    "prometrium_100": lambda: _prometrium(100),
    "testosterone_cream_5mg": lambda: _t_cream(5),
    "testosterone_cream_10mg": lambda: _t_cream(10),
}
