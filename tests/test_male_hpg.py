"""MaleHPG: mechanism, resolutions, drugs, errors and hypothesis properties."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import hormonesim as hs
from hormonesim.models.male_hpg import free_testosterone_vermeulen

OUTS = ("gnrh", "lh", "fsh", "testosterone", "free_testosterone", "estradiol", "shbg")


def test_outputs_and_units():
    res = hs.simulate(hs.MaleHPG(), duration="2d", resolution="mean")
    for name, unit in (("gnrh", "pg/mL"), ("lh", "IU/L"), ("fsh", "IU/L"),
                       ("testosterone", "ng/dL"), ("free_testosterone", "pg/mL"),
                       ("estradiol", "pg/mL"), ("shbg", "nmol/L")):
        assert res.units[name] == unit
    assert res.si("testosterone")[0] == pytest.approx(res["testosterone"][0] * 10 / 288.42)


def test_untreated_man_in_physiological_ranges():
    res = hs.simulate(hs.MaleHPG(age=30, bmi=23), duration="4d", resolution="mean")
    w = res.t_hours >= 24
    assert 400 < res["testosterone"][w].mean() < 650
    assert 2 < res["lh"][w].mean() < 8
    assert 5 < res["estradiol"][w].mean() < 40
    ft_pct = res["free_testosterone"][w].mean() / (res["testosterone"][w].mean() * 10)
    assert 0.01 < ft_pct < 0.035       # free fraction 1-3.5%


def test_vermeulen_free_t_known_value_and_monotone():
    # 500 ng/dL, SHBG 35 nmol/L, albumin 4.3 g/dL: about 2% free (~97 pg/mL)
    assert free_testosterone_vermeulen(500.0, 35.0) == pytest.approx(97, rel=0.05)
    ft = free_testosterone_vermeulen(np.array([100., 500., 2000.]), 35.0)
    assert np.all(np.diff(ft) > 0)
    assert free_testosterone_vermeulen(500.0, 70.0) < free_testosterone_vermeulen(500.0, 20.0)


@pytest.mark.parametrize("plan", [None, hs.dose("testosterone_cypionate", 100, "mg", every="7d")])
def test_two_resolutions_agree_on_daily_means(plan):
    man = hs.MaleHPG(age=35, bmi=26)
    mean = hs.simulate(man, plan, duration="8d", resolution="mean", seed=2)
    pulse = hs.simulate(man, plan, duration="8d", resolution="pulse", seed=2)
    for name in ("testosterone", "lh", "estradiol", "fsh"):
        dm = mean.daily_mean(name)[1][2:]
        dp = pulse.daily_mean(name)[1][2:]
        np.testing.assert_allclose(dp, dm, rtol=0.12, err_msg=name)
        assert dp.mean() == pytest.approx(dm.mean(), rel=0.06), name


@pytest.mark.parametrize("plan", [None, hs.dose("testosterone_cypionate", 100, "mg", every="7d")])
def test_ode_form_under_solve_ivp_agrees_with_the_engine(plan):
    """The engine's exponential step and scipy's RK45 on ``derivatives`` give the same days."""
    from hormonesim.engine import solve_ivp_reference

    man = hs.MaleHPG(age=40, bmi=27)
    t_h, states = solve_ivp_reference(man, plan, duration="10d", rtol=1e-7, atol=1e-9)
    res = hs.simulate(man, plan, duration="10d", resolution="mean", record_every=man.mean_step_h)
    np.testing.assert_allclose(t_h, res.t_hours)
    per_day = int(round(24 / man.mean_step_h))
    for name, tol in (("testosterone", 0.02), ("estradiol", 0.02), ("lh", 0.05), ("fsh", 0.05)):
        ode = states[man.state_names.index(name)][:10 * per_day].reshape(10, per_day).mean(axis=1)
        eng = res[name][:10 * per_day].reshape(10, per_day).mean(axis=1)
        np.testing.assert_allclose(ode, eng, rtol=tol, err_msg=name)
    if plan is not None:  # the comparison is not vacuous: the injections moved the axis
        assert res["testosterone"].max() > 1.3 * res["testosterone"][0]
        assert res["lh"].min() < 0.6 * res["lh"][0]


def test_ode_form_refuses_the_pulse_resolution_and_cohorts():
    from hormonesim.engine import solve_ivp_reference

    man = hs.MaleHPG()
    ctx = man.prepare(np.arange(10) * 0.05, np.random.default_rng(0), "pulse")
    with pytest.raises(ValueError, match="resolution='mean'"):
        man.derivatives(0.0, np.ones((8, 1)), {}, ctx, 0)
    with pytest.raises(TypeError, match="one subject"):
        solve_ivp_reference(hs.population(man, n=3, seed=0), None, "1d")


def test_pulse_resolution_shows_gnrh_pulses_and_is_seeded():
    a = hs.simulate(hs.MaleHPG(), duration="1d", resolution="pulse", seed=5, record_every="2min")
    b = hs.simulate(hs.MaleHPG(), duration="1d", resolution="pulse", seed=5, record_every="2min")
    c = hs.simulate(hs.MaleHPG(), duration="1d", resolution="pulse", seed=6, record_every="2min")
    np.testing.assert_array_equal(a["lh"], b["lh"])
    assert not np.array_equal(a["gnrh"], c["gnrh"])
    g = a["gnrh"]
    n_pulses = np.sum(g[1:] > 1.5 * g[:-1] + 0.5)
    assert 10 <= n_pulses <= 26


def test_no_pulse_generator_means_low_lh_and_t():
    res = hs.simulate(hs.MaleHPG(gnrh_pulse_generator=False), duration="10d", resolution="mean")
    assert res["lh"][-1] < 0.5 and res["testosterone"][-1] < 150
    assert np.all(res["gnrh"] == 0)


def test_exogenous_testosterone_suppresses_lh_and_fsh():
    res = hs.simulate(hs.MaleHPG(), hs.dose("testosterone_enanthate", 200, "mg", every="7d"),
                      duration="21d", resolution="mean")
    assert res["lh"][res.t_days > 14].mean() < 0.15 * res["lh"][0]
    assert res["fsh"][res.t_days > 14].mean() < 0.15 * res["fsh"][0]


def test_bmi_raises_estradiol_and_lowers_total_t():
    lean = hs.simulate(hs.MaleHPG(bmi=22), duration="4d", resolution="mean")
    obese = hs.simulate(hs.MaleHPG(bmi=38), duration="4d", resolution="mean")
    assert obese["testosterone"][-24:].mean() < lean["testosterone"][-24:].mean()
    assert obese["shbg"][0] < lean["shbg"][0]
    ratio = lambda r: r["estradiol"][-24:].mean() / r["testosterone"][-24:].mean()
    assert ratio(obese) > ratio(lean)


def test_anastrozole_lowers_e2_and_raises_lh():
    man = hs.MaleHPG(bmi=30)
    base = hs.simulate(man, duration="21d", resolution="mean")
    ai = hs.simulate(man, hs.dose("anastrozole", 1, "mg", every="1d"), duration="21d",
                     resolution="mean")
    assert ai["estradiol"][-10:].mean() < 0.7 * base["estradiol"][-10:].mean()
    assert ai["lh"][-10:].mean() > base["lh"][-10:].mean()
    assert ai["testosterone"][-10:].mean() > base["testosterone"][-10:].mean()


def test_continuous_gonadorelin_desensitises_pulsatile_sustains():
    man = hs.MaleHPG(gnrh_pulse_generator=False)
    puls = hs.simulate(man, hs.dose("gonadorelin", 5, "ug", every="90min"), duration="4d",
                       resolution="pulse", record_every="1h")
    cont = hs.simulate(man, hs.infusion("gonadorelin", 800, "ug/day"), duration="4d",
                       resolution="pulse", record_every="1h")
    late = puls.t_days >= 2
    assert puls["lh"][late].mean() > 3 * cont["lh"][late].mean()
    assert cont["lh"][:4].max() > cont["lh"][late].mean() * 3          # flare, then suppression
    assert cont["receptor_responsive"][late].mean() < 0.1


def test_same_daily_amount_continuous_loses_most_of_the_pulsed_lh():
    """Chapter 6's explorer default: 80 ug/day as 5 ug every 90 min or as a continuous flow, in a
    man without his own GnRH pulses [belchetz1978]; the own axis's capacity stays near 1."""
    man = hs.MaleHPG(gnrh_pulse_generator=False)
    kw = dict(duration="5d", resolution="pulse", record_every="20min")
    puls = hs.simulate(man, hs.dose("gonadorelin", 5, "ug", every="90min"), **kw)
    cont = hs.simulate(man, hs.infusion("gonadorelin", 80, "ug/day"), **kw)
    late = puls.t_hours >= 72
    assert cont["lh"][late].mean() < 0.5 * puls["lh"][late].mean()
    assert cont["lh"][:36].max() > 2 * cont["lh"][late].mean()            # flare first
    assert cont["gonadotroph_capacity"][-1] < 0.3 < puls["gonadotroph_capacity"][-1]
    own = hs.simulate(hs.MaleHPG(), duration="3d", resolution="mean")
    assert own["gonadotroph_capacity"].min() > 0.9


def test_gel_keeps_a_hypogonadal_man_in_range_through_the_day():
    """AndroGel 50 mg: continuous delivery, normal range 298-1043 ng/dL all day [androgel_label]."""
    res = hs.simulate(hs.MaleHPG(gnrh_pulse_generator=False),
                      hs.dose("testosterone_gel", 50, "mg", every="1d"), duration="9d",
                      resolution="mean", record_every="1h")
    day = res["testosterone"][res.t_hours >= 8 * 24]
    assert 298 < day.min() and day.max() < 1043 and day.max() / day.min() < 2.5


def test_gonadorelin_needs_pulse_resolution():
    with pytest.raises(ValueError, match="resolution='pulse'"):
        hs.simulate(hs.MaleHPG(), hs.dose("gonadorelin", 5, "ug", every="90min"), duration="2d",
                    resolution="mean")


def test_hcg_raises_testosterone_under_suppression():
    te = hs.dose("testosterone_enanthate", 200, "mg", every="7d")
    a = hs.simulate(hs.MaleHPG(), te, duration="21d", resolution="mean")
    b = hs.simulate(hs.MaleHPG(), te + hs.dose("hcg", 500, "IU", every="2d"), duration="21d",
                    resolution="mean")
    assert b["leydig_secretion"][-20:].mean() > 5 * a["leydig_secretion"][-20:].mean()


def test_bad_input_raises_clearly():
    with pytest.raises(ValueError, match="bmi"):
        hs.MaleHPG(bmi=80)
    with pytest.raises(ValueError, match="age"):
        hs.MaleHPG(age=5)
    with pytest.raises(TypeError, match="gnrh_pulse_generator"):
        hs.MaleHPG(gnrh_pulse_generator="no")
    with pytest.raises(TypeError):
        hs.MaleHPG(age="old")
    with pytest.raises(ValueError, match="resolution"):
        hs.simulate(hs.MaleHPG(), duration="1d", resolution="minutes")
    with pytest.raises(ValueError, match="output"):
        hs.simulate(hs.MaleHPG(), duration="1d")["cortisol"]


def test_cohort_arrays_vectorised_and_match_single_subjects():
    ages = np.array([30.0, 50.0, 70.0])
    cohort = hs.MaleHPG(age=ages, bmi=np.array([22.0, 28.0, 34.0]))
    res = hs.simulate(cohort, hs.dose("testosterone_cypionate", 100, "mg", every="7d"),
                      duration="14d", resolution="mean")
    for i in range(3):
        single = hs.simulate(cohort.subject(i), hs.dose("testosterone_cypionate", 100, "mg",
                                                        every="7d"),
                             duration="14d", resolution="mean")
        np.testing.assert_allclose(res._data["testosterone"][i], single["testosterone"], rtol=1e-9)


def test_pk_scales_hooks():
    man = hs.MaleHPG(depot_release_scale=2.0, drug_clearance_scale=0.5)
    from hormonesim.drugs import DRUGS
    assert man.pk_scales(DRUGS["testosterone_cypionate"]) == (2.0, 1.0)
    assert man.pk_scales(DRUGS["anastrozole"]) == (2.0, 0.5)


# ----------------------------------------------------------------- hypothesis properties
man_params = st.fixed_dictionaries({
    "age": st.floats(20, 85), "bmi": st.floats(18, 45),
    "leydig_scale": st.floats(0.2, 2.0), "aromatase_scale": st.floats(0.3, 3.0),
    "shbg_scale": st.floats(0.4, 2.5), "t_clearance_scale": st.floats(0.5, 2.0)})


@settings(max_examples=12, deadline=None)
@given(kw=man_params, dose_mg=st.floats(20, 400), every_d=st.sampled_from([7, 10, 14]))
def test_finite_non_negative(kw, dose_mg, every_d):
    res = hs.simulate(hs.MaleHPG(**kw), hs.dose("testosterone_cypionate", dose_mg, "mg",
                                                 every=f"{every_d}d")
                      + hs.dose("anastrozole", 0.5, "mg", every="3.5d"),
                      duration="4w", resolution="mean")
    for name in res.outputs:
        assert np.all(np.isfinite(res[name])) and np.all(res[name] >= 0), name


@settings(max_examples=10, deadline=None)
@given(kw=man_params, low=st.floats(25, 150), factor=st.floats(1.3, 3.0))
def test_dose_monotone_exposure(kw, low, factor):
    man = hs.MaleHPG(**kw)
    exposure = []
    for d in (low, low * factor):
        res = hs.simulate(man, hs.dose("testosterone_cypionate", d, "mg", every="7d"),
                          duration="4w", resolution="mean")
        exposure.append(res["testosterone"][res.t_days >= 14].mean())
    assert exposure[1] > exposure[0]


@settings(max_examples=8, deadline=None)
@given(kw=man_params, every_d=st.sampled_from([7, 14]))
def test_periodic_steady_state_under_periodic_regimen(kw, every_d):
    res = hs.simulate(hs.MaleHPG(**kw), hs.dose("testosterone_cypionate", 150, "mg",
                                                 every=f"{every_d}d"),
                      duration=f"{every_d * 12}d", resolution="mean", record_every="2h")
    per = int(every_d * 12)                  # samples per interval (2-h sampling)
    t = res["testosterone"]
    last, prev = t[-per - 1:-1], t[-2 * per - 1:-per - 1]
    np.testing.assert_allclose(last, prev, rtol=0.02)


@pytest.mark.parametrize("resolution, duration, extra", [
    ("mean", "4w", hs.dose("hcg", 250, "IU", every="2d")),
    ("pulse", "3d", hs.dose("gonadorelin", 10, "ug", every="90min")),
])
def test_single_subject_fast_path_equals_vector_path(resolution, duration, extra):
    plan = (hs.dose("testosterone_cypionate", 100, "mg", every="7d")
            + hs.dose("anastrozole", 0.5, "mg", every="3.5d") + extra)
    one = hs.simulate(hs.MaleHPG(age=47, bmi=31), plan, duration=duration,
                      resolution=resolution, seed=4)
    two = hs.simulate(hs.MaleHPG(age=np.array([47.0, 47.0]), bmi=np.array([31.0, 31.0])), plan,
                      duration=duration, resolution=resolution, seed=4)
    for name in one.outputs:
        np.testing.assert_allclose(one._data[name][0], two._data[name][0], rtol=1e-9, atol=1e-12,
                                   err_msg=name)


@pytest.mark.parametrize("kw", [{}, {"age": 70, "bmi": 35}, {"age": 20, "bmi": 18},
                                {"free_t_feedback_hill": 1.0, "free_t_feedback_pg_ml": 30.0},
                                {"free_t_feedback_hill": 8.0, "free_t_feedback_pg_ml": 180.0},
                                {"gnrh_pulse_generator": False}])
def test_one_mans_steady_state_on_floats_equals_the_array_iteration(kw):
    """A single man's untreated steady state is iterated on Python floats; a cohort's on arrays.
    The two are the same iteration and agree to rounding."""
    from hormonesim.models.male_hpg import steady_state

    man = hs.MaleHPG(**kw)
    ctx = man.prepare(np.arange(0.0, 48.0), np.random.default_rng(0), "mean")
    assert ctx["scalar"]
    calls = []
    real = steady_state._one_man
    steady_state._one_man = lambda model, c: calls.append(1) or real(model, c)
    try:
        on_floats = steady_state.untreated_steady_state(man, dict(ctx))
    finally:
        steady_state._one_man = real
    assert calls == [1]
    arrays = dict(ctx, scalar=False)
    for key in ("shbg", "tau", "recovery_between_pulses", "generator", "leydig_cap", "cl_t",
                "arom", "leydig_ref"):
        arrays[key] = np.atleast_1d(np.asarray(ctx[key], float))
    on_arrays = steady_state.untreated_steady_state(man, arrays)
    assert on_floats.shape == on_arrays.shape == (len(man.state_names), 1)
    np.testing.assert_allclose(on_floats, on_arrays, rtol=1e-13, atol=1e-300)
