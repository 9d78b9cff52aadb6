"""The validation table as data: well formed, sourced, every value computed by simulation, and
every miss explained. Run once per session (the scorecard runs every simulation)."""
import re
from pathlib import Path

import pytest

import hormonesim as hs
from hormonesim import validation

ROOT = Path(__file__).resolve().parents[1]
BIB = set(re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(), re.M))


@pytest.fixture(scope="module")
def card():
    return hs.validation.scorecard()


def test_table_is_well_formed_and_sourced():
    rows = validation.read_table()
    assert len(rows) >= 45
    for r in rows:
        assert r["source"] in BIB, r["id"]
        assert r["low"] <= r["high"] and r["unit"] and r["tolerance_reason"], r["id"]
    axes = {r["axis"] for r in rows}
    assert {"male_hpg", "gh", "female_hpo", "pk"} <= axes
    assert sum(not r["calibrated"] for r in rows) >= 25


def test_bad_table_rows_are_refused(tmp_path):
    text = validation.TABLE.read_text().splitlines()
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([text[0], text[1].replace(",true,", ",maybe,", 1)]))
    with pytest.raises(ValueError, match="calibrated"):
        validation.read_table(bad)
    with pytest.raises(ValueError, match="axis"):
        validation.evaluate(axis="thyroid")
    # an unquoted comma in the last (free-text) column splits it into extra cells
    extra = tmp_path / "extra.csv"
    extra.write_text("\n".join([text[0], text[1] + ",a second clause, and a third"]))
    with pytest.raises(ValueError, match="more cells than the header"):
        validation.read_table(extra)


def test_every_observation_is_computed_by_running_the_simulator(monkeypatch):
    """No row may be computed from parameters alone: each compute function must call
    hormonesim.engine.simulate (all caches are cleared first so nothing is reused). The first
    call stops the computation (a BaseException, which no ``except Exception`` in the model code
    can swallow): the call is what is checked, the values are the scorecard's business."""
    import functools
    import hormonesim.engine as engine
    from hormonesim.validation import female, gh, male

    class Simulated(BaseException):
        pass

    real = engine.simulate

    @functools.wraps(real)
    def stop_at_first_call(*args, **kwargs):
        raise Simulated

    monkeypatch.setattr(engine, "simulate", stop_at_first_call)
    caches = [f for m in (male, gh, female) for f in vars(m).values() if hasattr(f, "cache_clear")]
    try:
        for o in validation.observations():
            for f in caches:
                f.cache_clear()
            try:
                o.compute()
            except Simulated:
                continue
            pytest.fail(f"{o.id} was computed without running a simulation")
    finally:
        for f in caches:
            f.cache_clear()


def test_scorecard_rows_and_summary(card):
    assert len(card) >= 45
    keys = {"id", "axis", "calibrated", "model_value", "low", "high", "passed", "source"}
    assert keys <= set(card.rows[0])
    s = card.summary()
    assert s["observations"] == len(card) and s["out_of_sample"] >= 25
    assert "model_value" in card.to_csv().splitlines()[0]


def test_every_calibrated_observation_is_met_or_explained(card):
    for r in card.select(calibrated=True).rows:
        assert r["passed"] or r["if_outside"], f"{r['id']} misses its band without explanation"


def test_every_miss_is_explained_on_the_page(card):
    for r in card.rows:
        if not r["passed"]:
            assert r["if_outside"], f"{r['id']}: model {r['model_value']:.3g} outside " \
                                    f"[{r['low']}, {r['high']}] and no explanation in the table"
