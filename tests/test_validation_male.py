"""Every male-axis validation observation: well formed, sourced, and within its tolerance band
(observations whose note starts with "Known gap" are expected failures, listed on the page)."""
import re

import pytest

from hormonesim.validation import Observation, evaluate, male, observations

MALE = [o for o in observations() if o.id.startswith("male_") or o.id.startswith("pk_te")
        or o.id in ("pk_gonadorelin_tmax", "pk_hcg_tmax", "pk_anastrozole_day7")]
BIB = open("references.bib").read()


def test_at_least_eight_observations_with_sources():
    assert len(MALE) >= 8
    keys = set(re.findall(r"@\w+\{([^,]+),", BIB))
    for o in MALE:
        assert o.source in keys, o.id
        assert o.low <= o.value <= o.high or o.id == "male_t_peak_to_nadir", o.id
        assert o.unit and o.population and o.dose
    assert any(o.calibrated for o in MALE) and any(not o.calibrated for o in MALE)


def test_held_out_data_never_calibrated():
    for o in MALE:
        if o.source in ("burnett_bowie2009", "belchetz1978"):
            assert not o.calibrated, o.id


@pytest.mark.parametrize("obs", MALE, ids=[o.id for o in MALE])
def test_observation_within_tolerance(obs, request):
    if obs.note.startswith("Known gap"):
        request.node.add_marker(pytest.mark.xfail(reason="known gap, shown on the validation page",
                                                  strict=False))
    value = float(obs.compute())
    assert obs.low <= value <= obs.high, f"{obs.id}: model {value:.3g}, band [{obs.low}, {obs.high}]"
