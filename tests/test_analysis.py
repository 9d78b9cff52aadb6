"""Scenario comparison, one-way sensitivity, periodic steady state and their CSV export."""
import csv
import io

import numpy as np
import pytest

import hormonesim as hs
from hormonesim.book import plots

TC = hs.dose("testosterone_cypionate", 100, "mg", every="7d")


def test_compare_scenarios_aligned_and_csv():
    man = hs.MaleHPG()
    cmp = hs.compare_scenarios({"untreated": (man, None), "tc weekly": (man, TC)}, duration="3w")
    assert cmp.labels == ["untreated", "tc weekly"]
    np.testing.assert_array_equal(cmp["untreated"].t_hours, cmp["tc weekly"].t_hours)
    rows = cmp.table()
    assert rows[1]["testosterone_mean [ng/dL]"] > rows[0]["testosterone_mean [ng/dL]"]
    text = cmp.to_csv(outputs=["testosterone", "lh"])
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert len(parsed) == 2 * len(cmp.t_hours) and "lh [IU/L]" in parsed[0]
    fig, ax = plots.plot_scenarios(cmp, reference="men")
    assert len(ax.lines) == 2


def test_compare_scenarios_errors():
    with pytest.raises(ValueError, match="empty"):
        hs.compare_scenarios({})
    with pytest.raises(TypeError, match="model"):
        hs.compare_scenarios({"x": ("not a model", None)})


def test_periodic_steady_state_trough_peak_average():
    ss = hs.periodic_steady_state(hs.MaleHPG(), TC)
    assert ss.reached and ss.interval_h == 168
    assert ss.trough < ss.average < ss.peak
    # doubling the dose raises the average exposure
    ss2 = hs.periodic_steady_state(hs.MaleHPG(), hs.dose("testosterone_cypionate", 200, "mg",
                                                         every="7d"))
    assert ss2.average > ss.average
    assert "trough" in ss.to_csv()
    with pytest.raises(ValueError, match="repeating"):
        hs.periodic_steady_state(hs.MaleHPG(), hs.dose("testosterone_cypionate", 100, "mg"))


def test_sensitivity_rows_sorted_and_signed():
    s = hs.sensitivity(hs.MaleHPG(), TC, parameters=["t_clearance_scale", "aromatase_scale"],
                       duration="4w", resolution="mean")
    assert [r["parameter"] for r in s.rows][0] == "t_clearance_scale"
    top = s.rows[0]
    assert top["change_low_pct"] > 0 > top["change_high_pct"]  # faster clearance, lower T
    assert s.to_csv().startswith("parameter,")
    fig, ax = plots.tornado(s)
    assert len(ax.patches) == 4
    with pytest.raises(ValueError, match="parameter"):
        hs.sensitivity(hs.MaleHPG(), TC, parameters=["nonsense"])
    with pytest.raises(ValueError, match="fraction"):
        hs.sensitivity(hs.MaleHPG(), TC, fraction=1.5)


def test_result_to_csv_roundtrip(tmp_path):
    res = hs.simulate(hs.MaleHPG(), TC, duration="2d", resolution="mean")
    path = tmp_path / "r.csv"
    text = res.to_csv(path, outputs=["testosterone", "testosterone_cypionate"])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["t_hours", "testosterone [ng/dL]", "testosterone_cypionate [ng/dL]"]
    assert len(rows) == len(res.t_hours) + 1
    assert open(path, newline="").read() == text
    assert float(rows[5][1]) == pytest.approx(res["testosterone"][4], rel=1e-5)


def test_summarise_choices():
    res = hs.simulate(hs.MaleHPG(), TC, duration="3w", resolution="mean")
    assert hs.summarise(res, "testosterone", "trough") <= hs.summarise(res, "testosterone", "peak")
    with pytest.raises(ValueError, match="summary"):
        hs.summarise(res, "testosterone", "median")
