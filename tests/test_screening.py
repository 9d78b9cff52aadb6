"""hs.screening: flags a healthy virtual cohort collects from independent tests (the "20 tests" arithmetic)."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hormonesim as hs
from hormonesim.screening import (central_interval_z, expected_flag_distribution, screening_flags,
                                  share_with_at_least_one_flag)


def test_exported_from_the_package():
    assert hs.screening.screening_flags is screening_flags


def test_central_interval_matches_known_quantiles():
    assert central_interval_z(0.95) == pytest.approx(1.959964, abs=1e-5)
    assert central_interval_z(0.99) == pytest.approx(2.575829, abs=1e-5)
    assert central_interval_z(0.6826894921) == pytest.approx(1.0, abs=1e-6)


def test_twenty_tests_at_95_percent():
    # 1 - 0.95**20 = 0.6415: almost two healthy people in three have at least one flag
    assert share_with_at_least_one_flag(20, 0.95) == pytest.approx(0.641514, abs=1e-6)
    flags = screening_flags(n_tests=20, n_people=200_000, coverage=0.95, seed=3)
    assert flags.shape == (200_000,) and flags.dtype.kind == "i"
    assert (flags >= 1).mean() == pytest.approx(0.6415, abs=0.005)
    assert flags.mean() == pytest.approx(1.0, abs=0.01)            # 20 x 5%
    pmf = expected_flag_distribution(20, 0.95)
    observed = np.bincount(flags, minlength=21) / flags.size
    np.testing.assert_allclose(observed[:5], pmf[:5], atol=0.005)


@settings(max_examples=40, deadline=None)
@given(n_tests=st.integers(1, 60), n_people=st.integers(1, 400),
       coverage=st.floats(0.5, 0.999), seed=st.integers(0, 2**31 - 1))
def test_flags_are_counts_between_zero_and_the_number_of_tests(n_tests, n_people, coverage, seed):
    flags = screening_flags(n_tests=n_tests, n_people=n_people, coverage=coverage, seed=seed)
    assert flags.shape == (n_people,)
    assert flags.min() >= 0 and flags.max() <= n_tests
    again = screening_flags(n_tests=n_tests, n_people=n_people, coverage=coverage, seed=seed)
    np.testing.assert_array_equal(flags, again)


@settings(max_examples=40, deadline=None)
@given(n_tests=st.integers(1, 200), coverage=st.floats(0.01, 0.999))
def test_exact_distribution_is_a_binomial(n_tests, coverage):
    pmf = expected_flag_distribution(n_tests, coverage)
    assert pmf.shape == (n_tests + 1,)
    assert np.all(pmf >= 0)
    assert pmf.sum() == pytest.approx(1.0, abs=1e-9)
    mean = float(np.dot(np.arange(n_tests + 1), pmf))
    assert mean == pytest.approx(n_tests * (1 - coverage), rel=1e-6, abs=1e-9)
    assert 1 - pmf[0] == pytest.approx(share_with_at_least_one_flag(n_tests, coverage), abs=1e-9)


@settings(max_examples=25, deadline=None)
@given(k=st.integers(1, 99), coverage=st.floats(0.5, 0.999))
def test_more_tests_never_lower_the_chance_of_a_flag(k, coverage):
    assert share_with_at_least_one_flag(k + 1, coverage) >= share_with_at_least_one_flag(k, coverage)


@settings(max_examples=15, deadline=None)
@given(n_tests=st.integers(1, 40), coverage=st.floats(0.8, 0.99), seed=st.integers(0, 10**6))
def test_simulation_agrees_with_the_formula(n_tests, coverage, seed):
    n = 20_000
    flags = screening_flags(n_tests=n_tests, n_people=n, coverage=coverage, seed=seed)
    p = share_with_at_least_one_flag(n_tests, coverage)
    # five binomial standard errors: fails by chance about once in 3 million runs
    assert abs((flags >= 1).mean() - p) <= 5 * math.sqrt(p * (1 - p) / n) + 1e-12


@pytest.mark.parametrize("kwargs, error, match", [
    ({"n_tests": 0}, ValueError, "n_tests must be between 1 and 1000, got 0"),
    ({"n_tests": 2.5}, TypeError, "n_tests must be a whole number"),
    ({"n_tests": True}, TypeError, "n_tests must be a whole number"),
    ({"n_people": -3}, ValueError, "n_people must be between"),
    ({"coverage": 1.0}, ValueError, "coverage must lie strictly between 0 and 1"),
    ({"coverage": 95}, ValueError, "coverage must lie strictly between 0 and 1"),
    ({"coverage": float("nan")}, ValueError, "coverage"),
    ({"coverage": "95%"}, TypeError, "coverage must be a number"),
    ({"seed": -1}, ValueError, "seed = -1 is out of range"),
    ({"seed": 1.5}, TypeError, "seed must be an integer >= 0, a numpy.random.Generator or None"),
    ({"n_tests": 1000, "n_people": 10_000_000}, ValueError, "results is more than"),
])
def test_bad_input_is_refused_with_a_message(kwargs, error, match):
    with pytest.raises(error, match=match):
        screening_flags(**kwargs)


def test_seed_may_be_a_generator_like_every_seed_of_the_package():
    import numpy as np

    a = screening_flags(n_tests=5, n_people=1000, seed=np.random.default_rng(7))
    b = screening_flags(n_tests=5, n_people=1000, seed=np.random.default_rng(7))
    assert np.array_equal(a, b)


def test_bad_input_in_the_exact_functions():
    with pytest.raises(ValueError, match="coverage"):
        expected_flag_distribution(20, 0.0)
    with pytest.raises(ValueError, match="n_tests"):
        share_with_at_least_one_flag(1001, 0.95)
    with pytest.raises(ValueError, match="coverage"):
        central_interval_z(1.5)
