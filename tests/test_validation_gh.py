"""The GH axis against published observations (see hormonesim.validation.gh)."""
from __future__ import annotations

import re

import pytest

from hormonesim import validation
from hormonesim.provenance import bib_keys

GH = [o for o in validation.observations() if o.axis == "gh"]


def test_gh_observations_exist_and_are_honest():
    ids = {o.id for o in GH}
    assert {"gh_half_life", "gh_pulse_frequency", "ghrh_iv_peak", "ipamorelin_peak_time",
            "gh_synergy", "gh_daily_secretion_young"} <= ids
    assert any(o.calibrated for o in GH) and any(not o.calibrated for o in GH)
    for o in GH:
        assert o.low <= o.value <= o.high, o.id


def test_sources_are_in_bibliography():
    bib = open("references.bib", encoding="utf-8").read()
    keys = set(re.findall(r"@\w+\{([^,]+),", bib))
    for o in GH:
        assert o.source in keys, o.source
    from hormonesim import GHAxis
    for row in GHAxis().parameters():
        for key in bib_keys(row["source"]):
            assert key in keys, (row["name"], key)


@pytest.mark.parametrize("obs", [o for o in GH if not o.note.startswith("Known gap")],
                         ids=lambda o: o.id)
def test_model_within_published_band(obs):
    value = float(obs.compute())
    assert obs.low <= value <= obs.high, f"{obs.id}: model {value:.3g} {obs.unit}, " \
                                         f"published {obs.value} [{obs.low}, {obs.high}]"


@pytest.mark.parametrize("obs", [o for o in GH if o.note.startswith("Known gap")],
                         ids=lambda o: o.id)
def test_known_gaps_are_still_gaps(obs):
    """If a known gap closes, its note must be updated (the page would otherwise mislead)."""
    value = float(obs.compute())
    assert not (obs.low <= value <= obs.high)
