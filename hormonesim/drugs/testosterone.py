"""Testosterone for men: intramuscular cypionate and enanthate depots, and a daily transdermal gel.

Both esters are oily intramuscular depots whose release is slower than testosterone's own
clearance, so the plasma curve follows the release ("flip-flop" kinetics). The release is
modelled as two first-order stages in series: a fast one (spreading of the oil and ester
hydrolysis) that sets the delay to the peak, and a slow one that sets the terminal decline.
The released hormone enters the model's testosterone pool (``target="testosterone_release"``),
where the model clears it with the body's own testosterone.

The drug's own recorded level (under its id, ng/dL) is the exogenous testosterone a man with
no own production and the reference clearance would have.

One disposition for all three (the model's clearance of plasma testosterone, ~1000 L/day in the
reference man, see :class:`hormonesim.MaleHPG`): the gel's label availability (~10%) and its
normal-range levels fit it directly; the esters do not. Injected enanthate behaves as if cleared
at ~1800 L/day (the apparent MCR of [coviello2006]), so the model gives the ester depots an
availability of about one half, calibrated to the graded-dose study [bhasin2001]. Whether the
shortfall is incomplete release, local metabolism or a higher clearance at high levels is not
settled by these data; the validation page shows what it does to the label's peak.
"""
from __future__ import annotations

import math

from .base import Drug

# Clearance of testosterone in the reference man (MaleHPG: 9 mL/min/kg x 76.6 kg ~ 1000 L/day);
# only the drugs' own bookkeeping level uses it, the model clears released T with its own MCR.
T_CLEARANCE_L_PER_H_80KG = 9e-3 * 1.75 ** 2 * 25 * 60
# Plasma half-life of testosterone itself: on the order of an hour; the value matters little
# here because release from the depot is rate-limiting (flip-flop kinetics).
T_ELIMINATION_PER_H = math.log(2) / 1.0
T_VOLUME_L = T_CLEARANCE_L_PER_H_80KG / T_ELIMINATION_PER_H

#: availability of testosterone from the IM ester depots (see the module docstring)
ESTER_AVAILABILITY = 0.6

_T_SOURCES = {
    "elimination_per_h": "teaching: plasma half-life of testosterone ~1 h; rate-limited by depot release",
    "volume_l": "derived: V = MCR/ke with the reference man's MCR (~1000 L/day) [southren1967]",
}

TESTOSTERONE_CYPIONATE = Drug(
    id="testosterone_cypionate", name="Testosterone cypionate (IM)", route="intramuscular",
    amount_unit="mg", dose_kind="bolus", target="testosterone_release", signal="release",
    # fast stage (t1/2 27.5 h): peak 3-fold at days 2-5 after 200 mg [nankin1987]; slow stage
    # t1/2 5 d: a compromise between the label's ~8 d [depo_testosterone_label] and Nankin's
    # return towards baseline by days 13-14 (validation lists the remaining gap)
    depot_rates_per_h=(math.log(2) / 27.5, math.log(2) / (5 * 24.0)),
    elimination_per_h=T_ELIMINATION_PER_H, volume_l=T_VOLUME_L, bioavailability=ESTER_AVAILABILITY,
    # testosterone (288.4 g/mol) per testosterone cypionate (412.6 g/mol)
    active_fraction=288.42 / 412.61, level_unit="ng/dL",
    typical_amount=100.0, typical_unit="mg", max_amount=1000.0, min_interval_h=24.0,
    sources={"depot_rates_per_h": "calibrated: fast stage (t1/2 27.5 h) to the 3-fold peak at "
                                  "days 2-5 of [nankin1987] (refitted from 36 h when the model's "
                                  "testicular E2 became a fixed amount, which raised the "
                                  "hypogonadal model man's baseline T); slow stage t1/2 5 d, shorter than the ~8 d of "
                                  "[depo_testosterone_label] to approach Nankin's decline",
             "bioavailability": "teaching: the enanthate value [bhasin2001] assumed for cypionate",
             "active_fraction": "derived: molar masses 288.42/412.61 [depo_testosterone_label]",
             **_T_SOURCES},
    evidence="approved use: hypogonadism in men (US label, as of 2026) [depo_testosterone_label]",
)

TESTOSTERONE_ENANTHATE = Drug(
    id="testosterone_enanthate", name="Testosterone enanthate (IM)", route="intramuscular",
    amount_unit="mg", dose_kind="bolus", target="testosterone_release", signal="release",
    # Cmax at 1.5-3 days, monophasic decline with t1/2 4.5 days after 250 mg [testoviron_label]
    depot_rates_per_h=(math.log(2) / 10.0, math.log(2) / (4.5 * 24.0)),
    elimination_per_h=T_ELIMINATION_PER_H, volume_l=T_VOLUME_L, bioavailability=ESTER_AVAILABILITY,
    # 250 mg enanthate delivers 180 mg testosterone [testoviron_label]
    active_fraction=180.0 / 250.0, level_unit="ng/dL",
    typical_amount=100.0, typical_unit="mg", max_amount=1000.0, min_interval_h=24.0,
    sources={"depot_rates_per_h": "calibrated: fast stage (t1/2 10 h) to Cmax at 1.5-3 d, slow "
                                  "stage t1/2 4.5 d [testoviron_label]",
             "bioavailability": "calibrated: nadir T 542 ng/dL on 125 mg weekly under GnRH-agonist "
                                "suppression [bhasin2001], with the model's MCR; equivalent to "
                                "the apparent MCR of [coviello2006]",
             "active_fraction": "testoviron_label", **_T_SOURCES},
    evidence="approved use: hypogonadism in men (US label, as of 2026) [testoviron_label]",
)

# Testosterone gel 1%: about 10% of the applied testosterone is absorbed over 24 h
# [androgel_label] (9-14% [swerdloff2000]). The gel dries into the upper skin within minutes;
# testosterone then diffuses into the stratum corneum, which holds it as a reservoir and releases
# it slowly: continuous delivery over the day, steady state 48-72 h after the first application
# [swerdloff2000]. Two skin stages (entry t1/2 2 h, reservoir t1/2 16 h) give that. Doses are
# written as the testosterone content of the gel applied (50 mg = 5 g of 1% gel).
TESTOSTERONE_GEL = Drug(
    id="testosterone_gel", name="Testosterone gel 1% (transdermal)", route="transdermal",
    amount_unit="mg", dose_kind="bolus", target="testosterone_release", signal="release",
    depot_rates_per_h=(math.log(2) / 2.0, math.log(2) / 16.0),
    elimination_per_h=T_ELIMINATION_PER_H, volume_l=T_VOLUME_L, bioavailability=0.10,
    active_fraction=1.0, level_unit="ng/dL",
    typical_amount=50.0, typical_unit="mg", max_amount=100.0, min_interval_h=12.0,
    sources={"depot_rates_per_h": "teaching: entry into the skin (t1/2 2 h) and release from the "
                                  "stratum-corneum reservoir (t1/2 16 h): continuous delivery over "
                                  "24 h [androgel_label] and steady state after 48-72 h "
                                  "[swerdloff2000]",
             "bioavailability": "androgel_label",
             "active_fraction": "teaching: the dose is the testosterone content of the gel",
             **_T_SOURCES},
    evidence="approved use: hypogonadism in men (US label, as of 2026) [androgel_label]",
    notes="Dose = testosterone content of the gel applied (AndroGel 1%: 5 g gel = 50 mg).",
)

DRUG_LIST = [TESTOSTERONE_CYPIONATE, TESTOSTERONE_ENANTHATE, TESTOSTERONE_GEL]
