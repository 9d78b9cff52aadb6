"""Validation table for the male axis and its drugs: the mechanisms this round changed are
checked against their published numbers (the whole table is scored in test_validation_table)."""
import pytest

from hormonesim import validation

CARD = None


def _card():
    global CARD
    if CARD is None:
        CARD = {r["id"]: r for r in validation.scorecard(axis="male_hpg").rows
                + validation.scorecard(axis="pk").rows}
    return CARD


@pytest.mark.parametrize("obs_id", [
    "male_continuous_gnrh_equal_amount",      # chapter 6: continuous loses most of the LH
    "male_gnrh_pump_restores_lh",             # pulses keep it
    "male_anastrozole_leder_e2", "male_anastrozole_leder_t",
    "male_anastrozole_t_rise", "male_anastrozole_e2_change",   # held out: burnett_bowie2009
    "male_te300_nadir", "male_te600_nadir",   # held out: graded doses
    "pk_gel50_daily_min", "pk_gel50_daily_max", "pk_gel_steady_state",
    "pk_hcg_tmax", "male_total_t_young", "male_lh_suppression_te",
])
def test_mechanism_matches_its_data(obs_id):
    row = _card()[obs_id]
    assert row["passed"], f"{obs_id}: model {row['model_value']:.3g}, band [{row['low']}, {row['high']}]"


def test_held_out_data_never_calibrated():
    for o in validation.observations():
        if o.source in ("burnett_bowie2009", "mauras2000", "akhtar1983", "swerdloff2000"):
            assert not o.calibrated, o.id
