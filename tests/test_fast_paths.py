"""The speed-ups of issue 19 change no number (no timings here: those come from make bench).

Each optimisation is checked against the formulation it replaced, bit for bit:

* the per-subject drug step multiplies only the lower triangle of each chain's propagator,
  where the old step summed the full broadcast product ``(phi * x).sum(axis=1)``;
* exact drug propagators are cached across runs and chunks;
* MaleHPG keeps one free-T feedback threshold per step (a list of floats) when every man shares
  the set point, where it used to copy an (n_steps, n) array;
* MaleHPG's step writes its rows into one array, and the engine records samples time-major and
  transposes once at the end.
"""
import math

import numpy as np
import pytest

import hormonesim as hs
from hormonesim import drug_kinetics
from hormonesim.drugs import DRUGS

from call_count import count_calls  # noqa: E402  (tests/call_count.py)


def _varied_model(n):
    """A cohort model whose every drug gets per-subject (absorption, elimination) scales."""
    return hs.population(hs.MaleHPG(), n=n, seed=3).model


@pytest.mark.parametrize("drug_id", sorted(DRUGS))
def test_triangular_drug_step_equals_the_full_product(drug_id):
    drug, n = DRUGS[drug_id], 40
    rng = np.random.default_rng(0)
    state = drug_kinetics._DrugState(drug, _varied_model(n), 1.0, n)
    assert state.per_subject, "the cohort should give this drug per-subject propagators"
    # the optimisation rests on the chain's propagator being lower triangular, exactly
    assert not np.any(np.triu(state.phi.transpose(2, 0, 1), 1)), drug_id
    state.x = rng.lognormal(size=state.x.shape)
    state.add_rate(rng.uniform(0, 2, size=n))
    expected = (state.phi * state.x[None, :, :]).sum(axis=1)
    expected += state.gamma * (drug.bioavailability * state.rate)
    state.advance()
    assert np.array_equal(state.x, expected)


def test_cached_propagators_equal_fresh_ones_and_are_read_only():
    drug = DRUGS["testosterone_enanthate"]
    matrix = drug.rate_matrix(ke_scale=1.3, ka_scale=0.7)
    drug_kinetics._PROPAGATORS.clear()
    phi, gamma = drug_kinetics._propagator(matrix, 1.0)
    again = drug_kinetics._propagator(matrix, 1.0)
    assert again[0] is phi and again[1] is gamma          # served from the cache
    assert not phi.flags.writeable and not gamma.flags.writeable
    # a different step or rate matrix is a different entry
    assert drug_kinetics._propagator(matrix, 0.5)[0] is not phi
    other = drug.rate_matrix(ke_scale=1.31, ka_scale=0.7)
    assert drug_kinetics._propagator(other, 1.0)[0] is not phi
    cohort = hs.population(hs.MaleHPG(), n=8, seed=2)
    plan = hs.dose("testosterone_enanthate", 200, "mg", every="14d")
    drug_kinetics._PROPAGATORS.clear()
    fresh = hs.simulate(cohort, plan, duration="3w")
    cached = hs.simulate(cohort, plan, duration="3w")       # every propagator from the cache
    for name in fresh.outputs:
        assert np.array_equal(fresh[name], cached[name]), name


@pytest.mark.parametrize("resolution", ["mean", "pulse"])
def test_shared_feedback_threshold_list_equals_the_per_subject_array(resolution):
    """The same cohort with the free-T set point given as an array of equal values (the
    (n_steps, n) path) and as one float (the per-step list) gives identical numbers."""
    cohort = hs.population(hs.MaleHPG(age=50), n=6, seed=1)
    model = cohort.model
    assert np.ndim(model.free_t_feedback_pg_ml) == 0
    as_array = model.replace(free_t_feedback_pg_ml=np.full(6, float(model.free_t_feedback_pg_ml)))
    plan = hs.dose("hcg", 1500, "IU", every="3d") if resolution == "mean" else None
    duration = "10d" if resolution == "mean" else "1d"
    a = hs.simulate(model, plan, duration=duration, seed=4, resolution=resolution)
    b = hs.simulate(as_array, plan, duration=duration, seed=4, resolution=resolution)
    for name in a.outputs:
        assert np.array_equal(a[name], b[name]), name


def test_step_rows_and_time_major_recording_equal_the_model_step():
    """Recorded samples are the model's own step outputs, in (subject, time) order: replay the
    engine's loop by hand with the old construction of a step (np.array of the list of rows)
    and the old recording (a column per sample)."""
    from hormonesim._streams import simulation_streams

    cohort = hs.population(hs.MaleHPG(), n=5, seed=7)
    res = hs.simulate(cohort, None, duration="2d", seed=1, record_every="1h", resolution="mean")
    model = cohort.model
    dt = model.time_step_h("mean")
    t = np.arange(int(round(48 / dt)) + 1) * dt
    ctx = model.prepare(t, simulation_streams(1, 5, model.subject_seed), "mean")
    y = np.asarray(model.initial_state(ctx), dtype=float)
    every = int(round(1.0 / dt))
    old = {name: np.empty((5, len(t[::every]))) for name in model.outputs}
    for k in range(len(t)):
        if k % every == 0:
            for name, value in model.observe(y, {}, ctx, k).items():
                old[name][:, k // every] = value
        if k == len(t) - 1:
            break
        y = np.maximum(np.array(model.step(float(t[k]), y, dt, {}, ctx, k)), 0.0)
    assert np.array_equal(res.t_hours, t[::every])
    for name in model.outputs:
        assert np.array_equal(res[name], old[name]), name


def _generic_step(self, y, dt, drive, ctx, k):
    return np.array(self._step_generic(y, dt, drive, ctx, k))


@pytest.mark.parametrize("plan", [
    hs.dose("testosterone_cypionate", 100, "mg", every="7d"),
    hs.dose("hcg", 1500, "IU", every="3d") + hs.dose("anastrozole", 1, "mg", every="1d"),
    None], ids=["cypionate", "hcg+anastrozole", "untreated"])
def test_fused_cohort_step_equals_the_generic_step(plan, monkeypatch):
    """A cohort at the pulse-averaged resolution takes MaleHPG._step_cohort (constants folded,
    integer Hill powers as products, in-place temporaries); it is the generic step
    (_step_generic/_advance, which one man takes on Python floats) to rounding: same equations,
    same order, other roundings (a pow against products, a quotient folded into a constant)."""
    from hormonesim.models.male_hpg.model import MaleHPG

    cohort = hs.population(hs.MaleHPG(age=45), n=30, seed=4)
    fused = hs.simulate(cohort, plan, duration="3w", seed=2, record_every="1h")
    calls = []
    monkeypatch.setattr(MaleHPG, "_step_cohort",
                        lambda self, *a: calls.append(1) or _generic_step(self, *a))
    generic = hs.simulate(cohort, plan, duration="3w", seed=2, record_every="1h")
    assert len(calls) == 21 * 24                      # the fused path was taken, every step
    for name in fused.outputs:
        np.testing.assert_allclose(fused[name], generic[name], rtol=1e-12, atol=1e-300,
                                   err_msg=name)


def test_fused_cohort_step_returns_no_negative_value():
    """The engine skips its clip for the fused step (MaleHPG.step_keeps_nonnegative): from
    non-negative states, zeros and extremes included, under every drug target, no value of
    the step is negative."""
    cohort = hs.population(hs.MaleHPG(), n=400, seed=5)
    model = cohort.model
    dt = model.time_step_h("mean")
    t = np.arange(50) * dt
    ctx = model.prepare(t, np.random.default_rng(0), "mean")
    assert model.step_keeps_nonnegative(ctx)
    rng = np.random.default_rng(1)
    y0 = np.asarray(model.initial_state(ctx), float)
    drive = {"testosterone_release": rng.choice([0.0, 1e-3, 5.0], 400),
             "lh_agonist": rng.choice([0.0, 50.0, 5e4], 400),
             "aromatase_inhibitor": rng.choice([0.0, 1e-3, 100.0], 400)}
    for k in range(40):
        scale = rng.choice([0.0, 1e-12, 1.0, 1e3], size=y0.shape)
        y = y0 * scale
        y[[1, 9]] = np.minimum(y[[1, 9]], 1.0)          # fractions stay fractions
        ctx["lh_target"] = y[2] * rng.choice([0.0, 1.0, 10.0], 400)
        new = model.step(float(t[k]), y, dt, drive, ctx, k)
        assert np.all(np.isfinite(new)) and np.all(new >= 0.0), k


@pytest.mark.parametrize("resolution", ["mean", "pulse"])
def test_one_mans_float_step_returns_no_negative_value(resolution):
    """The engine skips its clip for one man on floats too (MaleHPG.step_keeps_nonnegative):
    from non-negative states, zeros and extremes included, under every drug target the model
    reads at that resolution, no value of the specialised float step is negative."""
    from hormonesim.models.male_hpg.float_step import float_stepper

    rng = np.random.default_rng(2)
    for man in (hs.MaleHPG(), hs.MaleHPG(gnrh_pulse_generator=False, age=70, bmi=40)):
        dt = man.time_step_h(resolution)
        t = np.arange(60) * dt
        ctx = man.prepare(t, np.random.default_rng(0), resolution)
        assert ctx["scalar"] and man.step_keeps_nonnegative(ctx)
        y0 = np.asarray(man.initial_state(ctx), float)[:, 0]
        step = float_stepper(man, ctx)
        targets = ["testosterone_release", "lh_agonist", "aromatase_inhibitor"]
        if resolution == "pulse":
            targets.append("gnrh_agonist")
        for k in range(50):
            y = y0 * rng.choice([0.0, 1e-12, 1.0, 1e3], size=y0.shape)
            y[[1, 9]] = np.minimum(y[[1, 9]], 1.0)      # fractions stay fractions
            if resolution == "mean":
                ctx["lh_target"] = float(y[2] * rng.choice([0.0, 1.0, 10.0]))
            drive = {name: float(rng.choice([0.0, 1e-3, 5.0, 5e4])) for name in targets
                     if rng.random() < 0.7}
            new = step(y.tolist(), drive, k)
            assert all(math.isfinite(v) and v >= 0.0 for v in new), (resolution, k, new)


def test_recording_reports_a_non_finite_output_after_earlier_checks():
    from hormonesim import engine
    from hormonesim.models.male_hpg.model import MaleHPG

    cohort = hs.population(hs.MaleHPG(), n=4, seed=1)
    real = MaleHPG._step_cohort

    def broken(self, y, dt, drive, ctx, k):
        out = real(self, y, dt, drive, ctx, k)
        if k == 2 * engine._CHECK_EVERY + 5:
            out[5, 2] = np.nan
        return out

    MaleHPG._step_cohort = broken
    try:
        with pytest.raises(FloatingPointError, match="MaleHPG produced a non-finite"):
            hs.simulate(cohort, None, duration="10d", record_every="1h")   # 3 checks
    finally:
        MaleHPG._step_cohort = real



def test_finite_check_of_the_recording_is_exact():
    """engine._check_finite clears rows by one sum and looks value by value only when the sum
    is not finite: finite values whose sum overflows pass, one infinity or NaN anywhere is
    reported with the output's name."""
    from hormonesim import engine

    rows = np.full((5, 3), 1e308)                      # finite; their sum overflows
    engine._check_finite({"lh": rows}, 0, 5, hs.MaleHPG())
    for bad in (np.inf, -np.inf, np.nan):
        broken = rows.copy()
        broken[3, 1] = bad
        with pytest.raises(FloatingPointError, match="non-finite lh"):
            engine._check_finite({"lh": broken}, 2, 5, hs.MaleHPG())
        engine._check_finite({"lh": broken}, 0, 3, hs.MaleHPG())   # rows before it pass

def test_cohort_parts_on_threads_give_the_same_numbers(monkeypatch):
    """A large cohort's fused step runs in parts (cache-sized, or one per thread); every
    operation is per subject, so the parts give the one-part numbers bit for bit."""
    from hormonesim.models.male_hpg import cohort_step as male

    cohort = hs.population(hs.MaleHPG(), n=30, seed=6)
    plan = hs.dose("testosterone_cypionate", 100, "mg", every="7d") + \
        hs.dose("hcg", 1500, "IU", every="3d")
    monkeypatch.setenv("HORMONESIM_THREADS", "1")
    whole = hs.simulate(cohort, plan, duration="2w", seed=1)
    monkeypatch.setattr(male, "PART_MIN_SUBJECTS", 7)
    monkeypatch.setenv("HORMONESIM_THREADS", "3")
    ctx = cohort.model.prepare(np.arange(10.0), np.random.default_rng(0), "mean")
    assert [p[0] for p in ctx["parts"]] == [slice(0, 10), slice(10, 20), slice(20, 30)]
    split = hs.simulate(cohort, plan, duration="2w", seed=1)
    for name in whole.outputs:
        assert np.array_equal(whole[name], split[name]), name
    # parts in turn on one thread (cache-sized parts)
    monkeypatch.setenv("HORMONESIM_THREADS", "1")
    monkeypatch.setattr(male, "CACHE_PART_SUBJECTS", 10)
    ctx = cohort.model.prepare(np.arange(10.0), np.random.default_rng(0), "mean")
    assert len(ctx["parts"]) == 3
    in_turn = hs.simulate(cohort, plan, duration="2w", seed=1)
    for name in whole.outputs:
        assert np.array_equal(whole[name], in_turn[name]), name
    monkeypatch.setenv("HORMONESIM_THREADS", "two")
    with pytest.raises(ValueError, match="HORMONESIM_THREADS = 'two'"):
        hs.simulate(cohort, plan, duration="1d")


def test_one_man_observed_after_the_loop_equals_observed_at_each_sample(monkeypatch):
    """MaleHPG.observe_over_samples: one man's outputs, observed once over all samples after
    the loop, are bit for bit those observed sample by sample (with drugs acting on what is
    observed: the hCG input and the gonadorelin level)."""
    man = hs.MaleHPG(age=50, bmi=29)
    assert man.observe_over_samples            # a class constant, not a field an instance hides
    plans = [hs.dose("testosterone_cypionate", 100, "mg", every="7d")
             + hs.dose("hcg", 500, "IU", every="3d"),
             hs.dose("gonadorelin", 5, "ug", every="90min")]
    for after, each in _observed_after_and_at_each_sample(
            monkeypatch, hs.MaleHPG, [(man, plan, duration)
                                      for plan, duration in zip(plans, ("3w", "12h"))], seed=4):
        assert after["testosterone"].shape == each.t_hours.shape


def _observed_after_and_at_each_sample(monkeypatch, cls, cases, seed, record_every=None):
    """Simulate each ``(subject, plan, duration)`` with ``cls`` observed once after the loop
    and, observe_over_samples switched off, at every sample; check the calls and that both
    give every output bit for bit; return the pairs of results."""
    calls = count_calls(monkeypatch, cls, "observe")
    pairs = []
    for subject, plan, duration in cases:
        calls.clear()
        after = hs.simulate(subject, plan, duration=duration, seed=seed,
                            record_every=record_every)
        assert len(calls) == 1                  # observed once, after the loop
        with monkeypatch.context() as m:
            m.setattr(cls, "observe_over_samples", False)
            each = hs.simulate(subject, plan, duration=duration, seed=seed,
                               record_every=record_every)
        assert len(calls) == 1 + len(each.t_hours)   # then at every sample
        assert after.outputs == each.outputs
        for name in each.outputs:
            assert np.array_equal(after[name], each[name]), name
        pairs.append((after, each))
    return pairs


def test_one_subject_on_floats_equals_the_array_step(monkeypatch):
    """Model.step_floats: one subject's state kept as a list of floats between steps gives,
    bit for bit, what the model's array step gives, for the three physiological models and
    the teaching feedback loop."""
    cases = [
        (hs.MaleHPG(age=50), hs.dose("testosterone_cypionate", 100, "mg", every="7d")
         + hs.dose("hcg", 500, "IU", every="3d") + hs.dose("anastrozole", 1, "mg", every="2d"),
         "3w"),
        (hs.MaleHPG(), hs.dose("gonadorelin", 5, "ug", every="90min"), "12h"),
        # the specialised float step (male_hpg/float_step.py) at both resolutions, every drug
        # target, and a man without GnRH pulses
        (hs.MaleHPG(bmi=31), hs.dose("gonadorelin", 5, "ug", every="90min")
         + hs.dose("testosterone_gel", 50, "mg", every="1d") + hs.dose("hcg", 500, "IU",
                                                                      every="2d")
         + hs.dose("anastrozole", 1, "mg", every="1d"), "3d"),
        (hs.MaleHPG(gnrh_pulse_generator=False), hs.dose("hcg", 1500, "IU", every="3d"), "2w"),
        (hs.MaleHPG(gnrh_pulse_generator=False), None, "2d"),
        (hs.FemaleHPO(), hs.dose("estradiol_patch", 50, "ug/day")
         + hs.dose("estradiol_oral", 1, "mg", every="1d")
         + hs.dose("progesterone_oral", 100, "mg", every="1d"), "10d"),
        (hs.GHAxis(), hs.dose("ipamorelin", 100, "ug", every="8h")
         + hs.dose("sermorelin", 200, "ug", every="1d"), "3d"),
        (hs.FeedbackLoop(gain=10, hill=4, delay_h=12, pulse_size=1.5, pulse_at_h=30), None,
         "4d"),
        (hs.FeedbackLoop(gain=3, hill=2.5, delay_h=0.05), None, "2d"),
    ]
    on_floats = [hs.simulate(m, plan, duration=d, seed=3) for m, plan, d in cases]
    for cls in (hs.MaleHPG, hs.FemaleHPO, hs.GHAxis, hs.FeedbackLoop):
        assert cls.step_floats is not None
        monkeypatch.setattr(cls, "step_floats", None)
    on_arrays = [hs.simulate(m, plan, duration=d, seed=3) for m, plan, d in cases]
    for (model, _, _), a, b in zip(cases, on_floats, on_arrays):
        assert a.outputs == b.outputs
        for name in a.outputs:
            assert np.array_equal(a[name], b[name]), (type(model).__name__, name)


def test_a_cohorts_cached_steady_state_is_its_own(monkeypatch):
    """MaleHPG.initial_state keeps a cohort's steady state by the bytes of its parameters (the
    last few cohorts): a second run of the same cohort reads it (the same numbers, and the SHBG
    reference of its run), another cohort gets its own, and editing a returned state changes
    nothing."""
    from hormonesim.models.male_hpg import steady_state as male

    male._COHORT_INITIAL_STATES.clear()
    calls = count_calls(monkeypatch, male, "untreated_steady_state")
    t = np.arange(3) * 1.0
    cohort = hs.population(hs.MaleHPG(), n=50, seed=8).model
    ctx = cohort.prepare(t, np.random.default_rng(0), "mean")
    first = cohort.initial_state(ctx)
    reference = ctx["ft_ref"].copy()
    first[5] = -1.0
    ctx2 = cohort.prepare(t, np.random.default_rng(0), "mean")
    again = cohort.initial_state(ctx2)
    assert len(calls) == 1
    assert np.all(again[5] > 0) and np.array_equal(ctx2["ft_ref"], reference)
    male._COHORT_INITIAL_STATES.clear()
    fresh = cohort.initial_state(cohort.prepare(t, np.random.default_rng(0), "mean"))
    assert len(calls) == 2 and np.array_equal(again, fresh)
    other = hs.population(hs.MaleHPG(), n=50, seed=9).model
    theirs = other.initial_state(other.prepare(t, np.random.default_rng(0), "mean"))
    assert len(calls) == 3 and not np.array_equal(theirs, fresh)
    # the fused step's constants read the reference the cached state sets
    assert np.array_equal(ctx2["parts"][0][1]["ft_ref"], reference)


def test_one_mans_cached_steady_state_is_his_own():
    """MaleHPG.initial_state keeps one man's steady state by his parameters: a second run gets
    the same numbers, another man gets his own, and editing a returned state changes nothing."""
    from hormonesim.models.male_hpg import steady_state as male

    male._INITIAL_STATES.clear()
    t = np.arange(3) * 1.0
    first = hs.MaleHPG(age=44)
    y1 = first.initial_state(first.prepare(t, np.random.default_rng(0), "mean"))
    y1[5] = -1.0
    y2 = first.initial_state(first.prepare(t, np.random.default_rng(0), "mean"))
    male._INITIAL_STATES.clear()
    fresh = first.initial_state(first.prepare(t, np.random.default_rng(0), "mean"))
    assert np.array_equal(y2, fresh) and fresh[5, 0] > 0
    other = hs.MaleHPG(age=45)
    y3 = other.initial_state(other.prepare(t, np.random.default_rng(0), "mean"))
    assert not np.array_equal(y3, fresh)
    # the cached state also sets the SHBG reference of the run that reads it
    ctx = first.prepare(t, np.random.default_rng(0), "mean")
    first.initial_state(ctx)
    assert ctx["ft_ref"] == pytest.approx(fresh[7, 0], rel=0, abs=0)


def test_feedback_loop_propagator_is_lower_triangular_and_non_negative():
    """FeedbackLoop.step_floats multiplies only the lower triangle of the loop's propagator:
    exact, since the loop matrix (a chain) is lower triangular and so is its exponential."""
    for delay_h in (0.0, 0.05, 0.5, 6.0, 48.0):
        for half_life in (0.1, 2.0, 48.0):
            loop = hs.FeedbackLoop(delay_h=delay_h, half_life_trophic_h=half_life)
            dt = loop.time_step_h("mean")
            phi, g0, g1 = loop.prepare(np.arange(3) * dt, None, "mean")["etd"]
            assert not np.any(np.triu(phi, 1)), (delay_h, half_life)
            assert phi.min() >= 0 and g0.min() >= 0 and g1.min() >= 0


def test_feedback_loop_observed_after_the_loop_equals_observed_at_each_sample(monkeypatch):
    """FeedbackLoop.observe_over_samples: one subject's outputs, observed once after the loop,
    are bit for bit those observed sample by sample (with and without the feedback delay)."""
    loops = (hs.FeedbackLoop(gain=10, hill=4, delay_h=12), hs.FeedbackLoop(delay_h=0.0))
    _observed_after_and_at_each_sample(monkeypatch, hs.FeedbackLoop,
                                       [(loop, None, "3d") for loop in loops], seed=0,
                                       record_every="1h")


def test_feedback_loop_step_returns_no_negative_value():
    """The engine skips its clip for FeedbackLoop's ETD2 step (step_keeps_nonnegative): from
    non-negative states, zeros and extremes included, no value of the step is negative, for
    one subject (floats) and for a cohort (phi @ y); the RK4 step keeps the clip."""
    rng = np.random.default_rng(3)
    for delay_h in (0.0, 2.0, 24.0):
        one = hs.FeedbackLoop(gain=20.0, hill=8.0, delay_h=delay_h)
        cohort = hs.population(one, n=50, seed=1, spreads={"gain": 0.5, "hill": 0.3}).model
        for model in (one, cohort):
            dt = model.time_step_h("mean")
            ctx = model.prepare(np.arange(3) * dt, None, "mean")
            assert model.step_keeps_nonnegative(ctx)
            n = model.n_subjects
            for k in range(200):
                y = rng.choice([0.0, 1e-300, 1e-12, 0.5, 1.0, 3.0, 1e3], size=(9, n))
                new = model.step(0.0, y, dt, {}, ctx, k)
                assert np.all(new >= 0.0), (delay_h, n, k)
                if n == 1:
                    assert min(model.step_floats(0.0, y[:, 0].tolist(), dt, {}, ctx, k)) >= 0
    varied = hs.FeedbackLoop(half_life_target_h=np.array([2.0, 6.0]))
    ctx = varied.prepare(np.arange(3) * 0.1, None, "mean")
    assert not varied.step_keeps_nonnegative(ctx)           # RK4: the engine clips


def test_one_woman_observed_after_the_loop_equals_observed_at_each_sample(monkeypatch):
    """FemaleHPO.observe_over_samples: one woman's outputs, observed once over all samples
    after the loop, are bit for bit those observed sample by sample (untreated, and with the
    drugs that act on what is observed: estradiol by patch and by mouth, progesterone,
    estriol and testosterone)."""
    cases = [(hs.FemaleHPO(age=30), None, "6w"),
             (hs.FemaleHPO(age=55, stage="postmenopause"),
              hs.dose("estradiol_patch", 50, "ug/day")
              + hs.dose("estradiol_oral", 1, "mg", every="1d")
              + hs.dose("progesterone_oral", 100, "mg", every="1d")
              + hs.dose("estriol", 1, "mg", every="1d")
              + hs.dose("testosterone_female", 3, "mg", every="1d"), "10d")]
    _observed_after_and_at_each_sample(monkeypatch, hs.FemaleHPO, cases, seed=2)
