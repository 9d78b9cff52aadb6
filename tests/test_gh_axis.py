"""Tests of the GH axis model, the peptide drugs and pulse analysis."""
from __future__ import annotations


import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import hormonesim as hs
from hormonesim.drugs.peptides import intravenous

from call_count import count_calls  # noqa: E402  (tests/call_count.py)

OUTPUTS = ("gh", "ghrh", "somatostatin", "ghrelin", "igf1", "gh_secretion")


# ------------------------------------------------------------------ model properties
@settings(max_examples=12, deadline=None)
@given(age=st.floats(18, 90), seed=st.integers(0, 10_000),
       ipamorelin_ug=st.sampled_from([0, 50, 300, 2000]),
       sermorelin_ug=st.sampled_from([0, 100, 1000]))
def test_outputs_finite_and_non_negative(age, seed, ipamorelin_ug, sermorelin_ug):
    plan = None
    if ipamorelin_ug:
        plan = hs.dose("ipamorelin", ipamorelin_ug, "ug", start="2h")
    if sermorelin_ug:
        s = hs.dose("sermorelin", sermorelin_ug, "ug", start="3h")
        plan = s if plan is None else plan + s
    res = hs.simulate(hs.GHAxis(age=age), plan, duration="12h", seed=seed)
    for name in OUTPUTS:
        v = res[name]
        assert np.all(np.isfinite(v)), name
        assert np.all(v >= 0), name


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 2**31 - 1))
def test_seeded_runs_identical_and_seeds_differ(seed):
    a = hs.simulate(hs.GHAxis(), duration="8h", seed=seed)["gh"]
    b = hs.simulate(hs.GHAxis(), duration="8h", seed=seed)["gh"]
    c = hs.simulate(hs.GHAxis(), duration="8h", seed=seed + 1)["gh"]
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_design_api_example_units_and_shape():
    res = hs.simulate(hs.GHAxis(age=40), hs.dose("ipamorelin", 100, "ug"), duration="24h")
    assert res.units["gh"] == "ng/mL" and res.units["igf1"] == "ng/mL"
    assert res.units["ghrh"] == res.units["somatostatin"] == res.units["ghrelin"] == "pg/mL"
    assert res["gh"].shape == res.t_hours.shape
    assert res.t_hours[-1] == pytest.approx(24.0)
    assert np.allclose(res.si("gh"), res["gh"])  # ng/mL == ug/L


def test_untreated_profile_is_pulsatile_with_night_surge():
    res = hs.simulate(hs.GHAxis(age=30), duration="48h", seed=3)
    day2 = res.t_hours >= 24
    gh, t = res["gh"][day2], res.t_hours[day2]
    assert gh.max() > 5 * np.median(gh)          # pulses, not a flat line
    clock = np.mod(t + 8.0, 24.0)
    sws = (clock >= 23.0) | (clock < 2.0)        # first 3 h of sleep
    assert gh[sws].mean() > 1.5 * gh[~sws].mean()
    pa = hs.pulse_analysis(res, start_h=24, sample_every_h=20 / 60)
    assert 6 <= pa.count <= 20


def test_sleep_deprivation_removes_night_surge():
    slept = [hs.simulate(hs.GHAxis(), duration="24h", seed=s) for s in range(4)]
    awake = [hs.simulate(hs.GHAxis(sleep=False), duration="24h", seed=s) for s in range(4)]
    night = lambda r: r["gh"][(r.t_hours >= 15) & (r.t_hours < 18)].mean()  # noqa: E731
    assert np.mean([night(r) for r in slept]) > 1.5 * np.mean([night(r) for r in awake])


def test_gh_falls_with_age():
    mean = lambda age: np.mean([hs.simulate(hs.GHAxis(age=age), duration="24h", seed=s)["gh"].mean()  # noqa: E731
                                for s in range(4)])
    assert mean(25) > mean(75)


def test_one_subject_float_path_equals_the_array_path():
    """A single man is stepped on Python floats; the same context on arrays gives the same."""
    model = hs.GHAxis(age=50.0)
    t = np.arange(0, 24 * 60 + 1) / 60.0
    ctx_float = model.prepare(t, np.random.default_rng(3), "pulse")
    ctx_array = dict(ctx_float, scalar=False,
                     constants=model._constants(scalar=False))
    assert ctx_float["scalar"]
    drive = {"ghrh_agonist": np.array([0.0]), "ghs_agonist": np.array([0.0])}
    y_float = y_array = model.initial_state(ctx_float)
    for k in range(len(t) - 1):
        if k == 600:   # a peptide arrives at 10:00 on the clock of the simulation
            drive = {"ghrh_agonist": np.array([2.0]), "ghs_agonist": np.array([5.0])}
        y_float = model.step(t[k], y_float, t[1], drive, ctx_float, k)
        y_array = model.step(t[k], y_array, t[1], drive, ctx_array, k)
        np.testing.assert_allclose(y_float, y_array, rtol=1e-10, atol=1e-12, err_msg=f"step {k}")
    assert not np.allclose(y_float, model.initial_state(ctx_float), rtol=0.05)


def test_per_subject_parameters_run_vectorised():
    ages = np.array([25.0, 60.0])
    cohort = hs.GHAxis(age=ages)
    res = hs.simulate(cohort, duration="6h", seed=2)
    assert res.n_subjects == 2
    single = hs.simulate(hs.GHAxis(age=25.0), duration="6h", seed=2)
    assert single["gh"].shape == res.t_hours.shape


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize("kwargs, exc", [
    ({"age": 10}, ValueError), ({"age": 150}, ValueError), ({"age": "old"}, TypeError),
    ({"age": float("nan")}, ValueError), ({"weight_kg": -1}, ValueError),
    ({"sleep": "yes"}, TypeError), ({"delay_h": 0.0}, ValueError),
])
def test_bad_parameters_raise(kwargs, exc):
    with pytest.raises(exc):
        hs.GHAxis(**kwargs)


def test_bad_simulation_input_raises():
    with pytest.raises(ValueError, match="resolution"):
        hs.simulate(hs.GHAxis(), duration="2h", resolution="mean")
    with pytest.raises(ValueError, match="duration"):
        hs.simulate(hs.GHAxis(), duration="100w")
    with pytest.raises(ValueError, match="output"):
        hs.simulate(hs.GHAxis(), duration="2h")["testosterone"]
    with pytest.raises(ValueError):
        hs.dose("ipamorelin", 100, "IU")
    with pytest.raises(ValueError):
        hs.dose("ipamorelin", 50, "mg")  # above the largest accepted dose


# ------------------------------------------------------------------ drugs
def test_drug_pk_matches_sources():
    ser, ipa = hs.DRUGS["sermorelin"], hs.DRUGS["ipamorelin"]
    assert 11 <= ser.half_life_h * 60 <= 12          # Geref label t1/2 11-12 min
    assert ser.bioavailability == pytest.approx(0.06)
    assert ipa.half_life_h == pytest.approx(2.0, abs=0.1)  # Gobburu 1999
    assert ser.target == "ghrh_agonist" and ipa.target == "ghs_agonist"
    res = hs.simulate(hs.GHAxis(), hs.dose("sermorelin", 300, "ug", start="1h"), duration="3h")
    tmax_min = (res.t_hours[np.argmax(res["sermorelin"])] - 1.0) * 60
    assert 5 <= tmax_min <= 20                        # label sc Tmax 5-20 min


@pytest.mark.parametrize("drug", ["sermorelin", "ipamorelin"])
def test_dose_monotone_gh_response(drug):
    m = hs.GHAxis()
    auc = []
    for ug in (30, 100, 300, 1000):
        res = hs.simulate(m, hs.dose(drug, ug, "ug", start="1h"), duration="4h", seed=5)
        w = res.t_hours >= 1
        auc.append(np.trapezoid(res["gh"][w], res.t_hours[w]))
    assert np.all(np.diff(auc) > -1e-9)
    assert auc[-1] > auc[0]


def _auc_increment(plan, seed, base):
    res = hs.simulate(hs.GHAxis(), plan, duration="3h", seed=seed)
    w = res.t_hours >= 1
    return np.trapezoid(res["gh"][w], res.t_hours[w]) - base


@pytest.mark.parametrize("route", ["sc", "iv"])
def test_combination_is_more_than_additive(route):
    """Synergy must come out of the mechanism: no synergy factor exists in the code."""
    ser, ipa = ("sermorelin", "ipamorelin") if route == "sc" else (
        intravenous(hs.DRUGS["sermorelin"]), intravenous(hs.DRUGS["ipamorelin"]))
    amounts = (300, 100) if route == "sc" else (80, 80)
    total = 0.0
    for seed in range(6):
        res0 = hs.simulate(hs.GHAxis(), None, duration="3h", seed=seed)
        w = res0.t_hours >= 1
        base = np.trapezoid(res0["gh"][w], res0.t_hours[w])
        a = _auc_increment(hs.dose(ser, amounts[0], "ug", start="1h"), seed, base)
        b = _auc_increment(hs.dose(ipa, amounts[1], "ug", start="1h"), seed, base)
        both = _auc_increment(hs.dose(ser, amounts[0], "ug", start="1h")
                              + hs.dose(ipa, amounts[1], "ug", start="1h"), seed, base)
        total += both - (a + b)
    assert total > 0


def test_synergy_disappears_without_ghs_brake_relief():
    """Switch off the mechanism (GHS-R no longer opposes somatostatin at the pituitary or the
    hypothalamus): the combination is then no longer clearly more than additive."""
    m = hs.GHAxis(ghs_pit_gain=0.0, ghs_hyp_gain=0.0)
    ser = hs.dose("sermorelin", 300, "ug", start="1h")
    ipa = hs.dose("ipamorelin", 100, "ug", start="1h")
    excess = []
    for seed in range(4):
        r0, ra, rb, rab = (hs.simulate(m, p, duration="3h", seed=seed)
                           for p in (None, ser, ipa, ser + ipa))
        w = r0.t_hours >= 1
        auc = [np.trapezoid(r["gh"][w], r.t_hours[w]) for r in (r0, ra, rb, rab)]
        excess.append((auc[3] - auc[0]) - (auc[1] - auc[0]) - (auc[2] - auc[0]))
    assert np.mean(excess) < 1.0


# ------------------------------------------------------------------ pulse analysis
def _synthetic(peaks_h, amplitude=5.0, baseline=0.2, half_life_h=0.3, step_h=1 / 60):
    t = np.arange(0, 24, step_h)
    y = baseline + sum(amplitude * np.exp(-np.log(2) * (t - p) / half_life_h) * (t >= p)
                       for p in peaks_h)
    return t, y


@settings(max_examples=15, deadline=None)
@given(n=st.integers(1, 10), seed=st.integers(0, 1000))
def test_detects_known_pulses(n, seed):
    rng = np.random.default_rng(seed)
    gaps = rng.uniform(1.5, 2.3, size=n)
    peaks = 0.5 + np.cumsum(gaps) - gaps[0]
    t, y = _synthetic(peaks, amplitude=rng.uniform(2, 10))
    noisy = y * (1 + 0.03 * rng.standard_normal(t.size))
    pa = hs.detect_pulses(t, noisy)
    assert pa.count == n
    assert np.allclose(pa.peak_times_h, peaks, atol=0.1)
    if n > 1:
        assert pa.summary()["mean_interval_min"] == pytest.approx(np.mean(np.diff(peaks)) * 60,
                                                                  abs=6)


def test_pulse_mass_and_amplitude():
    t, y = _synthetic([4.0], amplitude=6.0, half_life_h=0.25)
    pa = hs.detect_pulses(t, y)
    assert pa.count == 1
    assert pa.amplitudes[0] == pytest.approx(6.0, rel=0.02)
    # area of an exponential pulse: A * t1/2 / ln 2 (the tail beyond the series end is cut)
    assert pa.masses[0] == pytest.approx(6.0 * 0.25 / np.log(2), rel=0.05)


def test_noise_alone_is_not_a_pulse():
    rng = np.random.default_rng(1)
    t = np.arange(0, 24, 1 / 6)
    y = 0.5 * (1 + 0.03 * rng.standard_normal(t.size))
    assert hs.detect_pulses(t, y).count == 0


def test_coarser_sampling_finds_no_more_pulses():
    res = hs.simulate(hs.GHAxis(), duration="24h", seed=4)
    fine = hs.pulse_analysis(res).count
    coarse = hs.pulse_analysis(res, sample_every_h=0.5).count
    assert coarse <= fine


@pytest.mark.parametrize("times, values, kwargs, exc", [
    ([0, 1], [1, 2], {}, ValueError),                       # too short
    ([0, 1, 1], [1, 2, 3], {}, ValueError),                 # not increasing
    ([0, 1, 2], [1, -2, 3], {}, ValueError),                # negative
    ([0, 1, 2], [1, float("nan"), 3], {}, ValueError),      # NaN
    ([0, 1, 2], [1, 2], {}, ValueError),                    # length mismatch
    ("abc", [1, 2, 3], {}, TypeError),
    ([0, 1, 2], [1, 2, 3], {"assay_cv": 2.0}, ValueError),
    ([0, 1, 2], [1, 2, 3], {"n_sd": 0}, ValueError),
    ([0, 1, 2], [1, 2, 3], {"assay_cv": 0.0, "assay_sd_floor": 0.0}, ValueError),
    ([0, 1, 2], [1, 2, 3], {"sample_every_h": 5.0}, ValueError),
])
def test_pulse_input_validation(times, values, kwargs, exc):
    with pytest.raises(exc):
        hs.detect_pulses(times, values, **kwargs)


def test_untreated_axis_is_at_steady_state():
    """Started at its own steady levels, the untreated axis does not drift over days."""
    day_means, igf_means = [], []
    for seed in range(4):
        res = hs.simulate(hs.GHAxis(age=40), duration="96h", seed=seed)
        days = [(res.t_hours >= 24 * d) & (res.t_hours < 24 * (d + 1)) for d in range(4)]
        day_means.append([res["gh"][w].mean() for w in days])
        igf_means.append([res["igf1"][w].mean() for w in days])
    gh, igf = np.mean(day_means, axis=0), np.mean(igf_means, axis=0)
    assert np.all(np.abs(gh / gh.mean() - 1) < 0.35)
    assert np.all(np.abs(igf / igf[0] - 1) < 0.1)
    start = hs.simulate(hs.GHAxis(age=40), duration="1h", seed=0)["igf1"][0]
    assert start == pytest.approx(igf.mean(), rel=0.1)


def test_cohort_runs_vectorised_and_subjects_differ():
    cohort = hs.population(hs.GHAxis(), n=20, seed=3, spreads={"gh_max_release": 0.3, "age": 0.2})
    res = hs.simulate(cohort, hs.dose("ipamorelin", 100, "ug", start="2h"), duration="6h", seed=1)
    gh = res["gh"]
    assert gh.shape == (20, res.t_hours.size)
    assert np.all(np.isfinite(gh)) and np.all(gh >= 0)
    assert np.std(gh.mean(axis=1)) > 0


def test_drug_without_effect_in_gh_axis_is_refused():
    with pytest.raises(ValueError, match="no effect in GHAxis.*ipamorelin, sermorelin"):
        hs.simulate(hs.GHAxis(), hs.dose("testosterone_cypionate", 100, "mg"), duration="2h")


def test_gh_increment_after_dose_is_the_extra_area_over_the_same_man():
    extra = hs.gh_increment_after_dose(2.0, "ipamorelin", 100.0, seeds=[1])
    treated = hs.simulate(hs.GHAxis(age=40.0), hs.dose("ipamorelin", 100, "ug", start="2h"),
                          duration="24h", seed=1)
    untreated = hs.simulate(hs.GHAxis(age=40.0), None, duration="24h", seed=1)
    w = (treated.t_hours >= 2.0) & (treated.t_hours <= 5.0)
    manual = np.trapezoid(treated["gh"][w] - untreated["gh"][w], treated.t_hours[w])
    assert extra == pytest.approx(manual, rel=1e-12) and extra > 1.0
    assert hs.gh_increment_after_dose(2.0, "ipamorelin", 300.0, seeds=[1]) > extra


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"plan_start_h": 22.0}, ValueError, "plan_start_h"),
    ({"plan_start_h": 2.0, "window_h": 0.0}, ValueError, "window_h"),
    ({"plan_start_h": 2.0, "seeds": []}, ValueError, "seeds"),
    ({"plan_start_h": 2.0, "seeds": [1.5]}, TypeError, "seeds"),
    ({"plan_start_h": 2.0, "amount_ug": -5.0}, ValueError, "amount"),
    ({"plan_start_h": 2.0, "drug": "anastrozole"}, ValueError, "anastrozole"),
])
def test_gh_increment_after_dose_refuses_bad_input(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        hs.gh_increment_after_dose(**kwargs)


@pytest.mark.parametrize("ages", [50.0, np.array([30.0, 70.0])])
def test_what_is_recorded_does_not_change_the_run(ages):
    """The step reads each drug's mean over the step whether or not a sample is recorded at
    it: recording every minute or every fifth minute gives the same samples at the common
    times (until December 2026 the rates observed at a sample, from the drug's level at that
    instant, were reused by the step after it)."""
    plan = hs.dose("ipamorelin", 100, "ug", every="8h") + hs.dose("sermorelin", 200, "ug",
                                                                  every="1d")
    model = hs.GHAxis(age=ages)
    every_minute = hs.simulate(model, plan, duration="12h", seed=5, record_every="1min")
    every_fifth = hs.simulate(model, plan, duration="12h", seed=5, record_every="5min")
    np.testing.assert_array_equal(every_fifth.t_hours, every_minute.t_hours[::5])
    for name in every_minute.outputs:
        np.testing.assert_array_equal(every_fifth[name], every_minute[name][..., ::5],
                                      err_msg=name)


def test_one_subject_observed_after_the_run_equals_observed_at_each_sample(monkeypatch):
    """GHAxis.observe_over_samples: one subject's outputs, observed once over all samples
    after the run (reading the step inputs at the samples' steps), equal those observed sample
    by sample."""
    model = hs.GHAxis(age=40.0)
    plan = hs.dose("ipamorelin", 100, "ug", every="8h") + hs.dose("sermorelin", 200, "ug",
                                                                  every="1d")
    calls = count_calls(monkeypatch, hs.GHAxis, "observe")
    after = hs.simulate(model, plan, duration="30h", seed=2)
    assert len(calls) == 1
    monkeypatch.setattr(hs.GHAxis, "observe_over_samples", False)
    each = hs.simulate(model, plan, duration="30h", seed=2)
    assert len(calls) == 1 + len(each.t_hours)
    for name in each.outputs:
        np.testing.assert_allclose(after[name], each[name], rtol=1e-13, atol=1e-300,
                                   err_msg=name)
