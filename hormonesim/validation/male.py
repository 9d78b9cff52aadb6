"""Validation observations for the male HPG axis (:class:`hormonesim.MaleHPG`) and its drugs.

Each observation is simulated the way the study was done (the study's dose, timing and
population as far as the model can represent it) and compared with the published number.
``calibrated=True`` marks observations a parameter was fitted to; the others are checks the
model was not tuned on. As the project requires, men's responses to aromatase inhibitors,
weekly enanthate dose-response and pulsatile GnRH therapy outcomes were never used for fitting:
the anastrozole-in-men and gonadorelin observations below are out-of-sample checks.
Notes starting with "Known gap" mark observations the model does not reproduce; they stay on the
page (and the tests mark them as expected failures) so readers see where the model stops.
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
def gnrh_pulses_per_24h() -> float:
    """GnRH pulses per 24 h fired by the generator (second day, every 2-min step, 4 seeds)."""
    counts = []
    for s in _SEEDS:
        res = _sim(_man(age=30.0, bmi=23.0), duration="2d", resolution="pulse", seed=s,
                   record_every="2min")
        g = res["gnrh"][res.t_hours >= 24]
        counts.append(int(np.sum(g[1:] > 1.5 * g[:-1] + 0.5)))
    return float(np.mean(counts))


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
@lru_cache(maxsize=None)
def burnett_bowie() -> dict:
    """Anastrozole 1 mg daily for 12 weeks in a man of 68 with low-normal T (held-out data)."""
    man = _man(age=68.0, bmi=28.0, leydig_scale=0.75)
    base = _sim(man, duration="4d", record_every="2h")
    res = _sim(man, _dose("anastrozole", 1, "mg", every="1d"), duration="12w", record_every="6h")
    wb, wt = base.t_hours >= 24, res.t_days >= 70
    return {"t_base": float(base["testosterone"][wb].mean()),
            "e2_base": float(base["estradiol"][wb].mean()),
            "t_ratio": float(res["testosterone"][wt].mean() / base["testosterone"][wb].mean()),
            "e2_ratio": float(res["estradiol"][wt].mean() / base["estradiol"][wb].mean())}


# --------------------------------------------------------- gonadorelin pattern (Belchetz)
@lru_cache(maxsize=None)
def continuous_vs_pulsatile_lh() -> float:
    """LH on continuous vs pulsatile gonadorelin, days 5-7, in a man without GnRH pulses.

    As in Belchetz et al.: pulses of a fixed size every 90 min (80 ug/day) against continuous
    delivery at ten times that daily amount (their 1 ug/min continuous vs 1 ug/min for 6 min
    each hour).
    """
    from ..regimen import infusion
    man = _man(gnrh_pulse_generator=False)
    pulsatile = _sim(man, _dose("gonadorelin", 5, "ug", every="90min"), duration="7d",
                     resolution="pulse", record_every="1h")
    continuous = _sim(man, infusion("gonadorelin", 10 * 5 * 16, "ug/day"), duration="7d",
                      resolution="pulse", record_every="1h")
    w = pulsatile.t_days >= 4
    return float(continuous["lh"][w].mean() / pulsatile["lh"][w].mean())


# --------------------------------------------------------------------------- PK entries
@lru_cache(maxsize=None)
def _drug_tmax_h(drug_id: str, amount: float, unit: str, hours: float, step: str) -> float:
    res = _sim(_man(gnrh_pulse_generator=False), _dose(drug_id, amount, unit),
               duration=f"{hours}h", resolution="pulse", record_every=step)
    return float(res.t_hours[np.argmax(res[drug_id])])


@lru_cache(maxsize=None)
def anastrozole_fraction_of_steady_state_day7() -> float:
    res = _sim(_man(), _dose("anastrozole", 1, "mg", every="1d"), duration="28d", record_every="1h")
    d, c = res.t_days, res["anastrozole"]
    day7 = c[(d >= 6) & (d < 7)].mean()
    ss = c[(d >= 27) & (d < 28)].mean()
    return float(day7 / ss)


def observations(Observation) -> list:
    """The published observations of the male HPG axis and its drugs."""
    te = "TE 200 mg IM weekly for 3 weeks"
    return [
        Observation(
            id="male_lh_pulse_frequency", axis="male_hpg",
            description="LH pulses per 24 h (intensive sampling)",
            value=19.5, unit="pulses/24 h", low=15.7, high=23.3,
            population="8 healthy men", dose="none (5-min sampling for 24 h)",
            source="veldhuis1986", calibrated=True, compute=gnrh_pulses_per_24h,
            note="Band = mean +- 2 SD. Model: pulses fired by the GnRH renewal process (mean "
                 "interval 84 min), 4 seeds; see male_lh_pulses_detected for what a pulse-"
                 "detection method finds in the simulated LH."),
        Observation(
            id="male_lh_pulses_detected", axis="male_hpg",
            description="LH pulses per 24 h found by pulse detection in the simulated LH",
            value=19.5, unit="pulses/24 h", low=15.7, high=23.3,
            population="8 healthy men", dose="none (5-min sampling for 24 h)",
            source="veldhuis1986", calibrated=False, compute=lh_pulses_detected_per_24h,
            note="Known gap: hormonesim.pulse_analysis (6-min samples, assay CV 3%, 2 SD) finds "
                 "fewer LH pulses than the GnRH generator fires, because the model's LH pulses "
                 "are small: LH is cleared with one slow half-life (136 min) and lacks the fast "
                 "early component that sharpens measured pulses."),
        Observation(
            id="male_total_t_young", axis="male_hpg",
            description="Total testosterone, healthy nonobese young men (median)",
            value=531.0, unit="ng/dL", low=425.0, high=640.0,
            population="men 19-39 y, nonobese, CDC-harmonised assays", dose="none",
            source="travison2017", calibrated=True,
            compute=lambda: baseline()["testosterone"],
            note="Band +-20% around the median. Model: age 30, BMI 23, daily mean; the circadian "
                 "rhythm and the steep feedback keep it a little below the median."),
        Observation(
            id="male_lh_suppression_te", axis="male_hpg",
            description="LH on exogenous testosterone, % of baseline",
            value=5.0, unit="% of baseline", low=2.0, high=10.0,
            population="29 healthy men", dose=te, source="coviello2005", calibrated=True,
            compute=lambda: 100 * coviello()["lh"],
            note="Calibrated with the free-T feedback threshold and steepness; week-3 mean."),
        Observation(
            id="male_fsh_suppression_te", axis="male_hpg",
            description="FSH on exogenous testosterone, % of baseline",
            value=3.0, unit="% of baseline", low=1.0, high=8.0,
            population="29 healthy men", dose=te, source="coviello2005", calibrated=True,
            compute=lambda: 100 * coviello()["fsh"],
            note="LH and FSH share one GnRH drive in the model, so they fall by the same fraction; "
                 "the data show FSH a little lower (inhibin is not modelled)."),
        Observation(
            id="male_t_circadian_1600_vs_0800", axis="male_hpg",
            description="Total T at 16:00 relative to 08:00",
            value=0.775, unit="ratio", low=0.70, high=0.90,
            population="66 men aged 30-40 (BACH)", dose="none", source="brambilla2009",
            calibrated=True, compute=t_ratio_16_vs_08,
            note="20-25% lower at 16:00. The rhythm enters as a daily swing of the free-T "
                 "feedback threshold; pulse resolution, 4 seeds."),
        Observation(
            id="male_t_acrophase", axis="male_hpg",
            description="Clock time of the total-T peak",
            value=7.5, unit="h (clock)", low=5.5, high=9.5,
            population="10 young and 8 middle-aged men, 30-min sampling", dose="none",
            source="diver2003", calibrated=True, compute=t_acrophase_clock_h,
            note="Band +-2 h; the phase of the feedback rhythm was placed to match."),
        Observation(
            id="male_t_peak_to_nadir", axis="male_hpg",
            description="Peak-to-nadir fall of total T over 24 h (smallest among subjects)",
            value=43.0, unit="%", low=43.0, high=80.0,
            population="10 young and 8 middle-aged men, 30-min sampling", dose="none",
            source="diver2003", calibrated=False, compute=t_peak_to_nadir_fall_pct,
            note="Known gap: the model's daily swing is damped by its steep feedback "
                 "(every subject in the study fell by at least 43%)."),
        Observation(
            id="male_tc200_peak_ratio", axis="male_hpg",
            description="Peak total T after one injection, relative to baseline",
            value=3.0, unit="fold", low=2.4, high=3.6,
            population="11 hypogonadal men", dose="TC 200 mg IM once", source="nankin1987",
            calibrated=True, compute=lambda: tc200_single()["testosterone_ratio"],
            note="Model man: age 55, Leydig capacity 35% of typical (baseline ~190 ng/dL)."),
        Observation(
            id="male_tc200_peak_day", axis="male_hpg",
            description="Day of the total-T peak after one injection",
            value=3.5, unit="day", low=2.0, high=5.0,
            population="11 hypogonadal men", dose="TC 200 mg IM once", source="nankin1987",
            calibrated=True, compute=lambda: tc200_single()["peak_day"],
            note="Published as a peak between days 2 and 5."),
        Observation(
            id="male_tc200_free_t_ratio", axis="male_hpg",
            description="Peak free T after one injection, relative to baseline",
            value=4.5, unit="fold", low=3.6, high=5.4,
            population="11 hypogonadal men", dose="TC 200 mg IM once", source="nankin1987",
            calibrated=False, compute=lambda: tc200_single()["free_testosterone_ratio"],
            note="Out of sample: free T rises more than total T because SHBG saturates "
                 "(Vermeulen's mass action)."),
        Observation(
            id="male_tc200_e2_ratio", axis="male_hpg",
            description="Peak estradiol after one injection, relative to baseline",
            value=3.0, unit="fold", low=2.4, high=3.6,
            population="11 hypogonadal men", dose="TC 200 mg IM once", source="nankin1987",
            calibrated=False, compute=lambda: tc200_single()["estradiol_ratio"],
            note="Known gap: in the model the testicular share of E2 falls as LH is suppressed, so "
                 "E2 rises less than total T."),
        Observation(
            id="male_tc200_day13", axis="male_hpg",
            description="Total T on day 13 after one injection, relative to baseline",
            value=1.0, unit="fold", low=0.7, high=1.4,
            population="11 hypogonadal men", dose="TC 200 mg IM once", source="nankin1987",
            calibrated=False, compute=lambda: tc200_single()["day13_ratio"],
            note="Known gap: published back to baseline by days 13-14; the model's depot still "
                 "releases (slow stage t1/2 5 d; the label gives ~8 d)."),
        Observation(
            id="pk_te250_cmax", axis="pk",
            description="Peak total T after one injection",
            value=2000.0, unit="ng/dL", low=1500.0, high=2500.0,
            population="label population", dose="TE 250 mg IM once", source="testoviron_label",
            calibrated=True, compute=lambda: te250_single()["cmax"],
            note="Known gap: with the label's own MCR (16 mL/min/kg, 80 kg) the dose's exposure "
                 "cannot reach a 2000 ng/dL peak and a 4.5-day decline at once; the label's "
                 "numbers imply a clearance ~25% lower."),
        Observation(
            id="pk_te250_tmax", axis="pk", description="Time of the peak after one injection",
            value=2.25, unit="day", low=1.5, high=3.0,
            population="label population", dose="TE 250 mg IM once", source="testoviron_label",
            calibrated=True, compute=lambda: te250_single()["tmax_d"], note="Cmax at 1.5-3 d."),
        Observation(
            id="pk_te250_days_above_200", axis="pk",
            description="Days with total T at or above 200 ng/dL after one injection",
            value=20.0, unit="day", low=16.0, high=24.0,
            population="label population", dose="TE 250 mg IM once", source="testoviron_label",
            calibrated=True, compute=lambda: te250_single()["days_above_200"],
            note="Known gap, the same clearance conflict as the peak."),
        Observation(
            id="male_hcg125_leydig", axis="male_hpg",
            description="Testicular T output with hCG 125 IU on top of TE, relative to baseline",
            value=0.75, unit="fold", low=0.6, high=0.9,
            population="29 healthy men", dose=te + " + hCG 125 IU sc every other day",
            source="coviello2005", calibrated=True,
            compute=lambda: coviello(125.0)["leydig_secretion"],
            note="Published as intratesticular T 25% below baseline; the model's proxy is Leydig "
                 "secretion (intratesticular T itself is not modelled)."),
        Observation(
            id="male_hcg500_leydig", axis="male_hpg",
            description="Testicular T output with hCG 500 IU on top of TE, relative to baseline",
            value=1.26, unit="fold", low=1.0, high=1.5,
            population="29 healthy men", dose=te + " + hCG 500 IU sc every other day",
            source="coviello2005", calibrated=False,
            compute=lambda: coviello(500.0)["leydig_secretion"],
            note="Known gap if above 1.5: the model's Leydig cells have more headroom than the "
                 "study suggests (the hCG-to-LH equivalence was fitted to the 125 IU arm alone)."),
        Observation(
            id="male_anastrozole_t_rise", axis="male_hpg",
            description="Total T after 3 months of anastrozole, relative to baseline",
            value=524.0 / 319.0, unit="fold", low=1.3, high=2.0,
            population="69 men aged 60+ with low or borderline T", dose="anastrozole 1 mg daily",
            source="burnett_bowie2009", calibrated=False,
            compute=lambda: burnett_bowie()["t_ratio"],
            note="Known gap. Held out (men's response to aromatase inhibition): 319 -> 524 ng/dL. "
                 "Model man: age 68, BMI 28, Leydig capacity 75%. The model attributes most of "
                 "the negative feedback to free T, so removing E2 frees the axis too little."),
        Observation(
            id="male_anastrozole_e2_change", axis="male_hpg",
            description="Estradiol after 3 months of anastrozole, relative to baseline",
            value=12.0 / 15.0, unit="fold", low=0.6, high=0.95,
            population="69 men aged 60+ with low or borderline T", dose="anastrozole 1 mg daily",
            source="burnett_bowie2009", calibrated=False,
            compute=lambda: burnett_bowie()["e2_ratio"],
            note="Known gap. Held out: 15 -> 12 pg/mL. In men E2 falls far less than aromatase "
                 "activity because the freed axis raises T, the substrate; the model's weak E2 "
                 "feedback arm lets E2 fall much further."),
        Observation(
            id="male_continuous_gnrh_lh", axis="male_hpg",
            description="LH on continuous vs pulsatile GnRH (ratio)",
            value=0.2, unit="ratio", low=0.0, high=0.5,
            population="rhesus monkeys with hypothalamic lesions (no human data)",
            dose="gonadorelin 5 ug sc every 90 min vs 800 ug/day continuous, days 5-7",
            source="belchetz1978", calibrated=False, compute=continuous_vs_pulsatile_lh,
            note="Qualitative: continuous GnRH failed to sustain gonadotropin secretion where "
                 "hourly pulses restored it (continuous rate 10x the pulsed daily amount, as "
                 "here); the value 0.2 and the band are our reading. At equal daily amounts the "
                 "model's contrast is much smaller (ratio ~0.8): see chapter 6."),
        Observation(
            id="pk_gonadorelin_tmax", axis="pk",
            description="Time of the peak plasma level after a subcutaneous dose",
            value=15.0, unit="min", low=5.0, high=20.0,
            population="label population (men)", dose="gonadorelin sc", source="lutrelef_label",
            calibrated=True,
            compute=lambda: 60 * _drug_tmax_h("gonadorelin", 10, "ug", 2, "2min"),
            note="Tmax ~15 min."),
        Observation(
            id="pk_hcg_tmax", axis="pk",
            description="Time of the peak plasma level after a subcutaneous dose",
            value=15.0, unit="h", low=10.0, high=20.0,
            population="label population", dose="hCG sc", source="hcg_label", calibrated=True,
            compute=lambda: _drug_tmax_h("hcg", 5000, "IU", 72, "1h"),
            note="Tmax 12-18 h subcutaneous."),
        Observation(
            id="pk_anastrozole_day7", axis="pk",
            description="Anastrozole level on day 7 of 1 mg daily, fraction of steady state",
            value=0.925, unit="fraction", low=0.88, high=0.97,
            population="label population", dose="anastrozole 1 mg daily",
            source="arimidex_label", calibrated=False,
            compute=anastrozole_fraction_of_steady_state_day7,
            note="90-95% of steady state after 7 daily doses; follows from t1/2 46 h."),
    ]
