"""Hormones for women: estradiol (patch, oral), estriol, oral micronized progesterone, low-dose
transdermal testosterone.

Every drug here is a hormone the body also makes, so each is a release signal: the drug's depot
chain delivers hormone into plasma (mg/h) at the target ``<hormone>_release`` and the model
(:class:`hormonesim.FemaleHPO`) clears it with its own clearance. The central compartment of each
drug is bookkeeping: the drug's own recorded level (under its id) is the exogenous hormone alone
at the model's reference clearance, which lets a chapter show "the patch's share" of E2.

Sources and what was checked
----------------------------
* Transdermal estradiol: a 50 ug/day patch raised serum E2 by 50.1 pg/mL (Estradot
  dose-proportionality study [estradot_dp]); the model's E2 clearance (1000 L/day) is
  calibrated to it, the 25, 37.5 and 100 ug/day results are out-of-sample checks.
* Oral estradiol: about 5% of the dose reaches the circulation as estradiol [kuhl2005]; most
  is turned into estrone and estrone sulfate in gut wall and liver (first pass), and that pool
  circulates as an inert reservoir that is converted back to estradiol over many hours
  [kuhl2005]. The model's chain is gut absorption (ka 0.5/h) then the estrone/estrone-sulfate
  reservoir (release t1/2 14 h), with F = 5% counted as the E2 that reaches plasma. The same
  review also reports equal 24-h E2 exposure for 2 mg oral and a 50 ug/day patch, which with
  F = 5% the model cannot reproduce (it gives about twice the patch's); clinical dose
  equivalence is usually quoted as 1 mg oral for a 50 ug/day patch, which F = 5% matches. Yen
  et al. [yen1975] (peak about 110 pg/mL at 5 h after 2 mg) is an out-of-sample check. The
  drug's target is ``estradiol_oral_release`` so the model knows which E2 came with a first
  pass: FemaleHPO's ``estrone`` output is about 6 times that E2 (1 times the rest), a teaching
  ratio, not a prediction.
* Estriol: oral bioavailability as unconjugated estriol about 1-2%, rapid peak at 1-3 h
  [kuhl2005]; no plasma data was found to check the model against.
* Oral micronized progesterone: Prometrium label Table 1 [prometrium_label]; F is calibrated to
  the 100 mg AUC(0-10), absorption to Cmax and Tmax; 200 and 300 mg are checks.
* Testosterone for women: 1% cream (5 mg testosterone/day) raised total T by 52 ng/dL
  (baseline-corrected Cavg 0.52 ng/mL) in postmenopausal women [fooladi2015]; F is calibrated
  to it. Doubling the dose raised T by only 30% there; this linear model cannot show that.
"""
from __future__ import annotations

import math

from .base import Drug

# Reference clearances of the FemaleHPO model (L/h), used for the drugs' own bookkeeping level.
_E2_CL_L_PER_H = 1000.0 / 24     # calibrated: 50 ug/day patch -> +50.1 pg/mL [estradot_dp]
_P4_CL_L_PER_H = 2200.0 / 24     # teaching: order of magnitude of progesterone's clearance
_E3_CL_L_PER_H = 1800.0 / 24     # teaching
_T_CL_L_PER_H = 700.0 / 24       # teaching: testosterone clearance in women
_KE_STEROID = math.log(2) / 0.5  # teaching: steroid plasma half-life ~30 min (bookkeeping only)

_CENTRAL = {
    "elimination_per_h": "teaching: plasma half-life of the free steroid ~30 min; the drug's own "
                         "level is bookkeeping, the model clears the released hormone itself",
}

ESTRADIOL_PATCH = Drug(
    id="estradiol_patch", name="Estradiol transdermal patch", route="transdermal",
    amount_unit="mg", dose_kind="rate", target="estradiol_release", signal="release",
    # skin reservoir between patch and blood: steady level within about a day of application
    depot_rates_per_h=(math.log(2) / 4.0,),
    elimination_per_h=_KE_STEROID, volume_l=_E2_CL_L_PER_H / _KE_STEROID,
    bioavailability=1.0, active_fraction=1.0, level_unit="pg/mL",
    typical_amount=50.0, typical_unit="ug/day", max_amount=200.0, min_interval_h=24.0,
    sources={"depot_rates_per_h": "teaching: skin reservoir half-life ~4 h; the label's nominal "
                                  "delivery rate is taken as constant while the patch is worn",
             "bioavailability": "teaching: the nominal rate is what the label says reaches the "
                                "circulation [estradot_dp]",
             "active_fraction": "teaching: estradiol itself",
             "volume_l": "calibrated: V = CL/ke with CL 1000 L/day from the 50 ug/day patch "
                         "[estradot_dp]",
             **_CENTRAL},
    evidence="approved use: vasomotor symptoms and prevention of postmenopausal osteoporosis "
             "(US, as of 2026) [nams2022]",
)

ESTRADIOL_ORAL = Drug(
    id="estradiol_oral", name="Estradiol, oral micronized", route="oral",
    amount_unit="mg", dose_kind="bolus", target="estradiol_oral_release", signal="release",
    # gut absorption, then the estrone/estrone-sulfate reservoir that reconverts to E2
    depot_rates_per_h=(0.5, math.log(2) / 14.0),
    elimination_per_h=_KE_STEROID, volume_l=_E2_CL_L_PER_H / _KE_STEROID,
    bioavailability=0.05, active_fraction=1.0, level_unit="pg/mL",
    typical_amount=1.0, typical_unit="mg", max_amount=4.0, min_interval_h=6.0,
    sources={"depot_rates_per_h": "calibrated: absorption 0.5/h and an estrone/estrone-sulfate "
                                  "reservoir releasing E2 with t1/2 14 h (reservoir and "
                                  "back-conversion [kuhl2005]); Tmax near 5 h [yen1975]",
             "bioavailability": "kuhl2005",
             "active_fraction": "teaching: estradiol itself",
             "volume_l": "derived: V = CL/ke with the model's E2 clearance [estradot_dp]",
             **_CENTRAL},
    evidence="approved use: vasomotor symptoms, osteoporosis prevention (US, as of 2026) "
             "[nams2022]",
)

ESTRIOL = Drug(
    id="estriol", name="Estriol, oral", route="oral",
    amount_unit="mg", dose_kind="bolus", target="estriol_release", signal="release",
    depot_rates_per_h=(math.log(2) / 0.7,),
    elimination_per_h=_KE_STEROID, volume_l=_E3_CL_L_PER_H / _KE_STEROID,
    bioavailability=0.015, active_fraction=1.0, level_unit="pg/mL",
    typical_amount=2.0, typical_unit="mg", max_amount=8.0, min_interval_h=6.0,
    sources={"depot_rates_per_h": "calibrated: peak 1-3 h after an oral dose, then a rapid "
                                  "decline [kuhl2005]",
             "bioavailability": "kuhl2005",
             "active_fraction": "teaching: estriol itself",
             "volume_l": "teaching: V = CL/ke with a teaching clearance of 1800 L/day",
             **_CENTRAL},
    evidence="not a component of any FDA-approved product (US, as of 2026); approved in parts "
             "of Europe; compounded use advised against by guidelines [nasem2020]",
)

PROGESTERONE_ORAL = Drug(
    id="progesterone_oral", name="Progesterone, oral micronized (Prometrium)", route="oral",
    amount_unit="mg", dose_kind="bolus", target="progesterone_release", signal="release",
    # three absorption stages of 1.4/h: Tmax 1.4 h and Cmax/AUC = 0.38 /h as in the label
    depot_rates_per_h=(1.4, 1.4, 1.4),
    elimination_per_h=_KE_STEROID, volume_l=_P4_CL_L_PER_H / _KE_STEROID,
    bioavailability=0.04, active_fraction=1.0, level_unit="ng/mL",
    typical_amount=100.0, typical_unit="mg", max_amount=400.0, min_interval_h=6.0,
    sources={"depot_rates_per_h": "calibrated: Tmax 1.5 h and Cmax/AUC(0-10) of 100 mg "
                                  "[prometrium_label]",
             "bioavailability": "calibrated: AUC(0-10) 43.3 ng h/mL after 100 mg, F = AUC x CL "
                                "/ dose [prometrium_label]",
             "active_fraction": "teaching: progesterone itself",
             "volume_l": "teaching: V = CL/ke with a teaching clearance of 2200 L/day",
             **_CENTRAL},
    evidence="approved use: prevention of endometrial hyperplasia in postmenopausal women with a "
             "uterus receiving estrogen; secondary amenorrhea (US, as of 2026) [prometrium_label]",
)

TESTOSTERONE_FEMALE = Drug(
    id="testosterone_female", name="Testosterone 1% cream, low dose for women", route="transdermal",
    amount_unit="mg", dose_kind="bolus", target="testosterone_release", signal="release",
    depot_rates_per_h=(math.log(2) / 10.0, math.log(2) / 10.0),
    elimination_per_h=_KE_STEROID, volume_l=_T_CL_L_PER_H / _KE_STEROID,
    bioavailability=0.073, active_fraction=1.0, level_unit="ng/dL",
    typical_amount=5.0, typical_unit="mg", max_amount=20.0, min_interval_h=12.0,
    sources={"depot_rates_per_h": "teaching: two skin-reservoir stages of half-life 10 h, "
                                  "so a daily application gives a fairly steady level",
             "bioavailability": "calibrated: 5 mg/day raised total T by 52 ng/dL (Cavg) "
                                "[fooladi2015]; F = 0.52 ug/L x 700 L/day / 5 mg",
             "active_fraction": "teaching: testosterone itself",
             "volume_l": "teaching: V = CL/ke with a teaching clearance of 700 L/day",
             **_CENTRAL},
    evidence="guideline-supported for HSDD in postmenopausal women only, at doses giving "
             "premenopausal levels; no FDA-approved product for women (US, as of 2026) [davis2019]",
)

DRUG_LIST = [ESTRADIOL_PATCH, ESTRADIOL_ORAL, ESTRIOL, PROGESTERONE_ORAL, TESTOSTERONE_FEMALE]
