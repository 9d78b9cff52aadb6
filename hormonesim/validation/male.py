"""Model values for the male HPG axis (:class:`hormonesim.MaleHPG`) and its drugs.

The published numbers live in ``observations.csv``; this module only knows how to compute the
same quantity from a simulation, one function per observation id (:data:`COMPUTE`). Each
function simulates the study the way it was done (dose, timing, population as far as the model
can represent it).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

_SEEDS = tuple(range(4))


def _man(**kw):
    from ..models.male_hpg import MaleHPG
    return MaleHPG(**kw)


def _sim(model, plan=None, duration="4d", resolution="mean", seed=0, record_every=None):
    from ..engine import simulate
    return simulate(model, plan, duration=duration, seed=seed, resolution=resolution,
                    record_every=record_every)


def _dose(*args, **kw):
    from ..regimen import dose
    return dose(*args, **kw)


# --------------------------------------------------------------------------- untreated man
@lru_cache(maxsize=None)
def baseline(age: float = 30.0, bmi: float = 23.0) -> dict:
    """Daily means (days 1-3) of the untreated man, pulse-averaged resolution."""
    res = _sim(_man(age=age, bmi=bmi), duration="4d", record_every="1h")
    w = res.t_hours >= 24
    return {k: float(res[k][w].mean()) for k in ("testosterone", "lh", "fsh", "estradiol",
                                                 "free_testosterone")}


@lru_cache(maxsize=None)
def lh_pulses_detected_per_24h() -> float:
    """LH pulses found by :func:`hormonesim.pulse_analysis` (6-min samples, assay CV 3%)."""
    from ..pulses import pulse_analysis
    counts = []
    for s in _SEEDS:
        res = _sim(_man(age=30.0, bmi=23.0), duration="2d", resolution="pulse", seed=s,
                   record_every="6min")
        counts.append(pulse_analysis(res, "lh", start_h=24.0, assay_cv=0.03, assay_sd_floor=0.02,
                                     n_sd=2.0).pulses_per_24h)
    return float(np.mean(counts))


@lru_cache(maxsize=None)
def circadian_profile() -> tuple[np.ndarray, np.ndarray]:
    """Mean total T (ng/dL) by clock hour over days 2-4, man of 35 (pulse resolution, 4 seeds)."""
    clocks, values = None, []
    for s in _SEEDS:
        res = _sim(_man(age=35.0, bmi=25.0), duration="4d", resolution="pulse", seed=s,
                   record_every="30min")
        w = res.t_hours >= 24
        t = np.round(res.t_hours[w] % 24, 3)
        clocks = np.unique(t)
        values.append([res["testosterone"][w][t == c].mean() for c in clocks])
    return clocks, np.mean(values, axis=0)


def t_ratio_16_vs_08() -> float:
    clocks, v = circadian_profile()
    return float(v[clocks == 16.0][0] / v[clocks == 8.0][0])


def t_acrophase_clock_h() -> float:
    clocks, v = circadian_profile()
    return float(clocks[np.argmax(v)])


@lru_cache(maxsize=None)
def t_peak_to_nadir_fall_pct() -> float:
    """Smallest peak-to-nadir fall of total T over day 2 (30-min samples) across 4 seeds (%)."""
    falls = []
    for s in _SEEDS:
        res = _sim(_man(age=30.0, bmi=24.0), duration="2d", resolution="pulse", seed=s,
                   record_every="30min")
        v = res["testosterone"][res.t_hours >= 24]
        falls.append(100 * (1 - v.min() / v.max()))
    return float(np.min(falls))


# ----------------------------------------------------------- testosterone enanthate, hCG
@lru_cache(maxsize=None)
def coviello(hcg_iu: float = 0.0) -> dict:
    """TE 200 mg IM weekly for 3 weeks (+ hCG every other day): week-3 means relative to baseline."""
    man = _man(age=30.0, bmi=25.0)
    plan = _dose("testosterone_enanthate", 200, "mg", every="7d")
    if hcg_iu:
        plan = plan + _dose("hcg", hcg_iu, "IU", every="2d")
    base = _sim(man, duration="4d", record_every="1h")
    res = _sim(man, plan, duration="21d", record_every="1h")
    wb, wt = base.t_hours >= 24, res.t_hours >= 14 * 24
    return {k: float(res[k][wt].mean() / base[k][wb].mean())
            for k in ("lh", "fsh", "testosterone", "leydig_secretion")}


# ------------------------------------------------------------- single-dose depot kinetics
@lru_cache(maxsize=None)
def te250_single() -> dict:
    """TE 250 mg IM once in a man with no own production (label population: hypogonadal men)."""
    res = _sim(_man(gnrh_pulse_generator=False), _dose("testosterone_enanthate", 250, "mg"),
               duration="30d", record_every="2h")
    t, d = res["testosterone"], res.t_days
    return {"cmax": float(t.max()), "tmax_d": float(d[np.argmax(t)]),
            "days_above_200": float(d[t >= 200].max())}


@lru_cache(maxsize=None)
def tc200_single() -> dict:
    """TC 200 mg IM once in a hypogonadal man (age 55, Leydig capacity 35% of typical)."""
    man = _man(age=55.0, bmi=28.0, leydig_scale=0.35)
    res = _sim(man, _dose("testosterone_cypionate", 200, "mg"), duration="21d", record_every="2h")
    d = res.t_days
    out = {}
    for k in ("testosterone", "free_testosterone", "estradiol"):
        v = res[k]
        out[k + "_ratio"] = float(v.max() / v[0])
    out["peak_day"] = float(d[np.argmax(res["testosterone"])])
    out["day13_ratio"] = float(res["testosterone"][np.argmin(abs(d - 13))] / res["testosterone"][0])
    return out


# ------------------------------------------------------------------- anastrozole in men
def _matched_man(age: float, bmi: float, t_base: float):
    """A man of the study's age and BMI whose Leydig capacity gives the study's baseline T."""
    from scipy.optimize import brentq

    def gap(scale):
        res = _sim(_man(age=age, bmi=bmi, leydig_scale=scale), duration="4d", record_every="1h")
        return float(res["testosterone"][res.t_hours >= 24].mean()) - t_base
    return _man(age=age, bmi=bmi, leydig_scale=brentq(gap, 0.1, 2.9, xtol=1e-3))


@lru_cache(maxsize=None)
def anastrozole_trial(age: float, bmi: float, t_base: float, mg: float, every: str,
                      weeks: int) -> dict:
    """Anastrozole ``mg`` every ``every`` for ``weeks`` weeks: last-fortnight means / baseline."""
    man = _matched_man(age, bmi, t_base)
    base = _sim(man, duration="4d", record_every="2h")
    res = _sim(man, _dose("anastrozole", mg, "mg", every=every), duration=f"{weeks}w",
               record_every="6h")
    wb, wt = base.t_hours >= 24, res.t_days >= 7 * weeks - 14
    return {k: float(res[k][wt].mean() / base[k][wb].mean())
            for k in ("testosterone", "estradiol", "lh", "free_testosterone")}


@lru_cache(maxsize=None)
def burnett_bowie() -> dict:
    """Anastrozole 1 mg daily for 12 weeks in a man of 68 with low-normal T (held-out data).

    Model man: age 68, BMI 28, Leydig capacity 75% (chapter 5's exercise uses the same man).
    """
    man = _man(age=68.0, bmi=28.0, leydig_scale=0.75)
    base = _sim(man, duration="4d", record_every="2h")
    res = _sim(man, _dose("anastrozole", 1, "mg", every="1d"), duration="12w", record_every="6h")
    wb, wt = base.t_hours >= 24, res.t_days >= 70
    return {"t_base": float(base["testosterone"][wb].mean()),
            "e2_base": float(base["estradiol"][wb].mean()),
            "t_ratio": float(res["testosterone"][wt].mean() / base["testosterone"][wb].mean()),
            "e2_ratio": float(res["estradiol"][wt].mean() / base["estradiol"][wb].mean())}


@lru_cache(maxsize=None)
def mauras_e2_ratio() -> float:
    """Anastrozole 1 mg daily for 10 days in a young man (age 18, the model's youngest)."""
    man = _man(age=18.0, bmi=22.0)
    base = _sim(man, duration="4d", record_every="2h")
    res = _sim(man, _dose("anastrozole", 1, "mg", every="1d"), duration="10d", record_every="2h")
    return float(res["estradiol"][res.t_days >= 9].mean()
                 / base["estradiol"][base.t_hours >= 24].mean())


# ------------------------------------------------------ graded enanthate doses (Bhasin 2001)
@lru_cache(maxsize=None)
def bhasin_nadir(mg_per_week: float) -> float:
    """Nadir T (mean of the last half-day before weeks 12-14 injections), no own GnRH."""
    res = _sim(_man(age=27.0, bmi=25.0, gnrh_pulse_generator=False),
               _dose("testosterone_enanthate", mg_per_week, "mg", every="7d"), duration="15w",
               record_every="2h")
    d, t = res.t_days, res["testosterone"]
    return float(np.mean([t[(d >= k * 7 - 0.5) & (d < k * 7)].mean() for k in (12, 13, 14)]))


# ------------------------------------------------------------------------ testosterone gel
@lru_cache(maxsize=None)
def gel_profile(mg: float) -> dict:
    """Daily gel in a man with no own production: day-9 mean, min, max; day reaching 90%."""
    res = _sim(_man(age=50.0, bmi=27.0, gnrh_pulse_generator=False),
               _dose("testosterone_gel", mg, "mg", every="1d", start="8h"), duration="10d",
               record_every="1h")
    t, h = res["testosterone"], res.t_hours
    day9 = t[(h >= 8 + 8 * 24) & (h < 8 + 9 * 24)]
    daily = [t[(h >= 8 + 24 * k) & (h < 8 + 24 * (k + 1))].mean() for k in range(9)]
    reach = next(24 * (k + 1) for k, v in enumerate(daily) if v >= 0.9 * day9.mean())
    return {"mean": float(day9.mean()), "min": float(day9.min()), "max": float(day9.max()),
            "hours_to_steady": float(reach)}


@lru_cache(maxsize=None)
def goserelin_gel(mg_per_day: float) -> float:
    """Mean T on daily gel in a man whose own GnRH drive is removed (goserelin stand-in), weeks 2-3."""
    man = _man(age=35.0, bmi=27.0, gnrh_pulse_generator=False)
    plan = _dose("testosterone_gel", mg_per_day, "mg", every="1d", start="8h") if mg_per_day else None
    res = _sim(man, plan, duration="21d", record_every="1h")
    return float(res["testosterone"][res.t_days >= 14].mean())


@lru_cache(maxsize=None)
def untreated(age: float, bmi: float) -> dict:
    """Daily means (days 1-3) of an untreated man of this age and BMI."""
    res = _sim(_man(age=age, bmi=bmi), duration="4d", record_every="1h")
    w = res.t_hours >= 24
    return {k: float(res[k][w].mean()) for k in ("testosterone", "free_testosterone", "shbg")}


# --------------------------------------------------------- gonadorelin pattern (Belchetz)
def _gonadorelin_lh(plan, own: bool = False, days: int = 5) -> float:
    res = _sim(_man(gnrh_pulse_generator=own), plan, duration=f"{days}d", resolution="pulse",
               record_every="20min")
    return float(res["lh"][res.t_days >= days - 2].mean())


@lru_cache(maxsize=None)
def gonadorelin_contrast(continuous_ug_per_day: float) -> float:
    """LH on continuous gonadorelin / LH on 5 ug every 90 min (days 3-5), no own GnRH."""
    from ..regimen import infusion
    return (_gonadorelin_lh(infusion("gonadorelin", continuous_ug_per_day, "ug/day"))
            / _gonadorelin_lh(_dose("gonadorelin", 5, "ug", every="90min")))


@lru_cache(maxsize=None)
def pump_restores_lh() -> float:
    """LH on a 5 ug/90 min pump in a man without GnRH, relative to an intact man's LH."""
    return _gonadorelin_lh(_dose("gonadorelin", 5, "ug", every="90min")) / _gonadorelin_lh(None, True)


@lru_cache(maxsize=None)
def continuous_on_top_of_own_pulses() -> float:
    """LH on days 6-7 of continuous gonadorelin (800 ug/day) in an intact man / his own LH."""
    from ..regimen import infusion
    return (_gonadorelin_lh(infusion("gonadorelin", 800, "ug/day"), True, 7)
            / _gonadorelin_lh(None, True, 7))


@lru_cache(maxsize=None)
def _drug_tmax_h(drug_id: str, amount: float, unit: str, hours: float, step: str) -> float:
    res = _sim(_man(gnrh_pulse_generator=False), _dose(drug_id, amount, unit),
               duration=f"{hours}h", resolution="pulse", record_every=step)
    return float(res.t_hours[np.argmax(res[drug_id])])


#: observation id -> function computing the model's value (same unit as the table)
COMPUTE = {
    "male_total_t_young": lambda: baseline()["testosterone"],
    "male_e2_young": lambda: baseline()["estradiol"],
    "male_lh_pulses_detected": lh_pulses_detected_per_24h,
    "male_t_circadian_1600_vs_0800": t_ratio_16_vs_08,
    "male_t_acrophase": t_acrophase_clock_h,
    "male_t_peak_to_nadir": t_peak_to_nadir_fall_pct,
    "male_lh_suppression_te": lambda: 100 * coviello()["lh"],
    "male_fsh_suppression_te": lambda: 100 * coviello()["fsh"],
    "male_hcg125_leydig": lambda: coviello(125.0)["leydig_secretion"],
    "male_hcg250_leydig": lambda: coviello(250.0)["leydig_secretion"],
    "male_hcg500_leydig": lambda: coviello(500.0)["leydig_secretion"],
    "male_tc200_peak_ratio": lambda: tc200_single()["testosterone_ratio"],
    "male_tc200_peak_day": lambda: tc200_single()["peak_day"],
    "male_tc200_free_t_ratio": lambda: tc200_single()["free_testosterone_ratio"],
    "male_tc200_e2_ratio": lambda: tc200_single()["estradiol_ratio"],
    "male_tc200_day13": lambda: tc200_single()["day13_ratio"],
    "pk_te250_cmax": lambda: te250_single()["cmax"],
    "pk_te250_tmax": lambda: te250_single()["tmax_d"],
    "pk_te250_days_above_200": lambda: te250_single()["days_above_200"],
    "male_te125_nadir": lambda: bhasin_nadir(125.0),
    "male_te300_nadir": lambda: bhasin_nadir(300.0),
    "male_te600_nadir": lambda: bhasin_nadir(600.0),
    "pk_gel50_cavg": lambda: gel_profile(50.0)["mean"],
    "pk_gel50_daily_min": lambda: gel_profile(50.0)["min"],
    "pk_gel50_daily_max": lambda: gel_profile(50.0)["max"],
    "pk_gel_steady_state": lambda: gel_profile(50.0)["hours_to_steady"],
    "pk_gel_goserelin_12mg": lambda: goserelin_gel(12.5),
    "pk_gel_goserelin_25mg": lambda: goserelin_gel(25.0),
    "male_goserelin_residual_t": lambda: goserelin_gel(0.0),
    "male_t_young_coviello": lambda: untreated(27.0, 25.0)["testosterone"],
    "male_t_older_coviello": lambda: untreated(67.0, 27.0)["testosterone"],
    "male_shbg_young": lambda: untreated(27.0, 25.0)["shbg"],
    "male_shbg_older": lambda: untreated(67.0, 27.0)["shbg"],
    "male_free_t_young": lambda: untreated(27.0, 25.0)["free_testosterone"] / 10.0,
    "male_free_t_older": lambda: untreated(67.0, 27.0)["free_testosterone"] / 10.0,
    "male_anastrozole_leder_t": lambda: anastrozole_trial(68.0, 28.0, 343.0, 1.0, "1d", 12)["testosterone"],
    "male_anastrozole_leder_e2": lambda: anastrozole_trial(68.0, 28.0, 343.0, 1.0, "1d", 12)["estradiol"],
    "male_anastrozole_leder_lh": lambda: anastrozole_trial(68.0, 28.0, 343.0, 1.0, "1d", 12)["lh"],
    "male_anastrozole_leder_bioavailable_fraction": lambda: (
        anastrozole_trial(68.0, 28.0, 343.0, 1.0, "1d", 12)["free_testosterone"]
        / anastrozole_trial(68.0, 28.0, 343.0, 1.0, "1d", 12)["testosterone"]),
    "male_anastrozole_twice_weekly_t": lambda: anastrozole_trial(68.0, 28.0, 397.0, 1.0, "3.5d", 12)["testosterone"],
    "male_anastrozole_twice_weekly_e2": lambda: anastrozole_trial(68.0, 28.0, 397.0, 1.0, "3.5d", 12)["estradiol"],
    "male_anastrozole_t_rise": lambda: burnett_bowie()["t_ratio"],
    "male_anastrozole_e2_change": lambda: burnett_bowie()["e2_ratio"],
    "male_anastrozole_young_e2": mauras_e2_ratio,
    "male_continuous_gnrh_lh": lambda: gonadorelin_contrast(800.0),
    "male_continuous_gnrh_equal_amount": lambda: gonadorelin_contrast(80.0),
    "male_gnrh_pump_restores_lh": pump_restores_lh,
    "male_continuous_gnrh_intact_man": continuous_on_top_of_own_pulses,
    "pk_gonadorelin_tmax": lambda: 60 * _drug_tmax_h("gonadorelin", 10, "ug", 2, "2min"),
    "pk_hcg_tmax": lambda: _drug_tmax_h("hcg", 5000, "IU", 72, "1h"),
}
