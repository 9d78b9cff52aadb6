"""Peptides acting on the growth-hormone axis: sermorelin (a GHRH analogue) and ipamorelin
(a ghrelin-receptor agonist).

Both are read by :class:`hormonesim.GHAxis` as plasma concentrations
(``signal="concentration"``): sermorelin's level (pg/mL) adds to GHRH at the somatotroph
(``target="ghrh_agonist"``), ipamorelin's level (ng/mL) activates the ghrelin receptor
(``target="ghs_agonist"``). Neither carries a synergy factor: when both are given, any
more-than-additive GH release comes from the model's mechanism (ghrelin-receptor activation
opposing somatostatin at the pituitary and hypothalamus and releasing GHRH [farhy2007]).

Regulatory status and evidence are summarised in chapter 8; as of 2026 neither is an
FDA-approved product in the US (sermorelin's approved product, Geref, is no longer marketed).
"""
from __future__ import annotations

import math

from .base import Drug

# ---------------------------------------------------------------------------- sermorelin
# Geref (sermorelin acetate) label [geref_label]: sc Tmax 5-20 min, sc bioavailability ~6%,
# Vd 23.7-25.8 L, t1/2 11-12 min. (The label's clearance, 2.4-2.8 L/min, with that Vd implies
# a t1/2 near 6 min: a one-compartment model cannot match both; we keep the stated t1/2.)
_SERMORELIN_KE = math.log(2) / (11.5 / 60.0)          # 1/h, t1/2 11.5 min
_SERMORELIN_KA = 7.0                                   # 1/h: Tmax ~12 min with ke above

SERMORELIN = Drug(
    id="sermorelin", name="Sermorelin (GHRH 1-29, subcutaneous)", route="subcutaneous",
    amount_unit="mg", dose_kind="bolus", target="ghrh_agonist", signal="concentration",
    depot_rates_per_h=(_SERMORELIN_KA,), elimination_per_h=_SERMORELIN_KE, volume_l=24.75,
    bioavailability=0.06, active_fraction=1.0, level_unit="pg/mL",
    typical_amount=300.0, typical_unit="ug", max_amount=3000.0, min_interval_h=1.0,
    sources={"depot_rates_per_h": "calibrated: sc Tmax 5-20 min [geref_label]",
             "elimination_per_h": "derived: t1/2 11-12 min [geref_label]",
             "volume_l": "derived: midpoint of Vd 23.7-25.8 L [geref_label]",
             "bioavailability": "geref_label",
             "active_fraction": "teaching: the dose is counted as sermorelin itself"},
    evidence="formerly approved (Geref: pediatric GH deficiency, diagnostic use); no FDA-approved "
             "product marketed as of 2026; adult 'anti-ageing' use unapproved [fda_geref2013]",
    notes="Also given intravenously (1 ug/kg) as a diagnostic test of pituitary GH reserve.",
)

# ---------------------------------------------------------------------------- ipamorelin
# Gobburu et al. 1999 [gobburu1999]: 15-min IV infusions in healthy men; t1/2 2 h,
# CL 0.078 L/h/kg, Vss 0.22 L/kg, dose-proportional. For the 80-kg reference man:
# V = 17.6 L, ke = CL/V = 0.355 1/h (t1/2 1.95 h).
IPAMORELIN = Drug(
    id="ipamorelin", name="Ipamorelin (ghrelin-receptor agonist, subcutaneous)",
    route="subcutaneous", amount_unit="mg", dose_kind="bolus", target="ghs_agonist",
    signal="concentration",
    depot_rates_per_h=(4.0,), elimination_per_h=0.078 / 0.22, volume_l=0.22 * 80.0,
    bioavailability=1.0, active_fraction=1.0, level_unit="ng/mL",
    typical_amount=100.0, typical_unit="ug", max_amount=10000.0, min_interval_h=1.0,
    sources={"depot_rates_per_h": "teaching: no human sc PK found; absorption t1/2 ~10 min "
                                  "assumed, as for other small sc peptides",
             "elimination_per_h": "derived: CL 0.078 L/h/kg / Vss 0.22 L/kg [gobburu1999]",
             "volume_l": "derived: Vss 0.22 L/kg x 80 kg [gobburu1999]",
             "bioavailability": "teaching: no human sc bioavailability found; complete "
                                "absorption assumed",
             "active_fraction": "teaching: the dose is counted as ipamorelin itself"},
    evidence="no FDA-approved product or indication (as of 2026); FDA listed ipamorelin among "
             "bulk substances with safety concerns for compounding in 2023 [fda_category2]",
)

DRUG_LIST = [SERMORELIN, IPAMORELIN]


def intravenous(drug: Drug) -> Drug:
    """The intravenous form of a peptide: same disposition, no absorption depot, F = 1.

    Used to reproduce published intravenous studies (GHRH tests, the ipamorelin PK/PD study);
    the result is not in :data:`hormonesim.DRUGS`, pass it to :func:`hormonesim.dose` directly.
    """
    sources = dict(drug.sources)
    sources["depot_rates_per_h"] = "derived: intravenous, no depot"
    sources["bioavailability"] = "derived: intravenous, F = 1"
    return drug.replace(id=f"{drug.id}_iv", name=drug.name.split("(")[0] + "(intravenous)",
                        route="intravenous", depot_rates_per_h=(), bioavailability=1.0,
                        max_amount=max(drug.max_amount, 100000.0), sources=sources)
