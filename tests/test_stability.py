"""hormonesim.stability: fixed points, Jacobians, eigenvalues and Hopf points (chapter 9)."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st_

import hormonesim as hs
from hormonesim import stability


def test_secant_threshold_known_values():
    assert stability.secant_threshold(3) == pytest.approx(8.0)
    assert stability.secant_threshold(4) == pytest.approx(4.0)
    assert stability.secant_threshold(1) == math.inf and stability.secant_threshold(2) == math.inf
    values = [stability.secant_threshold(n) for n in range(3, 30)]
    assert all(a > b for a, b in zip(values, values[1:])) and values[-1] > 1.0


@pytest.mark.parametrize("bad, err", [(0, ValueError), (2.5, TypeError), (True, TypeError)])
def test_secant_threshold_refuses_bad_input(bad, err):
    with pytest.raises(err, match="n_stages"):
        stability.secant_threshold(bad)


@pytest.mark.parametrize("n", [3, 4, 5, 9])
def test_chain_threshold_with_equal_rates_is_the_secant_condition(n):
    gain, period = stability.chain_hopf_threshold([0.7] * n)
    assert gain == pytest.approx(stability.secant_threshold(n), rel=1e-9)
    assert period == pytest.approx(2 * math.pi / (0.7 * math.tan(math.pi / n)), rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(st_.lists(st_.floats(0.05, 20.0), min_size=3, max_size=8))
def test_unequal_rates_never_beat_the_secant_bound(rates):
    gain, period = stability.chain_hopf_threshold(rates)
    assert gain >= stability.secant_threshold(len(rates)) * (1 - 1e-9)
    assert period > 0
    # the order of the stages around the loop does not matter
    assert stability.chain_hopf_threshold(rates[::-1])[0] == pytest.approx(gain, rel=1e-9)


def test_chain_threshold_refuses_bad_rates_and_short_chains():
    assert stability.chain_hopf_threshold([1.0, 2.0]) == (math.inf, math.inf)
    for bad in ([], [1.0, -1.0, 2.0], [1.0, float("nan"), 1.0], [[1.0, 2.0]]):
        with pytest.raises(ValueError, match="rates_per_h"):
            stability.chain_hopf_threshold(bad)


def _loop_rates(loop):
    return [math.log(2) / h for h in (loop.half_life_releasing_h, loop.half_life_trophic_h,
                                      loop.half_life_target_h)] \
        + [loop.n_transit / loop.delay_h] * loop.n_transit


def test_feedback_loop_jacobian_is_the_linearised_chain():
    loop = hs.FeedbackLoop(gain=1.5, hill=4.0, delay_h=3.0)
    y = stability.fixed_point(loop)
    np.testing.assert_allclose(y, 1.0, atol=1e-8)
    k = _loop_rates(loop)
    expected = np.diag([-r for r in k])
    for i in range(1, len(k)):
        expected[i, i - 1] = k[i]
    expected[0, -1] = -k[0] * loop.loop_gain()
    np.testing.assert_allclose(stability.jacobian(loop), expected, atol=1e-6)


@pytest.mark.parametrize("hill, delay", [(8.0, 6.0), (12.0, 2.0), (6.0, 12.0)])
def test_hopf_gain_from_eigenvalues_matches_the_chain_formula(hill, delay):
    loop = hs.FeedbackLoop(hill=hill, delay_h=delay)
    k_star, _ = stability.chain_hopf_threshold(_loop_rates(loop))
    g_formula = k_star / (hill - k_star)
    assert stability.hopf_point(loop, "gain", 0.01, 50.0) == pytest.approx(g_formula, rel=1e-4)


def test_no_hopf_point_when_the_hill_coefficient_is_too_small():
    loop = hs.FeedbackLoop(hill=2.0, delay_h=6.0)      # K = 2g/(1+g) < 2 < K*
    assert math.isnan(stability.hopf_point(loop, "gain", 0.01, 50.0))
    assert stability.eigenvalues(loop.replace(gain=50.0))[0].real < 0


def test_simulation_settles_below_and_oscillates_above_the_hopf_point():
    loop = hs.FeedbackLoop(hill=8.0, delay_h=6.0)
    g_star = stability.hopf_point(loop, "gain", 0.01, 5.0)

    def late_range(g):
        res = hs.simulate(loop.replace(gain=g), duration="20d")
        late = res["target_hormone"][res.t_days >= 15]
        return late.max() - late.min()

    assert late_range(0.7 * g_star) < 0.01
    assert late_range(2.0 * g_star) > 0.5
    ev = stability.eigenvalues(loop.replace(gain=g_star))
    assert abs(ev[0].real) < 1e-5 and abs(ev[0].imag) > 0


def test_male_axis_fixed_point_is_where_the_engine_settles():
    man = hs.MaleHPG(age=40, bmi=27, circadian_amplitude=0.0)
    y = stability.fixed_point(man)
    res = hs.simulate(man, duration="6d", resolution="mean")
    t_idx = man.state_names.index("testosterone")
    assert res["testosterone"][-24:].mean() == pytest.approx(y[t_idx], rel=0.01)
    ev = stability.eigenvalues(man)
    assert ev.shape == (len(man.state_names),) and ev[0].real < 0


def test_bad_models_and_arguments_are_refused():
    with pytest.raises(TypeError, match="one subject"):
        stability.eigenvalues(hs.population(hs.MaleHPG(), n=3, seed=0))
    with pytest.raises(TypeError, match="hormonesim model"):
        stability.jacobian("MaleHPG")
    with pytest.raises(TypeError, match="no derivatives"):
        stability.fixed_point(hs.SecretionClearance())
    loop = hs.FeedbackLoop()
    with pytest.raises(ValueError, match="unknown parameter 'gian'"):
        stability.hopf_point(loop, "gian", 0.1, 1.0)
    with pytest.raises(ValueError, match="low < high"):
        stability.hopf_point(loop, "gain", 2.0, 1.0)
    with pytest.raises(ValueError, match="n_grid"):
        stability.hopf_point(loop, "gain", 0.1, 1.0, n_grid=1)
    with pytest.raises(ValueError, match="rel_step"):
        stability.jacobian(loop, rel_step=0.5)
    with pytest.raises(ValueError, match="finite state values"):
        stability.jacobian(loop, y=np.ones(3))
