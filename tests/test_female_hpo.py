"""FemaleHPO and the drugs for women: physiology, properties, API and errors."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import hormonesim as hs
from hormonesim.models.female_hpo import cycle_lengths, lh_surges

OUTPUTS = ("lh", "fsh", "estradiol", "progesterone", "estriol", "testosterone",
           "endometrial_stimulation")


def test_design_api_example_runs_and_has_units():
    """(Its speed is measured by the benchmark, make bench, not asserted here.)"""
    e2 = hs.simulate(hs.FemaleHPO(age=53, stage="postmenopause"),
                     hs.dose("estradiol_patch", 50, "ug/day")
                     + hs.dose("progesterone_oral", 100, "mg", every="1d"),
                     duration="8w")["estradiol"]
    assert e2.ndim == 1 and np.all(np.isfinite(e2))
    # 5 pg/mL of her own plus ~50 from the patch once the skin reservoir has filled
    assert 50 < e2[-1] < 60
    res = hs.simulate(hs.FemaleHPO(), duration="1w")
    assert res.units["estradiol"] == "pg/mL" and res.units["progesterone"] == "ng/mL"
    assert res.units["testosterone"] == "ng/dL" and res.units["lh"] == "IU/L"
    assert res.units["endometrial_stimulation"] == "1"
    assert res.si("estradiol")[0] == pytest.approx(res["estradiol"][0] * 3.6713, rel=1e-3)


def test_regular_ovulatory_cycles_in_premenopause():
    res = hs.simulate(hs.FemaleHPO(age=30), duration="20w", seed=3)
    cl = cycle_lengths(res)
    assert len(cl) >= 3
    assert np.all((cl > 24) & (cl < 35))
    assert np.ptp(cl) < 4                      # regular
    assert res["progesterone"].max() > 5       # luteal phases happen
    assert res["lh"].max() > 25                # surges happen


def test_transition_raises_fsh_lowers_e2_and_p4_and_makes_cycles_irregular():
    runs = {s: hs.simulate(hs.FemaleHPO(age=a, stage=s), duration="30w", seed=0)
            for s, a in (("premenopause", 30), ("perimenopause", 48), ("postmenopause", 55))}
    fsh = [runs[s]["fsh"].mean() for s in ("premenopause", "perimenopause", "postmenopause")]
    p4 = [runs[s]["progesterone"].mean() for s in ("premenopause", "perimenopause", "postmenopause")]
    assert fsh[0] < fsh[1] < fsh[2]
    assert p4[0] > p4[1] > p4[2]
    assert runs["postmenopause"]["estradiol"].max() < runs["premenopause"]["estradiol"].mean()
    assert len(lh_surges(runs["postmenopause"])) == 0
    pre, peri = cycle_lengths(runs["premenopause"]), cycle_lengths(runs["perimenopause"])
    assert len(lh_surges(runs["perimenopause"])) < len(lh_surges(runs["premenopause"]))
    assert (np.ptp(peri) if len(peri) > 1 else 365) > np.ptp(pre) + 7


def test_smaller_reserve_means_fewer_ovulations():
    counts = [len(lh_surges(hs.simulate(hs.FemaleHPO(follicle_reserve=r), duration="40w",
                                        seed=2))) for r in (1.0, 0.22, 0.05)]
    assert counts[0] > counts[1] >= counts[2]
    assert counts[2] == 0


def test_no_positive_feedback_no_surge():
    res = hs.simulate(hs.FemaleHPO(positive_feedback=0.0), duration="10w")
    assert len(lh_surges(res)) == 0
    assert res["progesterone"].max() < 1.5


def test_unopposed_estrogen_stimulates_endometrium_progesterone_opposes_it():
    post = hs.FemaleHPO(age=55, stage="postmenopause")
    alone = hs.simulate(post, hs.dose("estradiol_patch", 50, "ug/day"), duration="8w")
    combined = hs.simulate(post, hs.dose("estradiol_patch", 50, "ug/day")
                           + hs.dose("progesterone_oral", 100, "mg", every="1d"), duration="8w")
    none = hs.simulate(post, duration="8w")
    s = "endometrial_stimulation"
    assert alone[s][-1] > 1.0 > combined[s][-1]
    assert none[s][-1] < combined[s][-1] < alone[s][-1]
    # in a normal cycle the indicator peaks near 1 and is reset in every luteal phase
    cyc = hs.simulate(hs.FemaleHPO(age=30), duration="12w", seed=1)
    assert 0.5 < cyc[s].max() < 1.3


def test_estrogen_therapy_lowers_postmenopausal_gonadotropins():
    post = hs.FemaleHPO(age=55, stage="postmenopause")
    none = hs.simulate(post, duration="4w")
    e2 = hs.simulate(post, hs.dose("estradiol_patch", 100, "ug/day"), duration="4w")
    assert e2["fsh"][-1] < 0.7 * none["fsh"][-1]
    assert e2["lh"][-1] < 0.7 * none["lh"][-1]


def test_testosterone_cream_stays_in_female_range_at_low_dose():
    post = hs.FemaleHPO(age=58, stage="postmenopause")
    res = hs.simulate(post, hs.dose("testosterone_female", 3, "mg", every="1d"), duration="3w")
    assert res["testosterone"][-24:].mean() < 60
    high = hs.simulate(post, hs.dose("testosterone_female", 20, "mg", every="1d"), duration="3w")
    assert high["testosterone"][-24:].mean() > 100     # far above the female range


@settings(max_examples=12, deadline=None)
@given(stage=st.sampled_from(["premenopause", "perimenopause", "postmenopause"]),
       reserve=st.one_of(st.none(), st.floats(0.0, 1.5)),
       pos=st.floats(0.0, 3.0), neg=st.floats(0.2, 3.0), noise=st.floats(0.0, 1.0),
       seed=st.integers(0, 1000))
def test_outputs_finite_and_non_negative(stage, reserve, pos, neg, noise, seed):
    model = hs.FemaleHPO(age=45, stage=stage, follicle_reserve=reserve, positive_feedback=pos,
                         negative_feedback=neg, follicle_noise_cv=noise)
    res = hs.simulate(model, hs.dose("estriol", 2, "mg", every="1d"), duration="3w", seed=seed)
    for name in OUTPUTS:
        v = res[name]
        assert np.all(np.isfinite(v)) and np.all(v >= 0), name


@settings(max_examples=10, deadline=None)
@given(d1=st.floats(10, 190), d2=st.floats(10, 190))
def test_patch_dose_monotone(d1, d2):
    lo, hi = sorted((d1, d2))
    post = hs.FemaleHPO(age=55, stage="postmenopause")
    e_lo = hs.simulate(post, hs.dose("estradiol_patch", lo, "ug/day"), duration="1w")["estradiol"]
    e_hi = hs.simulate(post, hs.dose("estradiol_patch", hi, "ug/day"), duration="1w")["estradiol"]
    assert np.all(e_hi >= e_lo - 1e-9)
    if hi > lo + 1:
        assert e_hi.mean() > e_lo.mean()


@settings(max_examples=10, deadline=None)
@given(d1=st.floats(25, 400), d2=st.floats(25, 400))
def test_progesterone_dose_monotone_on_p4_and_endometrium(d1, d2):
    lo, hi = sorted((d1, d2))
    post = hs.FemaleHPO(age=55, stage="postmenopause")
    patch = hs.dose("estradiol_patch", 50, "ug/day")
    r_lo = hs.simulate(post, patch + hs.dose("progesterone_oral", lo, "mg", every="1d"),
                       duration="3w")
    r_hi = hs.simulate(post, patch + hs.dose("progesterone_oral", hi, "mg", every="1d"),
                       duration="3w")
    assert np.all(r_hi["progesterone"] >= r_lo["progesterone"] - 1e-9)
    assert r_hi["endometrial_stimulation"][-1] <= r_lo["endometrial_stimulation"][-1] + 1e-9


@settings(max_examples=8, deadline=None)
@given(dose_mg=st.floats(50, 300))
def test_periodic_regimen_reaches_periodic_steady_state(dose_mg):
    post = hs.FemaleHPO(age=55, stage="postmenopause")
    res = hs.simulate(post, hs.dose("estradiol_patch", 50, "ug/day")
                      + hs.dose("progesterone_oral", dose_mg, "mg", every="1d"), duration="15d")
    day = 24
    for name in ("estradiol", "progesterone", "fsh", "lh"):
        v = res[name]
        a, b = v[-1 - 2 * day:-1 - day], v[-1 - day:-1]
        np.testing.assert_allclose(a, b, rtol=0.02, atol=1e-6, err_msg=name)


def test_seeded_runs_identical_and_seeds_differ():
    model = hs.FemaleHPO(age=48, stage="perimenopause")
    a = hs.simulate(model, duration="16w", seed=5)
    b = hs.simulate(model, duration="16w", seed=5)
    c = hs.simulate(model, duration="16w", seed=6)
    for name in OUTPUTS:
        np.testing.assert_array_equal(a[name], b[name])
    assert not np.array_equal(a["estradiol"], c["estradiol"])
    det = hs.FemaleHPO(follicle_noise_cv=0.0)
    np.testing.assert_array_equal(hs.simulate(det, duration="4w", seed=1)["lh"],
                                  hs.simulate(det, duration="4w", seed=2)["lh"])


def test_cohort_of_reserves_vectorised():
    model = hs.FemaleHPO(follicle_reserve=np.array([1.0, 0.3, 0.0]))
    res = hs.simulate(model, duration="4w")
    assert res.n_subjects == 3
    one = hs.simulate(hs.FemaleHPO(follicle_reserve=0.0), duration="4w")
    data = res._data["estradiol"]
    np.testing.assert_allclose(data[2], one["estradiol"], rtol=1e-9)


@pytest.mark.parametrize("kwargs, exc, words", [
    ({"stage": "menopause"}, ValueError, ["stage", "perimenopause"]),
    ({"stage": 3}, TypeError, ["stage"]),
    ({"age": 12}, ValueError, ["age", "18"]),
    ({"age": "fifty"}, TypeError, ["age"]),
    ({"follicle_reserve": 2.0}, ValueError, ["follicle_reserve", "1.5"]),
    ({"follicle_reserve": -0.1}, ValueError, ["follicle_reserve"]),
    ({"positive_feedback": 5.0}, ValueError, ["positive_feedback"]),
    ({"follicle_noise_cv": float("nan")}, ValueError, ["follicle_noise_cv"]),
    ({"uterus": "yes"}, TypeError, ["uterus"]),
])
def test_bad_model_input_raises_naming_it(kwargs, exc, words):
    with pytest.raises(exc) as info:
        hs.FemaleHPO(**kwargs)
    for w in words:
        assert w in str(info.value)


def test_bad_regimens_raise():
    model = hs.FemaleHPO(stage="postmenopause")
    with pytest.raises(ValueError, match="estradiol_patch delivers a rate"):
        hs.dose("estradiol_patch", 50, "mg")
    with pytest.raises(ValueError, match="largest accepted"):
        hs.dose("estradiol_patch", 500, "ug/day")
    with pytest.raises(ValueError, match="shortest interval"):
        hs.dose("progesterone_oral", 100, "mg", every="1h")
    with pytest.raises(ValueError, match="unknown drug"):
        hs.dose("estrogel_forte", 1, "mg")
    with pytest.raises(ValueError, match="no effect in FemaleHPO"):
        hs.simulate(model, hs.dose("anastrozole", 1, "mg"), duration="1d")
    with pytest.raises(ValueError, match="output"):
        hs.simulate(model, duration="1d")["gh"]


def test_drugs_listed_with_sources():
    for drug_id in ("estradiol_patch", "estradiol_oral", "estriol", "progesterone_oral",
                    "testosterone_female"):
        d = hs.DRUGS[drug_id]
        assert d.target in hs.FemaleHPO.drug_targets
        assert d.evidence and "as of 2026" in d.evidence
    assert hs.DRUGS["estradiol_patch"].dose_kind == "rate"


def test_one_subject_float_path_equals_the_array_path():
    """One woman is stepped on Python floats; the same context on arrays gives the same."""
    model = hs.FemaleHPO(age=47, stage="perimenopause")
    t = np.arange(0, 10 * 24 * 7 + 1, 2.0)
    ctx_float = model.prepare(t, np.random.default_rng(5), "mean")
    assert ctx_float["scalar"]
    ctx_array = dict(ctx_float, scalar=False, reserve=np.array([ctx_float["reserve"]]),
                     capacity=np.array(ctx_float["capacity"])[:, None],
                     age_factor=np.array(ctx_float["age_factor"]))
    y_float = y_array = model.initial_state(ctx_array)
    for k in range(len(t) - 1):
        # estradiol and progesterone from week 4 on (mg/h released into plasma)
        drive = ({} if k < 336 else {"estradiol_release": np.array([0.002]),
                                     "progesterone_release": np.array([4.0])})
        out_float = model.observe(y_float, drive, ctx_float, k)
        out_array = model.observe(y_array, drive, ctx_array, k)
        for name in out_float:
            np.testing.assert_allclose(out_float[name], out_array[name], rtol=1e-10, atol=1e-12,
                                       err_msg=f"{name} at step {k}")
        y_float = model.step(t[k], y_float, 2.0, drive, ctx_float, k)
        y_array = model.step(t[k], y_array, 2.0, drive, ctx_array, k)
    assert not np.allclose(y_float, model.initial_state(ctx_array), rtol=0.05)


@pytest.mark.parametrize("ages", [52.0, np.array([30.0, 55.0])])
def test_what_is_recorded_does_not_change_the_run(ages):
    """The step reads each drug's mean over the step whether or not a sample is recorded at
    it: recording every 2 h or every 6 h gives the same samples at the common times (until
    December 2026 the steroid levels observed at a sample, from the drugs' levels at that
    instant, were reused by the step after it: continuous progesterone's endometrial
    stimulation differed by up to 22% between record intervals)."""
    plan = (hs.dose("estradiol_oral", 1, "mg", every="1d")
            + hs.dose("progesterone_oral", 100, "mg", every="1d")
            + hs.dose("estradiol_patch", 50, "ug/day"))
    woman = hs.FemaleHPO(age=ages, stage="postmenopause")
    every_2h = hs.simulate(woman, plan, duration="3w", seed=5, record_every="2h")
    every_6h = hs.simulate(woman, plan, duration="3w", seed=5, record_every="6h")
    np.testing.assert_array_equal(every_6h.t_hours, every_2h.t_hours[::3])
    for name in every_2h.outputs:
        np.testing.assert_array_equal(every_6h[name], every_2h[name][..., ::3], err_msg=name)
