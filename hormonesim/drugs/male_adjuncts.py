"""Adjuncts to testosterone therapy in men: anastrozole, gonadorelin and hCG.

All three are read by :class:`hormonesim.MaleHPG` as plasma levels (``signal="concentration"``):

* anastrozole (ng/mL) inhibits aromatase through an Emax model (``target="aromatase_inhibitor"``);
* gonadorelin (synthetic GnRH, pg/mL) occupies pituitary GnRH receptors like the body's own
  GnRH (``target="gnrh_agonist"``), so its *pattern* matters: pulses every 60-120 min stimulate,
  continuous exposure desensitises [belchetz1978];
* hCG (IU/L) acts on the Leydig-cell LH receptor (``target="lh_agonist"``).

Evidence and regulatory status (chapter 5 and 6 evidence boxes): anastrozole is approved for
breast cancer in postmenopausal women only, so its use in men is off-label; no guideline endorses
routine use alongside testosterone [bhasin2018]. Gonadorelin's approved US products have been
discontinued; current use is compounded, and no controlled human study shows that intermittent
subcutaneous injections preserve testicular function during testosterone therapy. hCG with
testosterone therapy is off-label, supported by small physiological studies [coviello2005].
"""
from __future__ import annotations

import math

from .base import Drug

# ---------------------------------------------------------------------------- anastrozole
# Tmax ~2 h, t1/2 40-50 h, 90-95% of steady state after 7 daily doses [arimidex_label];
# oral bioavailability ~100% and Vd/F ~90 L (European product information). With ka 2.5 1/h and
# ke ln2/46 h the peak falls at 2.1 h and a 1 mg dose peaks near 10.5 ng/mL (single 1 mg dose in
# men: 10 +- 3 ng/mL), accumulating 3-4 fold to ~30 ng/mL on 1 mg daily.
ANASTROZOLE = Drug(
    id="anastrozole", name="Anastrozole (oral aromatase inhibitor)", route="oral",
    amount_unit="mg", dose_kind="bolus", target="aromatase_inhibitor", signal="concentration",
    depot_rates_per_h=(2.5,), elimination_per_h=math.log(2) / 46.0, volume_l=90.0,
    bioavailability=1.0, active_fraction=1.0, level_unit="ng/mL",
    typical_amount=1.0, typical_unit="mg", max_amount=10.0, min_interval_h=12.0,
    sources={"depot_rates_per_h": "calibrated: Tmax ~2 h fasted [arimidex_label]",
             "elimination_per_h": "derived: t1/2 46 h, within 40-50 h [arimidex_label]",
             "volume_l": "teaching: Vd/F ~90 L as stated in European product information; gives "
                         "the ~3-4 fold accumulation of [arimidex_label]",
             "bioavailability": "teaching: oral bioavailability taken as complete (European "
                                "product information: 100-104%)",
             "active_fraction": "teaching: the dose is counted as anastrozole itself"},
    evidence="approved use: breast cancer in postmenopausal women only; off-label in men, no "
             "guideline endorses routine use with testosterone (as of 2026) [bhasin2018]",
)

# ---------------------------------------------------------------------------- gonadorelin
# Lutrelef label [lutrelef_label]: sc bioavailability 87.5% in men, Tmax ~15 min, IV biological
# t1/2 ~4 min, MCR 1.6 L/min -> V = MCR * t1/2 / ln 2 = 96 L/h * 0.0667 h / 0.693 = 9.2 L.
# Absorption t1/2 15 min puts the sc peak at ~10 min and a 5 ug sc dose peaks near 80 pg/mL.
_GNRH_KE = math.log(2) / (4.0 / 60.0)
GONADORELIN = Drug(
    id="gonadorelin", name="Gonadorelin (synthetic GnRH, subcutaneous)", route="subcutaneous",
    amount_unit="mg", dose_kind="bolus", target="gnrh_agonist", signal="concentration",
    depot_rates_per_h=(math.log(2) / 0.25,), elimination_per_h=_GNRH_KE,
    volume_l=1.6 * 60.0 / _GNRH_KE, bioavailability=0.875, active_fraction=1.0,
    level_unit="pg/mL", typical_amount=10.0, typical_unit="ug", max_amount=500.0,
    min_interval_h=0.25,
    sources={"depot_rates_per_h": "calibrated: sc Tmax ~15 min [lutrelef_label]",
             "elimination_per_h": "derived: IV biological t1/2 ~4 min [lutrelef_label]",
             "volume_l": "derived: V = MCR 1.6 L/min x t1/2 / ln 2 [lutrelef_label]",
             "bioavailability": "lutrelef_label",
             "active_fraction": "teaching: the dose is counted as gonadorelin itself"},
    evidence="approved US products (Factrel, Lutrepulse) discontinued; compounded use with "
             "testosterone therapy has no controlled human efficacy data (as of 2026)",
    notes="Physiological replacement uses a pump giving a pulse every 90-120 min; use "
          "hs.dose(..., every='90min') for pulses or hs.infusion(...) for continuous delivery. "
          "Needs the pulse resolution of MaleHPG.",
)

# ---------------------------------------------------------------------------- hCG
# Terminal half-life after a subcutaneous dose 33-43 h, Tmax 12-18 h sc [hcg_label]. (Drug
# monographs for the US urinary products, Novarel and Pregnyl, give a biphasic IM decline with a
# terminal phase of 23-37 h; we read that in a secondary monograph, not in the labels.) The model
# takes t1/2 38 h, the middle of the sc range, and the MCR of 3.38 L/day measured in men
# [rizkallah1969], so V = 0.141 L/h x 38 h / ln 2 = 7.7 L; ka 0.16 1/h puts the peak at ~15 h.
_HCG_KE = math.log(2) / 38.0
HCG = Drug(
    id="hcg", name="hCG (human chorionic gonadotropin, subcutaneous)", route="subcutaneous",
    amount_unit="IU", dose_kind="bolus", target="lh_agonist", signal="concentration",
    depot_rates_per_h=(0.16,), elimination_per_h=_HCG_KE, volume_l=3.38 / 24.0 / _HCG_KE,
    bioavailability=0.65, active_fraction=1.0, level_unit="IU/L",
    typical_amount=500.0, typical_unit="IU", max_amount=10000.0, min_interval_h=12.0,
    sources={"depot_rates_per_h": "calibrated: sc Tmax 12-18 h with the label's half-life "
                                  "[hcg_label]",
             "elimination_per_h": "derived: sc terminal t1/2 38 h, middle of the label's 33-43 h "
                                  "[hcg_label] (the IV slow phase in men was 23.6 h "
                                  "[rizkallah1969]; the sc value includes slow absorption)",
             "volume_l": "derived: V = MCR 3.38 L/day x t1/2 / ln 2 [rizkallah1969]",
             "bioavailability": "derived: sc about a third lower than IM [hcg_label], IM taken "
                                "as complete (teaching assumption)",
             "active_fraction": "teaching: the dose is counted in IU of hCG"},
    evidence="off-label with testosterone therapy in men; small physiological RCT of "
             "intratesticular T over 3 weeks [coviello2005]; approved for hypogonadotropic "
             "hypogonadism and fertility indications (as of 2026)",
)

DRUG_LIST = [ANASTROZOLE, GONADORELIN, HCG]
