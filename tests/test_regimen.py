"""Regimens: dose and infusion, composition and the errors a user meets."""
import numpy as np
import pytest

import hormonesim as hs
from hormonesim.regimen import DoseSeries, RateSeries


def test_dose_schedule_and_composition():
    plan = hs.dose("testosterone_cypionate", 200, "mg", every="14d")
    assert len(plan) == 1
    series = plan.items[0]
    assert isinstance(series, DoseSeries) and series.amount == 200 and series.every_h == 336
    np.testing.assert_allclose(series.times_h(12 * 168), np.arange(6) * 336.0)
    both = plan + hs.dose("testosterone_enanthate", 100, "mg", start="2d", count=2, every="7d")
    assert len(both) == 2
    assert [d.id for d in both.drugs] == ["testosterone_cypionate", "testosterone_enanthate"]
    np.testing.assert_allclose(both.items[1].times_h(1000), [48.0, 216.0])
    assert sum([plan, plan]).items == plan.items * 2
    assert "no treatment" in repr(hs.Regimen())


def test_single_dose_and_infusion():
    once = hs.dose("testosterone_cypionate", 0.1, "g")
    assert once.items[0].amount == pytest.approx(100) and once.items[0].every_h is None
    inf = hs.infusion("testosterone_enanthate", 1, "mg/h", start="1h", stop="3h")
    item = inf.items[0]
    assert isinstance(item, RateSeries) and item.rate == 1 and item.stop_h == 3


@pytest.mark.parametrize("call,err,match", [
    (lambda: hs.dose("testosterone_cipionate", 100, "mg"), ValueError, "unknown drug 'testosterone_cipionate'"),
    (lambda: hs.dose("testosterone_cypionate", -5, "mg"), ValueError, "amount = -5 mg is out of range"),
    (lambda: hs.dose("testosterone_cypionate", "100", "mg"), TypeError, "amount must be a number"),
    (lambda: hs.dose("testosterone_cypionate", 100, "IU"), ValueError, "does not fit testosterone_cypionate"),
    (lambda: hs.dose("testosterone_cypionate", 100, "mgs"), ValueError, "unknown unit 'mgs'"),
    (lambda: hs.dose("testosterone_cypionate", 5000, "mg"), ValueError, "above the largest accepted"),
    (lambda: hs.dose("testosterone_cypionate", 100, "mg", every="2h"), ValueError, "shorter than the shortest interval"),
    (lambda: hs.dose("testosterone_cypionate", 100, "mg", every="1w", count=0), ValueError, "count = 0"),
    (lambda: hs.dose("testosterone_cypionate", 100, "mg/day"), ValueError, "given as doses"),
    (lambda: hs.infusion("testosterone_cypionate", 1, "mg"), ValueError, "needs a rate unit"),
    (lambda: hs.infusion("testosterone_cypionate", 1, "mg/h", start="2h", stop="1h"), ValueError, "must come after"),
    (lambda: hs.dose("testosterone_cypionate", 100, "mg") + 3, TypeError, "only regimens can be added"),
])
def test_bad_input_names_parameter_and_allowed(call, err, match):
    with pytest.raises(err, match=match):
        call()


def test_unknown_drug_lists_known_ids():
    with pytest.raises(ValueError) as info:
        hs.dose("nandrolone", 100, "mg")
    assert "testosterone_cypionate" in str(info.value)
