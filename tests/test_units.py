"""Units: durations, amounts, rates and SI conversion."""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import hormonesim as hs
from hormonesim import units


@pytest.mark.parametrize("text,hours", [("90min", 1.5), ("36h", 36.0), ("3.5d", 84.0),
                                        ("12w", 2016.0), ("1 y", 8766.0), ("0h", 0.0),
                                        (2.5, 2.5), ("1e1h", 10.0)])
def test_parse_duration(text, hours):
    assert hs.parse_duration(text) == pytest.approx(hours)


@pytest.mark.parametrize("bad,err,match", [("12 fortnights", ValueError, "unknown time unit"),
                                           ("abc", ValueError, "not a duration"),
                                           ("-3h", ValueError, "not a duration"),
                                           (-1.0, ValueError, "non-negative"),
                                           (float("nan"), ValueError, "finite"),
                                           (None, TypeError, "duration"),
                                           (True, TypeError, "duration")])
def test_parse_duration_errors_name_the_value(bad, err, match):
    with pytest.raises(err, match=match):
        hs.parse_duration(bad, "duration")


def test_si_conversions_match_molar_masses():
    # Travison 2017: 264 ng/dL is 9.2 nmol/L
    assert hs.to_si("testosterone", 264) == pytest.approx(9.15, abs=0.05)
    assert hs.si_unit("testosterone") == "nmol/L"
    assert hs.to_si("estradiol", 10.0) == pytest.approx(36.71, abs=0.01)
    assert hs.si_unit("estradiol") == "pmol/L"
    assert hs.to_si("progesterone", 1.0) == pytest.approx(3.18, abs=0.01)
    np.testing.assert_allclose(units.from_si("estradiol", hs.to_si("estradiol", np.array([1.0, 50.0]))),
                               [1.0, 50.0])
    with pytest.raises(ValueError, match="unknown hormone for SI conversion 'cortisone'"):
        hs.to_si("cortisone", 1.0)


def test_amount_and_rate_units():
    assert units.amount_to_canonical(200, "mg") == (200, "mg")
    assert units.amount_to_canonical(500, "ug")[0] == pytest.approx(0.5)
    assert units.amount_to_canonical(250, "IU") == (250, "IU")
    rate, unit = units.rate_to_canonical(50, "ug/day")
    assert unit == "mg/h" and rate == pytest.approx(0.05 / 24)
    with pytest.raises(ValueError, match="unknown unit 'grams'"):
        units.amount_to_canonical(1, "grams")
    with pytest.raises(ValueError, match="not a rate"):
        units.rate_to_canonical(1, "mg")


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=0, max_value=1e5, allow_nan=False))
def test_duration_units_are_consistent(x):
    assert hs.parse_duration(f"{x!r}w") == pytest.approx(7 * hs.parse_duration(f"{x!r}d"))
    assert hs.parse_duration(f"{x!r}h") == pytest.approx(60 * hs.parse_duration(f"{x!r}min"))
    assert math.isfinite(hs.parse_duration(f"{x!r}d"))
